package io.interpreters4j.runtime;

import io.interpreters4j.runtime.interpreter.InterpreterTable;
import io.interpreters4j.runtime.interpreter.ProgramEnd;

import java.nio.file.Path;

/**
 * {@code bin/interpreters}: runs a Python program in the main interpreter, as {@code python3}
 * does: {@code PROG.py [ARGS…]}, {@code -c CODE [ARGS…]} or {@code -m MODULE [ARGS…]}, with
 * {@code sys.argv}, the exit status, stdout/stderr and uncaught tracebacks as python3 gives them.
 * {@code --warm-spare DIR} (used by {@code bin/interpreters} only) boots a runtime ahead of its
 * program and waits for one: see {@link WarmStart}.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        ProgramEnd end;
        if (args.length == 2 && args[0].equals(WarmStart.OPTION)) {
            end = WarmStart.serve(Path.of(args[1]));
        } else {
            int usage = Program.usageStatus(args);
            if (usage >= 0) {
                System.exit(usage);
            }
            end = launch(args);
        }
        if (end.immediate()) {
            // os._exit(n): the process ends now, as on CPython: no handler runs, nothing is written.
            Runtime.getRuntime().halt(end.status());
        }
        exit(PythonRuntime.get().interpreters(), end.status());
    }

    /**
     * The end of the process once the program has ended in the main interpreter, which joined its
     * threads, ran its atexit handlers and closed its files: every other interpreter ends as
     * CPython ends its subinterpreters at exit (at most {@link InterpreterTable#EXIT_PATIENCE_MILLIS}),
     * then the JVM halts with {@code status}.
     *
     * <p>Why halt rather than {@code System.exit}: by then nothing a Python program can observe is
     * left to do. Every file is written and closed (the fds of the files of interpreters still
     * running code are written, and the OS closes them), stdio is flushed, the atexit handlers
     * have run. What System.exit would add is the JVM's shutdown hooks: the runtime's own, which
     * would close every context (GraalPy's dispose of each, seconds on a cold JVM, for nothing),
     * and Truffle's, which closes the engine's instruments and flushes its log. Those matter only
     * under diagnostic options ({@code -Dpolyglot.*}: profilers, statistics and log files write
     * their output then), so with any of them set the exit takes the JVM's full path.
     */
    private static void exit(InterpreterTable interpreters, int status) {
        interpreters.finishForExit();
        System.out.flush();
        System.err.flush();
        if (System.getProperties().stringPropertyNames().stream().anyMatch(p -> p.startsWith("polyglot."))) {
            System.exit(status);
        }
        Runtime.getRuntime().halt(status);
    }

    /** Runs the program the arguments name (checked by {@link #main}) in the main interpreter, to its end. */
    static ProgramEnd launch(String[] args) {
        Program program = Program.parse(args, Path.of("").toAbsolutePath());
        PythonRuntime.configureSysPath0(program.sysPath0());
        return program.run(PythonRuntime.get().interpreters().main());
    }
}
