package io.interpreters4j;

import io.interpreters4j.spi.InterpretersProvider;
import io.interpreters4j.spi.Timeouts;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Entry point: the Java face of Python's {@code interpreters} module (PEP 554). One static method
 * for each module-level Python function; the runtime behind it is found with
 * {@link ServiceLoader} on first use ({@code interpreters-runtime} on the class path).
 *
 * <pre>{@code
 * try (Interpreter interp = Interpreters.create()) {
 *     Channel ch = Interpreters.createChannel();
 *     interp.runAsync("out.send('hello from ' + str(42))", Map.of("out", ch.sendEnd()));
 *     System.out.println(ch.recvEnd().recv());
 * }
 * }</pre>
 *
 * <h2>Isolation</h2>
 * The process has one main interpreter (id 0, started on first use) and any number created ones.
 * They share one GraalPy engine (compiled code, JIT) and nothing else: no Python object ever
 * crosses between them, only the data of shareable values.
 *
 * <h2>Thread-Safety</h2>
 * All methods may be called from any thread. A Java thread that belongs to no interpreter acts as
 * the main interpreter (for {@link #getCurrent()} and for channel associations).
 */
public final class Interpreters {

    private Interpreters() {
    }

    /** The runtime, once found; guarded by {@code Interpreters.class} while null. */
    private static volatile InterpretersProvider provider;

    /**
     * The runtime, found on first use. A missing runtime is reported plainly, as an
     * {@link IllegalStateException} from the call that needed it (and again from the next call:
     * nothing is cached until a runtime is found).
     */
    private static InterpretersProvider provider() {
        InterpretersProvider p = provider;
        if (p == null) {
            synchronized (Interpreters.class) {
                p = provider;
                if (p == null) {
                    Iterator<InterpretersProvider> it = ServiceLoader.load(InterpretersProvider.class).iterator();
                    if (!it.hasNext()) {
                        throw new IllegalStateException("no interpreters4j runtime found: put "
                                + "io.interpreters4j:interpreters-runtime on the class path");
                    }
                    p = it.next();
                    provider = p;
                }
            }
        }
        return p;
    }

    /**
     * A new idle, trusted interpreter with the next id. Python: {@code create()}.
     *
     * @return the new interpreter
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static Interpreter create() {
        return provider().create(InterpreterConfig.trusted());
    }

    /**
     * A new idle interpreter isolated as {@code config} says. Python:
     * {@code create(isolated=..., time_limit=...)}.
     *
     * @param config how the interpreter is isolated, and its time limit
     * @return the new interpreter
     */
    public static Interpreter create(InterpreterConfig config) {
        return provider().create(config);
    }

    /**
     * Every live interpreter, ordered by id, main first. Python: {@code list_all()}.
     *
     * @return a snapshot; it does not change as interpreters come and go
     */
    public static List<Interpreter> listAll() {
        return provider().listAll();
    }

    /**
     * The interpreter whose thread is calling; main for threads of no interpreter. Python:
     * {@code get_current()}.
     *
     * @return the calling thread's interpreter
     */
    public static Interpreter getCurrent() {
        return provider().getCurrent();
    }

    /**
     * The main interpreter, id 0. Python: {@code get_main()}.
     *
     * @return the main interpreter
     */
    public static Interpreter getMain() {
        return provider().getMain();
    }

    /**
     * The live interpreter with this id. Python: {@code Interpreter(id)}.
     *
     * @param id an interpreter id
     * @return the interpreter
     * @throws InterpreterNotFoundError if there is none
     */
    public static Interpreter get(long id) {
        return provider().get(id);
    }

    /**
     * Whether {@code value} can cross between interpreters: {@code null}, {@code byte[]},
     * {@code String}, {@code Byte}/{@code Short}/{@code Integer}/{@code Long}/{@code BigInteger},
     * {@link java.nio.ByteBuffer}, and channel ends. Nothing else ({@code Boolean} and
     * {@code Double} included).
     *
     * @param value any value
     * @return whether it can cross between interpreters
     */
    public static boolean isShareable(Object value) {
        return provider().isShareable(value);
    }

    /**
     * A new buffered queue between interpreters, holding at most {@code maxSize} items (0 or less:
     * unbounded), whose unbound items are replaced ({@link UnboundItems#REPLACE}). Python 3.14:
     * {@code concurrent.interpreters.create_queue(maxsize)}.
     *
     * @param maxSize the most items the queue holds; 0 or less for no limit
     * @return the new queue
     */
    public static InterpreterQueue createQueue(int maxSize) {
        return provider().createQueue(maxSize, UnboundItems.REPLACE);
    }

    /**
     * {@link #createQueue(int)} with the given policy for unbound items. Python:
     * {@code create_queue(maxsize, unbounditems=...)}.
     *
     * @param maxSize      the most items the queue holds; 0 or less for no limit
     * @param unboundItems what becomes of an item whose interpreter is destroyed while it is queued
     * @return the new queue
     */
    public static InterpreterQueue createQueue(int maxSize, UnboundItems unboundItems) {
        return provider().createQueue(maxSize, java.util.Objects.requireNonNull(unboundItems, "unboundItems"));
    }

    /**
     * The queue with this id. Python: {@code concurrent.interpreters.Queue(id)}.
     *
     * @param id a queue id
     * @return that queue
     * @throws QueueNotFoundError if there is none (never created, or no longer referenced)
     */
    public static InterpreterQueue queue(long id) {
        return provider().queue(id);
    }

    /**
     * Every queue still referenced somewhere. Python: {@code _queues.list_all()}.
     *
     * @return those queues, ordered by id
     */
    public static List<InterpreterQueue> listAllQueues() {
        return provider().listAllQueues();
    }

    /**
     * A new channel. Python: {@code create_channel()}.
     *
     * @return its two ends
     */
    public static Channel createChannel() {
        return provider().createChannel();
    }

    /**
     * Every channel not yet closed, ordered by id. Python: {@code list_all_channels()}.
     *
     * @return a snapshot of the open channels
     */
    public static List<Channel> listAllChannels() {
        return provider().listAllChannels();
    }

    /**
     * The receiving end of the open channel with this id. Python: {@code RecvChannel(id)}.
     *
     * @param id a channel id
     * @return that channel's receiving end
     * @throws ChannelNotFoundError if no channel ever had this id
     * @throws ChannelClosedError if that channel has closed (ids are never reused)
     */
    public static RecvChannel recvChannel(long id) {
        return provider().recvChannel(id);
    }

    /**
     * The sending end of the open channel with this id. Python: {@code SendChannel(id)}.
     *
     * @param id a channel id
     * @return that channel's sending end
     * @throws ChannelNotFoundError if no channel ever had this id
     * @throws ChannelClosedError if that channel has closed (ids are never reused)
     */
    public static SendChannel sendChannel(long id) {
        return provider().sendChannel(id);
    }

    /**
     * Waits until one of {@code cases} can complete, completes exactly that one, and returns it
     * (as Go's {@code select}; when several are ready the earliest listed wins).
     *
     * @param cases the operations offered, in order of preference
     * @return the case that completed
     * @throws InterruptedException if the thread is interrupted while waiting; no case completed
     * @throws ChannelClosedError if a case's channel is closed (or released by this interpreter)
     * @throws IllegalArgumentException if there are no cases, or a send case's value is not shareable
     */
    public static Selected select(SelectCase... cases) throws InterruptedException {
        return provider().select(List.of(cases), -1);
    }

    /**
     * As {@link #select(SelectCase...)}, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait at most; zero or negative for not at all
     * @param cases the operations offered, in order of preference
     * @throws InterruptedException if the thread is interrupted while waiting; no case completed
     * @return the completed case, or {@code null} if none could complete in time
     */
    public static Selected select(Duration timeout, SelectCase... cases) throws InterruptedException {
        return provider().select(List.of(cases), Timeouts.nanos(timeout));
    }

    /**
     * Completes a case that can complete right now, if any (Go's {@code select} with {@code default}).
     *
     * @param cases the operations offered, in order of preference
     * @return the case that completed, or empty when none could complete now
     */
    public static Optional<Selected> selectNowait(SelectCase... cases) {
        try {
            return Optional.ofNullable(provider().select(List.of(cases), 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
