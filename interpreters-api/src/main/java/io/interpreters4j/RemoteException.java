package io.interpreters4j;

/**
 * A surrogate of an exception raised by Python code in another interpreter. The original object
 * cannot cross (interpreters share no objects), so its data does: the qualified type name, the
 * message ({@code str(exc)}) and the formatted traceback as the other interpreter printed it.
 *
 * <p>It is the {@linkplain Throwable#getCause() cause} of a {@link RunFailedError}.
 */
public final class RemoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Qualified name of the Python exception type. */
    private final String typeName;
    /** {@code str()} of the Python exception, never null. */
    private final String remoteMessage;
    /** The formatted Python traceback, never null. */
    private final String remoteTraceback;

    /**
     * A surrogate of a Python exception.
     *
     * @param typeName qualified name of its type
     * @param remoteMessage {@code str()} of it; null or empty for none
     * @param remoteTraceback its formatted traceback; null or empty for none
     */
    public RemoteException(String typeName, String remoteMessage, String remoteTraceback) {
        super(remoteMessage == null || remoteMessage.isEmpty() ? typeName : typeName + ": " + remoteMessage, null,
                false, false);
        this.typeName = typeName;
        this.remoteMessage = remoteMessage == null ? "" : remoteMessage;
        this.remoteTraceback = remoteTraceback == null ? "" : remoteTraceback;
    }

    /**
     * Qualified name of the Python exception type.
     *
     * @return a name such as {@code KeyError} or {@code mymod.MyError}
     */
    public String typeName() {
        return typeName;
    }

    /**
     * {@code str()} of the Python exception.
     *
     * @return the message; empty when it had none
     */
    public String remoteMessage() {
        return remoteMessage;
    }

    /**
     * The formatted Python traceback.
     *
     * @return the traceback as {@code traceback.format_exception} gives it; empty when there was none
     */
    public String remoteTraceback() {
        return remoteTraceback;
    }
}
