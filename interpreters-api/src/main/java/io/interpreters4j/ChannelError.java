package io.interpreters4j;

/** Base class of every channel error. Python: {@code ChannelError}, a subclass of {@code Exception}. */
public class ChannelError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with this message.
     *
     * @param message what went wrong, for people
     */
    public ChannelError(String message) {
        super(message);
    }
}
