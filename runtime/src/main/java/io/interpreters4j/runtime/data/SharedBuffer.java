package io.interpreters4j.runtime.data;

import org.graalvm.polyglot.HostAccess;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * Native memory that every interpreter maps without copying: the value a {@code send_buffer} /
 * {@code sendBuffer} carries. Java sees it as a direct {@link ByteBuffer}; Python as a
 * {@code memoryview} over a ctypes array at {@link #address()}.
 *
 * <p>Lifetime: the memory is a direct byte buffer, freed by the garbage collector only when no
 * holder remains. Every Python view keeps this object reachable (its ctypes array holds it), and
 * every Java view is a duplicate of the buffer, which keeps the memory reachable.
 *
 * <p>The address comes from {@code java.lang.foreign} (final in Java 22), looked up reflectively
 * because the runtime is compiled for Java 21, where that API is a preview.
 */
public final class SharedBuffer {
    private static final MethodHandle ADDRESS_OF = addressOfBuffer();

    private final ByteBuffer memory;
    private final long address;

    private SharedBuffer(ByteBuffer memory) {
        this.memory = memory;
        this.address = addressOf(memory);
    }

    /** Fresh zeroed shared memory of {@code size} bytes. */
    public static SharedBuffer allocate(long size) {
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shared buffer size out of range: " + size);
        }
        return new SharedBuffer(ByteBuffer.allocateDirect((int) size));
    }

    /** Shares a direct buffer's memory (position to limit) as is; copies a heap buffer's once. */
    public static SharedBuffer of(ByteBuffer buffer) {
        if (buffer.isDirect() && !buffer.isReadOnly()) {
            return new SharedBuffer(buffer.slice());
        }
        SharedBuffer copy = allocate(buffer.remaining());
        copy.memory.put(0, buffer, buffer.position(), buffer.remaining());
        return copy;
    }

    @HostAccess.Export
    public long address() {
        return address;
    }

    @HostAccess.Export
    public long size() {
        return memory.capacity();
    }

    /** A Java view of the same bytes, positioned at 0. */
    public ByteBuffer asByteBuffer() {
        return memory.duplicate().clear();
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        byte[] copy = new byte[memory.capacity()];
        memory.get(0, copy);
        return copy;
    }

    /** Copies {@code bytes} in at offset 0. */
    public void write(byte[] bytes) {
        memory.put(0, bytes);
    }

    /** Copies {@code length} bytes of {@code bytes} in at {@code offset}. */
    public void write(long offset, byte[] bytes, int length) {
        memory.put((int) offset, bytes, 0, length);
    }

    private static long addressOf(ByteBuffer direct) {
        if (ADDRESS_OF == null) {
            throw new UnsupportedOperationException("shared buffers need Java 22 or later (java.lang.foreign)");
        }
        try {
            return (long) ADDRESS_OF.invokeExact((Buffer) direct);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot take the address of a direct buffer", t);
        }
    }

    private static MethodHandle addressOfBuffer() {
        try {
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle ofBuffer = lookup.findStatic(segment, "ofBuffer", MethodType.methodType(segment, Buffer.class));
            MethodHandle address = lookup.findVirtual(segment, "address", MethodType.methodType(long.class));
            return MethodHandles.filterReturnValue(ofBuffer, address);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
