package io.interpreters4j;

import java.util.concurrent.BlockingQueue;

/**
 * A buffered FIFO queue between interpreters: CPython 3.14's {@code concurrent.interpreters.Queue}
 * as a {@link BlockingQueue}. Python code and Java code share the same queue: what Java puts, a
 * Python interpreter gets, and the other way round. Obtained from
 * {@link Interpreters#createQueue(int)} and {@link Interpreters#queue(long)}, or received from
 * Python (a queue passed as data is the same queue).
 *
 * <p>Elements are shareable data, never shared objects: each element crosses as a copy of its
 * data (see {@link Interpreters#isShareable(Object)} for what Java may put). Python's
 * {@code None} is {@link #NONE} here, since a {@link BlockingQueue} holds no {@code null}: putting
 * {@code null} throws {@link NullPointerException}, and {@link #poll()} returns {@code null} only
 * when the queue is empty. An object Python put that is not natively shareable arrives as a
 * {@link PickledObject}, which Java can pass on to Python unchanged.
 *
 * <p>Unbound items. When the interpreter that put an item is destroyed before the item is taken,
 * the item follows the queue's {@link UnboundItems} policy: it is removed, or taking it throws
 * {@link ItemInterpreterDestroyedError}, or it is taken as {@link #UNBOUND}. Items Java threads
 * put belong to the main interpreter, which is never destroyed.
 *
 * <h2>Isolation</h2>
 * The queue holds data, not objects: a {@code byte[]} put is copied when it is put, and every
 * taker gets its own copy. Only queues (this object) and shared buffers ({@link java.nio.ByteBuffer}
 * of a direct buffer) refer to the same thing on both sides.
 *
 * <h2>Thread-Safety</h2>
 * Safe for any number of threads and interpreters. Waiting takers are served first come, first
 * served, and so are waiting putters of a full queue. Blocking methods park the thread (they never
 * poll) and throw {@link InterruptedException} when it is interrupted, having put or taken nothing.
 * Equality and hash code are by {@link #id()}. The iterator is a snapshot: it sees the elements
 * queued when it was made and does not support {@code remove()}.
 */
public interface InterpreterQueue extends BlockingQueue<Object> {

    /** Python's {@code None} as an element (a {@link BlockingQueue} cannot hold {@code null}). */
    Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /**
     * What {@code take()} and {@code poll()} return for an item whose interpreter was destroyed,
     * under {@link UnboundItems#REPLACE}. Python: {@code concurrent.interpreters._queues.UNBOUND}.
     */
    Object UNBOUND = new Object() {
        @Override
        public String toString() {
            return "UNBOUND";
        }
    };

    /**
     * The queue id. Python: {@code Queue.id}.
     *
     * @return the id: global, sequential, never reused
     */
    long id();

    /**
     * The most items it holds. Python: {@code Queue.maxsize}.
     *
     * @return that limit; 0 or less means unbounded
     */
    int maxSize();

    /**
     * What becomes of an item whose interpreter is destroyed before it is taken (the default for puts).
     *
     * @return the queue's policy for unbound items
     */
    UnboundItems unboundItems();
}
