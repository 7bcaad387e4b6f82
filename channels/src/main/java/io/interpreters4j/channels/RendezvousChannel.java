package io.interpreters4j.channels;

import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelError;
import io.interpreters4j.ChannelNotEmptyError;
import io.interpreters4j.ChannelReleasedError;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An unbuffered, many-to-many rendezvous channel between interpreters: a send returns only once a
 * receiver has taken its value. This is the engine; {@link RecvEnd} and {@link SendEnd} are its Java
 * face, and the runtime's Python module calls it directly with explicit interpreter ids.
 *
 * <p>Budgets: every blocking method takes {@code budgetNanos}: {@code 0} never waits (and never
 * throws {@link InterruptedException}), a positive value waits at most that long, a negative value
 * waits until done. Values are opaque; {@code null} is a value (Python {@code None}) and
 * {@link #NOTHING} says that nothing was received.
 *
 * <h2>Errors</h2>
 * A call by interpreter {@code i} on one end fails, in this order: with {@link ChannelReleasedError}
 * if {@code i} released that end, with {@link ChannelClosedError} if that end is closed. Otherwise
 * it associates {@code i} with the end (even a call that then finds nobody), and only then looks
 * for a partner or waits.
 */
public final class RendezvousChannel {

    /*
     * Implementation overview.
     *
     * The design is Go's runtime/chan.go for unbuffered channels. Each channel has one lock and two
     * FIFO queues of waiters: senders and receivers. A waiter (Go's sudog) is one operation of one
     * blocked call; a call (Go's g with its selectDone flag) is a send, a receive or a whole select,
     * and it finishes exactly once, by a CAS of its outcome from null to the waiter that finished
     * it (or to CANCELLED when it gives up). One transfer path serves everything: a send or a
     * receive is a select with one case, and nowait, timed and forever differ only in how long the
     * call may wait after its first pass.
     *
     * A call, holding the locks of all its channels (acquired in channel-id order, so that selects
     * over the same channels cannot deadlock):
     *   1. for each case in order: settle the channel (below), check released/closed (errors are
     *      thrown only after unlocking), associate the interpreter, then poll the opposite queue
     *      until a waiter whose call it manages to finish by CAS; the first case that finds one
     *      completes and the call returns. Waiters whose CAS fails are stale (their call finished
     *      elsewhere) and are just dropped.
     *   2. if no case completed and the budget allows waiting, enqueue one waiter per case, unlock,
     *      spin briefly, then park until its outcome is set, the budget runs out or the thread is
     *      interrupted.
     *   3. on timeout or interrupt: lock all channels again and CAS the outcome to CANCELLED. If
     *      that fails, a partner finished the call first and its result stands (a send reports
     *      delivery even if interrupted: nothing is ever both delivered and withdrawn). A select
     *      also relocks after success, to unlink its cases still queued on other channels.
     * A partner that finishes a call under a channel's lock unlinks that waiter and writes the
     * result (the value received, or why it failed) into it before the CAS publishes it. The woken
     * thread needs no lock to read it, so a plain send or receive that was matched returns without
     * touching the lock again.
     *
     * Invariants (also noted on the fields):
     *   - A waiter is live iff its call's outcome is null; liveness, not queue membership, is the
     *     truth. A live waiter is queued; a queued waiter may be stale until somebody unlinks it.
     *   - The interpreter of every live waiter is associated with that waiter's end: association
     *     precedes enqueueing, and the only ways to lose it (release, drop) fail that
     *     interpreter's waiters on that end.
     *   - Live senders and live receivers coexist on a channel only when they are cases of one and
     *     the same select (pass 1 matches before anyone enqueues).
     *   - CLOSED is terminal; a CLOSED channel has no live waiter and is not in the registry.
     *
     * What may happen while a channel lock is held: queue and association updates, CAS of
     * outcomes, and removing the channel from the registry (under the registry's lock, a leaf
     * lock). Never: parking, unparking (threads to wake are collected in a Wakeups and unparked
     * after unlocking, as chan.go does, so a woken thread does not run into a held lock),
     * building exceptions, or taking a lock of a lower-id channel.
     *
     * State machine (of the channel as a whole; the send end is closed in DRAINING and CLOSED, the
     * receive end only in CLOSED):
     *
     *            SendChannel.close(force=False)
     *            while senders wait
     *   +------+ --------------------------------> +----------+
     *   | OPEN |                                   | DRAINING |  waiting senders still deliver;
     *   +------+                                   +----------+  new sends: ChannelClosedError
     *      |                                            |
     *      | RecvChannel.close (force, or no sender);   | the last waiting sender delivered or
     *      | SendChannel.close (force, or no sender);   | was withdrawn (timeout, interrupt,
     *      | a release or dropInterpreter leaving no    | release, its select finished elsewhere);
     *      | interpreter associated with either end     | RecvChannel.close(force=True); a release
     *      |                                            | or dropInterpreter as on the left
     *      v                                            v
     *   +------------------------------------------------------+
     *   | CLOSED: every waiter fails with ChannelClosedError;  |
     *   | the registry forgets the channel                     |
     *   +------------------------------------------------------+
     *
     * DRAINING ends the moment its last live sender goes. Usually the lock holder that removes it
     * sees that at once; but a select that finishes on another channel makes its sender here stale
     * without holding this lock. So every operation first settles: in DRAINING with no live
     * sender, it closes the channel before doing anything else.
     */

    /** The two ends of a channel. */
    public enum End { SEND, RECV }

    /** Returned by the receive methods when nothing was received (budget ran out). */
    public static final Object NOTHING = new Object() {
        @Override
        public String toString() {
            return "NOTHING";
        }
    };

    /** One operation offered to {@link #select}: a send of {@code value}, or a receive. */
    public record Op(RendezvousChannel channel, End end, Object value) {
        public Op {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(end, "end");
        }

        public static Op send(RendezvousChannel channel, Object value) {
            return new Op(channel, End.SEND, value);
        }

        public static Op recv(RendezvousChannel channel) {
            return new Op(channel, End.RECV, null);
        }
    }

    /** The operation a {@link #select} completed: its index, and for a receive the value taken. */
    public record Selection(int index, Object value) {
    }

    enum State { OPEN, DRAINING, CLOSED }

    /** Why a call finished (a waiter's {@code how}), doubling as error codes. */
    static final int OK = 0;
    static final int ERR_CLOSED = 1;
    static final int ERR_RELEASED = 2;
    static final int ERR_NOT_EMPTY = 3;

    /**
     * Most spins before parking, on a channel and on a {@link BufferedQueue} (system property
     * {@code io.interpreters4j.channels.spins}; 0 on one CPU). A partner running on another core usually comes back within a microsecond, far
     * sooner than a park and unpark (several microseconds, more in a VM): measured on 2 cores,
     * 1024 spins cut a round trip from ~12 us to ~0.6 us, and 128 mostly parked. But when the
     * partner has no core, spinning only delays it; hence {@link #spin}.
     */
    static final int MAX_SPINS = Integer.getInteger("io.interpreters4j.channels.spins",
            SpinWait.DEFAULT_MAX_SPINS);

    private final long id;
    private final ChannelRegistry registry;
    /** The channel's lock: a private monitor, nested in id order by selects. */
    private final Object lock = new Object();
    /**
     * How long waiters here spin before they park, learnt per channel ({@link SpinWait}): near the
     * full spin's latency when both threads have a core, near a short spin's when they share one.
     */
    private final SpinWait spin = new SpinWait(MAX_SPINS);

    /** Guarded by lock. Only moves forward: OPEN, then maybe DRAINING, then CLOSED. */
    private State state = State.OPEN;
    /** Guarded by lock. Live senders exist in DRAINING (the settle invariant), and never in CLOSED. */
    private final Side senders = new Side();
    /** Guarded by lock. No live receiver in CLOSED. */
    private final Side receivers = new Side();

    RendezvousChannel(long id, ChannelRegistry registry) {
        this.id = id;
        this.registry = registry;
    }

    /** The id, shared by both ends; global and sequential from 0. */
    public long id() {
        return id;
    }

    /**
     * Hands {@code value} to a receiver, waiting for one within the budget.
     *
     * @return true once delivered; false if the budget ran out, and then the value was withdrawn
     *     and will never be received
     * @throws ChannelReleasedError if {@code interp} released the send end (also while waiting)
     * @throws ChannelClosedError if the send end is closed (also while waiting: forced close)
     * @throws InterruptedException if interrupted before or while waiting; nothing was delivered
     */
    public boolean send(long interp, Object value, long budgetNanos) throws InterruptedException {
        Call call = new Call(interp);
        return transfer(call, new Waiter[] {new Waiter(call, this, true, 0, value)}, budgetNanos) != null;
    }

    /** {@code send(interp, value, 0)}: delivers only to a receiver waiting right now. */
    public boolean sendNowait(long interp, Object value) {
        Call call = new Call(interp);
        Waiter[] cases = {new Waiter(call, this, true, 0, value)};
        return offer(call, cases, lockOrder(cases), false) != null;
    }

    /**
     * Takes a value from a sender, waiting for one within the budget.
     *
     * @return the value (maybe null), or {@link #NOTHING} if the budget ran out; nothing was
     *     taken then
     * @throws ChannelReleasedError if {@code interp} released the receive end (also while waiting)
     * @throws ChannelClosedError if the channel is closed (also while waiting)
     * @throws InterruptedException if interrupted before or while waiting; nothing was taken
     */
    public Object recv(long interp, long budgetNanos) throws InterruptedException {
        Call call = new Call(interp);
        Waiter done = transfer(call, new Waiter[] {new Waiter(call, this, false, 0, null)}, budgetNanos);
        return done == null ? NOTHING : done.item;
    }

    /** {@code recv(interp, 0)}: takes only from a sender waiting right now, else {@link #NOTHING}. */
    public Object recvNowait(long interp) {
        Call call = new Call(interp);
        Waiter[] cases = {new Waiter(call, this, false, 0, null)};
        Waiter done = offer(call, cases, lockOrder(cases), false);
        return done == null ? NOTHING : done.item;
    }

    /**
     * Go's {@code select}: completes exactly one of {@code ops}, the first that can complete now
     * (earliest listed wins), else the first to become ready within the budget. The others leave
     * no trace: nothing is sent or taken by them. Ops may name the same channel more than once.
     *
     * @return the completed op, or null if the budget ran out ({@code budgetNanos == 0}: nothing
     *     was ready; Go's {@code default})
     * @throws ChannelClosedError if an op's end is closed, or closes while waiting
     * @throws ChannelReleasedError if {@code interp} released an op's end
     * @throws InterruptedException if interrupted before or while waiting; no op completed
     */
    public static Selection select(long interp, List<Op> ops, long budgetNanos) throws InterruptedException {
        Call call = new Call(interp);
        Waiter[] cases = new Waiter[ops.size()];
        for (int i = 0; i < cases.length; i++) {
            Op op = ops.get(i);
            cases[i] = new Waiter(call, op.channel(), op.end() == End.SEND, i, op.value());
        }
        Waiter done = transfer(call, cases, budgetNanos);
        return done == null ? null : new Selection(done.index, done.isSend ? null : done.item);
    }

    /**
     * {@code interp} stops using {@code end} for good: its later calls on it, and those already
     * waiting on it, fail with {@link ChannelReleasedError}. If no interpreter is then associated
     * with either end, the channel closes (even one never used).
     *
     * @return true the first time, false after (also once the channel has closed)
     * @throws ChannelClosedError if the channel is closed and {@code interp} never released it
     */
    public boolean release(long interp, End end) {
        boolean isSend = end == End.SEND;
        Wakeups wake = new Wakeups();
        boolean first = false;
        boolean closed = false;
        synchronized (lock) {
            settle(wake);
            Side side = side(isSend);
            if (!side.released.contains(interp)) {
                closed = state == State.CLOSED;
                first = !closed;
            }
            if (first) {
                side.released.add(interp);
                side.associated.remove(interp);
                side.failCallsOf(interp, ERR_RELEASED, wake);
                settle(wake);
                closeIfUnused(wake);
            }
        }
        wake.unparkAll();
        if (closed) {
            throw error(ERR_CLOSED, isSend);
        }
        return first;
    }

    /**
     * Closes an end. {@link End#RECV}: closes the whole channel; with a sender waiting, fails with
     * {@link ChannelNotEmptyError} and changes nothing unless {@code force}, which fails the waiting
     * senders; waiting receivers fail. {@link End#SEND}: closes the send end at once; with no
     * sender waiting (or {@code force}: they fail) the whole channel closes, else the waiting
     * senders still deliver and the channel closes after the last of them.
     *
     * @throws ChannelClosedError if that end is closed already
     */
    public void close(End end, boolean force) {
        boolean isSend = end == End.SEND;
        Wakeups wake = new Wakeups();
        int error = OK;
        synchronized (lock) {
            settle(wake);
            if (endClosed(isSend)) {
                error = ERR_CLOSED;
            } else if (force || !senders.hasLive()) {
                closeNow(wake);
            } else if (isSend) {
                state = State.DRAINING;
            } else {
                error = ERR_NOT_EMPTY;
            }
        }
        wake.unparkAll();
        if (error != OK) {
            throw error(error, isSend);
        }
    }

    /**
     * The interpreters associated with {@code end}, ascending.
     *
     * @throws ChannelClosedError if that end is closed
     */
    public long[] interpreters(End end) {
        boolean isSend = end == End.SEND;
        Wakeups wake = new Wakeups();
        long[] ids;
        synchronized (lock) {
            settle(wake);
            ids = endClosed(isSend) ? null : side(isSend).associated.toArray();
        }
        wake.unparkAll();
        if (ids == null) {
            throw error(ERR_CLOSED, isSend);
        }
        return ids;
    }

    /** Whether the channel is closed for good (both ends). A DRAINING channel is not. */
    public boolean isClosed() {
        return state() == State.CLOSED;
    }

    @Override
    public String toString() {
        return "channel " + id;
    }

    /** Destroying {@code interp}: see {@link ChannelRegistry#dropInterpreter(long)}. */
    void drop(long interp) {
        Wakeups wake = new Wakeups();
        synchronized (lock) {
            settle(wake);
            if (state != State.CLOSED) {
                boolean usedSend = senders.associated.remove(interp);
                boolean usedRecv = receivers.associated.remove(interp);
                if (usedSend || usedRecv) {
                    senders.failCallsOf(interp, ERR_CLOSED, wake);
                    receivers.failCallsOf(interp, ERR_CLOSED, wake);
                    settle(wake);
                    closeIfUnused(wake);
                }
            }
        }
        wake.unparkAll();
    }

    State state() {
        Wakeups wake = new Wakeups();
        State now;
        synchronized (lock) {
            settle(wake);
            now = state;
        }
        wake.unparkAll();
        return now;
    }

    /**
     * The number of calls waiting on {@code end} right now. Diagnostics: lets tests (Java and
     * Python) know that a thread is parked here without sleeping.
     */
    public int waiting(End end) {
        synchronized (lock) {
            return side(end == End.SEND).countLive();
        }
    }

    // ---- the transfer path ----

    /** Pass 1, then (budget allowing) wait. Returns the completed case, or null if the budget ran out. */
    private static Waiter transfer(Call call, Waiter[] cases, long budget) throws InterruptedException {
        RendezvousChannel[] channels = lockOrder(cases);
        if (budget == 0) {
            return offer(call, cases, channels, false);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Waiter done = offer(call, cases, channels, true);
        return done != null ? done : await(call, cases, channels, budget);
    }

    /**
     * Pass 1 over the cases in order; the first that finds a live partner completes. Otherwise,
     * if {@code enqueue}, all cases are queued before the locks are released, so that no partner
     * can slip in between the look and the enqueue.
     */
    private static Waiter offer(Call call, Waiter[] cases, RendezvousChannel[] channels, boolean enqueue) {
        Wakeups wake = new Wakeups();
        Waiter w = locked(channels, 0, () -> {
            for (Waiter c : cases) {
                RendezvousChannel ch = c.channel;
                ch.settle(wake);
                if ((c.how = ch.admit(call.interp, c.isSend)) != OK) {
                    return c;
                }
                if (ch.matchPartner(c, wake)) {
                    ch.settle(wake);
                    return c;
                }
            }
            if (enqueue) {
                for (Waiter c : cases) {
                    c.channel.side(c.isSend).enqueue(c);
                }
            }
            return null;
        });
        wake.unparkAll();
        if (w != null && w.how != OK) {
            throw w.channel.error(w.how, w.isSend);
        }
        return w;
    }

    /** Passes 2 and 3: the cases are queued; wait for the outcome, or withdraw. */
    private static Waiter await(Call call, Waiter[] cases, RendezvousChannel[] channels, long budget)
            throws InterruptedException {
        Object outcome = call.await(budget, cases.length == 0 ? null : cases[0].channel);
        if (outcome == null || cases.length > 1) {
            Wakeups wake = new Wakeups();
            Object seen = outcome;
            outcome = locked(channels, 0, () -> {
                // On timeout or interrupt, withdraw unless a partner finished the call first:
                // then its result stands.
                Object o = seen != null || call.cancel() ? seen : call.outcome;
                for (Waiter w : cases) {
                    w.channel.side(w.isSend).unlink(w);
                }
                for (RendezvousChannel ch : channels) {
                    ch.settle(wake); // a withdrawn sender may have been the last of a DRAINING channel
                }
                return o;
            });
            wake.unparkAll();
        }
        if (outcome == null) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return null;
        }
        Waiter w = (Waiter) outcome;
        if (w.how != OK) {
            throw w.channel.error(w.how, w.isSend);
        }
        return w;
    }

    /** Lock held. Check order: released by {@code interp}, then closed; then associate. */
    private int admit(long interp, boolean isSend) {
        Side side = side(isSend);
        if (side.released.contains(interp)) {
            return ERR_RELEASED;
        }
        if (endClosed(isSend)) {
            return ERR_CLOSED;
        }
        side.associated.add(interp);
        return OK;
    }

    /** Lock held. Completes {@code w} with the first live waiter of the opposite end, if any (FIFO). */
    private boolean matchPartner(Waiter w, Wakeups wake) {
        Side partners = side(!w.isSend);
        for (Waiter p; (p = partners.poll()) != null; ) {
            if (p.finish(OK, w.item)) {
                if (!w.isSend) {
                    w.item = p.item;
                }
                wake.add(p.call.thread);
                return true;
            }
            // p was stale: its select finished elsewhere, or it is being withdrawn
        }
        return false;
    }

    /** Lock held. Ends DRAINING once no live sender is left; see the overview. */
    private void settle(Wakeups wake) {
        if (state == State.DRAINING && !senders.hasLive()) {
            closeNow(wake);
        }
    }

    /** Lock held. */
    private void closeIfUnused(Wakeups wake) {
        if (state != State.CLOSED && senders.associated.isEmpty() && receivers.associated.isEmpty()) {
            closeNow(wake);
        }
    }

    /** Lock held. */
    private void closeNow(Wakeups wake) {
        state = State.CLOSED;
        senders.failAll(ERR_CLOSED, wake);
        receivers.failAll(ERR_CLOSED, wake);
        registry.forget(this);
    }

    /** Lock held. The send end closes on leaving OPEN, the receive end only in CLOSED. */
    private boolean endClosed(boolean isSend) {
        return isSend ? state != State.OPEN : state == State.CLOSED;
    }

    private Side side(boolean isSend) {
        return isSend ? senders : receivers;
    }

    private ChannelError error(int code, boolean isSend) {
        String end = isSend ? "send" : "receive";
        return switch (code) {
            case ERR_RELEASED -> new ChannelReleasedError(
                    "channel " + id + ": this interpreter released the " + end + " end");
            case ERR_CLOSED -> new ChannelClosedError(
                    isSend ? "channel " + id + ": the send end is closed" : "channel " + id + " is closed");
            case ERR_NOT_EMPTY -> new ChannelNotEmptyError(
                    "channel " + id + " has senders waiting; close(force=True) fails them");
            default -> throw new AssertionError(code);
        };
    }

    /** Distinct channels of the cases, in id order: the global lock order. */
    private static RendezvousChannel[] lockOrder(Waiter[] cases) {
        RendezvousChannel[] channels = new RendezvousChannel[cases.length];
        int n = 0;
        next:
        for (Waiter w : cases) {
            for (int i = 0; i < n; i++) {
                if (channels[i] == w.channel) {
                    continue next;
                }
            }
            channels[n++] = w.channel;
        }
        for (int i = 1; i < n; i++) { // insertion sort: selects are small
            RendezvousChannel ch = channels[i];
            int j = i;
            for (; j > 0 && channels[j - 1].id > ch.id; j--) {
                channels[j] = channels[j - 1];
            }
            channels[j] = ch;
        }
        return n == channels.length ? channels : Arrays.copyOf(channels, n);
    }

    /** Runs {@code body} holding the locks of {@code channels[from..]}, taken in that (id) order. */
    private static <T> T locked(RendezvousChannel[] channels, int from, Supplier<T> body) {
        if (from == channels.length) {
            return body.get();
        }
        synchronized (channels[from].lock) {
            return locked(channels, from + 1, body);
        }
    }

    // ---- waiters ----

    /**
     * One blocked call: a send, a receive or a select (Go's g, with its selectDone flag). It
     * finishes once, when its outcome is CAS'd from null.
     */
    static final class Call implements BooleanSupplier {
        private static final Object CANCELLED = new Object();
        private static final VarHandle OUTCOME;

        static {
            try {
                OUTCOME = MethodHandles.lookup().findVarHandle(Call.class, "outcome", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long interp;
        final Thread thread = Thread.currentThread();
        /** Null while pending; then the waiter that finished the call, or CANCELLED. Set once. */
        volatile Object outcome;

        Call(long interp) {
            this.interp = interp;
        }

        boolean finish(Waiter w) {
            return OUTCOME.compareAndSet(this, null, w);
        }

        boolean cancel() {
            return OUTCOME.compareAndSet(this, null, CANCELLED);
        }

        /** Whether the call has its outcome (what a spin waits for). */
        @Override
        public boolean getAsBoolean() {
            return outcome != null;
        }

        /**
         * Spins (as long as {@code home}'s {@link SpinWait} suggests), then parks; returns the
         * outcome, or null on timeout or interrupt.
         */
        Object await(long budget, RendezvousChannel home) {
            long deadline = budget > 0 ? System.nanoTime() + budget : 0L;
            if (home != null) {
                home.spin.spin(this);
            }
            Object o;
            while ((o = outcome) == null) {
                if (thread.isInterrupted()) {
                    break;
                } else if (budget < 0) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(this, left);
                }
            }
            return o;
        }
    }

    /** One case of a call, queued on one end of one channel (Go's sudog). */
    static final class Waiter {
        final Call call;
        final RendezvousChannel channel;
        final boolean isSend;
        /** Position among the call's cases. */
        final int index;
        /** A sender's value; for a receiver, the value received (written by its partner). */
        Object item;
        /**
         * Why the call finished through this waiter: OK or an ERR_ code. Pass 1 also records here
         * why an arriving case was refused, before anyone else can see the waiter.
         */
        int how;
        /** Queue links; guarded by the channel's lock. */
        Waiter prev;
        Waiter next;
        boolean queued;

        Waiter(Call call, RendezvousChannel channel, boolean isSend, int index, Object item) {
            this.call = call;
            this.channel = channel;
            this.isSend = isSend;
            this.index = index;
            this.item = item;
        }

        boolean isLive() {
            return call.outcome == null;
        }

        /**
         * Channel lock held. Finishes the call through this waiter. The fields are written before
         * the CAS publishes them; if the CAS fails the call is finished already and never reads
         * this waiter, and nobody else can hold it (it was dequeued under the lock).
         */
        boolean finish(int how, Object received) {
            this.how = how;
            if (how == OK && !isSend) {
                item = received;
            }
            return call.finish(this);
        }
    }

    /** One end of the channel: its FIFO queue of waiters (Go's waitq) and its interpreters. */
    private static final class Side {
        Waiter head;
        Waiter tail;
        /** Interpreters that used this end and did not release it. */
        final LongSet associated = new LongSet();
        /** Interpreters that released this end; kept for good, even once closed. */
        final LongSet released = new LongSet();

        void enqueue(Waiter w) {
            w.prev = tail;
            if (tail == null) {
                head = w;
            } else {
                tail.next = w;
            }
            tail = w;
            w.queued = true;
        }

        void unlink(Waiter w) {
            if (!w.queued) {
                return;
            }
            if (w.prev == null) {
                head = w.next;
            } else {
                w.prev.next = w.next;
            }
            if (w.next == null) {
                tail = w.prev;
            } else {
                w.next.prev = w.prev;
            }
            w.prev = w.next = null;
            w.queued = false;
        }

        Waiter poll() {
            Waiter w = head;
            if (w != null) {
                unlink(w);
            }
            return w;
        }

        /** Whether a live waiter is queued; drops the stale ones in front of it. */
        boolean hasLive() {
            for (Waiter w; (w = head) != null; unlink(w)) {
                if (w.isLive()) {
                    return true;
                }
            }
            return false;
        }

        int countLive() {
            int n = 0;
            for (Waiter w = head; w != null; w = w.next) {
                if (w.isLive()) {
                    n++;
                }
            }
            return n;
        }

        void failAll(int how, Wakeups wake) {
            for (Waiter w; (w = poll()) != null; ) {
                if (w.finish(how, null)) {
                    wake.add(w.call.thread);
                }
            }
        }

        void failCallsOf(long interp, int how, Wakeups wake) {
            for (Waiter w = head, next; w != null; w = next) {
                next = w.next;
                if (w.call.interp == interp) {
                    unlink(w);
                    if (w.finish(how, null)) {
                        wake.add(w.call.thread);
                    }
                }
            }
        }
    }

    /** Threads to unpark once the locks are released. */
    private static final class Wakeups {
        private Thread first;
        private List<Thread> more;

        void add(Thread t) {
            if (first == null) {
                first = t;
            } else {
                if (more == null) {
                    more = new ArrayList<>();
                }
                more.add(t);
            }
        }

        void unparkAll() {
            if (first != null) {
                LockSupport.unpark(first);
                if (more != null) {
                    more.forEach(LockSupport::unpark);
                }
            }
        }
    }
}
