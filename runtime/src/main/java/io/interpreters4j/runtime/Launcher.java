package io.interpreters4j.runtime;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code bin/interpreters}: runs a Python program in the main interpreter, as {@code python3}
 * does: {@code PROG.py [ARGS…]}, {@code -c CODE [ARGS…]} or {@code -m MODULE [ARGS…]}, with
 * {@code sys.argv}, the exit status, stdout/stderr and uncaught tracebacks as python3 gives them.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(launch(args));
    }

    static int launch(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println("usage: interpreters PROG.py [ARGS...] | -c CODE [ARGS...] | -m MODULE [ARGS...]");
            return args.length == 0 ? 2 : 0;
        }
        String path = null;
        String code = null;
        String[] argv;
        String sysPath0;
        switch (args[0]) {
            case "-c", "-m" -> {
                if (args.length < 2) {
                    System.err.println("Argument expected for the " + args[0] + " option");
                    return 2;
                }
                argv = Arrays.copyOfRange(args, 1, args.length);
                if (args[0].equals("-c")) {
                    code = args[1];
                    argv[0] = "-c";
                    sysPath0 = "";
                } else {
                    code = "import runpy\nrunpy._run_module_as_main(" + pyString(args[1]) + ")\n";
                    sysPath0 = Path.of("").toAbsolutePath().toString();
                }
            }
            default -> {
                path = args[0];
                argv = args.clone();
                Path parent = Path.of(path).toAbsolutePath().getParent();
                sysPath0 = parent == null ? "" : parent.toString();
            }
        }
        PythonRuntime.configureSysPath0(sysPath0);
        int status = PythonRuntime.get().interpreters().main().runMain(path, code, argv);
        System.out.flush();
        System.err.flush();
        return status;
    }

    private static String pyString(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c == '\\' || c == '\'') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('\'').toString();
    }
}
