package io.interpreters4j.runtime.interpreter;

import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.channels.ChannelRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The live interpreters of the process, by id, and their making: a new interpreter gets the next
 * id and a spare context when one is ready ({@link SpareContexts}). The main interpreter (id 0)
 * is made by {@link #startMain}.
 *
 * <h2>Thread-Safety</h2>
 * Every method may be called from any thread. The table is a concurrent sorted map, so
 * {@code list_all} is ordered by id without locking; ids come from an atomic counter and are
 * never reused once a program could have seen them ({@link #restartIds}).
 */
public final class InterpreterTable {

    private final ConcurrentSkipListMap<Long, PyInterpreter> live = new ConcurrentSkipListMap<>();
    private final AtomicLong nextId = new AtomicLong(PyInterpreter.MAIN_ID + 1);
    private final InterpreterServices services;
    private final ChannelRegistry channels;
    private final Supplier<? extends HostObject> hosts;
    private final SpareContexts spares;
    private volatile PyInterpreter main;
    /**
     * What a trusted interpreter puts first on {@code sys.path}, or null. Set at construction, or
     * by a warm start once it knows its program (before that program creates interpreters).
     */
    private volatile String sysPathPrefix;

    /**
     * @param hosts a new host object (the runtime's bridge) for each context booted
     */
    public InterpreterTable(PythonEngine engine, ChannelRegistry channels, String sysPathPrefix,
            Supplier<? extends HostObject> hosts) {
        this.channels = channels;
        this.hosts = hosts;
        this.sysPathPrefix = sysPathPrefix;
        this.services = new InterpreterServices(engine, channels, this::sysPathPrefix, this::forget);
        this.spares = new SpareContexts(engine, this::sysPathPrefix, hosts);
    }

    private String sysPathPrefix() {
        return sysPathPrefix;
    }

    /**
     * For a warm start (a runtime booted before its program was known): the {@code sys.path}
     * prefix of the interpreters created from now on. The main interpreter is already booted; the
     * warm start puts the prefix on its {@code sys.path} itself.
     */
    public void setSysPathPrefix(String prefix) {
        this.sysPathPrefix = prefix;
    }

    /**
     * For a warm start whose spare rehearsed ({@code Rehearsal}): the next interpreter gets id 1
     * again, as the first one a fresh process makes, provided no interpreter but main is alive
     * (the rehearsal's ids were never seen by the program, which has not started yet). Returns
     * whether it did.
     */
    public boolean restartIds() {
        if (live.size() != 1 || !live.containsKey(PyInterpreter.MAIN_ID)) {
            return false;
        }
        nextId.set(PyInterpreter.MAIN_ID + 1);
        return true;
    }

    /** Makes and starts the main interpreter; once, before any other. */
    public void startMain() {
        main = new PyInterpreter(PyInterpreter.MAIN_ID, InterpreterConfig.trusted(), services, hosts.get(), null);
        live.put(PyInterpreter.MAIN_ID, main);
        main.start();
    }

    /** A new interpreter: on a spare context when one is ready (its id is given only now), else on its own. */
    public PyInterpreter create(InterpreterConfig config) {
        Objects.requireNonNull(config, "config");
        SpareContexts.Spare spare = spares.take(config);
        PyInterpreter interp = new PyInterpreter(nextId.getAndIncrement(), config, services,
                spare == null ? hosts.get() : null, spare);
        live.put(interp.id(), interp);
        interp.start();
        return interp;
    }

    public PyInterpreter main() {
        return main;
    }

    /** The live interpreter with this id; {@link InterpreterNotFoundError} if there is none. */
    public PyInterpreter get(long id) {
        PyInterpreter interp = live.get(id);
        if (interp == null || interp.isDestroyed()) {
            throw new InterpreterNotFoundError(id);
        }
        return interp;
    }

    /** The interpreter with this id still in the table (it may be destroyed meanwhile), or null. */
    public PyInterpreter find(long id) {
        return live.get(id);
    }

    public List<Interpreter> listAll() {
        List<Interpreter> all = new ArrayList<>(live.size());
        for (PyInterpreter i : live.values()) {
            if (!i.isDestroyed()) {
                all.add(i);
            }
        }
        return all;
    }

    public long[] liveIds() {
        return live.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** The interpreter the calling thread acts for: its own for an owner thread, else main. */
    public PyInterpreter current() {
        PyInterpreter owner = PyInterpreter.ownerOf(Thread.currentThread());
        return owner == null ? main : owner;
    }

    public SpareContexts spares() {
        return spares;
    }

    /**
     * An interpreter is gone (after its state changed): forget it, drop its channel associations,
     * and unbind its items still queued (CPython 3.14's queues).
     */
    private void forget(long id) {
        live.remove(id);
        channels.dropInterpreter(id);
        channels.queues().dropInterpreter(id);
    }

    /**
     * How long the end of the process waits for interpreters: for their files to be written and
     * for them to end (threads joined, atexit handlers). Past it the process ends regardless, so
     * that code that never ends (a loop, a thread nobody stops) cannot hold it.
     */
    public static final long EXIT_PATIENCE_MILLIS = 2000;

    /**
     * JVM shutdown (SIGTERM, SIGINT, System.exit or the end of main in an embedding program):
     * first every interpreter's files are written, whatever it is doing, since that is what must
     * not be lost; then every interpreter ends without waiting for running code: an idle one
     * closes normally (threads, atexit handlers, files closed), a running one is cancelled.
     * Bounded by {@link #EXIT_PATIENCE_MILLIS}.
     */
    public void shutdown() {
        spares.close();
        long deadline = System.currentTimeMillis() + EXIT_PATIENCE_MILLIS;
        List<PyInterpreter> all = new ArrayList<>(live.values());
        List<CompletableFuture<?>> written = new ArrayList<>(all.size());
        for (PyInterpreter i : all) {
            // Each from a thread of its own: a flush waits for the GIL of an interpreter whose code runs.
            written.add(CompletableFuture.runAsync(i::flushFiles,
                    r -> Thread.ofPlatform().daemon(true).name("interpreters4j-shutdown-flush").start(r)));
        }
        awaitAll(written, deadline);
        for (PyInterpreter i : all) {
            i.shutdown();
        }
        for (PyInterpreter i : all) {
            i.awaitClosed(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    /**
     * The launcher's program has ended in the main interpreter (which joined its threads, ran its
     * atexit handlers and closed its files): every other interpreter ends as CPython ends its
     * subinterpreters at exit ({@link PyInterpreter#finishForExit}), within
     * {@link #EXIT_PATIENCE_MILLIS}. Contexts are not closed and spares are left alone: the
     * process exits next, and closing them would only spend time.
     */
    public void finishForExit() {
        long deadline = System.currentTimeMillis() + EXIT_PATIENCE_MILLIS;
        List<CompletableFuture<?>> ended = new ArrayList<>();
        for (PyInterpreter i : live.values()) {
            if (i != main) {
                ended.add(i.finishForExit());
            }
        }
        awaitAll(ended, deadline);
    }

    private static void awaitAll(List<CompletableFuture<?>> futures, long deadlineMillis) {
        try {
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .get(Math.max(1, deadlineMillis - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Past the patience, or one failed: the process ends regardless.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
