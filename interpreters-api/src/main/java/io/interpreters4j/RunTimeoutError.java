package io.interpreters4j;

/**
 * A run with a time limit did not finish in time and was interrupted. Python:
 * {@code interpreters.RunTimeoutError}, a subclass of {@code RunFailedError}.
 */
public class RunTimeoutError extends RunFailedError {
    private static final long serialVersionUID = 1L;

    /**
     * The error for a run that was interrupted when its time was up.
     *
     * @param cause the surrogate of the Python exception that ended the run; its message names the limit
     */
    public RunTimeoutError(RemoteException cause) {
        super(cause);
    }
}
