package io.interpreters4j.runtime;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.RecvChannel;
import io.interpreters4j.SelectCase;
import io.interpreters4j.Selected;
import io.interpreters4j.SendChannel;
import io.interpreters4j.channels.ChannelHost;
import io.interpreters4j.channels.ChannelRegistry;
import io.interpreters4j.channels.RendezvousChannel;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The runtime's side of the channel engine: it tells the engine who is calling and how Java values
 * become shareable data ({@link ChannelHost}), and holds the process-wide {@link ChannelRegistry}.
 */
final class ChannelSupport implements ChannelHost {
    private final PythonRuntime runtime;
    final ChannelRegistry registry;

    ChannelSupport(PythonRuntime runtime) {
        this.runtime = runtime;
        this.registry = new ChannelRegistry(this);
    }

    @Override
    public long currentInterpreterId() {
        return runtime.currentId();
    }

    @Override
    public Interpreter interpreter(long id) {
        return runtime.find(id);
    }

    @Override
    public Object toShareable(Object value) {
        return Codec.toCanonical(value);
    }

    @Override
    public Object shareBuffer(ByteBuffer buffer) {
        return SharedBuffer.of(buffer);
    }

    @Override
    public Object toJava(Object value) {
        return Codec.toJavaApi(value);
    }

    Channel create() {
        return registry.createChannel();
    }

    List<Channel> listAll() {
        return registry.listAllChannels();
    }

    RecvChannel recvEnd(long id) {
        return registry.recvChannel(id);
    }

    SendChannel sendEnd(long id) {
        return registry.sendChannel(id);
    }

    RecvChannel recvEnd(RendezvousChannel channel) {
        return registry.recvEnd(channel);
    }

    SendChannel sendEnd(RendezvousChannel channel) {
        return registry.sendEnd(channel);
    }

    Selected select(List<SelectCase> cases, long timeoutNanos) throws InterruptedException {
        return registry.select(cases, timeoutNanos);
    }

    void dropInterpreter(long id) {
        registry.dropInterpreter(id);
    }
}
