package io.interpreters4j.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's exit status for {@code os._exit(n)}, which ends the process at once, as in
 * python3 (SPEC §8), in a child JVM (interpreter-only, to start fast). Exit statuses of normal
 * ends, {@code SystemExit} and uncaught exceptions are covered in-process by the Python suites.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LauncherTest {

    @Test
    void osExitEndsTheProcessWithItsStatus() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpolyglot.engine.WarnInterpreterOnly=false",
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(),
                "-c", "import os\nprint('before', flush=True)\nos._exit(7)\nprint('after')");
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(200, TimeUnit.SECONDS), "the launcher did not end");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("before\n", out, err);
        // (stderr holds the runtime's one warning that this child runs without the JIT, nothing else)
        assertTrue(err.lines().allMatch(l -> l.startsWith("interpreters4j: WARNING: the Graal JIT")), err);
        assertEquals(7, p.exitValue());
    }
}
