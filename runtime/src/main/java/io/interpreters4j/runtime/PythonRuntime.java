package io.interpreters4j.runtime;

import io.interpreters4j.Interpreter;
import io.interpreters4j.channels.ChannelRegistry;
import io.interpreters4j.runtime.interpreter.InterpreterTable;
import io.interpreters4j.runtime.interpreter.PythonEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * The process-wide runtime, created on first use: it puts together the shared engine, the channel
 * registry, the table of interpreters (the main one, id 0, is started with it) and the functions
 * sent between them, and gives each interpreter's context a {@link Bridge} to call. The two front
 * doors use it: {@link GraalPyProvider} (Java callers) and {@link Launcher} (the command); Python
 * code reaches it through its interpreter's bridge.
 *
 * <h2>Thread-Safety</h2>
 * {@link #get()} creates the one instance under a lock; the parts are thread-safe themselves.
 */
final class PythonRuntime {

    private static volatile PythonRuntime instance;
    private static volatile String configuredSysPath0;

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

    private final PythonEngine engine;
    private final ChannelRegistry channels;
    /** Functions sent to interpreters by {@code call()}, by key. */
    private final FunctionTable functions = new FunctionTable();
    private final InterpreterTable interpreters;
    /** Ends every interpreter when the JVM exits (or, removed, when the lifecycle thread is interrupted). */
    private Thread shutdownHook;

    private PythonRuntime() {
        this.engine = new PythonEngine();
        JvmCheck.warnIfJitOff(engine.jit());
        this.channels = new ChannelRegistry(new ChannelSupport(this::findInterpreter));
        this.interpreters = new InterpreterTable(engine, channels, sysPathPrefix(configuredSysPath0, System.getenv()), this::newBridge);
    }

    private void start() {
        interpreters.startMain();
        shutdownHook = Thread.ofPlatform().name("interpreters4j-shutdown").unstarted(interpreters::shutdown);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Thread.ofPlatform().name("interpreters4j-lifecycle").daemon(true).start(this::endWhenInterrupted);
    }

    /**
     * The lifecycle thread: it waits for nothing but an interrupt, then ends the runtime as JVM
     * exit does. A host that ends a program without ending the JVM interrupts the program's
     * threads (exec:java does, then waits 15 s for them and closes their class loader; an
     * application server undeploying does the same): this thread, in the thread group of the
     * thread that started the runtime, hears it, so that the interpreters' threads (which ignore
     * interrupts: they get stray ones from Interpreter.interrupt()) and GraalPy's end promptly,
     * while the program's classes can still be loaded. The runtime never interrupts it itself.
     */
    private void endWhenInterrupted() {
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException exiting) {
                return; // the JVM is exiting: the hook does it
            }
            interpreters.shutdown();
        }
    }

    private Interpreter findInterpreter(long id) {
        return interpreters.find(id);
    }

    private Bridge newBridge() {
        return new Bridge(interpreters, channels, functions, engine);
    }

    InterpreterTable interpreters() {
        return interpreters;
    }

    ChannelRegistry channels() {
        return channels;
    }

    PythonEngine engine() {
        return engine;
    }

    /** Whether GraalPy compiles with the Graal JIT on this JVM. */
    boolean jit() {
        return engine.jit();
    }

    /** sys.path[0] for every interpreter (the launcher's program directory); call before first use. */
    static void configureSysPath0(String dir) {
        configuredSysPath0 = dir;
    }

    /**
     * What a trusted interpreter puts first on {@code sys.path}: the main program's directory,
     * then the {@code PYTHONPATH} entries, as python3 orders them, joined by NUL (which no path
     * holds), {@code PYTHONPATH} read from {@code env}; null when there is no main program
     * (embedded use).
     */
    static String sysPathPrefix(String path0, java.util.Map<String, String> env) {
        if (path0 == null) {
            return null;
        }
        List<String> prefix = new ArrayList<>();
        prefix.add(path0);
        String pythonPath = env.get("PYTHONPATH");
        if (pythonPath != null) {
            for (String p : pythonPath.split(java.io.File.pathSeparator)) {
                if (!p.isEmpty()) {
                    prefix.add(p);
                }
            }
        }
        return String.join("\0", prefix);
    }
}
