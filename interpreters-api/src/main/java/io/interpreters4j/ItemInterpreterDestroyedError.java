package io.interpreters4j;

/**
 * Taking a queued item whose interpreter was destroyed, put under {@link UnboundItems#ERROR}. The
 * item is gone from the queue; the next take gets the next item. Python:
 * {@code concurrent.interpreters._queues.ItemInterpreterDestroyed}.
 */
public class ItemInterpreterDestroyedError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with this message.
     *
     * @param message what went wrong, for people
     */
    public ItemInterpreterDestroyedError(String message) {
        super(message);
    }
}
