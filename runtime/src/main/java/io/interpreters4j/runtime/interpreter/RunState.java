package io.interpreters4j.runtime.interpreter;

import io.interpreters4j.InterpreterError;
import io.interpreters4j.InterpreterNotFoundError;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * The state of one interpreter and the number of its current run, in one atomic word.
 *
 * <p>Implementation overview. The word is {@code (runs begun << 2) | state}. One word, so that a
 * run's number changes with its state: {@link PyInterpreter#interrupt()} reads the word once and
 * can then tell the run it saw from the next one (the word differs as soon as that run ends).
 * Callers move the word to RUNNING (with the next number) and to DESTROYED only by CAS, so of two
 * concurrent runs one fails fast instead of queueing; the owner thread alone moves it back to
 * IDLE, at the end of a run, and only from RUNNING.
 *
 * <pre>
 *            begin()            end() (owner thread)
 *   IDLE ---------------> RUNNING -----------------> IDLE
 *    |  destroyIdle()        |
 *    v                       |  markDestroyed() (owner thread died, JVM shutdown)
 *   DESTROYED  <-------------+
 *   (final)
 * </pre>
 *
 * <h2>Thread-Safety</h2>
 * Lock-free; every transition is one CAS or one atomic update of the word.
 */
final class RunState {
    static final int IDLE = 0;
    static final int RUNNING = 1;
    static final int DESTROYED = 2;
    private static final long STATE_BITS = 3;

    private final long id;
    private final AtomicLong word = new AtomicLong(IDLE);
    /** The number of the last run {@link PyInterpreter#interrupt()} was asked to stop. */
    private volatile long interruptedRun = -1;

    RunState(long id) {
        this.id = id;
    }

    /** The word now: pass it to {@link #isStill} to tell whether that run is still going on. */
    long word() {
        return word.get();
    }

    static int stateOf(long word) {
        return (int) (word & STATE_BITS);
    }

    int state() {
        return stateOf(word.get());
    }

    /** Whether the word is still {@code seen}: the same run goes on (or the same idle spell). */
    boolean isStill(long seen) {
        return word.get() == seen;
    }

    /** A caller: IDLE to RUNNING with the next run number; throws if running or destroyed. */
    void begin() {
        leaveIdle("is already running", w -> ((w >>> 2) + 1) << 2 | RUNNING);
    }

    /** The owner thread, at the end of a run: RUNNING back to IDLE, unless destroyed meanwhile. */
    void end() {
        for (long w; stateOf(w = word.get()) == RUNNING; ) {
            if (word.compareAndSet(w, (w & ~STATE_BITS) | IDLE)) {
                return;
            }
        }
    }

    /** destroy(): IDLE to DESTROYED; throws if running or destroyed already. */
    void destroyIdle() {
        leaveIdle("is running", w -> (w & ~STATE_BITS) | DESTROYED);
    }

    /** CASes the word from IDLE to {@code next(word)}; throws ({@code "interpreter N " + whenRunning}) if not idle. */
    private void leaveIdle(String whenRunning, LongUnaryOperator next) {
        for (;;) {
            long w = word.get();
            int s = stateOf(w);
            if (s == RUNNING) {
                throw new InterpreterError("interpreter " + id + " " + whenRunning);
            }
            if (s == DESTROYED) {
                throw new InterpreterNotFoundError(id);
            }
            if (word.compareAndSet(w, next.applyAsLong(w))) {
                return;
            }
        }
    }

    /** Moves to DESTROYED (for good), whatever the state; returns the state it was in. */
    int markDestroyed() {
        return stateOf(word.getAndUpdate(w -> (w & ~STATE_BITS) | DESTROYED));
    }

    /** interrupt(): remembers that the run of word {@code seen} was asked to stop. */
    void interruptAsked(long seen) {
        interruptedRun = seen >>> 2;
    }

    /** Whether {@link #interruptAsked} was called for the run going on now. */
    boolean isInterruptAsked() {
        return interruptedRun == word.get() >>> 2;
    }
}
