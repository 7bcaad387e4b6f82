package io.interpreters4j;

/** The calling interpreter released this end and may not use it again. */
public class ChannelReleasedError extends ChannelClosedError {
    private static final long serialVersionUID = 1L;

    /**
     * An error with this message.
     *
     * @param message what went wrong, for people
     */
    public ChannelReleasedError(String message) {
        super(message);
    }
}
