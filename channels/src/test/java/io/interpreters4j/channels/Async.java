package io.interpreters4j.channels;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** A call running on a thread of its own, and the helpers the tests use to order threads. */
final class Async<T> {
    /** Bound on every wait in the tests: a deadlock fails instead of hanging. */
    static final long PATIENCE_SECONDS = 10;

    private final FutureTask<T> task;
    final Thread thread;

    private Async(Callable<T> body) {
        task = new FutureTask<>(body);
        thread = new Thread(task, "async-call");
        thread.setDaemon(true);
    }

    static <T> Async<T> start(Callable<T> body) {
        Async<T> a = new Async<>(body);
        a.thread.start();
        return a;
    }

    /** The call's result; rethrows what the call threw. */
    T join() throws Throwable {
        try {
            return task.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("call still running after " + PATIENCE_SECONDS + " s; thread state " + thread.getState(), e);
        }
    }

    boolean isDone() {
        return task.isDone();
    }

    /**
     * Waits until {@code count} reaches {@code expected}: a thread counted by
     * {@link RendezvousChannel#waiting} is queued in the channel, which is the interleaving a test
     * claims; not a guess based on sleeping.
     */
    static void awaitCount(IntSupplier count, int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        int now;
        while ((now = count.getAsInt()) != expected) {
            if (System.nanoTime() - deadline > 0) {
                fail("expected " + expected + " waiting, found " + now + " after " + PATIENCE_SECONDS + " s");
            }
            Thread.yield();
        }
    }

    static void awaitWaiting(RendezvousChannel ch, RendezvousChannel.End end, int expected) {
        awaitCount(() -> ch.waiting(end), expected);
    }
}
