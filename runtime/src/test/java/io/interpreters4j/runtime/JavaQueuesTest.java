package io.interpreters4j.runtime;

import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterQueue;
import io.interpreters4j.Interpreters;
import io.interpreters4j.ItemInterpreterDestroyedError;
import io.interpreters4j.PickledObject;
import io.interpreters4j.QueueNotFoundError;
import io.interpreters4j.UnboundItems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java and Python sharing CPython 3.14's queues: one queue, a BlockingQueue on the Java side. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JavaQueuesTest {

    private static String bind(InterpreterQueue q) {
        return "from concurrent.interpreters import _queues as queues\nq = queues.Queue(" + q.id() + ")\n";
    }

    @Test
    void pythonPutsEveryKindAndJavaTakesIt() throws Exception {
        InterpreterQueue q = Interpreters.createQueue(0);
        try (Interpreter interp = Interpreters.create()) {
            interp.run(bind(q) + """
                    for v in (None, True, 1.5, 'text', b'\\x00\\xff', 42, -2**70, (1, ('a', None), 2.5), [1, 2], q):
                        q.put(v)
                    """);
            takeEveryKind(q); // before the interpreter goes: its items would be unbound then
        }
    }

    private static void takeEveryKind(InterpreterQueue q) throws InterruptedException {
        assertSame(InterpreterQueue.NONE, q.take());
        assertEquals(Boolean.TRUE, q.take());
        assertEquals(1.5, q.take());
        assertEquals("text", q.take());
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) q.take());
        assertEquals(42L, q.take());
        assertEquals(BigInteger.TWO.pow(70).negate(), q.take());
        assertEquals(List.of(1L, Arrays.asList("a", null), 2.5), q.take());
        assertInstanceOf(PickledObject.class, q.take(), "a list is not shareable: pickled");
        assertEquals(q, q.take(), "the same queue");
        assertNull(q.poll());
    }

    @Test
    void javaPutsAndPythonGets() throws Exception {
        InterpreterQueue in = Interpreters.createQueue(0);
        InterpreterQueue out = Interpreters.createQueue(0);
        try (Interpreter interp = Interpreters.create()) {
            CompletableFuture<Void> echo = interp.runAsync(bind(in) + "out = queues.Queue(" + out.id() + ")\n" + """
                    while (v := q.get()) != 'stop':
                        out.put((type(v).__name__, v))
                    """);
            for (Object v : List.of(InterpreterQueue.NONE, false, 2.0, 7, "s", new byte[] {1}, List.of(1, "x"))) {
                in.put(v);
            }
            in.put(ByteBuffer.wrap(new byte[] {9}));
            List<String> types = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                types.add((String) ((List<?>) out.take()).get(0));
            }
            assertEquals(List.of("NoneType", "bool", "float", "int", "str", "bytes", "tuple", "memoryview"), types);
            in.put("stop");
            echo.get(120, TimeUnit.SECONDS);
        }
        assertThrows(IllegalArgumentException.class, () -> in.put(new Object()));
        assertThrows(NullPointerException.class, () -> in.put(null));
    }

    @Test
    void aJavaTakerWaitsForPythonWithoutPolling() throws Exception {
        InterpreterQueue q = Interpreters.createQueue(1);
        try (Interpreter interp = Interpreters.create()) {
            CompletableFuture<Object> taker = CompletableFuture.supplyAsync(() -> {
                try {
                    return q.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            interp.run(bind(q) + """
                    import time
                    for _ in range(100000):
                        if queues._waiters(q)[0] == 1:
                            break
                        time.sleep(0.001)
                    assert queues._waiters(q) == (1, 0), queues._waiters(q)
                    q.put('from python')
                    """);
            assertEquals("from python", taker.get(60, TimeUnit.SECONDS));
            assertTrue(q.offer(1));
            assertFalse(q.offer(2), "bounded: full");
            assertEquals(1L, interp.call("eval", "q.maxsize"), "same queue, same maxsize");
        }
    }

    @Test
    void itemsOfADestroyedInterpreterAreUnbound() throws Exception {
        InterpreterQueue replace = Interpreters.createQueue(0);
        InterpreterQueue error = Interpreters.createQueue(0, UnboundItems.ERROR);
        InterpreterQueue remove = Interpreters.createQueue(0, UnboundItems.REMOVE);
        Interpreter interp = Interpreters.create();
        interp.run("from concurrent.interpreters import _queues as queues\n"
                + "for i in (" + replace.id() + ", " + error.id() + ", " + remove.id() + "):\n"
                + "    queues.Queue(i).put('gone')\n");
        assertEquals(1, remove.size());
        interp.destroy();
        assertSame(InterpreterQueue.UNBOUND, replace.take());
        assertThrows(ItemInterpreterDestroyedError.class, error::take);
        assertEquals(0, remove.size());
        assertEquals(UnboundItems.ERROR, error.unboundItems());
    }

    @Test
    void lookupById() {
        InterpreterQueue q = Interpreters.createQueue(3);
        assertEquals(q, Interpreters.queue(q.id()));
        assertEquals(3, Interpreters.queue(q.id()).maxSize());
        assertTrue(Interpreters.listAllQueues().contains(q));
        assertThrows(QueueNotFoundError.class, () -> Interpreters.queue(Long.MAX_VALUE));
    }
}
