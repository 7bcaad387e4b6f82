package io.interpreters4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a new interpreter is isolated: an immutable value, built with {@link #trusted()} or
 * {@link #isolated()} and the {@code with…} methods, given to {@link Interpreters#create(InterpreterConfig)}.
 *
 * <h2>Isolation</h2>
 * <ul>
 * <li><b>trusted</b> (the default): the real process, as a CPython subinterpreter sees it: files,
 * file descriptors shared process-wide, sockets, subprocesses, environment, native code
 * ({@code ctypes}), Python threads.
 * <li><b>isolated</b>: pure computation. No file or process I/O, no native access, no thread
 * creation, no environment, no Java host classes. It can still use channels and create other
 * isolated interpreters, but cannot run code in, or destroy, interpreters that are not isolated.
 * Buffers it receives are copies (shared memory needs native access).
 * </ul>
 * Every interpreter shares the one engine, so all share one host-access policy (GraalVM requires
 * it of a shared engine): only the runtime's own bridge object is reachable from Python, in both
 * modes. The difference between the modes is in the per-context permissions above.
 *
 * <p>A time limit, in either mode, applies to every {@code run()} that gives no timeout of its
 * own: code still running then is interrupted ({@link RunTimeoutError}).
 */
public final class InterpreterConfig {
    private static final InterpreterConfig TRUSTED = new InterpreterConfig(false, null);
    private static final InterpreterConfig ISOLATED = new InterpreterConfig(true, null);

    private final boolean isolated;
    private final Duration timeLimit;

    private InterpreterConfig(boolean isolated, Duration timeLimit) {
        this.isolated = isolated;
        this.timeLimit = timeLimit;
    }

    /**
     * The default: the real process (see class comment).
     *
     * @return the trusted configuration, without a time limit
     */
    public static InterpreterConfig trusted() {
        return TRUSTED;
    }

    /**
     * Pure computation: no I/O, native access, threads or host classes (see class comment).
     *
     * @return the isolated configuration, without a time limit
     */
    public static InterpreterConfig isolated() {
        return ISOLATED;
    }

    /**
     * This configuration with a time limit for every run that gives no timeout of its own.
     *
     * @param limit how long a run may take, positive
     * @return a new configuration; this one is unchanged
     * @throws IllegalArgumentException if {@code limit} is zero or negative
     */
    public InterpreterConfig withTimeLimit(Duration limit) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("time limit must be positive: " + limit);
        }
        return new InterpreterConfig(isolated, limit);
    }

    /**
     * Whether interpreters made with this configuration are isolated.
     *
     * @return true for isolated, false for trusted
     */
    public boolean isIsolated() {
        return isolated;
    }

    /**
     * The time limit of every run that gives no timeout of its own.
     *
     * @return the limit, or empty for none
     */
    public Optional<Duration> timeLimit() {
        return Optional.ofNullable(timeLimit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterpreterConfig c && c.isolated == isolated && Objects.equals(c.timeLimit, timeLimit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(isolated, timeLimit);
    }

    @Override
    public String toString() {
        return (isolated ? "isolated" : "trusted") + (timeLimit == null ? "" : ", time limit " + timeLimit);
    }
}
