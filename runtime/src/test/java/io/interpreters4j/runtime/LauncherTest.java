package io.interpreters4j.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher as python3 (docs/configuration.md, "The launcher"), in a child JVM (interpreter-only, to start fast): the exit
 * status of {@code os._exit(n)}, which ends the process at once, and {@code sys.path}. Exit
 * statuses of normal ends, {@code SystemExit} and uncaught exceptions are covered in-process by
 * the Python suites.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LauncherTest {

    @Test
    void osExitEndsTheProcessWithItsStatus() throws Exception {
        Result r = launch(Map.of(), "-c", "import os\nprint('before', flush=True)\nos._exit(7)\nprint('after')");
        assertEquals("before\n", r.out, r.err);
        // (stderr holds the runtime's one warning that this child runs without the JIT, nothing else)
        assertTrue(r.err.lines().allMatch(l -> l.startsWith("interpreters4j: WARNING: the Graal JIT")), r.err);
        assertEquals(7, r.status);
    }

    /**
     * As python3: the program's directory, then the PYTHONPATH entries (empty ones skipped), lead
     * sys.path, in the main interpreter and in every trusted interpreter it creates; a module
     * found only through PYTHONPATH imports in both.
     */
    @Test
    void sysPathStartsWithTheProgramsDirectoryThenPythonPath(@TempDir Path tmp) throws Exception {
        Path prog = Files.createDirectories(tmp.resolve("prog"));
        Path libA = Files.createDirectories(tmp.resolve("libA"));
        Path libB = Files.createDirectories(tmp.resolve("libB"));
        Files.writeString(libB.resolve("only_in_b.py"), "WHERE = 'b'\n");
        Files.writeString(prog.resolve("main.py"), String.join("\n",
                "import sys, interpreters, only_in_b",
                "print(sys.path[:3], only_in_b.WHERE, flush=True)",
                "sub = interpreters.create()",
                "sub.run('import sys, only_in_b\\nprint(sys.path[:3], only_in_b.WHERE, flush=True)')",
                ""));
        String pythonPath = libA + File.pathSeparator + File.pathSeparator + libB;
        Result r = launch(Map.of("PYTHONPATH", pythonPath), prog.resolve("main.py").toString());
        assertEquals(0, r.status, r.err);
        String expected = "['" + prog + "', '" + libA + "', '" + libB + "'] b";
        assertEquals(expected + "\n" + expected + "\n", r.out, r.err);
    }

    private record Result(int status, String out, String err) {
    }

    /** Runs the launcher in a child JVM without the JIT, with {@code env} added to its environment. */
    private static Result launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpolyglot.engine.WarnInterpreterOnly=false",
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(200, TimeUnit.SECONDS), "the launcher did not end");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
