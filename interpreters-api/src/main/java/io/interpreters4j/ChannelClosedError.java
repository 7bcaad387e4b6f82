package io.interpreters4j;

/** The channel (or the end used) is closed. */
public class ChannelClosedError extends ChannelError {
    private static final long serialVersionUID = 1L;

    /**
     * An error with this message.
     *
     * @param message what went wrong, for people
     */
    public ChannelClosedError(String message) {
        super(message);
    }
}
