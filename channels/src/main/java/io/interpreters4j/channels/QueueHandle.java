package io.interpreters4j.channels;

import io.interpreters4j.InterpreterQueue;
import io.interpreters4j.UnboundItems;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The Java face of a {@link BufferedQueue}: a {@link java.util.concurrent.BlockingQueue} whose
 * puts act for the interpreter of the calling thread, as the {@link ChannelHost} tells. Values
 * are converted to shareable data when put ({@link ChannelHost#toQueueItem}) and to their Java
 * form when taken; Python's {@code None} is {@link InterpreterQueue#NONE}. Equal to every other
 * handle of the same queue.
 */
public final class QueueHandle extends AbstractQueue<Object> implements InterpreterQueue {
    private final BufferedQueue queue;
    private final ChannelHost host;

    QueueHandle(BufferedQueue queue, ChannelHost host) {
        this.queue = queue;
        this.host = host;
    }

    /** The engine queue behind this handle. */
    public BufferedQueue queue() {
        return queue;
    }

    @Override
    public long id() {
        return queue.id();
    }

    @Override
    public int maxSize() {
        return queue.maxSize();
    }

    @Override
    public UnboundItems unboundItems() {
        return queue.defaultUnbound();
    }

    @Override
    public boolean offer(Object e) {
        Object item = in(e);
        try {
            return queue.put(host.currentInterpreterId(), item, null, 0);
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError("a zero budget never waits", cannotHappen);
        }
    }

    @Override
    public boolean offer(Object e, long timeout, TimeUnit unit) throws InterruptedException {
        Object item = in(e);
        return queue.put(host.currentInterpreterId(), item, null, budget(timeout, unit));
    }

    @Override
    public void put(Object e) throws InterruptedException {
        Object item = in(e);
        queue.put(host.currentInterpreterId(), item, null, -1);
    }

    @Override
    public Object take() throws InterruptedException {
        return out(queue.get(-1));
    }

    @Override
    public Object poll() {
        try {
            Object v = queue.get(0);
            return v == BufferedQueue.NOTHING ? null : out(v);
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError("a zero budget never waits", cannotHappen);
        }
    }

    @Override
    public Object poll(long timeout, TimeUnit unit) throws InterruptedException {
        Object v = queue.get(budget(timeout, unit));
        return v == BufferedQueue.NOTHING ? null : out(v);
    }

    @Override
    public Object peek() {
        Object v = queue.peek();
        return v == BufferedQueue.NOTHING ? null : out(v);
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public int remainingCapacity() {
        return queue.maxSize() <= 0 ? Integer.MAX_VALUE : Math.max(0, queue.maxSize() - queue.size());
    }

    @Override
    public int drainTo(Collection<? super Object> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Object> c, int maxElements) {
        Objects.requireNonNull(c, "c");
        if (c == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        int n = 0;
        for (Object v; n < maxElements && (v = poll()) != null; n++) {
            c.add(v);
        }
        return n;
    }

    @Override
    public boolean remove(Object o) {
        return o != null && queue.remove(o == NONE ? null : host.toQueueItem(o));
    }

    @Override
    public boolean contains(Object o) {
        if (o == null) {
            return false;
        }
        for (Object v : this) {
            if (Objects.deepEquals(v, o)) {
                return true;
            }
        }
        return false;
    }

    /** A snapshot of the queued elements, oldest first; {@code remove()} is not supported. */
    @Override
    public Iterator<Object> iterator() {
        List<Object> items = queue.snapshot();
        items.replaceAll(this::out);
        return Collections.unmodifiableList(items).iterator();
    }

    private Object in(Object e) {
        Objects.requireNonNull(e, "a queue holds no null: Python's None is InterpreterQueue.NONE");
        return e == NONE ? null : host.toQueueItem(e);
    }

    private Object out(Object v) {
        if (v == null) {
            return NONE;
        }
        return v == BufferedQueue.UNBOUND ? UNBOUND : host.toJava(v);
    }

    private static long budget(long timeout, TimeUnit unit) {
        return timeout <= 0 ? 0 : unit.toNanos(timeout); // toNanos saturates at Long.MAX_VALUE
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterpreterQueue other && other.id() == id();
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id());
    }

    @Override
    public String toString() {
        return "Queue(" + id() + ")";
    }
}
