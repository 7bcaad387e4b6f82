package io.interpreters4j;

/** No queue has the given id (never created, or no longer referenced anywhere). Python: {@code QueueNotFoundError}. */
public class QueueNotFoundError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with this message.
     *
     * @param message what went wrong, for people
     */
    public QueueNotFoundError(String message) {
        super(message);
    }
}
