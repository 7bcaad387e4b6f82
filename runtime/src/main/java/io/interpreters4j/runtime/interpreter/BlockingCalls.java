package io.interpreters4j.runtime.interpreter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads of one interpreter that wait in a blocking bridge call right now (a channel
 * operation, a run of another interpreter). They are parked in Java, not at a Python safepoint,
 * so {@code Context.interrupt} does not reach them: {@link PyInterpreter#interrupt()} wakes them
 * here, and each returns an error that raises {@code KeyboardInterrupt} in Python.
 *
 * <h2>Thread-Safety</h2>
 * A concurrent set: any thread enters and leaves, any thread interrupts.
 */
public final class BlockingCalls {
    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();

    /** Registers the calling thread; returns the token to give to {@link #leave}. */
    public Thread enter() {
        Thread me = Thread.currentThread();
        waiting.add(me);
        return me;
    }

    /**
     * {@link #enter} for a channel call that may wait: one with no waiting budget (0, the nowait
     * forms) is not registered, and its token is null.
     */
    public Thread enter(long budgetNanos) {
        return budgetNanos == 0 ? null : enter();
    }

    /** Unregisters what {@link #enter} registered. */
    public void leave(Thread token) {
        if (token != null) {
            waiting.remove(token);
        }
    }

    /** Wakes every registered thread. */
    void interruptAll() {
        for (Thread t : waiting) {
            t.interrupt();
        }
    }
}
