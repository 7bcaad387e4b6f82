package io.interpreters4j;

/** The calling interpreter released this end and may not use it again. */
public class ChannelReleasedError extends ChannelClosedError {
    private static final long serialVersionUID = 1L;

    public ChannelReleasedError(String message) {
        super(message);
    }
}
