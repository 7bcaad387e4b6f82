package io.interpreters4j.runtime;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RunFailedError;
import io.interpreters4j.runtime.interpreter.PyInterpreter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults in one interpreter (deep recursion, a Java stack overflow, a host call misused, heap
 * exhaustion, its owner thread dying) do not take down the others, and a JVM that exits with
 * interpreters still running ends in bounded time.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FaultTest {

    /**
     * Runs {@code fault} against a fresh interpreter while another counts in a loop, then checks
     * that the counter was never disturbed: it ends normally, with a count, and stays usable.
     */
    private static void whileAnotherRuns(Consumer<Interpreter> fault) throws Exception {
        try (Interpreter faulty = Interpreters.create(); Interpreter bystander = Interpreters.create()) {
            Channel stop = Interpreters.createChannel();
            Channel result = Interpreters.createChannel();
            bystander.run("n = 0");
            CompletableFuture<Void> counting = bystander.runAsync("""
                    out.send('counting')
                    while True:
                        n += 1
                        if stop.recv_nowait() is not None:
                            break
                    out.send(n)
                    """, Map.of("stop", stop.recvEnd(), "out", result.sendEnd()));
            assertEquals("counting", result.recvEnd().recv(Duration.ofSeconds(60)));
            fault.accept(faulty); // while the bystander counts
            assertTrue(bystander.isRunning());
            stop.sendEnd().send("stop", Duration.ofSeconds(60));
            long n = (Long) result.recvEnd().recv(Duration.ofSeconds(60));
            counting.get(60, TimeUnit.SECONDS);
            assertTrue(n > 0, "the bystander counted nothing");
            bystander.run("assert n > 0");
            faulty.run("x = 1"); // the faulty one is usable too
            faulty.run("assert x == 1");
        }
    }

    @Test
    void deepRecursionStaysInItsInterpreter() throws Exception {
        whileAnotherRuns(faulty -> {
            RunFailedError e = assertThrows(RunFailedError.class, () -> faulty.run("def f(n):\n    return f(n + 1)\nf(0)"));
            assertEquals("RecursionError", e.remoteTypeName());
            // With Python's limit out of the way the Java stack of the owner thread overflows
            // first; GraalPy turns that StackOverflowError into RecursionError.
            e = assertThrows(RunFailedError.class, () -> faulty.run(
                    "import sys\nsys.setrecursionlimit(10 ** 8)\ndef f(n):\n    return f(n + 1)\nf(0)"));
            assertEquals("RecursionError", e.remoteTypeName());
        });
    }

    @Test
    void misusedHostCallIsAPythonErrorThere() throws Exception {
        // The bridge is the one Java object Python reaches; called with arguments of the wrong
        // Java types, GraalPy raises TypeError in that interpreter, which Python code can catch.
        whileAnotherRuns(faulty -> faulty.run("""
                import _interpreters4j
                for call in (lambda: _interpreters4j._bridge.recv('not a channel', 0),
                             lambda: _interpreters4j._bridge.destroy('x'),
                             lambda: _interpreters4j._bridge.listAll(1, 2)):
                    try:
                        call()
                    except TypeError:
                        pass
                    else:
                        raise AssertionError('no TypeError')
                """));
    }

    @Test
    void ownerThreadDeathIsReportedAndDropsChannelAssociations() throws Exception {
        PyInterpreter interp = (PyInterpreter) Interpreters.create();
        Channel only = Interpreters.createChannel(); // used by interp alone
        Channel shared = Interpreters.createChannel(); // used by interp and main
        interp.run("a.send_nowait(1)\nb.send_nowait(2)", Map.of("a", only.sendEnd(), "b", shared.sendEnd()));
        assertEquals(List.of(interp), shared.sendEnd().interpreters());
        assertEquals("d", shared.recvEnd().recvNowait("d")); // associates main with the recv end
        Thread owner = interp.ownerThread();
        interp.postToOwnerThread(() -> {
            throw new Error("owner thread dies (fault test)");
        });
        owner.join(60_000);
        assertFalse(owner.isAlive());
        assertFalse(Interpreters.listAll().contains(interp));
        assertThrows(InterpreterNotFoundError.class, () -> Interpreters.get(interp.id()));
        assertThrows(InterpreterNotFoundError.class, interp::isRunning);
        assertThrows(InterpreterNotFoundError.class, () -> interp.run("x = 1"));
        assertTrue(shared.sendEnd().interpreters().isEmpty(), "its association was dropped");
        assertFalse(Interpreters.listAllChannels().contains(only), "a channel left with no association closes");
        assertTrue(Interpreters.listAllChannels().contains(shared), "main still uses this one");
        shared.recvEnd().close(false);
    }

    /**
     * A child JVM with a 768 MiB heap: Python in one interpreter exhausts it while another keeps
     * allocating; then the JVM exits with interpreters spinning, waiting and sleeping.
     */
    @Test
    void heapExhaustionAndExitWithRunningInterpreters() throws Exception {
        Child child = Child.start("exit");
        String memory = child.awaitLine("MEMORY", 240);
        assertTrue(memory.contains("hog=MemoryError"), memory);
        // The heap is shared: the other interpreter may have met the shortage too, as MemoryError.
        assertTrue(memory.matches(".*bystander=(ok|MemoryError).*both-usable"), memory);
        child.awaitLine("READY", 240);
        child.echoTheRest();
        long t0 = System.nanoTime();
        assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "the JVM did not exit within 30 s of System.exit");
        System.out.printf("fault test: %s; exit took %d ms%n", memory, (System.nanoTime() - t0) / 1_000_000);
        assertEquals(3, child.process.exitValue());
    }

    @Test
    @Tag("stress")
    void terminatedOrReturningJvmWithRunningInterpretersEnds() throws Exception {
        for (String mode : List.of("wait", "return")) {
            Child child = Child.start(mode);
            child.awaitLine("READY", 240);
            child.echoTheRest();
            if (mode.equals("wait")) {
                child.process.destroy(); // SIGTERM: the shutdown hook runs
            }
            assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), mode + ": the JVM did not end within 30 s");
        }
    }

    /** A child JVM running {@link ShutdownProbe} on this test's class path. */
    private record Child(Process process, BufferedReader out) {
        static Child start(String mode) throws Exception {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of("-Xmx768m", "-Xss8m", "--enable-native-access=ALL-UNNAMED",
                    "-Dpolyglot.engine.WarnInterpreterOnly=false", "-cp", System.getProperty("java.class.path"),
                    ShutdownProbe.class.getName(), mode));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            return new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        }

        /** Keeps reading the child's output (so that it never blocks on a full pipe), echoing it. */
        void echoTheRest() {
            Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    for (String l; (l = out.readLine()) != null; ) {
                        System.out.println("child: " + l);
                    }
                } catch (java.io.IOException ignored) {
                    // the child is gone
                }
            });
        }

        /** The first output line starting with {@code prefix}; other lines are echoed to the test log. */
        String awaitLine(String prefix, long seconds) throws Exception {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String l; (l = out.readLine()) != null; ) {
                        if (l.startsWith(prefix)) {
                            return l;
                        }
                        System.out.println("child: " + l);
                    }
                    return null;
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            try {
                String l = line.get(seconds, TimeUnit.SECONDS);
                assertTrue(l != null, "the child ended before printing " + prefix);
                return l;
            } catch (java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
                throw new AssertionError("no " + prefix + " from the child within " + seconds + " s");
            }
        }
    }
}
