package io.interpreters4j.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the tests that run the launcher in a child process do to it: read its lines, signal it. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * The child's next line of stdout, within {@code seconds} (it is killed otherwise). Reads a
     * byte at a time, so that nothing past the line is taken from the stream: the next call sees
     * the next line. Reads on a thread of its own: the common pool has one thread on 2 cores, and
     * a reader queued behind another blocking task would wait for it.
     */
    static String nextLine(Process p, long seconds) throws Exception {
        InputStream in = p.getInputStream();
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            StringBuilder b = new StringBuilder();
            try {
                for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                    b.append((char) c);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String(b.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }, r -> Thread.ofPlatform().daemon().start(r));
        try {
            return line.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new AssertionError("no line from the child within " + seconds + " s");
        }
    }

    /** Sends SIGINT to {@code p}, as a terminal's Ctrl-C would. */
    static void sigint(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).redirectErrorStream(true).start();
        String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0,
                "kill -INT " + p.pid() + " (alive: " + p.isAlive() + "): " + said);
    }
}
