package io.interpreters4j.channels;

import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelEmptyError;
import io.interpreters4j.Interpreter;
import io.interpreters4j.RecvChannel;
import io.interpreters4j.RecvResult;
import io.interpreters4j.spi.Timeouts;

import java.time.Duration;
import java.util.List;

/**
 * The receiving end of a {@link RendezvousChannel}, acting for the interpreter of the calling
 * thread as the {@link ChannelHost} tells. Equal to every other receiving end of the same channel.
 */
public final class RecvEnd implements RecvChannel {
    private final RendezvousChannel channel;
    private final ChannelHost host;

    RecvEnd(RendezvousChannel channel, ChannelHost host) {
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
    public Object recv() throws InterruptedException {
        return host.toJava(channel.recv(host.currentInterpreterId(), -1));
    }

    @Override
    public Object recv(Duration timeout) throws InterruptedException {
        Object value = channel.recv(host.currentInterpreterId(), Timeouts.nanos(timeout));
        if (value == RendezvousChannel.NOTHING) {
            throw new ChannelEmptyError("channel " + id() + ": no sender within " + timeout);
        }
        return host.toJava(value);
    }

    @Override
    public Object recvNowait(Object defaultValue) {
        Object value = channel.recvNowait(host.currentInterpreterId());
        return value == RendezvousChannel.NOTHING ? defaultValue : host.toJava(value);
    }

    @Override
    public RecvResult tryRecv() {
        Object value;
        try {
            value = channel.recvNowait(host.currentInterpreterId());
        } catch (ChannelClosedError closedOrReleased) {
            return RecvResult.closed();
        }
        return value == RendezvousChannel.NOTHING ? RecvResult.empty() : RecvResult.received(host.toJava(value));
    }

    @Override
    public boolean release() {
        return channel.release(host.currentInterpreterId(), RendezvousChannel.End.RECV);
    }

    @Override
    public void close(boolean force) {
        channel.close(RendezvousChannel.End.RECV, force);
    }

    @Override
    public void close() {
        try {
            channel.close(RendezvousChannel.End.RECV, false);
        } catch (ChannelClosedError alreadyClosed) {
            // leaving a with-block of a closed channel is fine
        }
    }

    @Override
    public List<Interpreter> interpreters() {
        return ChannelRegistry.handles(host, channel.interpreters(RendezvousChannel.End.RECV));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecvEnd other && other.id() == id();
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id());
    }

    @Override
    public String toString() {
        return "RecvChannel(" + id() + ")";
    }
}
