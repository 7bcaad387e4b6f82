package io.interpreters4j.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.interpreters4j.runtime.ChildProcesses.nextLine;
import static io.interpreters4j.runtime.ChildProcesses.sigint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher as python3 (docs/configuration.md, "The launcher"), in a child JVM
 * (interpreter-only, to start fast): the exit status of {@code os._exit(n)}, which ends the
 * process at once, {@code sys.path}, and the end of the process however it ends (normally,
 * {@code SystemExit}, an uncaught exception, SIGTERM): non-daemon threads joined, atexit handlers
 * run, and the data of every file any interpreter left open written (docs/semantics.md, "Files
 * left open"). Exit statuses are also covered in-process by the Python suites.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LauncherTest {

    @Test
    void osExitEndsTheProcessWithItsStatus(@TempDir Path tmp) throws Exception {
        Path lost = tmp.resolve("lost.txt");
        Result r = launch(Map.of(), "-c", "import os\nopen(" + py(lost) + ", 'w').write('never flushed')\n"
                + "print('before', flush=True)\nos._exit(7)\nprint('after')");
        assertEquals("before\n", r.out, r.err);
        assertEquals(List.of(), unexpected(r.err), r.err);
        assertEquals(7, r.status);
        // As on CPython: os._exit ends the process without flushing anything.
        assertEquals("", Files.readString(lost));
    }

    /** As python3: a bool is an int to sys.exit(), printed by no one. */
    @Test
    void systemExitWithABoolIsItsIntValue() throws Exception {
        Result no = launch(Map.of(), "-c", "import sys; sys.exit(False)");
        assertEquals(0, no.status, no.err);
        assertEquals(List.of(), unexpected(no.err));
        Result yes = launch(Map.of(), "-c", "import sys; sys.exit(True)");
        assertEquals(1, yes.status, yes.err);
        assertEquals(List.of(), unexpected(yes.err));
    }

    @Test
    void theProgramsNormalEndWritesItsFiles(@TempDir Path tmp) throws Exception {
        endOfProgram(tmp, "end", 0);
    }

    @Test
    void systemExitWritesTheProgramsFiles(@TempDir Path tmp) throws Exception {
        endOfProgram(tmp, "exit", 3);
    }

    @Test
    void anUncaughtExceptionWritesTheProgramsFiles(@TempDir Path tmp) throws Exception {
        endOfProgram(tmp, "error", 1);
    }

    /**
     * The program's end, as {@code how} says ("end", "exit": SystemExit(3), "error": uncaught): in
     * the main interpreter, text and binary files left open are written, a non-daemon thread is
     * joined, atexit handlers run before the files close; an idle interpreter it created runs its
     * own atexit handler, which writes to a file left open there.
     */
    private static void endOfProgram(Path tmp, String how, int status) throws Exception {
        Path prog = tmp.resolve("prog.py");
        Files.writeString(prog, String.join("\n",
                "import atexit, interpreters, sys, threading, time",
                "d, how = sys.argv[1], sys.argv[2]",
                "open(d + '/main.txt', 'w').write('main text')",
                "open(d + '/main.bin', 'wb').write(b'main bytes')",
                "kept = open(d + '/atexit.txt', 'w')",
                "atexit.register(lambda: kept.write('written by atexit'))",
                "def late():",
                "    time.sleep(0.5)",
                "    open(d + '/thread.txt', 'w').write('written by a thread')",
                "threading.Thread(target=late).start()",
                "sub = interpreters.create()",
                "sub.run('f = open(%r, \"w\")\\nf.write(\"sub\")\\nimport atexit\\n'",
                "        'atexit.register(lambda: f.write(\" + its atexit\"))' % (d + '/sub.txt'))",
                "print('last line', flush=True)",
                "if how == 'exit': sys.exit(3)",
                "if how == 'error': raise KeyError('boom')",
                ""));
        Result r = launch(Map.of(), prog.toString(), tmp.toString(), how);
        assertEquals("last line\n", r.out, r.err);
        assertEquals(status, r.status, r.err);
        if (how.equals("error")) {
            assertTrue(r.err.contains("KeyError: 'boom'"), r.err);
        } else {
            assertEquals(List.of(), unexpected(r.err), r.err);
        }
        assertEquals("main text", Files.readString(tmp.resolve("main.txt")));
        assertEquals("main bytes", Files.readString(tmp.resolve("main.bin")));
        assertEquals("written by atexit", Files.readString(tmp.resolve("atexit.txt")));
        assertEquals("written by a thread", Files.readString(tmp.resolve("thread.txt")));
        assertEquals("sub + its atexit", Files.readString(tmp.resolve("sub.txt")));
    }

    /**
     * SIGTERM while the program runs: the data of the files left open is written, in the main
     * interpreter (whose program is still running), in an interpreter idle since its run (written
     * by a thread of its own that is still alive), and in an interpreter whose code still runs.
     */
    @Test
    void sigtermWritesTheFilesOfEveryInterpreter(@TempDir Path tmp) throws Exception {
        Path prog = tmp.resolve("prog.py");
        Files.writeString(prog, String.join("\n",
                "import interpreters, sys, threading, time",
                "d = sys.argv[1]",
                "f = open(d + '/main.txt', 'w')",
                "f.write('main, running')",
                "r, s = interpreters.create_channel()",
                "idle = interpreters.create()",
                "idle.run('import threading, time\\n'",
                "         'def write():\\n'",
                "         '    g = open(%r, \"w\")\\n'",
                "         '    g.write(\"by a thread of an idle interpreter\")\\n'",
                "         '    written.send(None)\\n'",
                "         '    time.sleep(600)\\n'",
                "         't = threading.Thread(target=write, daemon=True)\\n'",
                "         't.start()' % (d + '/idle.txt'), channels={'written': s})",
                "r.recv()",
                "busy = interpreters.create()",
                "threading.Thread(target=busy.run, daemon=True, args=(",
                "    'h = open(%r, \"w\")\\nh.write(\"running\")\\nready.send(None)\\n'",
                "    'import time\\nwhile True:\\n    time.sleep(0.01)' % (d + '/busy.txt'),),",
                "    kwargs={'channels': {'ready': s}}).start()",
                "r.recv()",
                "print('READY', flush=True)",
                "time.sleep(600)",
                ""));
        Process p = start(Map.of(), prog.toString(), tmp.toString());
        String line = nextLine(p, 200);
        assertEquals("READY", line);
        for (String name : List.of("main.txt", "idle.txt", "busy.txt")) {
            assertEquals("", Files.readString(tmp.resolve(name)), name + ": still buffered before SIGTERM");
        }
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not end after SIGTERM");
        assertEquals(143, p.exitValue());
        assertEquals("main, running", Files.readString(tmp.resolve("main.txt")));
        assertEquals("by a thread of an idle interpreter", Files.readString(tmp.resolve("idle.txt")));
        assertEquals("running", Files.readString(tmp.resolve("busy.txt")));
    }

    /**
     * Ctrl-C (SIGINT) as python3 gives it: KeyboardInterrupt in the program's main thread, so its
     * {@code finally} runs and its files are written; the traceback names the program by its
     * absolute path, with the line; the status is 130.
     */
    @Test
    void ctrlCRaisesKeyboardInterruptInTheProgram(@TempDir Path tmp) throws Exception {
        Path prog = tmp.resolve("prog.py");
        Files.writeString(prog, String.join("\n",
                "import time",
                "f = open('written.txt', 'w')",
                "f.write('before Ctrl-C')",
                "print('READY', flush=True)",
                "try:",
                "    time.sleep(120)",
                "finally:",
                "    print('finally ran', flush=True)",
                ""));
        Path errFile = tmp.resolve("stderr.txt");
        ProcessBuilder pb = builder(Map.of(), "prog.py").directory(tmp.toFile()).redirectError(errFile.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        assertEquals("READY", nextLine(p, 200));
        sigint(p);
        assertEquals("finally ran", nextLine(p, 60));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not end after SIGINT");
        assertEquals(130, p.exitValue());
        List<String> lines = unexpected(Files.readString(errFile));
        assertEquals(List.of("Traceback (most recent call last):",
                "  File \"" + prog.toRealPath() + "\", line 6, in <module>",
                "    time.sleep(120)",
                "KeyboardInterrupt"), lines);
        assertEquals("before Ctrl-C", Files.readString(tmp.resolve("written.txt")));
    }

    /** A file that cannot be written at exit (a full disk, a closed fd) is reported as CPython reports it. */
    @Test
    void writeErrorsAtExitAreReportedAsCPythonReportsThem(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.txt");
        Result r = launch(Map.of(), "-c", String.join("\n",
                "import os",
                "open('/dev/full', 'w').write('no space')",
                "f = open(" + py(bad) + ", 'w')",
                "f.write('its fd is gone')",
                "os.close(f.fileno())",
                "print('done')"));
        assertEquals("done\n", r.out, r.err);
        assertEquals(0, r.status, r.err);
        List<String> err = unexpected(r.err);
        assertTrue(err.containsAll(List.of(
                "Exception ignored in: <_io.TextIOWrapper name='/dev/full' mode='w' encoding='UTF-8'>",
                "OSError: [Errno 28] No space left on device",
                "Exception ignored in: <_io.TextIOWrapper name='" + bad + "' mode='w' encoding='UTF-8'>",
                "OSError: [Errno 9] Bad file descriptor")), r.err);
        assertEquals(4, err.size(), r.err);
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
        Process p = start(env, args);
        // Read both streams while it runs, so that a full pipe can never block it.
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        assertTrue(p.waitFor(200, TimeUnit.SECONDS), "the launcher did not end");
        return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    /**
     * Starts the launcher in a child JVM without the JIT (the java property
     * polyglot.engine.WarnInterpreterOnly is not given: a polyglot.* property sends the launcher's
     * exit down the JVM's full shutdown, and these tests check the path users take).
     */
    private static Process start(Map<String, String> env, String... args) throws Exception {
        Process p = builder(env, args).start();
        p.getOutputStream().close();
        return p;
    }

    private static ProcessBuilder builder(Map<String, String> env, String... args) {
        // SIGINT at its default, as for a command typed at a terminal, even where this test runs
        // in a background job (which starts with it ignored, and so would the child).
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return pb;
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of stderr other than the runtime's one warning that the child runs without the JIT. */
    private static List<String> unexpected(String err) {
        return err.lines().filter(l -> !l.startsWith("interpreters4j: WARNING: the Graal JIT")).toList();
    }

    /** A path as a Python string literal. */
    private static String py(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
