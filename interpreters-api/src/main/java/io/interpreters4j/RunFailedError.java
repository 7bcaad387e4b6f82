package io.interpreters4j;

/**
 * Python code run by {@link Interpreter#run(String)} raised an exception that it did not catch
 * (including {@code SyntaxError} in the source and {@code SystemExit}). Python: a subclass of
 * {@code RuntimeError} with the same name.
 *
 * <p>{@link #getCause()} is a {@link RemoteException} carrying the remote type name, message and
 * traceback; {@link #getMessage()} shows the remote traceback.
 */
public class RunFailedError extends InterpreterError {
    private static final long serialVersionUID = 1L;

    /**
     * The error for a run that raised.
     *
     * @param cause the surrogate of the Python exception that escaped
     */
    public RunFailedError(RemoteException cause) {
        super(cause.remoteTraceback().isEmpty() ? cause.getMessage() : cause.remoteTraceback().stripTrailing(), cause);
    }

    @Override
    public RemoteException getCause() {
        return (RemoteException) super.getCause();
    }

    /**
     * Qualified name of the Python exception type that escaped.
     *
     * @return a name such as {@code KeyError} or {@code mymod.MyError}
     */
    public String remoteTypeName() {
        return getCause().typeName();
    }

    /**
     * {@code str()} of the Python exception that escaped.
     *
     * @return the message; empty when it had none
     */
    public String remoteMessage() {
        return getCause().remoteMessage();
    }

    /**
     * The formatted remote traceback.
     *
     * @return the traceback as the other interpreter printed it
     */
    public String remoteTraceback() {
        return getCause().remoteTraceback();
    }
}
