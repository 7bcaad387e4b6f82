package io.interpreters4j.runtime;

import io.interpreters4j.runtime.interpreter.ProgramEnd;
import io.interpreters4j.runtime.interpreter.PyInterpreter;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The program a command names, as python3 reads its arguments: {@code PROG.py [ARGS…]},
 * {@code -c CODE [ARGS…]} or {@code -m MODULE [ARGS…]}, with the {@code sys.argv} and
 * {@code sys.path[0]} python3 gives it. Used by the cold start ({@link Launcher}) and the warm
 * start ({@link WarmStart}) alike.
 *
 * @param path     the program's file, or null for {@code -c} and {@code -m}
 * @param code     the code to run instead of a file, or null
 * @param argv     {@code sys.argv}
 * @param sysPath0 {@code sys.path[0]}: the program's directory, the working directory for
 *                 {@code -m}, empty for {@code -c}
 */
record Program(String path, String code, String[] argv, String sysPath0) {

    static final String USAGE = "usage: interpreters PROG.py [ARGS...] | -c CODE [ARGS...] | -m MODULE [ARGS...]";

    /**
     * The program {@code args} name, for a command started in directory {@code cwd}; null when
     * the arguments name none (see {@link #usageStatus}).
     */
    static Program parse(String[] args, Path cwd) {
        if (!namesAProgram(args)) {
            return null;
        }
        switch (args[0]) {
            case "-c" -> {
                String[] argv = Arrays.copyOfRange(args, 1, args.length);
                argv[0] = "-c";
                return new Program(null, args[1], argv, "");
            }
            case "-m" -> {
                String code = "import runpy\nrunpy._run_module_as_main(" + pyString(args[1]) + ")\n";
                return new Program(null, code, Arrays.copyOfRange(args, 1, args.length), cwd.toString());
            }
            default -> {
                Path parent = cwd.resolve(args[0]).getParent();
                return new Program(args[0], null, args.clone(), parent == null ? "" : parent.toString());
            }
        }
    }

    /**
     * For arguments that name no program, prints what python3 would and returns the exit status
     * (0 for {@code -h}); returns -1 when they name one.
     */
    static int usageStatus(String[] args) {
        if (namesAProgram(args)) {
            return -1;
        }
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        System.err.println("Argument expected for the " + args[0] + " option");
        return 2;
    }

    private static boolean namesAProgram(String[] args) {
        return args.length > 0 && !args[0].equals("-h") && !args[0].equals("--help")
                && !((args[0].equals("-c") || args[0].equals("-m")) && args.length < 2);
    }

    /** Runs it as the program of {@code main}, to its end. */
    ProgramEnd run(PyInterpreter main) {
        return main.runProgram(path, code, argv);
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
