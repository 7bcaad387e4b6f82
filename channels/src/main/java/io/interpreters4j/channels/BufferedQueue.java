package io.interpreters4j.channels;

import io.interpreters4j.ItemInterpreterDestroyedError;
import io.interpreters4j.UnboundItems;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A buffered FIFO queue between interpreters: the engine of CPython 3.14's
 * {@code concurrent.interpreters.Queue} and of the Java {@link io.interpreters4j.InterpreterQueue}
 * ({@link QueueHandle}). A put returns once its item is queued; a get takes the oldest item.
 * With a {@link #maxSize()} above 0 a put waits while the queue is full.
 *
 * <p>Budgets, as in {@link RendezvousChannel}: {@code 0} never waits (and never throws
 * {@link InterruptedException}), a positive value waits at most that long, a negative value waits
 * until done. Items are opaque; {@code null} is an item (Python {@code None}), {@link #NOTHING}
 * says that nothing was taken and {@link #UNBOUND} stands for an item whose interpreter is gone.
 *
 * <h2>Unbound items</h2>
 * Every item remembers the interpreter that put it and what to do if that interpreter is
 * destroyed before the item is taken ({@link UnboundItems}). {@link #drop(long)} applies that:
 * REMOVE items leave the queue at once (which may let waiting putters in), ERROR items make the
 * get that takes them throw {@link ItemInterpreterDestroyedError}, REPLACE items are taken as
 * {@link #UNBOUND}.
 */
public final class BufferedQueue {

    /*
     * Implementation overview.
     *
     * One lock (a private monitor) guards the items, a FIFO of waiting getters and a FIFO of
     * waiting putters. Waiting is by parking, never by polling: a call that cannot complete
     * enqueues a Waiter and parks (after a short spin whose budget is learnt per queue, a SpinWait
     * as each RendezvousChannel has);
     * the call that makes it possible completes it under the lock by handing it what it waited
     * for, and unparks it after unlocking. So the woken thread finds its outcome written and
     * needs no lock to return, and nobody can overtake a waiter: FIFO holds for getters and for
     * putters alike.
     *
     *   put:  a getter waits      -> hand the item to the first live getter (the queue is empty)
     *         room in the queue   -> append the item
     *         full, budget left   -> wait as a putter holding its item
     *   get:  an item is queued   -> take the first; if a putter waits, its item moves into the
     *                                room just made and the putter completes
     *         empty, budget left  -> wait as a getter
     *   drop: REMOVE items leave; the room they make admits waiting putters, oldest first
     *
     * A waiter completes exactly once, by a CAS of its outcome from null: to DONE by the partner
     * that served it (for a getter, after writing the item it takes), or to CANCELLED by itself on
     * timeout or interrupt. A waiter whose CAS lost to a partner keeps the partner's result: a put
     * that was admitted reports success even if interrupted, a get that was served returns the
     * item. Nothing is lost or duplicated.
     *
     * Invariants (under the lock):
     *   - live getters wait only while the queue is empty; live putters only while it is full
     *     (so never both at once);
     *   - items.size() <= maxSize when maxSize > 0 (putters wait instead);
     *   - a cancelled waiter is never served: serving takes the first waiter whose CAS to DONE
     *     succeeds and unlinks the others it passes.
     *
     * What may happen under the lock: item and waiter-queue updates and the outcome CASes.
     * Never: parking, unparking (threads to wake are collected and unparked after unlocking),
     * building exceptions, or calling out.
     */

    /** Returned by {@link #get} when nothing was taken (the budget ran out). */
    public static final Object NOTHING = new Object() {
        @Override
        public String toString() {
            return "NOTHING";
        }
    };

    /** Returned by {@link #get} for an item whose interpreter was destroyed, put with {@link UnboundItems#REPLACE}. */
    public static final Object UNBOUND = new Object() {
        @Override
        public String toString() {
            return "UNBOUND";
        }
    };

    private final long id;
    private final int maxSize;
    private final UnboundItems defaultUnbound;
    private final Object lock = new Object();
    /** Guarded by lock. */
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    /** Guarded by lock: callers of get waiting for an item. */
    private final ArrayDeque<Waiter> getters = new ArrayDeque<>();
    /** Guarded by lock: callers of put waiting for room, each with its item. */
    private final ArrayDeque<Waiter> putters = new ArrayDeque<>();
    /** How long waiters here spin before they park, learnt per queue as per channel. */
    private final SpinWait spin = new SpinWait(RendezvousChannel.MAX_SPINS);

    BufferedQueue(long id, int maxSize, UnboundItems defaultUnbound) {
        this.id = id;
        this.maxSize = maxSize;
        this.defaultUnbound = Objects.requireNonNull(defaultUnbound, "defaultUnbound");
    }

    /** The id: global and sequential from 1, never reused. */
    public long id() {
        return id;
    }

    /** The most items queued at once; 0 or less means unbounded. */
    public int maxSize() {
        return maxSize;
    }

    /** What puts that name no policy of their own do with unbound items. */
    public UnboundItems defaultUnbound() {
        return defaultUnbound;
    }

    /**
     * Queues {@code value}, put by interpreter {@code interp}, waiting for room within the budget.
     *
     * @param unbound what to do with the item if {@code interp} is destroyed before it is taken;
     *     null for the queue's default
     * @return true once queued (or handed to a waiting getter); false if the queue stayed full for
     *     the whole budget, and then nothing was queued
     * @throws InterruptedException if interrupted before or while waiting; nothing was queued
     */
    public boolean put(long interp, Object value, UnboundItems unbound, long budgetNanos) throws InterruptedException {
        if (budgetNanos != 0 && Thread.interrupted()) {
            throw new InterruptedException();
        }
        Item item = new Item(value, interp, unbound == null ? defaultUnbound : unbound);
        Waiter w = null;
        Thread wake = null;
        synchronized (lock) {
            for (Waiter g; (g = getters.pollFirst()) != null; ) {
                g.item = item; // written before the CAS publishes it; unread if the CAS fails
                if (g.finish()) {
                    wake = g.thread;
                    break;
                }
            }
            if (wake == null) {
                if (maxSize <= 0 || items.size() < maxSize) {
                    items.addLast(item);
                } else if (budgetNanos != 0) {
                    w = new Waiter(item);
                    putters.addLast(w);
                } else {
                    return false;
                }
            }
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
        return w == null || await(w, budgetNanos, putters) != null;
    }

    /**
     * Takes the oldest item, waiting for one within the budget.
     *
     * @return the item (maybe null), {@link #UNBOUND} for an unbound REPLACE item, or
     *     {@link #NOTHING} if the queue stayed empty for the whole budget
     * @throws ItemInterpreterDestroyedError if the item taken is an unbound ERROR item (it is
     *     gone from the queue)
     * @throws InterruptedException if interrupted before or while waiting; nothing was taken
     */
    public Object get(long budgetNanos) throws InterruptedException {
        if (budgetNanos != 0 && Thread.interrupted()) {
            throw new InterruptedException();
        }
        Item item;
        Waiter w = null;
        Thread wake = null;
        synchronized (lock) {
            item = items.pollFirst();
            if (item != null) {
                wake = admitPutter();
            } else if (budgetNanos != 0) {
                w = new Waiter(null);
                getters.addLast(w);
            } else {
                return NOTHING;
            }
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
        if (w != null) {
            Waiter done = await(w, budgetNanos, getters);
            if (done == null) {
                return NOTHING;
            }
            item = done.item;
        }
        return item.taken(id);
    }

    /** Items queued now. */
    public int size() {
        synchronized (lock) {
            return items.size();
        }
    }

    /** Whether a put now would have to wait (never, for an unbounded queue). */
    public boolean isFull() {
        synchronized (lock) {
            return maxSize > 0 && items.size() >= maxSize;
        }
    }

    /** The oldest item as {@link #get} would return it, without taking it; {@link #NOTHING} if empty. */
    public Object peek() {
        synchronized (lock) {
            Item i = items.peekFirst();
            return i == null ? NOTHING : i.unbound ? UNBOUND : i.value;
        }
    }

    /** The items queued now, oldest first, as {@link #get} would return them (unbound ones as {@link #UNBOUND}). */
    public List<Object> snapshot() {
        synchronized (lock) {
            List<Object> list = new ArrayList<>(items.size());
            for (Item i : items) {
                list.add(i.unbound ? UNBOUND : i.value);
            }
            return list;
        }
    }

    /**
     * Removes the oldest queued item equal to {@code value} (by {@link Objects#deepEquals}, so
     * byte arrays compare by content; unbound items never match). Java's {@code Collection.remove}.
     *
     * @return whether one was removed
     */
    public boolean remove(Object value) {
        Thread wake = null;
        boolean removed = false;
        synchronized (lock) {
            for (Iterator<Item> it = items.iterator(); it.hasNext(); ) {
                Item i = it.next();
                if (!i.unbound && Objects.deepEquals(i.value, value)) {
                    it.remove();
                    removed = true;
                    wake = admitPutter();
                    break;
                }
            }
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
        return removed;
    }

    /**
     * Interpreter {@code interp} is destroyed: its items still queued become unbound, each as its
     * policy says (REMOVE ones leave the queue, and the room they make admits waiting putters).
     */
    void drop(long interp) {
        List<Thread> wake = new ArrayList<>();
        synchronized (lock) {
            boolean removed = false;
            for (Iterator<Item> it = items.iterator(); it.hasNext(); ) {
                Item i = it.next();
                if (i.interp == interp && !i.unbound) {
                    if (i.policy == UnboundItems.REMOVE) {
                        it.remove();
                        removed = true;
                    } else {
                        i.unbind();
                    }
                }
            }
            // Putters of that interpreter still waiting: their items are unbound too, when admitted.
            for (Waiter p : putters) {
                if (p.item.interp == interp && p.outcome == null) {
                    p.item.unbind();
                }
            }
            if (removed) {
                for (Thread t; (t = admitPutter()) != null; ) {
                    wake.add(t);
                }
            }
        }
        wake.forEach(LockSupport::unpark);
    }

    /**
     * The number of calls waiting right now: getters if {@code getters}, else putters.
     * Diagnostics: lets tests know that a thread is parked here without sleeping.
     */
    public int waiting(boolean getters) {
        synchronized (lock) {
            int n = 0;
            for (Waiter w : getters ? this.getters : this.putters) {
                if (w.outcome == null) {
                    n++;
                }
            }
            return n;
        }
    }

    @Override
    public String toString() {
        return "queue " + id;
    }

    /**
     * Lock held. Moves the item of the first putter still waiting into the room a get (or a
     * removal) made, and completes that put; returns the putter's thread to wake, or null.
     */
    private Thread admitPutter() {
        if (maxSize > 0 && items.size() >= maxSize) {
            return null;
        }
        for (Waiter p; (p = putters.pollFirst()) != null; ) {
            if (p.finish()) {
                Item item = p.item;
                if (!(item.unbound && item.policy == UnboundItems.REMOVE)) {
                    items.addLast(item); // else its interpreter is gone: it would leave at once
                }
                return p.thread;
            }
            // cancelled: its put timed out or was interrupted, and it is withdrawing
        }
        return null;
    }

    /**
     * Spins, then parks until {@code w} is served, the budget runs out or the thread is
     * interrupted. Returns {@code w} if it was served, else null (it was withdrawn from
     * {@code queue}); throws InterruptedException if withdrawn because of an interrupt.
     */
    private Waiter await(Waiter w, long budget, ArrayDeque<Waiter> queue) throws InterruptedException {
        long deadline = budget > 0 ? System.nanoTime() + budget : 0L;
        spin.spin(w);
        while (w.outcome == null) {
            if (w.thread.isInterrupted()) {
                break;
            } else if (budget < 0) {
                LockSupport.park(this);
            } else {
                long nanos = deadline - System.nanoTime();
                if (nanos <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, nanos);
            }
        }
        if (w.outcome == null && w.cancel()) {
            synchronized (lock) {
                queue.remove(w);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return null;
        }
        return w; // served, possibly while we were giving up: the partner's result stands
    }

    /** One queued item: its value, who put it, and what becomes of it if that interpreter goes. */
    private static final class Item {
        Object value;
        final long interp;
        final UnboundItems policy;
        /** Guarded by the queue's lock, or owned by a waiter that holds it alone. */
        boolean unbound;

        Item(Object value, long interp, UnboundItems policy) {
            this.value = value;
            this.interp = interp;
            this.policy = policy;
        }

        void unbind() {
            unbound = true;
            value = null; // the data of a destroyed interpreter is not delivered
        }

        /** What get() returns for this item, once it has left the queue. */
        Object taken(long queueId) {
            if (!unbound) {
                return value;
            }
            if (policy == UnboundItems.ERROR) {
                throw new ItemInterpreterDestroyedError("item's original interpreter destroyed");
            }
            return UNBOUND; // REPLACE (a REMOVE item never leaves the queue by a get)
        }
    }

    /** A parked get or put; completes once, by CAS of its outcome. */
    private static final class Waiter implements BooleanSupplier {
        private static final Object DONE = new Object();
        private static final Object CANCELLED = new Object();
        private static final VarHandle OUTCOME;

        static {
            try {
                OUTCOME = MethodHandles.lookup().findVarHandle(Waiter.class, "outcome", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Thread thread = Thread.currentThread();
        /** A putter's item, or the item handed to a getter (written before the CAS publishes it). */
        Item item;
        volatile Object outcome;

        Waiter(Item item) {
            this.item = item;
        }

        boolean finish() {
            return OUTCOME.compareAndSet(this, null, DONE);
        }

        boolean cancel() {
            return OUTCOME.compareAndSet(this, null, CANCELLED);
        }

        /** Whether the call has its outcome (what a spin waits for). */
        @Override
        public boolean getAsBoolean() {
            return outcome != null;
        }
    }
}
