package io.interpreters4j;

import java.util.Objects;

/**
 * One operation offered to {@link Interpreters#select}: receive from a channel, or send a value to
 * one. The first case that can complete completes; the others do nothing.
 */
public sealed interface SelectCase {

    /**
     * A receive from {@code channel}.
     *
     * @param channel the end to receive from
     * @return the case
     */
    static SelectCase recv(RecvChannel channel) {
        return new Recv(channel);
    }

    /**
     * A send of {@code value} to {@code channel}.
     *
     * @param channel the end to send to
     * @param value a shareable value
     * @return the case
     */
    static SelectCase send(SendChannel channel, Object value) {
        return new Send(channel, value);
    }

    /**
     * A receive case.
     *
     * @param channel the end to receive from
     */
    record Recv(RecvChannel channel) implements SelectCase {
        /** A receive case; {@code channel} must not be null. */
        public Recv {
            Objects.requireNonNull(channel, "channel");
        }
    }

    /**
     * A send case.
     *
     * @param channel the end to send to
     * @param value the value to send, shareable
     */
    record Send(SendChannel channel, Object value) implements SelectCase {
        /** A send case; {@code channel} must not be null. */
        public Send {
            Objects.requireNonNull(channel, "channel");
        }
    }
}
