package io.interpreters4j.runtime;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RecvResult;
import io.interpreters4j.RunTimeoutError;
import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.RunFailedError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java and Python exchanging every shareable kind over channels, buffers, cancellation from Java. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JavaChannelsTest {

    @Test
    void pythonSendsEveryKindToJava() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            Channel ch = Interpreters.createChannel();
            CompletableFuture<Void> run = interp.runAsync("""
                    for v in (None, b'\\x00\\xff', 'text', 42, -2**70):
                        out.send(v)
                    """, Map.of("out", ch.sendEnd()));
            assertNull(ch.recvEnd().recv(Duration.ofSeconds(60)));
            assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) ch.recvEnd().recv(Duration.ofSeconds(60)));
            assertEquals("text", ch.recvEnd().recv(Duration.ofSeconds(60)));
            assertEquals(42L, ch.recvEnd().recv(Duration.ofSeconds(60)));
            assertEquals(BigInteger.TWO.pow(70).negate(), ch.recvEnd().recv(Duration.ofSeconds(60)));
            run.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void tryRecvTellsNoneFromNothing() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            Channel ch = Interpreters.createChannel();
            assertEquals(RecvResult.Status.EMPTY, ch.recvEnd().tryRecv().status());
            CompletableFuture<Void> run = interp.runAsync("out.send(None)", Map.of("out", ch.sendEnd()));
            RecvResult got = RecvResult.empty();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!got.isReceived() && System.nanoTime() < deadline) {
                got = ch.recvEnd().tryRecv();
                Thread.onSpinWait();
            }
            assertTrue(got.isReceived());
            assertNull(got.value());
            run.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void javaBuffersArePythonMemoryviewsOfTheSameBytes() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            Channel ch = Interpreters.createChannel();
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            direct.put(0, (byte) 5);
            CompletableFuture<Void> run = interp.runAsync("m = inp.recv(); m[1] = m[0] * 2", Map.of("inp", ch.recvEnd()));
            ch.sendEnd().sendBuffer(direct, Duration.ofSeconds(60));
            run.get(60, TimeUnit.SECONDS);
            assertEquals(10, direct.get(1));

            Channel back = Interpreters.createChannel();
            CompletableFuture<Void> send = interp.runAsync(
                    "import interpreters\nb = interpreters.create_buffer(4); b[0] = 7; out.send_buffer(b)",
                    Map.of("out", back.sendEnd()));
            Object got = back.recvEnd().recv(Duration.ofSeconds(60));
            send.get(60, TimeUnit.SECONDS);
            ByteBuffer view = assertInstanceOf(ByteBuffer.class, got);
            assertTrue(view.isDirect());
            assertEquals(7, view.get(0));
        }
    }

    @Test
    void interruptAndTimeoutFromJava() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            interp.run("x = 1");
            CompletableFuture<Void> spinning = interp.runAsync("while True:\n    pass");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!interp.isRunning()) {
                assertTrue(System.nanoTime() < deadline);
                Thread.sleep(2);
            }
            assertTrue(interp.interrupt());
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> spinning.get(60, TimeUnit.SECONDS));
            assertEquals("KeyboardInterrupt", assertInstanceOf(RunFailedError.class, e.getCause()).remoteTypeName());
            RunTimeoutError timedOut = assertThrows(RunTimeoutError.class,
                    () -> interp.run("import time\ntime.sleep(60)", Map.of(), Duration.ofMillis(200)));
            assertTrue(timedOut.getMessage().contains("did not finish within 0.2 s"), timedOut.getMessage());
            interp.run("still = 'usable'");
            assertFalse(interp.interrupt());
        }
    }

    /** A channel is AutoCloseable like its ends: leaving the block closes both ends, once. */
    @Test
    void aChannelClosesAtTheEndOfItsBlock() throws Exception {
        Channel kept;
        try (Channel ch = Interpreters.createChannel()) {
            kept = ch;
            assertTrue(Interpreters.listAllChannels().stream().anyMatch(c -> c.id() == ch.id()));
            assertFalse(ch.sendEnd().sendNowait("nobody is waiting"));
        }
        assertFalse(Interpreters.listAllChannels().stream().anyMatch(c -> c.id() == kept.id()));
        assertThrows(io.interpreters4j.ChannelClosedError.class, () -> kept.sendEnd().send("x"));
        assertThrows(io.interpreters4j.ChannelClosedError.class, () -> kept.recvEnd().recv());
        kept.close(); // closing a closed channel is not an error, as for its ends
    }

    @Test
    void isolatedConfigDeniesFiles() {
        try (Interpreter interp = Interpreters.create(InterpreterConfig.isolated())) {
            RunFailedError denied = assertThrows(RunFailedError.class, () -> interp.run("open('/etc/hostname')"));
            assertEquals("PermissionError", denied.remoteTypeName());
            interp.run("ok = 1");
        }
    }

    @Test
    void configTimeLimitAppliesToEveryRun() {
        try (Interpreter interp = Interpreters.create(InterpreterConfig.trusted().withTimeLimit(Duration.ofSeconds(2)))) {
            interp.run("import time");
            RunTimeoutError timedOut = assertThrows(RunTimeoutError.class, () -> interp.run("time.sleep(60)"));
            assertTrue(timedOut.getMessage().contains("did not finish within 2 s"), timedOut.getMessage());
            interp.run("ok = 1");
        }
    }
}
