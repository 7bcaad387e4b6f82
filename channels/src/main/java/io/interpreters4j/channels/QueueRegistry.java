package io.interpreters4j.channels;

import io.interpreters4j.InterpreterQueue;
import io.interpreters4j.QueueNotFoundError;
import io.interpreters4j.UnboundItems;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The queues of one runtime: creates them (ids global and sequential from 1, never reused) and
 * finds them by id. A queue lives as long as anything refers to it (a Python {@code Queue}, a
 * Java {@link InterpreterQueue}, an item in flight that holds it): the registry refers to it
 * weakly, so an unreferenced queue goes away with the garbage collector, as CPython frees a queue
 * no interpreter holds.
 *
 * <p>Two faces, as {@link ChannelRegistry}: the engine ({@link #create}, {@link #lookup},
 * {@link #listAll}, {@link #dropInterpreter}) for the runtime's Python module, and the Java API
 * ({@link #createQueue}, {@link #queue}, {@link #listAllQueues}) whose queues act for the
 * interpreter the {@link ChannelHost} names.
 *
 * <p>Thread-safe. Its lock is a leaf: held for a map operation only, never with a queue's lock.
 */
public final class QueueRegistry {
    private final ChannelHost host;
    private final Object lock = new Object();
    /** Guarded by lock. */
    private long nextId = 1;
    /** Guarded by lock. Cleared references are expunged on create and list. */
    private final TreeMap<Long, WeakReference<BufferedQueue>> queues = new TreeMap<>();

    public QueueRegistry(ChannelHost host) {
        this.host = host;
    }

    /** A registry for Java threads without a runtime: see {@link DefaultChannelHost}. */
    public QueueRegistry() {
        this(new DefaultChannelHost());
    }

    // ---- engine ----

    /** A new queue holding at most {@code maxSize} items (0 or less: unbounded). */
    public BufferedQueue create(int maxSize, UnboundItems defaultUnbound) {
        synchronized (lock) {
            expunge();
            BufferedQueue q = new BufferedQueue(nextId++, maxSize, defaultUnbound);
            queues.put(q.id(), new WeakReference<>(q));
            return q;
        }
    }

    /**
     * The queue with this id.
     *
     * @throws QueueNotFoundError if there never was one, or nothing refers to it any more
     */
    public BufferedQueue lookup(long id) {
        BufferedQueue q;
        synchronized (lock) {
            WeakReference<BufferedQueue> ref = queues.get(id);
            q = ref == null ? null : ref.get();
        }
        if (q == null) {
            throw new QueueNotFoundError("queue " + id + " not found");
        }
        return q;
    }

    /** The queues still referenced, ascending by id. */
    public List<BufferedQueue> listAll() {
        synchronized (lock) {
            expunge();
            List<BufferedQueue> list = new ArrayList<>(queues.size());
            for (WeakReference<BufferedQueue> ref : queues.values()) {
                BufferedQueue q = ref.get();
                if (q != null) {
                    list.add(q);
                }
            }
            return list;
        }
    }

    /**
     * For an interpreter being destroyed: its items still queued anywhere become unbound, each as
     * the policy it was put with says ({@link BufferedQueue#drop}). Queue by queue.
     */
    public void dropInterpreter(long interpId) {
        for (BufferedQueue q : listAll()) {
            q.drop(interpId);
        }
    }

    /** Lock held. */
    private void expunge() {
        for (Iterator<Map.Entry<Long, WeakReference<BufferedQueue>>> it = queues.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().get() == null) {
                it.remove();
            }
        }
    }

    // ---- Java API ----

    /** The Java face of {@code q}, acting for the calling thread's interpreter. */
    public QueueHandle handle(BufferedQueue q) {
        return new QueueHandle(q, host);
    }

    /** {@code create()} as a Java queue. */
    public InterpreterQueue createQueue(int maxSize, UnboundItems unboundItems) {
        return handle(create(maxSize, unboundItems));
    }

    /** @throws QueueNotFoundError as {@link #lookup} */
    public InterpreterQueue queue(long id) {
        return handle(lookup(id));
    }

    /** {@code listAll()} as Java queues. */
    public List<InterpreterQueue> listAllQueues() {
        List<InterpreterQueue> list = new ArrayList<>();
        for (BufferedQueue q : listAll()) {
            list.add(handle(q));
        }
        return list;
    }
}
