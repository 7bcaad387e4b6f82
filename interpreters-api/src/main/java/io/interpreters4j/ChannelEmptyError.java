package io.interpreters4j;

/** A receive found no sender within its timeout. Python: also a {@code TimeoutError}. */
public class ChannelEmptyError extends ChannelError {
    private static final long serialVersionUID = 1L;

    public ChannelEmptyError(String message) {
        super(message);
    }
}
