package io.interpreters4j.runtime.interpreter;

import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.channels.ChannelRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
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
 * never reused.
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

    /** JVM shutdown: end every interpreter without waiting for running code; bounded. */
    public void shutdown() {
        spares.close();
        List<PyInterpreter> all = new ArrayList<>(live.values());
        for (PyInterpreter i : all) {
            i.shutdown();
        }
        long deadline = System.currentTimeMillis() + 2000;
        for (PyInterpreter i : all) {
            i.awaitClosed(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }
}
