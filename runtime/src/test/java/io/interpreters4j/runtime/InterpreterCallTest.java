package io.interpreters4j.runtime;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterError;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RecvChannel;
import io.interpreters4j.RunFailedError;
import io.interpreters4j.RunTimeoutError;
import io.interpreters4j.runtime.interpreter.PyInterpreter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Interpreter#call} from Java: naming, data both ways, errors, timeouts. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InterpreterCallTest {

    private Interpreter interp;

    @BeforeEach
    void create() {
        interp = Interpreters.create();
        interp.run("""
                def add(a, b=10):
                    return a + b
                def echo(v):
                    return v
                def boom(msg):
                    raise KeyError(msg)
                def spin():
                    while True:
                        pass
                def listing():
                    return [1]
                calls = 0
                def count():
                    global calls
                    calls += 1
                    return calls
                """);
    }

    @AfterEach
    void destroy() {
        interp.close();
    }

    @Test
    void callsByNameWithPositionalAndKeywordArguments() {
        assertEquals(5L, interp.call("add", 2, 3));
        assertEquals(12L, interp.call("add", 2));
        assertEquals(7L, interp.call("add", List.of(2), Map.of("b", 5), null));
        assertEquals("ab", interp.call("add", "a", "b"));
    }

    @Test
    void callsBuiltinsAndDottedModulePaths() {
        assertEquals(3L, interp.call("len", "abc"));
        assertEquals("a/b", interp.call("os.path.join", "a", "b"));
        assertEquals("\"q\"", interp.call("json.dumps", "q"));
    }

    @Test
    void everyShareableValueGoesThereAndComesBack() {
        assertNull(interp.call("echo", (Object) null));
        assertEquals(42L, interp.call("echo", 42));
        assertEquals(42L, interp.call("echo", (short) 42));
        assertEquals("text \u20ac", interp.call("echo", "text \u20ac"));
        BigInteger big = BigInteger.valueOf(7).pow(100);
        assertEquals(big, interp.call("echo", big));
        assertEquals(Long.MAX_VALUE, interp.call("echo", BigInteger.valueOf(Long.MAX_VALUE)));
        byte[] large = new byte[200_000];
        Arrays.fill(large, (byte) 0xAB);
        assertArrayEquals(large, (byte[]) interp.call("echo", (Object) large));
        ByteBuffer shared = ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
        // A buffer arrives as a memoryview of the same memory; a memoryview is no result (not shareable).
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) interp.call("bytes", shared));
        assertThrows(RunFailedError.class, () -> interp.call("echo", shared));
        Channel ch = Interpreters.createChannel();
        assertEquals(ch.recvEnd(), interp.call("echo", ch.recvEnd()));
        assertInstanceOf(RecvChannel.class, interp.call("echo", ch.recvEnd()));
    }

    @Test
    void exceptionsComeBackAsRunFailedErrorWithTheRemoteTraceback() {
        RunFailedError e = assertThrows(RunFailedError.class, () -> interp.call("boom", "k"));
        assertEquals("KeyError", e.remoteTypeName());
        assertTrue(e.remoteTraceback().contains("in boom"), e.remoteTraceback());
        assertEquals("NameError", assertThrows(RunFailedError.class, () -> interp.call("missing")).remoteTypeName());
        assertEquals("AttributeError",
                assertThrows(RunFailedError.class, () -> interp.call("os.missing")).remoteTypeName());
        assertEquals("TypeError", assertThrows(RunFailedError.class, () -> interp.call("calls")).remoteTypeName());
        RunFailedError notShareable = assertThrows(RunFailedError.class, () -> interp.call("listing"));
        assertEquals("ValueError", notShareable.remoteTypeName());
        assertTrue(notShareable.remoteMessage().contains("'list'"), notShareable.remoteMessage());
        assertEquals(5L, interp.call("add", 2, 3)); // usable after each
    }

    @Test
    void badArgumentsAreRejectedBeforeAnythingRuns() {
        assertThrows(IllegalArgumentException.class, () -> interp.call("count", List.of()));
        assertThrows(IllegalArgumentException.class, () -> interp.call("count", 1.5));
        assertThrows(IllegalArgumentException.class, () -> interp.call("add", List.of(1), Map.of("not an id", 1), null));
        for (String bad : new String[] {"", "1abc", "a..b", "a b", "x.", "#1", "m:f"}) {
            assertThrows(IllegalArgumentException.class, () -> interp.call(bad), bad);
        }
        assertThrows(NullPointerException.class, () -> interp.call(null));
        assertEquals(1L, interp.call("count")); // none of the above ran
    }

    @Test
    void timeoutInterruptsTheCallAndTheInterpreterStaysUsable() {
        RunTimeoutError e = assertThrows(RunTimeoutError.class,
                () -> interp.call("spin", List.of(), Map.of(), Duration.ofMillis(200)));
        assertEquals("KeyboardInterrupt", e.remoteTypeName());
        assertEquals(5L, interp.call("add", 2, 3));
    }

    @Test
    void aRunningInterpreterRefusesAndADestroyedOneIsGone() throws Exception {
        var spinning = interp.runAsync("spin()");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!interp.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        InterpreterError busy = assertThrows(InterpreterError.class, () -> interp.call("add", 1, 2));
        assertTrue(busy.getMessage().contains("running"), busy.getMessage());
        assertTrue(interp.interrupt());
        assertThrows(RunFailedError.class, () -> PyInterpreter.await(spinning));
        Interpreter gone = Interpreters.create();
        gone.destroy();
        assertThrows(InterpreterNotFoundError.class, () -> gone.call("len", "x"));
    }
}
