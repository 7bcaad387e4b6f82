package io.interpreters4j.channels;

import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.Interpreter;
import io.interpreters4j.NotReceivedError;
import io.interpreters4j.SendChannel;
import io.interpreters4j.spi.Timeouts;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * The sending end of a {@link RendezvousChannel}, acting for the interpreter of the calling thread
 * as the {@link ChannelHost} tells. Values are converted by {@link ChannelHost#toShareable} before
 * anything is sent. Equal to every other sending end of the same channel.
 */
public final class SendEnd implements SendChannel {
    private final RendezvousChannel channel;
    private final ChannelHost host;

    SendEnd(RendezvousChannel channel, ChannelHost host) {
        this.channel = channel;
        this.host = host;
    }

    /** The engine channel behind this end. */
    public RendezvousChannel channel() {
        return channel;
    }

    @Override
    public long id() {
        return channel.id();
    }

    @Override
    public void send(Object value) throws InterruptedException {
        channel.send(host.currentInterpreterId(), host.toShareable(value), -1);
    }

    @Override
    public void send(Object value, Duration timeout) throws InterruptedException {
        sendShared(host.toShareable(value), timeout);
    }

    @Override
    public boolean sendNowait(Object value) {
        return channel.sendNowait(host.currentInterpreterId(), host.toShareable(value));
    }

    @Override
    public void sendBuffer(ByteBuffer buffer) throws InterruptedException {
        channel.send(host.currentInterpreterId(), host.shareBuffer(buffer), -1);
    }

    @Override
    public void sendBuffer(ByteBuffer buffer, Duration timeout) throws InterruptedException {
        sendShared(host.shareBuffer(buffer), timeout);
    }

    @Override
    public boolean sendBufferNowait(ByteBuffer buffer) {
        return channel.sendNowait(host.currentInterpreterId(), host.shareBuffer(buffer));
    }

    private void sendShared(Object shared, Duration timeout) throws InterruptedException {
        if (!channel.send(host.currentInterpreterId(), shared, Timeouts.nanos(timeout))) {
            throw new NotReceivedError("channel " + id() + ": no receiver within " + timeout);
        }
    }

    @Override
    public boolean release() {
        return channel.release(host.currentInterpreterId(), RendezvousChannel.End.SEND);
    }

    @Override
    public void close(boolean force) {
        channel.close(RendezvousChannel.End.SEND, force);
    }

    @Override
    public void close() {
        try {
            channel.close(RendezvousChannel.End.SEND, false);
        } catch (ChannelClosedError alreadyClosed) {
            // leaving a with-block of a closed channel is fine
        }
    }

    @Override
    public List<Interpreter> interpreters() {
        return ChannelRegistry.handles(host, channel.interpreters(RendezvousChannel.End.SEND));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SendEnd other && other.id() == id();
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id());
    }

    @Override
    public String toString() {
        return "SendChannel(" + id() + ")";
    }
}
