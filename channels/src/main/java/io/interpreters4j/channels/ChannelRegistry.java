package io.interpreters4j.channels;

import io.interpreters4j.Channel;
import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelNotFoundError;
import io.interpreters4j.Interpreter;
import io.interpreters4j.RecvChannel;
import io.interpreters4j.SelectCase;
import io.interpreters4j.Selected;
import io.interpreters4j.SendChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The channels of one runtime: creates them (ids global and sequential from 0), finds the open
 * ones by id, and forgets each as it closes, so that creating and closing channels does not grow
 * it. Ends already held keep working after that and report {@link io.interpreters4j.ChannelClosedError}.
 *
 * <p>Two faces: the engine ({@link #create}, {@link #lookup}, {@link #listOpen},
 * {@link #dropInterpreter}, and {@link RendezvousChannel} with explicit interpreter ids) for the
 * runtime's Python module; and the Java API ({@link #createChannel}, {@link #recvChannel},
 * {@link #select}, ...) whose ends act for the interpreter the {@link ChannelHost} names.
 *
 * <p>Thread-safe.
 */
public final class ChannelRegistry {
    private final ChannelHost host;
    /**
     * Guards the two fields below. A leaf lock: held for a map operation only, never while taking
     * a channel's lock (a closing channel takes it while holding its own).
     */
    private final Object lock = new Object();
    private long nextId;
    /** Open and DRAINING channels by id; a channel removes itself when it closes. */
    private final TreeMap<Long, RendezvousChannel> open = new TreeMap<>();

    /** The queues of the same runtime, acting for the same host. */
    private final QueueRegistry queues;

    public ChannelRegistry(ChannelHost host) {
        this.host = host;
        this.queues = new QueueRegistry(host);
    }

    /**
     * The queues (CPython 3.14's) of the runtime these channels belong to, with the same
     * {@link ChannelHost}: whoever decodes a channel end may have to decode a queue too.
     */
    public QueueRegistry queues() {
        return queues;
    }

    /** A registry for Java threads without a runtime: see {@link DefaultChannelHost}. */
    public ChannelRegistry() {
        this(new DefaultChannelHost());
    }

    // ---- engine ----

    /** A new channel; no interpreter is associated with it yet. */
    public RendezvousChannel create() {
        synchronized (lock) {
            RendezvousChannel ch = new RendezvousChannel(nextId++, this);
            open.put(ch.id(), ch);
            return ch;
        }
    }

    /**
     * The open channel with this id. Ids are never reused, so an id below the next one to be
     * issued names a channel that existed: if it is not open, it has closed.
     *
     * @throws ChannelNotFoundError if no channel ever had this id
     * @throws ChannelClosedError if that channel has closed
     */
    public RendezvousChannel lookup(long id) {
        RendezvousChannel ch;
        long issued;
        synchronized (lock) {
            ch = open.get(id);
            issued = nextId;
        }
        if (ch == null || ch.isClosed()) {
            if (id >= 0 && id < issued) {
                throw new ChannelClosedError("channel " + id + " is closed");
            }
            throw new ChannelNotFoundError("channel " + id + " not found");
        }
        return ch;
    }

    /** The channels not closed (a DRAINING one is still open), ascending by id. */
    public List<RendezvousChannel> listOpen() {
        List<RendezvousChannel> list = snapshot();
        list.removeIf(RendezvousChannel::isClosed);
        return list;
    }

    /**
     * For an interpreter being destroyed: drops its associations with every channel, failing its
     * calls still waiting there with {@link io.interpreters4j.ChannelClosedError}. A channel that
     * this leaves with no interpreter associated with either end closes; channels it never used
     * are untouched. Atomic per channel, one channel after another: call it once the interpreter
     * makes no more channel calls.
     */
    public void dropInterpreter(long interpId) {
        for (RendezvousChannel ch : snapshot()) {
            ch.drop(interpId);
        }
    }

    /** Channels not yet forgotten; for tests of the registry's size. */
    int size() {
        synchronized (lock) {
            return open.size();
        }
    }

    /** Called by a channel closing, under its lock. */
    void forget(RendezvousChannel ch) {
        synchronized (lock) {
            open.remove(ch.id(), ch);
        }
    }

    /** The channels not yet forgotten, ascending by id; channel locks may be taken on them after. */
    private List<RendezvousChannel> snapshot() {
        synchronized (lock) {
            return new ArrayList<>(open.values());
        }
    }

    // ---- Java API ----

    /** {@code create()} as a pair of ends. */
    public Channel createChannel() {
        return channel(create());
    }

    /** {@code listOpen()} as pairs of ends. */
    public List<Channel> listAllChannels() {
        List<Channel> list = new ArrayList<>();
        for (RendezvousChannel ch : listOpen()) {
            list.add(channel(ch));
        }
        return list;
    }

    /**
     * The receiving end of the open channel with this id.
     *
     * @throws ChannelNotFoundError as {@link #lookup} does
     * @throws ChannelClosedError as {@link #lookup} does
     */
    public RecvEnd recvChannel(long id) {
        return recvEnd(lookup(id));
    }

    /**
     * The sending end of the open channel with this id.
     *
     * @throws ChannelNotFoundError as {@link #lookup} does
     * @throws ChannelClosedError as {@link #lookup} does
     */
    public SendEnd sendChannel(long id) {
        return sendEnd(lookup(id));
    }

    public RecvEnd recvEnd(RendezvousChannel ch) {
        return new RecvEnd(ch, host);
    }

    public SendEnd sendEnd(RendezvousChannel ch) {
        return new SendEnd(ch, host);
    }

    /**
     * {@link RendezvousChannel#select} over API cases, for the calling thread's interpreter. Every
     * value is converted before anything is offered.
     *
     * @param budgetNanos 0: only what is ready now; positive: wait at most that; negative: forever
     * @return the completed case, or null if the budget ran out
     * @throws IllegalArgumentException if a value is not shareable, or an end is not of this package
     */
    public Selected select(List<SelectCase> cases, long budgetNanos) throws InterruptedException {
        if (cases.isEmpty()) {
            // Nothing could ever complete: waiting would never end.
            throw new IllegalArgumentException("select needs at least one case");
        }
        List<RendezvousChannel.Op> ops = new ArrayList<>(cases.size());
        for (SelectCase c : cases) {
            ops.add(switch (c) {
                case SelectCase.Recv r -> RendezvousChannel.Op.recv(engine(r.channel()));
                case SelectCase.Send s -> RendezvousChannel.Op.send(engine(s.channel()), host.toShareable(s.value()));
            });
        }
        RendezvousChannel.Selection done = RendezvousChannel.select(host.currentInterpreterId(), ops, budgetNanos);
        return done == null ? null : new Selected(done.index(), cases.get(done.index()), host.toJava(done.value()));
    }

    private Channel channel(RendezvousChannel ch) {
        return new Channel(recvEnd(ch), sendEnd(ch));
    }

    private static RendezvousChannel engine(RecvChannel end) {
        if (end instanceof RecvEnd r) {
            return r.channel();
        }
        throw new IllegalArgumentException("not an interpreters4j channel end: " + end.getClass().getName());
    }

    private static RendezvousChannel engine(SendChannel end) {
        if (end instanceof SendEnd s) {
            return s.channel();
        }
        throw new IllegalArgumentException("not an interpreters4j channel end: " + end.getClass().getName());
    }

    static List<Interpreter> handles(ChannelHost host, long[] ids) {
        List<Interpreter> list = new ArrayList<>(ids.length);
        for (long id : ids) {
            list.add(host.interpreter(id));
        }
        return list;
    }
}
