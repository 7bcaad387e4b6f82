package io.interpreters4j.runtime;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterPool;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RunFailedError;
import io.interpreters4j.RunTimeoutError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link InterpreterPool}: tasks, the bounded queue, timeouts, cancel, both shutdowns, metrics. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class InterpreterPoolTest {

    private static final String HELPERS = """
            def collatz(n):
                steps = 0
                while n != 1:
                    n = n // 2 if n % 2 == 0 else 3 * n + 1
                    steps += 1
                return steps
            def spin():
                while True:
                    pass
            def say_then_spin(s):
                s.send('spinning')
                spin()
            def wait_for(r):
                return r.recv()
            def give(s, v):
                s.send(v)
                return 'given'
            def fail(msg):
                raise ValueError(msg)
            def describe(v):
                return 'None given' if v is None else type(v).__name__
            """;

    private Set<Interpreter> before;

    @BeforeEach
    void baseline() {
        before = new HashSet<>(Interpreters.listAll());
    }

    @AfterEach
    void everyWorkerInterpreterIsDestroyed() throws InterruptedException {
        assertTrue(waitUntil(() -> new HashSet<>(Interpreters.listAll()).equals(before)),
                () -> "left behind: " + Interpreters.listAll());
    }

    private static boolean waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static InterpreterPool pool(int size) {
        return InterpreterPool.builder().size(size).initializer(HELPERS).build();
    }

    @Test
    void callsRunOnWorkersWithTheInitializersDefinitions() throws Exception {
        try (InterpreterPool pool = pool(2)) {
            List<CompletableFuture<Object>> steps = List.of(pool.submitCall("collatz", 27),
                    pool.submitCall("collatz", 97), pool.submitCall("collatz", 871));
            assertEquals(List.of(111L, 118L, 178L), steps.stream().map(CompletableFuture::join).toList());
            pool.submitRun("x = 1").get(60, TimeUnit.SECONDS);
            assertEquals(2, pool.metrics().size());
            assertTrue(Interpreters.listAll().size() >= before.size() + 2);
        }
    }

    @Test
    void twoWorkersRunAtTheSameTime() throws Exception {
        // Each call can only finish once the other runs: an unbuffered send completes only when a
        // receive meets it. On one worker this would never finish.
        Channel ch = Interpreters.createChannel();
        try (InterpreterPool pool = pool(2)) {
            CompletableFuture<Object> taken = pool.submitCall("wait_for", ch.recvEnd());
            CompletableFuture<Object> given = pool.submitCall("give", ch.sendEnd(), "hand-off");
            assertEquals("hand-off", taken.get(60, TimeUnit.SECONDS));
            assertEquals("given", given.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void javaTasksReachTheirWorkersInterpreter() throws Exception {
        try (InterpreterPool pool = pool(1)) {
            Object viaTask = pool.submit(i -> i.call("collatz", 6)).get(60, TimeUnit.SECONDS);
            assertEquals(8L, viaTask);
            Callable<Object> callable = () -> InterpreterPool.currentInterpreter().call("collatz", 7);
            assertEquals(16L, pool.submit(callable).get(60, TimeUnit.SECONDS));
            List<Future<Object>> all = pool.invokeAll(List.of(callable, callable));
            assertEquals(16L, all.get(1).get());
            Interpreter worker = pool.submit(i -> i).get(60, TimeUnit.SECONDS);
            assertNotEquals(Interpreters.getMain(), worker);
        }
        assertThrows(IllegalStateException.class, InterpreterPool::currentInterpreter);
    }

    @Test
    void failuresAndBadArgumentsAreReportedPerTask() throws Exception {
        try (InterpreterPool pool = pool(1)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> pool.submitCall("fail", "bad input").get(60, TimeUnit.SECONDS));
            RunFailedError cause = assertInstanceOf(RunFailedError.class, e.getCause());
            assertEquals("ValueError", cause.remoteTypeName());
            assertThrows(IllegalArgumentException.class, () -> pool.submitCall("collatz", 1.5));
            assertEquals("None given", pool.submitCall("describe", (Object) null).get(60, TimeUnit.SECONDS));
            assertThrows(IllegalArgumentException.class, () -> pool.submitRun("pass", Map.of("x", List.of())));
            assertEquals(8L, pool.submitCall("collatz", 6).get(60, TimeUnit.SECONDS)); // the worker goes on
            InterpreterPool.Metrics m = pool.metrics();
            assertEquals(1, m.failed());
            assertEquals(2, m.completed());
        }
    }

    @Test
    void aFullQueueRejects() throws Exception {
        Channel ch = Interpreters.createChannel();
        try (InterpreterPool pool = InterpreterPool.builder().size(1).queueCapacity(2).initializer(HELPERS).build()) {
            CompletableFuture<Object> busy = pool.submitCall("wait_for", ch.recvEnd());
            assertTrue(waitUntil(() -> pool.metrics().active() == 1));
            CompletableFuture<Object> q1 = pool.submitCall("collatz", 6);
            CompletableFuture<Object> q2 = pool.submitCall("collatz", 7);
            assertEquals(2, pool.metrics().queued());
            assertThrows(RejectedExecutionException.class, () -> pool.submitCall("collatz", 8));
            ch.sendEnd().send("free", Duration.ofSeconds(60));
            assertEquals("free", busy.get(60, TimeUnit.SECONDS));
            assertEquals(8L, q1.get(60, TimeUnit.SECONDS));
            assertEquals(16L, q2.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTaskPastItsTimeoutIsInterruptedAndTheWorkerGoesOn() throws Exception {
        try (InterpreterPool pool = InterpreterPool.builder().size(1).initializer(HELPERS)
                .taskTimeout(Duration.ofMillis(300)).build()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> pool.submitCall("spin").get(60, TimeUnit.SECONDS));
            assertInstanceOf(RunTimeoutError.class, e.getCause());
            ExecutionException java = assertThrows(ExecutionException.class,
                    () -> pool.submit(i -> {
                        i.run("spin()");
                        return null;
                    }).get(60, TimeUnit.SECONDS));
            assertInstanceOf(RunTimeoutError.class, java.getCause());
            assertEquals(8L, pool.submitCall("collatz", 6).get(60, TimeUnit.SECONDS));
            assertEquals(2, pool.metrics().failed());
        }
    }

    @Test
    void cancelWithInterruptStopsARunningTask() throws Exception {
        try (InterpreterPool pool = pool(1)) {
            CompletableFuture<Object> spinning = pool.submitCall("spin");
            assertTrue(waitUntil(() -> pool.metrics().active() == 1));
            CompletableFuture<Object> queued = pool.submitCall("collatz", 6);
            assertTrue(spinning.cancel(true));
            assertThrows(CancellationException.class, spinning::join);
            assertEquals(8L, queued.get(60, TimeUnit.SECONDS)); // the worker was freed
            assertEquals(1, pool.metrics().cancelled());
        }
    }

    @Test
    void gracefulShutdownWhileBusyFinishesQueuedTasksThenDestroysTheInterpreters() throws Exception {
        Channel ch = Interpreters.createChannel();
        InterpreterPool pool = pool(1);
        CompletableFuture<Object> busy = pool.submitCall("wait_for", ch.recvEnd());
        assertTrue(waitUntil(() -> pool.metrics().active() == 1));
        CompletableFuture<Object> queued = pool.submitCall("collatz", 6);
        pool.shutdown();
        assertTrue(pool.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> pool.submitCall("collatz", 7));
        assertFalse(pool.awaitTermination(200, TimeUnit.MILLISECONDS)); // the busy task cannot end yet
        ch.sendEnd().send("done", Duration.ofSeconds(60));
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(pool.isTerminated());
        assertEquals("done", busy.join());
        assertEquals(8L, queued.join());
        assertEquals(0, pool.metrics().size());
    }

    @Test
    void shutdownNowInterruptsRunningCancelsQueuedAndReturnsThem() throws Exception {
        InterpreterPool pool = pool(1);
        Channel ch = Interpreters.createChannel();
        CompletableFuture<Object> spinning = pool.submitCall("say_then_spin", ch.sendEnd());
        assertEquals("spinning", ch.recvEnd().recv(Duration.ofSeconds(60))); // its Python code runs
        CompletableFuture<Object> q1 = pool.submitCall("collatz", 6);
        CompletableFuture<Object> q2 = pool.submitCall("collatz", 7);
        List<Runnable> notRun = pool.shutdownNow();
        assertEquals(2, notRun.size());
        assertTrue(q1.isCancelled() && q2.isCancelled());
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> spinning.get(0, TimeUnit.SECONDS));
        assertEquals("KeyboardInterrupt", assertInstanceOf(RunFailedError.class, e.getCause()).remoteTypeName());
    }

    /**
     * A task a worker has started but whose Python code (a spin) waits behind {@link #gate}: the
     * interleaving where Interpreter.interrupt() finds nothing running yet.
     */
    private static final class SpinBehindGate {
        final CountDownLatch gate = new CountDownLatch(1);
        final CompletableFuture<Object> task;

        SpinBehindGate(InterpreterPool pool) throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            task = pool.submit(i -> {
                started.countDown();
                gate.await();
                return i.call("spin");
            });
            assertTrue(started.await(60, TimeUnit.SECONDS), "no worker started the task");
        }
    }

    /** An interrupt that comes in that interleaving must still stop the code once it runs. */
    @Test
    void cancelBetweenATasksStartAndItsRunStillStopsTheRun() throws Exception {
        try (InterpreterPool pool = pool(1)) {
            SpinBehindGate held = new SpinBehindGate(pool);
            CompletableFuture<Object> queued = pool.submitCall("collatz", 6);
            assertTrue(held.task.cancel(true));
            held.gate.countDown();
            assertEquals(8L, queued.get(60, TimeUnit.SECONDS)); // the spin was stopped: the worker is free
        }
    }

    @Test
    void shutdownNowBetweenATasksStartAndItsRunStillStopsTheRun() throws Exception {
        InterpreterPool pool = pool(1);
        SpinBehindGate held = new SpinBehindGate(pool);
        assertEquals(List.of(), pool.shutdownNow());
        held.gate.countDown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> held.task.get(0, TimeUnit.SECONDS));
        assertEquals("KeyboardInterrupt", assertInstanceOf(RunFailedError.class, e.getCause()).remoteTypeName());
    }

    @Test
    void aFailingInitializerFailsBuildAndLeavesNoInterpreter() {
        RunFailedError e = assertThrows(RunFailedError.class,
                () -> InterpreterPool.builder().size(2).initializer("raise RuntimeError('no setup')").build());
        assertEquals("RuntimeError", e.remoteTypeName());
    }

    @Test
    void aDestroyedWorkerInterpreterIsReplaced() throws Exception {
        try (InterpreterPool pool = pool(1)) {
            Interpreter first = pool.submit(i -> i).get(60, TimeUnit.SECONDS);
            pool.submit(i -> {
                i.destroy();
                return null;
            }).get(60, TimeUnit.SECONDS);
            Interpreter second = pool.submit(i -> i).get(60, TimeUnit.SECONDS);
            assertNotEquals(first, second);
            assertEquals(8L, pool.submitCall("collatz", 6).get(60, TimeUnit.SECONDS)); // initializer ran again
        }
    }

    @Test
    void builderRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> InterpreterPool.builder().size(0));
        assertThrows(IllegalArgumentException.class, () -> InterpreterPool.builder().queueCapacity(0));
        assertThrows(IllegalArgumentException.class, () -> InterpreterPool.builder().taskTimeout(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> InterpreterPool.builder().initializer(null));
    }
}
