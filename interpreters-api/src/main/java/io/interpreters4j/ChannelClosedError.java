package io.interpreters4j;

/** The channel (or the end used) is closed. */
public class ChannelClosedError extends ChannelError {
    private static final long serialVersionUID = 1L;

    public ChannelClosedError(String message) {
        super(message);
    }
}
