package io.interpreters4j.runtime;

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
        if (args.length == 2 && args[0].equals(WarmStart.OPTION)) {
            System.exit(WarmStart.serve(Path.of(args[1])));
        }
        System.exit(launch(args));
    }

    static int launch(String[] args) {
        Program program = Program.parse(args, Path.of("").toAbsolutePath());
        if (program == null) {
            return Program.usageStatus(args);
        }
        PythonRuntime.configureSysPath0(program.sysPath0());
        return program.run(PythonRuntime.get().interpreters().main());
    }
}
