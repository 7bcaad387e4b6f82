package io.interpreters4j.runtime.interpreter;

import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.runtime.data.RemoteFailure;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The one polyglot {@link Engine} every interpreter's context is built on (shared compiled code,
 * one JIT), and the rules those contexts are built with.
 *
 * <p>GraalVM requires every context of a shared engine to use the same {@link HostAccess}
 * policy, so there is exactly one: {@link HostAccess#EXPLICIT} (only {@code @Export}ed members of
 * the runtime's own bridge objects are reachable) plus array access. What differs between
 * interpreters is granted per context: threads, I/O, native access.
 *
 * <p>Every context runs with {@code python.InspectFlag} (python3's {@code -i}). Code is evaluated
 * from shared {@link org.graalvm.polyglot.Source}s ({@link SharedSources}), and without that flag
 * GraalPy turns a {@code SystemExit} that escapes a top-level evaluation into an exit of the
 * context, which loses the exception (its message, its traceback). With it, the {@code SystemExit}
 * propagates as the exception it is and a run reports it like any other. The flag does nothing
 * else in an embedded context; {@code _boot.py} puts {@code sys.flags.inspect} back to 0.
 */
public final class PythonEngine {

    /** The single host-access policy of the engine (see class comment). */
    static final HostAccess HOST_ACCESS = HostAccess.newBuilder(HostAccess.EXPLICIT).allowArrayAccess(true).build();

    private static final String RESOURCES = "/io/interpreters4j/runtime/python/";
    /**
     * The runtime's own Python modules, each with whether it is a package, served from
     * {@link #RESOURCES} by the import hook that the boot code installs (it gets this list from
     * {@link #boot}): PEP 554's {@code interpreters} and its implementation, and CPython 3.14's
     * {@code concurrent.interpreters} and {@code concurrent.futures.interpreter}, which GraalPy 25
     * (Python 3.12) does not have. A module {@code a.b} is the resource {@code a/b.py}, a package's
     * {@code a/b/__init__.py}.
     */
    static final Map<String, Boolean> MODULES = Map.of(
            "interpreters", false,
            "_interpreters4j", false,
            "_interpreters4j_pool", false,
            "_interpreters4j_rehearsal", false,
            "concurrent.interpreters", true,
            "concurrent.interpreters._queues", false,
            "concurrent.interpreters._crossinterp", false,
            "concurrent.futures.interpreter", false);
    /** {@link #MODULES} as the boot code reads them: names separated by spaces, a package's ending in '/'. */
    private static final String MODULE_NAMES = MODULES.entrySet().stream()
            .map(e -> e.getKey() + (e.getValue() ? "/" : "")).sorted().collect(Collectors.joining(" "));

    private final Engine engine;
    private final boolean jit;
    /** Evaluates to the bootstrap function; cached so its parse is shared by every context. */
    private final Source bootSource;
    /** The sources of run() and of sent functions, shared by every context (compiled once). */
    private final SharedSources sharedSources = new SharedSources();
    /**
     * Evaluates to the install function of the tracking of open files ({@code _files.py}).
     * Internal: GraalPy keeps the frames of internal sources out of Python tracebacks, so the
     * {@code open()} it installs fails with the traceback of a built-in, as CPython's does.
     */
    private final Source filesSource;
    /** Python module sources served to the import hook, by module name. */
    private final java.util.Map<String, String> moduleSources = new java.util.concurrent.ConcurrentHashMap<>();

    public PythonEngine() {
        Engine.Builder builder = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false");
        if (System.getProperty("polyglot.log.file") == null) {
            // GraalVM's own -Dpolyglot.log.file=PATH (for diagnosis, e.g. with
            // -Dpolyglot.engine.TraceCompilation=true) wins over the filter.
            builder.logHandler(new GraalLogHandler());
        }
        this.engine = builder.build();
        String impl = engine.getImplementationName();
        this.jit = !"Interpreted".equalsIgnoreCase(impl);
        this.bootSource = Source.newBuilder("python", resource("_boot.py"), "<interpreters4j boot>").cached(true)
                .buildLiteral();
        this.filesSource = Source.newBuilder("python", resource("_files.py"), "<interpreters4j files>").cached(true)
                .internal(true).buildLiteral();
    }

    /** Whether Python code is compiled by the Graal JIT (else it runs interpreted, many times slower). */
    public boolean jit() {
        return jit;
    }

    /** The engine-wide {@code Source} of {@code text}, named {@code name} in tracebacks (see {@link SharedSources}). */
    public Source sharedSource(String text, String name) {
        return sharedSources.get(text, name);
    }

    /** Source text of one of the runtime's own Python modules ({@link #MODULES}), or null. */
    public String moduleSource(String name) {
        Boolean isPackage = MODULES.get(name);
        if (isPackage == null) {
            return null;
        }
        return moduleSources.computeIfAbsent(name,
                n -> resource(n.replace('.', '/') + (isPackage ? "/__init__.py" : ".py")));
    }

    /** A new context for an interpreter isolated as {@code config} says. */
    Context newContext(InterpreterConfig config) {
        return config.isIsolated() ? newIsolatedContext() : newTrustedContext();
    }

    /**
     * Runs the runtime's boot code in a new {@code context} ({@code _boot.py}): installs the import
     * hook that serves the runtime's modules ({@link #MODULES}) through {@code host} (the
     * interpreter's bridge), the tracking of the files Python opens ({@code _files.py}) and, for a
     * trusted interpreter, puts {@code sysPathPrefix} first on {@code sys.path}. Returns the
     * functions the owner thread enters Python through. Runs on the thread that will own it.
     */
    EntryPoints boot(Context context, InterpreterConfig config, HostObject host, String sysPathPrefix) {
        // Not kept entered: each execute enters and leaves, so that between runs no thread is
        // in the context and Context.interrupt can complete (it waits for the threads it
        // interrupts to leave; an owner thread entered for good would make it time out and
        // leave the context cancelling whatever runs next).
        Value installFiles = context.eval(filesSource);
        Value fns = context.eval(bootSource).execute(host, config.isIsolated() ? null : sysPathPrefix,
                MODULE_NAMES, installFiles);
        return new EntryPoints(context, sharedSources, fns.getArrayElement(0), fns.getArrayElement(1),
                fns.getArrayElement(2), fns.getArrayElement(3), fns.getArrayElement(4), fns.getArrayElement(5),
                fns.getArrayElement(6), fns.getArrayElement(7), fns.getArrayElement(8));
    }

    /**
     * How an owner thread enters Python: its context, for evaluating {@code run()} sources from
     * the engine's {@link SharedSources}, and the functions that {@code _boot.py} returns: bind a
     * run's names, describe an exception the code raised, end a run, the launcher's program, one
     * {@code call()}, a batch of calls, the end of the interpreter (threads joined, atexit
     * handlers, files closed), the flush of the files Python left open, and the import of what a
     * first call needs (which a spare does ahead of need: {@link SpareContexts}). All are called
     * by the owner thread only, but {@code flushFiles}, which any thread may call (the process's end).
     */
    record EntryPoints(Context context, SharedSources sources, Value bind, Value describe, Value afterRun,
            Value runMain, Value call, Value callMany, Value finish, Value flushFiles, Value prepareCalls) {

        /**
         * One run(): binds the shared names in {@code __main__}, then evaluates the source there
         * from its shared {@code Source}, so that the code it defines is the same compiled code in
         * every interpreter that runs this text. Returns the run's failure or null; what is not an
         * exception of the code's (an interrupt, a full heap, an internal error) propagates, for
         * the owner thread to sort ({@link Failures}).
         */
        RemoteFailure run(String source, String[] names, Object[] values) {
            try {
                if (names.length > 0) {
                    Value f = bind.execute(names, values);
                    if (!f.isNull()) {
                        return RemoteFailure.fromPython(f);
                    }
                }
                context.eval(sources.get(source, SharedSources.RUN_NAME));
                return null;
            } catch (PolyglotException e) {
                Value report = isRaisedByCode(e) ? describe.execute(e.getGuestObject()) : null;
                if (report == null || report.isNull()) {
                    throw e;
                }
                // Described as Python sees it: type, message, traceback (which starts at the code's
                // own <module> frame: nothing of the runtime's stands between).
                return RemoteFailure.fromPython(report);
            } finally {
                try {
                    afterRun.execute(); // what the run printed is written before its caller hears of the end
                } catch (PolyglotException e) {
                    if (!e.isInterrupted() && !e.isCancelled()) {
                        throw e;
                    }
                    // The interrupt that ended the run caught this too (interrupt() repeats until
                    // the run is over): the output stays buffered until the next run's end.
                }
            }
        }

        /**
         * Whether {@code e} may be an exception the evaluated code raised, for Python to describe:
         * a guest exception that is not an interrupt, a cancellation, a full heap or an internal
         * error. (SystemExit is one although GraalPy reports it as an exit: with python.InspectFlag
         * it propagates as the exception object instead of exiting the context. An
         * {@code os._exit()} is an exit too, but no Python exception: describe_for_host tells
         * them apart.)
         */
        private static boolean isRaisedByCode(PolyglotException e) {
            if (!e.isGuestException() || e.isInterrupted() || e.isCancelled() || e.isResourceExhausted()
                    || e.isInternalError()) {
                return false;
            }
            Value exc = e.getGuestObject();
            return exc != null && !exc.isNull();
        }
    }

    /** Pure computation: no I/O, native access, threads, processes, environment or host classes. */
    private Context newIsolatedContext() {
        return Context.newBuilder("python")
                .engine(engine)
                .allowHostAccess(HOST_ACCESS)
                .allowValueSharing(false)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowIO(IOAccess.NONE)
                .allowCreateProcess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .option("python.PosixModuleBackend", "java")
                .option("python.WarnExperimentalFeatures", "false")
                .option("python.InspectFlag", "true") // SystemExit stays an exception: see class comment
                .build();
    }

    /**
     * The environment trusted interpreters start with, when it is not the JVM's own: a warm start
     * runs a program for a client whose environment the JVM did not start with. Null: inherit.
     */
    private volatile Map<String, String> environment;

    /** For a warm start: trusted contexts built from now on see {@code env} as their environment. */
    public void useEnvironment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
    }

    /** A new context for a trusted interpreter: the real process, as a CPython subinterpreter sees it. */
    private Context newTrustedContext() {
        Map<String, String> env = environment;
        Context.Builder builder = Context.newBuilder("python");
        if (env == null) {
            builder.allowEnvironmentAccess(EnvironmentAccess.INHERIT);
        } else {
            builder.allowEnvironmentAccess(EnvironmentAccess.NONE).environment(env);
        }
        return builder
                .engine(engine)
                .allowHostAccess(HOST_ACCESS)
                .allowValueSharing(false)
                .allowCreateThread(true)
                .allowNativeAccess(true)
                .allowIO(IOAccess.ALL)
                .allowCreateProcess(true)
                // Real OS file descriptors, shared process-wide; stdio is fds 0, 1, 2.
                .option("python.PosixModuleBackend", "native")
                .option("python.WarnExperimentalFeatures", "false")
                // As python3: imports write __pycache__/*.pyc and reuse them (GraalPy's embedding
                // default writes none).
                .option("python.DontWriteBytecodeFlag", "false")
                .option("python.InspectFlag", "true") // SystemExit stays an exception: see class comment
                .build();
    }

    private static String resource(String name) {
        try (InputStream in = PythonEngine.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing runtime resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Passes GraalVM's log records to stderr, except the one warning every context with the native
     * POSIX backend prints: that stdio is fds 0-2 is exactly what we want.
     */
    private static final class GraalLogHandler extends Handler {
        @Override
        public void publish(LogRecord record) {
            String msg = record.getMessage();
            if (msg != null && msg.startsWith("Native Posix backend is not fully supported")) {
                return;
            }
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                System.err.println("[" + record.getLoggerName() + "] " + record.getLevel() + ": " + msg);
            }
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
        }
    }
}
