package io.interpreters4j;

/** No channel ever had the given id (the id of a channel that has closed gives {@link ChannelClosedError}: ids are never reused). */
public class ChannelNotFoundError extends ChannelError {
    private static final long serialVersionUID = 1L;

    /**
     * An error with this message.
     *
     * @param message what went wrong, for people
     */
    public ChannelNotFoundError(String message) {
        super(message);
    }
}
