package io.interpreters4j;

/**
 * A channel as its two ends, as {@code create_channel()} returns them in Python. Both ends share
 * the channel's {@link #id()}.
 *
 * <p>Like its ends, a channel is {@link AutoCloseable}: leaving a try-with-resources block closes
 * it (see {@link #close()}).
 *
 * @param recvEnd the receiving end
 * @param sendEnd the sending end
 */
public record Channel(RecvChannel recvEnd, SendChannel sendEnd) implements AutoCloseable {

    /**
     * The two ends of one channel.
     *
     * @throws IllegalArgumentException if the ends belong to different channels
     */
    public Channel {
        if (recvEnd.id() != sendEnd.id()) {
            throw new IllegalArgumentException("ends of different channels: " + recvEnd.id() + " and " + sendEnd.id());
        }
    }

    /**
     * The channel's id, global and sequential.
     *
     * @return the id both ends share
     */
    public long id() {
        return recvEnd.id();
    }

    /**
     * Ends a try-with-resources block: closes both ends for every interpreter, as
     * {@link RecvChannel#close()} does, so an already closed channel is not an error.
     *
     * @throws ChannelNotEmptyError if a sender is waiting; nothing changes then (use
     *     {@code recvEnd().close(true)} to fail such senders)
     */
    @Override
    public void close() {
        recvEnd.close();
    }
}
