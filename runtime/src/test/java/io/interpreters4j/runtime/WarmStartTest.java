package io.interpreters4j.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.interpreters4j.runtime.ChildProcesses.nextLine;
import static io.interpreters4j.runtime.ChildProcesses.sigint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A warm start (bin/warm-start.bash, {@link WarmStart}): the real client script and a real spare
 * JVM (interpreter-only, to boot fast). A program run on a spare is that spare's process (its pid)
 * and sees what a cold start gives it: argv, working directory, environment, stdin, stdout and
 * stderr apart, exit status, {@code sys.path} (the program's directory), files it writes by
 * relative path, and interpreters it creates get the same environment and path. Signals sent to
 * the command reach the program (its handler runs; Ctrl-C raises KeyboardInterrupt); a killed
 * command takes its program with it; an idle spare exits.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class WarmStartTest {

    private static final Path CLIENT = Path.of(System.getProperty("user.dir")).getParent().resolve("bin/warm-start.bash");

    @TempDir
    Path tmp;
    private Path warmDir;

    @BeforeEach
    void setUp() {
        warmDir = tmp.resolve("warm");
    }

    /**
     * Ends every spare the test left, booted or not: the wrapper's whole process group (it leads
     * a session of its own), so that a JVM it had not started yet when the test ended does not
     * start, boot and rehearse beside the tests after this one.
     */
    @AfterEach
    void endSpares() throws Exception {
        if (Files.isDirectory(warmDir)) {
            try (Stream<Path> spares = Files.list(warmDir)) {
                for (Path s : spares.toList()) {
                    long jvm = jvmOf(s);
                    try {
                        String wrapper = Files.readString(s.resolve("wrapper")).trim();
                        new ProcessBuilder("kill", "-KILL", "--", "-" + wrapper).redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
                    } catch (IOException noWrapperYet) {
                        // its command had not written the file: nothing started
                    }
                    if (jvm > 0) {
                        ProcessHandle.of(jvm).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            }
        }
    }

    @Test
    void aProgramRunsOnTheSpareAsItWouldRunCold() throws Exception {
        Path prog = Files.createDirectories(tmp.resolve("prog"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(prog.resolve("helper.py"), "VALUE = 42\n");
        Files.writeString(prog.resolve("main.py"), String.join("\n",
                "import os, sys, helper, interpreters",
                "print(os.getpid(), os.getcwd(), sys.argv, os.environ.get('WARM_TEST'), helper.VALUE, flush=True)",
                "print('stdin:', sys.stdin.read().strip(), flush=True)",
                "with open('written.txt', 'w') as f:",
                "    f.write('by the program')",
                "sub = interpreters.create()",
                "sub.run(\"import os, helper\\nprint('sub', os.environ.get('WARM_TEST'), helper.VALUE, flush=True)\")",
                "print('to stderr', file=sys.stderr, flush=True)",
                "sys.exit(7)",
                ""));
        // Cold: no spare yet; it leaves one booting.
        Result cold = client(work, Map.of("WARM_TEST", "cold"), "in-cold", prog.resolve("main.py").toString(), "a");
        assertEquals(7, cold.status, cold.err);
        long coldPid = Long.parseLong(cold.out.split(" ")[0]);

        long spare = awaitReadySpare();
        Files.delete(work.resolve("written.txt"));
        Result warm = client(work, Map.of("WARM_TEST", "warm"), "in-warm", prog.resolve("main.py").toString(), "x", "y z");
        assertEquals(7, warm.status, warm.err);
        String expected = spare + " " + work.toRealPath() + " ['" + prog.resolve("main.py") + "', 'x', 'y z'] warm 42\n"
                + "stdin: in-warm\n"
                + "sub warm 42\n";
        assertEquals(expected, warm.out, warm.err);
        assertTrue(coldPid != spare, "the cold run was its own process");
        assertTrue(warm.err.contains("to stderr"), warm.err);
        assertEquals("by the program", Files.readString(work.resolve("written.txt")));

        // Standard output to a file at an offset (`>file`): the shell would write over what a
        // process with offsets of its own wrote, so this command starts cold, on its own JVM.
        long next = awaitReadySpare();
        Path out = work.resolve("out.txt");
        ProcessBuilder cold2 = startBuilder(work, Map.of(), "-c", "import os; print(os.getpid())");
        cold2.redirectOutput(out.toFile()); // opened without append, as `>file` does
        Process p = cold2.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the command did not end");
        assertEquals(0, p.exitValue());
        long pid = Long.parseLong(Files.readString(out).trim());
        assertTrue(pid != next, "a command writing to a file at an offset ran on the spare");
        assertTrue(ProcessHandle.of(next).map(ProcessHandle::isAlive).orElse(false), "the spare was used up");
    }

    @Test
    void signalsReachTheProgramAndAKilledCommandEndsIt() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        String sleeper = "import os, signal, sys, time\n"
                + "signal.signal(signal.SIGTERM, lambda *a: (print('got', a[0], flush=True), os._exit(3)))\n"
                + "print(os.getpid(), flush=True)\ntime.sleep(120)\n";
        client(work, Map.of(), "", "-c", "pass"); // leaves a spare booting
        long spare = awaitReadySpare();

        Process term = start(work, Map.of(), "-c", sleeper);
        assertEquals(spare, Long.parseLong(nextLine(term, 120)));
        term.toHandle().destroy(); // SIGTERM to the command (its streams stay open): forwarded to the program
        assertEquals("got 15", nextLine(term, 120));
        assertTrue(term.waitFor(60, TimeUnit.SECONDS), "the command did not end after SIGTERM");
        assertEquals(3, term.exitValue());
        assertTrue(ended(spare, 30), "the program's JVM outlived its program");

        // Ctrl-C (SIGINT to the command): KeyboardInterrupt in the program, as python3 gives it.
        long third = awaitReadySpare();
        Process interrupted = start(work, Map.of(), "-c",
                "import os\nprint(os.getpid(), flush=True)\ntry:\n    import time; time.sleep(120)\n"
                        + "finally:\n    print('finally ran', flush=True)\n");
        assertEquals(third, Long.parseLong(nextLine(interrupted, 120)));
        sigint(interrupted);
        assertEquals("finally ran", nextLine(interrupted, 120));
        assertTrue(interrupted.waitFor(60, TimeUnit.SECONDS), "the command did not end after SIGINT");
        assertEquals(130, interrupted.exitValue());
        assertTrue(ended(third, 30), "the program's JVM outlived its program");

        long next = awaitReadySpare();
        Process killed = start(work, Map.of(), "-c", sleeper);
        assertEquals(next, Long.parseLong(nextLine(killed, 120)));
        killed.destroyForcibly(); // SIGKILL: nothing forwards it; the spare's watchdog ends the program
        assertTrue(ended(next, 30), "the program outlived the command that ran it");
    }

    @Test
    void aSpareRehearsesWhileItWaitsAndItsProgramMeetsNoneOfIt() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        String program = "import interpreters\n"
                + "print([i.id for i in interpreters.list_all()], interpreters.create().id, flush=True)\n";
        // A small budget: the spare rehearses a round or so, then says so in its directory.
        client(work, Map.of("INTERPRETERS4J_WARM_REHEARSAL", "1"), "", "-c", "pass");
        long spare = awaitReadySpare();
        String rehearsed = awaitFile("rehearsed", 240);
        assertTrue(rehearsed.matches("[1-9][0-9]* rounds in [0-9]+ s, [0-9]+ CPU s: budget spent\n"), rehearsed);
        Result afterIt = client(work, Map.of(), "", "-c", program);
        assertEquals(0, afterIt.status, afterIt.err);
        assertEquals("[0] 1\n", afterIt.out, "a program after a rehearsal sees a fresh process's interpreters");
        assertTrue(ended(spare, 30));

        // Claimed while it rehearses (the default budget lasts minutes here): the rehearsal ends
        // first, its interpreters are gone and the program's first interpreter is still id 1.
        long rehearsing = awaitReadySpare();
        Thread.sleep(2000); // well into a round
        Result during = client(work, Map.of(), "", "-c", program);
        assertEquals(0, during.status, during.err);
        assertEquals("[0] 1\n", during.out, during.err);
        assertTrue(ended(rehearsing, 30), "the program's JVM outlived its program");
    }

    @Test
    void anIdleSpareExitsAndRemovesItself() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        client(work, Map.of("INTERPRETERS4J_WARM_IDLE", "2"), "", "-c", "pass");
        long spare = awaitReadySpare();
        assertTrue(ended(spare, 60), "an idle spare did not exit");
        try (Stream<Path> left = Files.list(warmDir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("spare.")), "its directory stayed");
        }
    }

    // ---------------------------------------------------------------- helpers

    private record Result(int status, String out, String err) {
    }

    /** bin/warm-start.bash's run_program, as bin/interpreters calls it, with the test's JVM as the launcher. */
    private Process start(Path cwd, Map<String, String> env, String... args) throws IOException {
        return startBuilder(cwd, env, args).start();
    }

    private ProcessBuilder startBuilder(Path cwd, Map<String, String> env, String... args) {
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpolyglot.engine.WarnInterpreterOnly=false", "-Dtruffle.UseFallbackRuntime=true",
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName());
        // SIGINT at its default, as for a command typed at a terminal, even where this test runs
        // in a background job (which starts with it ignored, and so would the command).
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT", "bash", "-c",
                "set -euo pipefail; . \"$1\"; WARM_DIR=$2; KEY=test; n=$3; shift 3; "
                        + "JAVA_CMD=(\"${@:1:$n}\"); shift \"$n\"; run_program \"$@\"",
                "client", CLIENT.toString(), warmDir.toString(), Integer.toString(java.size())));
        cmd.addAll(java);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().putAll(env);
        pb.environment().remove("INTERPRETERS4J_WARM_START");
        return pb;
    }

    private Result client(Path cwd, Map<String, String> env, String stdin, String... args) throws Exception {
        Process p = start(cwd, env, args);
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the command did not end");
        return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<" + e + ">";
            }
        });
    }

    /** The pid of the JVM of the one spare that has booted (its 'ready' file), waiting for it. */
    private long awaitReadySpare() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(warmDir)) {
                try (Stream<Path> spares = Files.list(warmDir)) {
                    for (Path s : spares.filter(p -> p.getFileName().toString().startsWith("spare.")).toList()) {
                        long jvm = jvmOf(s);
                        if (jvm > 0 && Files.exists(s.resolve("ready"))) {
                            return jvm;
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no spare booted within 180 s");
    }

    /** The text of the file {@code name} once one of the spares' directories holds it. */
    private String awaitFile(String name, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> spares = Files.list(warmDir)) {
                for (Path s : spares.toList()) {
                    Path f = s.resolve(name);
                    if (Files.exists(f)) {
                        return Files.readString(f);
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no spare wrote " + name + " within " + seconds + " s");
    }

    /** The JVM a spare's wrapper shell runs, or 0. */
    private static long jvmOf(Path spare) {
        try {
            String wrapper = Files.readString(spare.resolve("wrapper")).trim();
            String children = Files.readString(Path.of("/proc", wrapper, "task", wrapper, "children")).trim();
            return children.isEmpty() ? 0 : Long.parseLong(children.split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean ended(long pid, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
