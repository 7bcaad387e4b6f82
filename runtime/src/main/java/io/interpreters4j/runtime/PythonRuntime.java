package io.interpreters4j.runtime;

import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.InterpreterNotFoundError;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide runtime: the shared engine, the table of live interpreters, the channels.
 * Created on first use; the main interpreter (id 0) is created with it.
 *
 * <h2>Thread-Safety</h2>
 * Every method may be called from any thread. The interpreter table is a concurrent sorted map,
 * so {@code list_all} is ordered by id without locking; ids come from an atomic counter and are
 * never reused.
 */
final class PythonRuntime {
    static final long MAIN_ID = 0;

    private static volatile PythonRuntime instance;

    static PythonRuntime get() {
        PythonRuntime r = instance;
        if (r == null) {
            synchronized (PythonRuntime.class) {
                r = instance;
                if (r == null) {
                    r = new PythonRuntime();
                    instance = r;
                    r.start();
                }
            }
        }
        return r;
    }

    final PythonEngine engine;
    final ChannelSupport channels;
    /** Functions sent to interpreters by {@code call()}, by key. */
    final FunctionTable functions = new FunctionTable();
    /** Booted contexts ready for create(); see {@link SpareContexts}. */
    final SpareContexts spares;
    private final ConcurrentSkipListMap<Long, PyInterpreter> live = new ConcurrentSkipListMap<>();
    private final AtomicLong nextId = new AtomicLong(MAIN_ID + 1);
    private volatile PyInterpreter main;
    /** sys.path[0] of the main program (its directory), given to every interpreter; null for none. */
    private volatile String sysPath0 = configuredSysPath0;
    private static volatile String configuredSysPath0;

    private PythonRuntime() {
        this.engine = new PythonEngine();
        this.channels = new ChannelSupport(this);
        this.spares = new SpareContexts(this);
    }

    private void start() {
        main = new PyInterpreter(this, MAIN_ID, InterpreterConfig.trusted());
        live.put(MAIN_ID, main);
        main.start();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("interpreters4j-shutdown").unstarted(this::shutdown));
    }

    /** A new interpreter: on a spare context when one is ready (its id is given only now), else on its own. */
    PyInterpreter create(InterpreterConfig config) {
        java.util.Objects.requireNonNull(config, "config");
        SpareContexts.Prepared spare = spares.take(config);
        PyInterpreter interp = new PyInterpreter(this, nextId.getAndIncrement(), config, spare);
        live.put(interp.id, interp);
        interp.start();
        return interp;
    }

    PyInterpreter main() {
        return main;
    }

    PyInterpreter get(long id) {
        PyInterpreter interp = live.get(id);
        if (interp == null || interp.isDestroyed()) {
            throw new InterpreterNotFoundError(id);
        }
        return interp;
    }

    /** The live interpreter with this id, or null. */
    PyInterpreter find(long id) {
        return live.get(id);
    }

    List<Interpreter> listAll() {
        List<Interpreter> all = new ArrayList<>(live.size());
        for (PyInterpreter i : live.values()) {
            if (!i.isDestroyed()) {
                all.add(i);
            }
        }
        return all;
    }

    long[] liveIds() {
        return live.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** Called by destroy, after the state change: forget it and drop its channel associations. */
    void forget(PyInterpreter interp) {
        live.remove(interp.id, interp);
        channels.dropInterpreter(interp.id);
    }

    /**
     * The interpreter the calling thread acts for: its own for an interpreter's owner thread, else
     * main. (Python threads reach the runtime only through their interpreter's bridge, which
     * passes its id explicitly.)
     */
    long currentId() {
        PyInterpreter owner = PyInterpreter.ownerOf(Thread.currentThread());
        return owner == null ? MAIN_ID : owner.id;
    }

    PyInterpreter current() {
        PyInterpreter owner = PyInterpreter.ownerOf(Thread.currentThread());
        return owner == null ? main : owner;
    }

    /** sys.path[0] for every interpreter (the launcher's program directory); call before first use. */
    static void configureSysPath0(String dir) {
        configuredSysPath0 = dir;
    }

    /**
     * What a trusted interpreter puts first on {@code sys.path}: the main program's directory,
     * then the {@code PYTHONPATH} entries, as python3 orders them, joined by NUL (which no path
     * holds); null when there is no main program (embedded use).
     */
    String sysPathPrefix() {
        String path0 = sysPath0;
        if (path0 == null) {
            return null;
        }
        List<String> prefix = new ArrayList<>();
        prefix.add(path0);
        String pythonPath = System.getenv("PYTHONPATH");
        if (pythonPath != null) {
            for (String p : pythonPath.split(java.io.File.pathSeparator)) {
                if (!p.isEmpty()) {
                    prefix.add(p);
                }
            }
        }
        return String.join("\0", prefix);
    }

    /** JVM shutdown: end every interpreter without waiting for running code; bounded. */
    private void shutdown() {
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
