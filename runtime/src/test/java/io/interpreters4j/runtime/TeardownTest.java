package io.interpreters4j.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host that ends a program without ending the JVM (mvn exec:java, an application server)
 * interrupts the program's threads, waits for them, and closes the program's class loader. Every
 * thread of the runtime must end promptly then, and nothing may fail afterwards for want of a
 * class (before: the main interpreter's, the spares' and GraalPy's threads lingered, exec:java
 * waited 15 s for them, and NoClassDefFoundErrors followed at JVM exit).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TeardownTest {

    @Test
    void interruptingTheProgramsThreadsEndsTheRuntime() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss8m", "--enable-native-access=ALL-UNNAMED", "-Dpolyglot.engine.WarnInterpreterOnly=false",
                "-cp", System.getProperty("java.class.path"), TeardownProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        var out = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                out.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (Exception e) {
                out.completeExceptionally(e);
            }
        });
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the child JVM did not end");
        String text = out.get(10, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("PROGRAM DONE"), text);
        assertTrue(text.contains("ALIVE []\n"), "threads of the runtime outlived their interrupt:\n" + text);
        assertTrue(text.contains("DONE"), text);
        assertFalse(text.contains("NoClassDefFoundError") || text.contains("Exception"), text);
    }
}
