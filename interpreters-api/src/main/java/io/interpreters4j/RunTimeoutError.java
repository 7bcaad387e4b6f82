package io.interpreters4j;

/**
 * A run with a time limit did not finish in time and was interrupted. Python:
 * {@code interpreters.RunTimeoutError}, a subclass of {@code RunFailedError}.
 */
public class RunTimeoutError extends RunFailedError {
    private static final long serialVersionUID = 1L;

    public RunTimeoutError(RemoteException cause) {
        super(cause);
    }
}
