package io.interpreters4j;

/** No channel has the given id (never created, or closed and gone). */
public class ChannelNotFoundError extends ChannelError {
    private static final long serialVersionUID = 1L;

    public ChannelNotFoundError(String message) {
        super(message);
    }
}
