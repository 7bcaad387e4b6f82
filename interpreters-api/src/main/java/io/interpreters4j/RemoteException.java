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
    private final String typeName;
    private final String remoteMessage;
    private final String remoteTraceback;

    public RemoteException(String typeName, String remoteMessage, String remoteTraceback) {
        super(remoteMessage == null || remoteMessage.isEmpty() ? typeName : typeName + ": " + remoteMessage, null,
                false, false);
        this.typeName = typeName;
        this.remoteMessage = remoteMessage == null ? "" : remoteMessage;
        this.remoteTraceback = remoteTraceback == null ? "" : remoteTraceback;
    }

    /** Qualified name of the Python exception type, such as {@code KeyError} or {@code mymod.MyError}. */
    public String typeName() {
        return typeName;
    }

    /** {@code str()} of the Python exception; empty when it had no message. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The formatted Python traceback, as {@code traceback.format_exception} gives it. */
    public String remoteTraceback() {
        return remoteTraceback;
    }
}
