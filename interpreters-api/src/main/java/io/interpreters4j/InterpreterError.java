package io.interpreters4j;

/**
 * An interpreter was used in a way its state does not allow: it is destroyed, running already, the
 * main interpreter, or the caller's own. The Python side raises {@code RuntimeError} for the same
 * conditions.
 */
public class InterpreterError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with this message.
     *
     * @param message what went wrong, for people
     */
    public InterpreterError(String message) {
        super(message);
    }

    /**
     * An error with this message and cause.
     *
     * @param message what went wrong, for people
     * @param cause what caused it
     */
    public InterpreterError(String message, Throwable cause) {
        super(message, cause);
    }
}
