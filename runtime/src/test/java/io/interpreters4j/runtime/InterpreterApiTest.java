package io.interpreters4j.runtime;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterError;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RunFailedError;
import io.interpreters4j.runtime.interpreter.PyInterpreter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Interpreters (docs/semantics.md, "Interpreters") from Java, through the public API (the runtime is found with ServiceLoader). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InterpreterApiTest {

    /** Runs src in interp (asynchronously); src sends one value on `out`; returns it. */
    private static Object valueFrom(Interpreter interp, String src) throws Exception {
        Channel ch = Interpreters.createChannel();
        CompletableFuture<Void> run = interp.runAsync(src, Map.of("out", ch.sendEnd()));
        Object v = ch.recvEnd().recv(Duration.ofSeconds(60));
        run.get(60, TimeUnit.SECONDS);
        return v;
    }

    @Test
    void mainIsZeroAndCurrentForPlainJavaThreads() {
        assertEquals(0, Interpreters.getMain().id());
        assertEquals(Interpreters.getMain(), Interpreters.getCurrent());
        assertEquals(0, Interpreters.listAll().get(0).id());
    }

    @Test
    void idsSequentialNeverReusedListOrdered() {
        Interpreter a = Interpreters.create();
        Interpreter b = Interpreters.create();
        assertEquals(a.id() + 1, b.id());
        List<Long> ids = Interpreters.listAll().stream().map(Interpreter::id).toList();
        List<Long> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(sorted, ids);
        assertTrue(ids.contains(a.id()) && ids.contains(b.id()));
        a.destroy();
        assertFalse(Interpreters.listAll().contains(a));
        Interpreter c = Interpreters.create();
        assertEquals(b.id() + 1, c.id());
        b.close();
        c.close();
    }

    @Test
    void getByIdEqualityAndErrors() {
        Interpreter a = Interpreters.create();
        assertEquals(a, Interpreters.get(a.id()));
        assertEquals(a.hashCode(), Interpreters.get(a.id()).hashCode());
        a.destroy();
        assertThrows(InterpreterNotFoundError.class, () -> Interpreters.get(a.id()));
        assertThrows(InterpreterNotFoundError.class, () -> Interpreters.get(1_000_000));
    }

    @Test
    void statePersistsAndValuesComeBack() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            interp.run("x = 20");
            interp.run("x += 1");
            assertEquals(42L, valueFrom(interp, "out.send(x * 2)"));
        }
    }

    @Test
    void sharedValuesAreBoundAsExactPythonTypes() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            Map<String, Object> shared = new java.util.HashMap<>();
            shared.put("n", null);
            shared.put("b", new byte[] {0, (byte) 0xff, 65});
            shared.put("s", "str \u20ac");
            shared.put("i", 7);
            shared.put("big", BigInteger.TWO.pow(100));
            interp.run("kinds = ','.join(type(v).__name__ for v in (n, b, s, i, big))", shared);
            assertEquals("NoneType,bytes,str,int,int", valueFrom(interp, "out.send(kinds)"));
            assertArrayEquals(new byte[] {0, (byte) 0xff, 65}, (byte[]) valueFrom(interp, "out.send(b)"));
            assertEquals(BigInteger.TWO.pow(100), valueFrom(interp, "out.send(big)"));
            assertEquals("str \u20ac", valueFrom(interp, "out.send(s)"));
        }
    }

    @Test
    void nonShareableOrBadNamesAreRejectedBeforeRunning() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            for (Object bad : new Object[] {true, 1.5, new Object(), List.of(1)}) {
                assertThrows(IllegalArgumentException.class, () -> interp.run("ran = True", Map.of("v", bad)));
            }
            assertThrows(IllegalArgumentException.class, () -> interp.run("ran = True", Map.of("not an identifier", 1)));
            assertThrows(RunFailedError.class, () -> interp.run("ran"));
        }
    }

    @Test
    void runFailedErrorCarriesTheRemoteTraceback() {
        try (Interpreter interp = Interpreters.create()) {
            RunFailedError e = assertThrows(RunFailedError.class, () -> interp.run("def f():\n    raise KeyError('k')\nf()"));
            assertEquals("KeyError", e.remoteTypeName());
            assertEquals("'k'", e.remoteMessage());
            assertTrue(e.remoteTraceback().contains("line 2, in f"), e.remoteTraceback());
            assertTrue(e.getMessage().contains("KeyError: 'k'"), e.getMessage());
            assertEquals("KeyError", e.getCause().typeName());
            assertInstanceOf(InterpreterError.class, e);

            assertEquals("SyntaxError", assertThrows(RunFailedError.class, () -> interp.run("def (")).remoteTypeName());
            assertEquals("SystemExit", assertThrows(RunFailedError.class, () -> interp.run("raise SystemExit(4)")).remoteTypeName());
            assertEquals("__main__.Mine", assertThrows(RunFailedError.class,
                    () -> interp.run("class Mine(Exception): pass\nraise Mine('x')")).remoteTypeName());
            interp.run("usable = True");
        }
    }

    @Test
    void runAsyncCompletesExceptionallyWithRunFailedError() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            CompletableFuture<Void> f = interp.runAsync("raise ValueError('async')");
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> f.get(60, TimeUnit.SECONDS));
            assertInstanceOf(RunFailedError.class, e.getCause());
            interp.runAsync("ok = 1").get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void runWhileRunningAndDestroyWhileRunningAreErrors() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            Channel gate = Interpreters.createChannel();
            CompletableFuture<Void> busy = interp.runAsync("gate.recv()", Map.of("gate", gate.recvEnd()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!interp.isRunning()) {
                assertTrue(System.nanoTime() < deadline, "never started running");
                Thread.sleep(5);
            }
            InterpreterError running = assertThrows(InterpreterError.class, () -> interp.run("pass"));
            assertTrue(running.getMessage().contains("already running"), running.getMessage());
            assertThrows(InterpreterError.class, interp::destroy);
            gate.sendEnd().send(null);
            busy.get(60, TimeUnit.SECONDS);
            assertFalse(interp.isRunning());
        }
    }

    @Test
    void isRunningIsTrueForTheInterpreterAskingAboutItself() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            assertEquals("True", valueFrom(interp, "import interpreters; out.send(str(interpreters.get_current().is_running()))"));
        }
    }

    @Test
    void destroyRulesMainCurrentTwice() throws Exception {
        assertThrows(InterpreterError.class, () -> Interpreters.getMain().destroy());
        try (Interpreter interp = Interpreters.create()) {
            assertEquals("RuntimeError", valueFrom(interp, """
                    import interpreters
                    try:
                        interpreters.get_current().destroy()
                        out.send('no error')
                    except RuntimeError:
                        out.send('RuntimeError')
                    """));
        }
        Interpreter gone = Interpreters.create();
        gone.destroy();
        assertThrows(InterpreterNotFoundError.class, gone::destroy);
        assertThrows(InterpreterNotFoundError.class, gone::isRunning);
        assertThrows(InterpreterNotFoundError.class, () -> gone.run("pass"));
        gone.close(); // AutoCloseable: closing a destroyed interpreter is harmless
    }

    @Test
    void destroyEndsTheOwnerThread() throws Exception {
        PyInterpreter interp = (PyInterpreter) Interpreters.create();
        interp.run("import threading\nt = threading.Thread(target=lambda: None)\nt.start(); t.join()");
        Thread owner = interp.ownerThread();
        assertTrue(owner.isAlive());
        interp.destroy();
        owner.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(owner.isAlive());
    }

    @Test
    void runsOnTheInterpretersOwnThreadFromAnyCaller() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            Object t1 = valueFrom(interp, "import threading; out.send(threading.current_thread().name)");
            CompletableFuture<Object> other = CompletableFuture.supplyAsync(() -> {
                try {
                    return valueFrom(interp, "import threading; out.send(threading.current_thread().name)");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals(t1, other.get(60, TimeUnit.SECONDS));
            assertNotEquals(Thread.currentThread().getName(), t1);
        }
    }
}
