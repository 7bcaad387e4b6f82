package io.interpreters4j;

/** A receive found no sender within its timeout. Python: also a {@code TimeoutError}. */
public class ChannelEmptyError extends ChannelError {
    private static final long serialVersionUID = 1L;

    /**
     * An error with this message.
     *
     * @param message what went wrong, for people
     */
    public ChannelEmptyError(String message) {
        super(message);
    }
}
