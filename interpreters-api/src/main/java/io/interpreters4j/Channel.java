package io.interpreters4j;

/**
 * A channel as its two ends, as {@code create_channel()} returns them in Python. Both ends share
 * the channel's {@link #id()}.
 */
public record Channel(RecvChannel recvEnd, SendChannel sendEnd) {

    public Channel {
        if (recvEnd.id() != sendEnd.id()) {
            throw new IllegalArgumentException("ends of different channels: " + recvEnd.id() + " and " + sendEnd.id());
        }
    }

    /** The channel's id, global and sequential. */
    public long id() {
        return recvEnd.id();
    }
}
