package io.interpreters4j;

/**
 * The outcome of {@link RecvChannel#tryRecv()}: a try-form that never throws a channel error.
 * {@code value} is meaningful only when {@link #status()} is {@link Status#RECEIVED}, and may be
 * {@code null} then (Python sent {@code None}).
 *
 * @param status what happened
 * @param value the value received, when {@code status} is {@link Status#RECEIVED}; else {@code null}
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

    /**
     * A value was received.
     *
     * @param value the value, {@code null} for Python {@code None}
     * @return the outcome
     */
    public static RecvResult received(Object value) {
        return new RecvResult(Status.RECEIVED, value);
    }

    /**
     * No sender was waiting.
     *
     * @return the outcome, always the same instance
     */
    public static RecvResult empty() {
        return EMPTY_RESULT;
    }

    /**
     * The channel is closed, or this interpreter released the end.
     *
     * @return the outcome, always the same instance
     */
    public static RecvResult closed() {
        return CLOSED_RESULT;
    }

    /**
     * Whether a value was received.
     *
     * @return {@code status() == Status.RECEIVED}
     */
    public boolean isReceived() {
        return status == Status.RECEIVED;
    }
}
