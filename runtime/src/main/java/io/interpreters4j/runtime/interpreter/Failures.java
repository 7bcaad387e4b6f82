package io.interpreters4j.runtime.interpreter;

import io.interpreters4j.InterpreterError;
import io.interpreters4j.runtime.data.RemoteFailure;
import org.graalvm.polyglot.PolyglotException;

import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * How a run that threw ends for its caller. What escapes a run's Python code comes back as data
 * ({@link RemoteFailure}, made by {@code _boot.describe_failure}); what is thrown instead is
 * sorted here into one of two outcomes:
 * <ul>
 * <li>a failure of the run, reported to its caller as a Python exception would be: an interrupt
 * ({@code KeyboardInterrupt}), an exhausted heap ({@code MemoryError}), a permission GraalPy denied
 * or an internal error of GraalPy ({@code PermissionError}, {@code SystemError});
 * <li>a broken interpreter (its context failed to start, or something no Python code can
 * see went wrong): the caller's future completes exceptionally.
 * </ul>
 * Stateless; runs on the owner thread.
 */
final class Failures {

    /** The failure of a run stopped by {@link PyInterpreter#interrupt()}. */
    static final RemoteFailure INTERRUPTED = new RemoteFailure("KeyboardInterrupt", true, "interrupted",
            "KeyboardInterrupt: the run was interrupted\n", "()");
    /** The failure of a run that exhausted the heap where Python could not raise MemoryError itself. */
    static final RemoteFailure MEMORY_EXHAUSTED = new RemoteFailure("MemoryError", true, "",
            "MemoryError: the Java heap was exhausted\n", "()");
    /** What {@link PyInterpreter#awaitWithin} reports for a run its own timeout interrupted. */
    static final RemoteFailure INTERRUPTED_BY_TIMEOUT = new RemoteFailure("KeyboardInterrupt", true, "timed out",
            "KeyboardInterrupt: the run timed out and was interrupted\n", "()");

    private Failures() {
    }

    /**
     * The failure a run reports for {@code thrown}, or null if {@code thrown} means the
     * interpreter is broken (then {@link #broken} is what its caller gets).
     *
     * @param interruptAsked whether {@code interrupt()} was asked to stop this very run
     */
    static RemoteFailure failureOf(Throwable thrown, BooleanSupplier interruptAsked) {
        if (thrown instanceof CompletionException) {
            return null; // the context failed to start
        }
        if (thrown instanceof PolyglotException e) {
            try {
                if (e.isInterrupted() || (e.isInternalError() && interruptAsked.getAsBoolean())) {
                    // GraalPy may fail internally while an interrupt unwinds a run (seen: a
                    // FrameSlotTypeException in a finally block it runs on the way out); the run
                    // was still stopped by the interrupt, and that is what its caller hears.
                    return INTERRUPTED;
                } else if (e.isResourceExhausted()) {
                    return MEMORY_EXHAUSTED;
                } else if (e.isHostException() || e.isInternalError() || !e.isGuestException()) {
                    // A permission GraalPy denies (threads, processes in an isolated interpreter)
                    // arrives as a host exception Python code cannot catch: report it as the run's
                    // failure, as the Python error it stands for.
                    return hostFailure(e);
                }
                return null;
            } catch (Throwable whileReporting) {
                // An OutOfMemoryError here (the heap still full) must not end the owner thread.
                return MEMORY_EXHAUSTED;
            }
        }
        if (thrown instanceof OutOfMemoryError) {
            // The heap is shared: a run that exhausted it fails as Python's MemoryError would.
            return MEMORY_EXHAUSTED;
        }
        return null;
    }

    /** What the caller of a run gets when {@code thrown} broke interpreter {@code id}. */
    static Throwable broken(Throwable thrown, long id) {
        if (thrown instanceof CompletionException e) {
            return new InterpreterError("interpreter " + id + " failed to start: " + e.getCause(), e.getCause());
        }
        if (thrown instanceof PolyglotException e) {
            return new InterpreterError("interpreter " + id + ": " + e.getMessage(), e);
        }
        return thrown;
    }

    private static RemoteFailure hostFailure(PolyglotException e) {
        String msg = String.valueOf(e.getMessage());
        String type = msg.contains("not allowed") ? "PermissionError" : "SystemError";
        StringBuilder tb = new StringBuilder("Traceback (most recent call last):\n");
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (f.isGuestFrame() && f.getSourceLocation() != null) {
                tb.append("  File \"").append(f.getSourceLocation().getSource().getName()).append("\", line ")
                        .append(f.getSourceLocation().getStartLine()).append(", in ").append(f.getRootName()).append('\n');
            }
        }
        tb.append(type).append(": ").append(msg).append('\n');
        return new RemoteFailure(type, true, msg, tb.toString(), null);
    }
}
