package io.interpreters4j.channels;

import io.interpreters4j.Interpreter;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ChannelHost} for Java threads without a Python runtime (tests, pure-Java use). Each
 * thread acts for the interpreter id it set with {@link #setCurrentInterpreter(long)}, 0 until
 * then. Values are converted as {@link Shareable} says; a buffer is shared as a slice of itself.
 */
public final class DefaultChannelHost implements ChannelHost {

    private final ThreadLocal<Long> current = ThreadLocal.withInitial(() -> 0L);

    /** Makes the calling thread act for interpreter {@code id}. */
    public void setCurrentInterpreter(long id) {
        current.set(id);
    }

    @Override
    public long currentInterpreterId() {
        return current.get();
    }

    /** A handle that knows only its id: running code needs a runtime. */
    @Override
    public Interpreter interpreter(long id) {
        return new IdOnly(id);
    }

    @Override
    public Object toShareable(Object value) {
        return Shareable.toCanonical(value, this::shareBuffer);
    }

    /** The same bytes, with a position and limit of the receiver's own. */
    @Override
    public Object shareBuffer(ByteBuffer buffer) {
        return buffer.slice();
    }

    private record IdOnly(long id) implements Interpreter {
        @Override
        public boolean isRunning() {
            throw unsupported();
        }

        @Override
        public void run(String source) {
            throw unsupported();
        }

        @Override
        public void run(String source, Map<String, ?> shared) {
            throw unsupported();
        }

        @Override
        public void run(String source, Map<String, ?> shared, Duration timeout) {
            throw unsupported();
        }

        @Override
        public boolean interrupt() {
            throw unsupported();
        }

        @Override
        public Object call(String function, java.util.List<?> args, Map<String, ?> kwargs, Duration timeout) {
            throw unsupported();
        }

        @Override
        public CompletableFuture<Void> runAsync(String source, Map<String, ?> shared) {
            throw unsupported();
        }

        @Override
        public void destroy() {
            throw unsupported();
        }

        @Override
        public void close() {
            throw unsupported();
        }

        private UnsupportedOperationException unsupported() {
            return new UnsupportedOperationException("interpreter " + id + " is an id only: running code needs a runtime");
        }
    }
}
