package io.interpreters4j.runtime;

import io.interpreters4j.InterpreterConfig;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 */
final class PythonEngine {

    /** The single host-access policy of the engine (see class comment). */
    static final HostAccess HOST_ACCESS = HostAccess.newBuilder(HostAccess.EXPLICIT).allowArrayAccess(true).build();

    private static final String RESOURCES = "/io/interpreters4j/runtime/python/";

    final Engine engine;
    final boolean jit;
    /** Evaluates to the bootstrap function; cached so its parse is shared by every context. */
    final Source bootSource;
    /** Python module sources served to the import hook, by module name. */
    private final java.util.Map<String, String> moduleSources = new java.util.concurrent.ConcurrentHashMap<>();

    PythonEngine() {
        Engine.Builder builder = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false");
        if (System.getProperty("polyglot.log.file") == null) {
            // GraalVM's own -Dpolyglot.log.file=PATH (for diagnosis, e.g. with
            // -Dpolyglot.engine.TraceCompilation=true) wins over the filter.
            builder.logHandler(new GraalLogHandler());
        }
        this.engine = builder.build();
        String impl = engine.getImplementationName();
        this.jit = !"Interpreted".equalsIgnoreCase(impl);
        if (!jit) {
            System.err.println("interpreters4j: WARNING: the Graal JIT is not available on this JVM ("
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                    + "); Python code runs interpreted, many times slower. Run on a JDK 21+ with "
                    + "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=<Graal compiler jars> "
                    + "(bin/interpreters and the Maven build do this by themselves).");
        }
        this.bootSource = Source.newBuilder("python", resource("_boot.py"), "<interpreters4j boot>").cached(true)
                .buildLiteral();
    }

    /** Source text of one of the runtime's own Python modules, or null. */
    String moduleSource(String name) {
        return switch (name) {
            case "interpreters", "_interpreters4j", "_interpreters4j_pool" -> moduleSources.computeIfAbsent(name, n -> resource(n + ".py"));
            default -> null;
        };
    }

    /** A new context for an interpreter isolated as {@code config} says. */
    Context newContext(InterpreterConfig config) {
        return config.isIsolated() ? newIsolatedContext() : newTrustedContext();
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
                .build();
    }

    /** A new context for a trusted interpreter: the real process, as a CPython subinterpreter sees it. */
    private Context newTrustedContext() {
        return Context.newBuilder("python")
                .engine(engine)
                .allowHostAccess(HOST_ACCESS)
                .allowValueSharing(false)
                .allowCreateThread(true)
                .allowNativeAccess(true)
                .allowIO(IOAccess.ALL)
                .allowCreateProcess(true)
                .allowEnvironmentAccess(EnvironmentAccess.INHERIT)
                // Real OS file descriptors, shared process-wide; stdio is fds 0, 1, 2.
                .option("python.PosixModuleBackend", "native")
                .option("python.WarnExperimentalFeatures", "false")
                // As python3: imports write __pycache__/*.pyc and reuse them (GraalPy's embedding
                // default writes none).
                .option("python.DontWriteBytecodeFlag", "false")
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

    void close() {
        engine.close(true);
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
