package io.interpreters4j;

/**
 * The outcome of {@link RecvChannel#tryRecv()}: a try-form that never throws a channel error.
 * {@code value} is meaningful only when {@link #status()} is {@link Status#RECEIVED}, and may be
 * {@code null} then (Python sent {@code None}).
 */
public record RecvResult(Status status, Object value) {

    /** What happened. */
    public enum Status {
        /** A sender was waiting; its value was taken. */
        RECEIVED,
        /** No sender was waiting; nothing was taken. */
        EMPTY,
        /** The channel is closed, or this interpreter released the end. */
        CLOSED
    }

    private static final RecvResult EMPTY_RESULT = new RecvResult(Status.EMPTY, null);
    private static final RecvResult CLOSED_RESULT = new RecvResult(Status.CLOSED, null);

    public static RecvResult received(Object value) {
        return new RecvResult(Status.RECEIVED, value);
    }

    public static RecvResult empty() {
        return EMPTY_RESULT;
    }

    public static RecvResult closed() {
        return CLOSED_RESULT;
    }

    public boolean isReceived() {
        return status == Status.RECEIVED;
    }
}
