package io.interpreters4j;

/**
 * What becomes of a queued item when the interpreter that put it is destroyed before anybody took
 * it. Python: {@code concurrent.interpreters._queues.UNBOUND}, {@code UNBOUND_ERROR},
 * {@code UNBOUND_REMOVE}, as given to {@code create_queue(unbounditems=)} or {@code put()}.
 */
public enum UnboundItems {
    /** Removed from the queue at once (the queue's size drops). Python: {@code UNBOUND_REMOVE}. */
    REMOVE,
    /** Stays; taking it throws {@link ItemInterpreterDestroyedError}. Python: {@code UNBOUND_ERROR}. */
    ERROR,
    /** Stays; taking it returns {@link InterpreterQueue#UNBOUND}. Python: {@code UNBOUND} (the default). */
    REPLACE
}
