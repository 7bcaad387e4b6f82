package io.interpreters4j;

import java.util.Objects;

/**
 * One operation offered to {@link Interpreters#select}: receive from a channel, or send a value to
 * one. The first case that can complete completes; the others do nothing.
 */
public sealed interface SelectCase {

    /** A receive from {@code channel}. */
    static SelectCase recv(RecvChannel channel) {
        return new Recv(channel);
    }

    /** A send of {@code value} (shareable) to {@code channel}. */
    static SelectCase send(SendChannel channel, Object value) {
        return new Send(channel, value);
    }

    /** A receive case. */
    record Recv(RecvChannel channel) implements SelectCase {
        public Recv {
            Objects.requireNonNull(channel, "channel");
        }
    }

    /** A send case. */
    record Send(SendChannel channel, Object value) implements SelectCase {
        public Send {
            Objects.requireNonNull(channel, "channel");
        }
    }
}
