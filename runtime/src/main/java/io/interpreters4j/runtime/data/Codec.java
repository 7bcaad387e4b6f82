package io.interpreters4j.runtime.data;

import io.interpreters4j.InterpreterQueue;
import io.interpreters4j.PickledObject;
import io.interpreters4j.RecvChannel;
import io.interpreters4j.SendChannel;
import io.interpreters4j.channels.BufferedQueue;
import io.interpreters4j.channels.ChannelRegistry;
import io.interpreters4j.channels.QueueHandle;
import io.interpreters4j.channels.RecvEnd;
import io.interpreters4j.channels.Shareable;
import io.interpreters4j.channels.RendezvousChannel;
import io.interpreters4j.channels.SendEnd;
import org.graalvm.polyglot.Value;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Conversions of shareable data (docs/semantics.md, "What crosses between interpreters"). Three forms meet here:
 * <ul>
 * <li><b>canonical</b>, what a channel carries: {@code null}, {@link String}, {@link Long},
 * {@link BigInteger} (only beyond the long range), {@code byte[]} (owned by the value),
 * {@link SharedBuffer}, {@link RecvChannel}, {@link SendChannel}; and what only queues and
 * CPython 3.14's calls carry: {@link Boolean}, {@link Double}, an unmodifiable {@link List} of
 * canonical values (a tuple), {@link PickledObject}, {@link QueueHandle};
 * <li><b>Java API</b>, what Java callers give and get: the canonical form, plus smaller integer
 * boxes and {@link ByteBuffer} on the way in, and {@link ByteBuffer} for buffers on the way out;
 * <li><b>Python-ready</b>, what the bridge hands to Python: {@code String}, {@code Long},
 * {@code Boolean} and {@code Double} bare, everything else as a {@link Wire}.
 * </ul>
 */
public final class Codec {
    /** Bytes at least this long go to Python through native memory instead of a Latin-1 string. */
    public static final int NATIVE_BYTES_THRESHOLD = 64 * 1024;

    private Codec() {
    }

    /** {@link Shareable#isShareable}, and the runtime's own buffers. */
    public static boolean isShareable(Object v) {
        return v instanceof SharedBuffer || Shareable.isShareable(v);
    }

    /**
     * A Java value put in a queue, to canonical: what {@link #toCanonical} takes, plus
     * {@code Boolean}, {@code Double}/{@code Float}, a {@link List} of such values (a tuple),
     * {@link PickledObject} and queues: CPython 3.14's shareable types.
     *
     * @throws IllegalArgumentException if {@code v} is none of those
     */
    public static Object toQueueItem(Object v) {
        if (v instanceof Boolean || v instanceof Double || v instanceof PickledObject || v instanceof QueueHandle) {
            return v;
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof List<?> list) {
            Object[] items = new Object[list.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = toQueueItem(list.get(i));
            }
            return tuple(items);
        }
        if (v instanceof InterpreterQueue q) {
            throw new IllegalArgumentException("not an interpreters4j queue: " + q.getClass().getName());
        }
        try {
            return toCanonical(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot be put in a queue: " + (v == null ? "null" : v.getClass().getName())
                    + " (queues take String, byte[], Long/Integer/Short/Byte, BigInteger, Boolean, Double, List"
                    + " of those, ByteBuffer, PickledObject, queues and channel ends)");
        }
    }

    /** A canonical tuple of canonical items (nulls allowed). */
    static List<Object> tuple(Object[] items) {
        return Collections.unmodifiableList(Arrays.asList(items));
    }

    /**
     * Java API value to canonical ({@link Shareable#toCanonical}: buffers become
     * {@link SharedBuffer}s); {@link IllegalArgumentException} if not shareable.
     */
    public static Object toCanonical(Object v) {
        return v instanceof SharedBuffer ? v : Shareable.toCanonical(v, SharedBuffer::of);
    }

    /** Canonical value to what a Java receiver gets. */
    public static Object toJavaApi(Object canonical) {
        if (canonical instanceof SharedBuffer sb) {
            return sb.asByteBuffer();
        }
        if (canonical instanceof List<?> tuple) {
            Object[] items = new Object[tuple.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = toJavaApi(tuple.get(i));
            }
            return tuple(items);
        }
        return canonical;
    }

    /** Canonical value to what Python decodes, for an interpreter with native access. */
    public static Object toPython(Object v) {
        return toPython(v, true);
    }

    /**
     * Canonical value to what Python decodes. Without native access (isolated interpreters) large
     * bytes come as text and a buffer as a copy, since ctypes cannot map memory there.
     */
    public static Object toPython(Object v, boolean nativeAccess) {
        if (v instanceof String || v instanceof Long || v instanceof Boolean || v instanceof Double) {
            return v;
        }
        if (v == null) {
            return Wire.NONE_VALUE;
        }
        if (v instanceof byte[] bytes) {
            if (nativeAccess && bytes.length >= NATIVE_BYTES_THRESHOLD) {
                SharedBuffer staged = SharedBuffer.allocate(bytes.length);
                staged.write(bytes);
                return Wire.nativeBytes(staged, bytes.length);
            }
            return Wire.bytes(bytes);
        }
        if (v instanceof BigInteger b) {
            return Wire.bigInt(b);
        }
        if (v instanceof RecvEnd r) {
            return Wire.channelEnd(Wire.Kind.RECV_END, r.id(), r.channel());
        }
        if (v instanceof SendEnd s) {
            return Wire.channelEnd(Wire.Kind.SEND_END, s.id(), s.channel());
        }
        if (v instanceof SharedBuffer sb) {
            return nativeAccess ? Wire.buffer(sb) : Wire.bufferCopy(sb.toByteArray());
        }
        if (v instanceof List<?> tuple) {
            Object[] items = new Object[tuple.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = toPython(tuple.get(i), nativeAccess);
            }
            return Wire.tuple(items);
        }
        if (v instanceof PickledObject p) {
            return Wire.pickled(toPython(p.data(), nativeAccess), p.mainFile());
        }
        if (v instanceof QueueHandle q) {
            return Wire.queue(q.id(), q.queue());
        }
        throw new IllegalArgumentException("not a canonical value: " + v.getClass().getName());
    }

    /**
     * What Python encoded (see {@code _interpreters4j._encode}) to canonical. The kind was chosen by
     * Python from the exact type, so only the payload is read here.
     */
    public static Object fromPython(ChannelRegistry channels, int kind, Value payload) {
        return switch (Wire.Kind.of(kind)) {
            case NONE -> null;
            case PLAIN -> payload.isString() ? payload.asString() : (Object) payload.asLong();
            case BYTES -> {
                byte[] data = new byte[Math.toIntExact(payload.getBufferSize())];
                payload.readBuffer(0, data, 0, data.length);
                yield data;
            }
            case BIGINT -> Shareable.normalize(new BigInteger(payload.asString(), 16));
            case RECV_END -> channels.recvEnd((RendezvousChannel) payload.asHostObject());
            case SEND_END -> channels.sendEnd((RendezvousChannel) payload.asHostObject());
            case BUFFER -> payload.asHostObject();
            case BOOL -> payload.asBoolean();
            case FLOAT -> payload.asDouble();
            case TUPLE -> {
                Value kinds = payload.getArrayElement(0);
                Value payloads = payload.getArrayElement(1);
                Object[] items = new Object[(int) kinds.getArraySize()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = fromPython(channels, kinds.getArrayElement(i).asInt(), payloads.getArrayElement(i));
                }
                yield tuple(items);
            }
            case PICKLED -> {
                Value data = payload.getArrayElement(0);
                Value mainFile = payload.getArrayElement(1);
                byte[] bytes = new byte[Math.toIntExact(data.getBufferSize())];
                data.readBuffer(0, bytes, 0, bytes.length);
                yield new PickledObject(bytes, mainFile.isNull() ? null : mainFile.asString());
            }
            case QUEUE -> channels.queues().handle((BufferedQueue) payload.asHostObject());
            default -> throw new IllegalArgumentException("unknown value kind " + kind);
        };
    }
}
