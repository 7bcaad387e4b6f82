package io.interpreters4j;

/** A send found no receiver within its timeout; the object was withdrawn and will never be delivered. Python: also a {@code TimeoutError}. */
public class NotReceivedError extends ChannelError {
    private static final long serialVersionUID = 1L;

    /**
     * An error with this message.
     *
     * @param message what went wrong, for people
     */
    public NotReceivedError(String message) {
        super(message);
    }
}
