package io.interpreters4j.runtime;

import io.interpreters4j.Interpreter;
import io.interpreters4j.channels.ChannelHost;
import io.interpreters4j.runtime.data.Codec;
import io.interpreters4j.runtime.data.SharedBuffer;
import io.interpreters4j.runtime.interpreter.PyInterpreter;

import java.nio.ByteBuffer;
import java.util.function.LongFunction;

/**
 * The runtime's side of the channel and queue engines ({@link ChannelHost}): who is calling,
 * handles to interpreters, and how Java values become shareable data ({@link Codec}).
 */
final class ChannelSupport implements ChannelHost {
    private final LongFunction<Interpreter> interpreters;

    /** @param interpreters the interpreter with an id, or null */
    ChannelSupport(LongFunction<Interpreter> interpreters) {
        this.interpreters = interpreters;
    }

    @Override
    public long currentInterpreterId() {
        return PyInterpreter.currentId();
    }

    @Override
    public Interpreter interpreter(long id) {
        return interpreters.apply(id);
    }

    @Override
    public Object toShareable(Object value) {
        return Codec.toCanonical(value);
    }

    @Override
    public Object toQueueItem(Object value) {
        return Codec.toQueueItem(value);
    }

    @Override
    public Object shareBuffer(ByteBuffer buffer) {
        return SharedBuffer.of(buffer);
    }

    @Override
    public Object toJava(Object value) {
        return Codec.toJavaApi(value);
    }
}
