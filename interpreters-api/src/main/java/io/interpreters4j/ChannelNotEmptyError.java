package io.interpreters4j;

/** The receive end was closed without {@code force} while senders were waiting; nothing changed. */
public class ChannelNotEmptyError extends ChannelError {
    private static final long serialVersionUID = 1L;

    /**
     * An error with this message.
     *
     * @param message what went wrong, for people
     */
    public ChannelNotEmptyError(String message) {
        super(message);
    }
}
