package io.interpreters4j.runtime.data;

import io.interpreters4j.RecvChannel;
import io.interpreters4j.SendChannel;
import io.interpreters4j.channels.ChannelRegistry;
import io.interpreters4j.channels.RecvEnd;
import io.interpreters4j.channels.RendezvousChannel;
import io.interpreters4j.channels.SendEnd;
import org.graalvm.polyglot.Value;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Conversions of shareable data (SPEC §4). Three forms meet here:
 * <ul>
 * <li><b>canonical</b>, what a channel carries: {@code null}, {@link String}, {@link Long},
 * {@link BigInteger} (only beyond the long range), {@code byte[]} (owned by the value),
 * {@link SharedBuffer}, {@link RecvChannel}, {@link SendChannel};
 * <li><b>Java API</b>, what Java callers give and get: the canonical form, plus smaller integer
 * boxes and {@link ByteBuffer} on the way in, and {@link ByteBuffer} for buffers on the way out;
 * <li><b>Python-ready</b>, what the bridge hands to Python: {@code String} and {@code Long} bare,
 * everything else as a {@link Wire}.
 * </ul>
 */
public final class Codec {
    /** Bytes at least this long go to Python through native memory instead of a Latin-1 string. */
    public static final int NATIVE_BYTES_THRESHOLD = 64 * 1024;

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Codec() {
    }

    public static boolean isShareable(Object v) {
        return v == null || v instanceof String || v instanceof byte[] || v instanceof Long || v instanceof Integer
                || v instanceof Short || v instanceof Byte || v instanceof BigInteger || v instanceof ByteBuffer
                || v instanceof SharedBuffer || v instanceof RecvEnd || v instanceof SendEnd;
    }

    /** Java API value to canonical; {@link IllegalArgumentException} if not shareable. Copies byte arrays. */
    public static Object toCanonical(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof RecvEnd
                || v instanceof SendEnd || v instanceof SharedBuffer) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return normalize(b);
        }
        if (v instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (v instanceof ByteBuffer buf) {
            return SharedBuffer.of(buf);
        }
        throw new IllegalArgumentException("not shareable between interpreters: " + v.getClass().getName()
                + " (shareable: null, String, byte[], Long/Integer/Short/Byte, BigInteger, ByteBuffer, channel ends)");
    }

    public static Object normalize(BigInteger b) {
        return b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0 ? (Object) b.longValue() : b;
    }

    /** Canonical value to what a Java receiver gets. */
    public static Object toJavaApi(Object canonical) {
        return canonical instanceof SharedBuffer sb ? sb.asByteBuffer() : canonical;
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
        if (v instanceof String || v instanceof Long) {
            return v;
        }
        if (v == null) {
            return Wire.NONE_VALUE;
        }
        if (v instanceof byte[] bytes) {
            if (nativeAccess && bytes.length >= NATIVE_BYTES_THRESHOLD) {
                SharedBuffer staged = SharedBuffer.allocate(bytes.length);
                staged.write(bytes);
                return new Wire(Wire.BYTES_NATIVE, null, staged.address(), bytes.length, null, null, staged);
            }
            return new Wire(Wire.BYTES, new String(bytes, StandardCharsets.ISO_8859_1), 0);
        }
        if (v instanceof BigInteger b) {
            return new Wire(Wire.BIGINT, b.toString(16), 0);
        }
        if (v instanceof RecvEnd r) {
            return new Wire(Wire.RECV_END, null, r.id(), 0, null, null, r.channel());
        }
        if (v instanceof SendEnd s) {
            return new Wire(Wire.SEND_END, null, s.id(), 0, null, null, s.channel());
        }
        if (v instanceof SharedBuffer sb) {
            if (!nativeAccess) {
                return new Wire(Wire.BUFFER_COPY, new String(sb.toByteArray(), StandardCharsets.ISO_8859_1), 0);
            }
            return new Wire(Wire.BUFFER, null, sb.address(), sb.size(), null, null, sb);
        }
        throw new IllegalArgumentException("not a canonical value: " + v.getClass().getName());
    }

    /**
     * What Python encoded (see {@code _interpreters4j._encode}) to canonical. The kind was chosen by
     * Python from the exact type, so only the payload is read here.
     */
    public static Object fromPython(ChannelRegistry channels, int kind, Value payload) {
        return switch (kind) {
            case Wire.NONE -> null;
            case Wire.PLAIN -> payload.isString() ? payload.asString() : (Object) payload.asLong();
            case Wire.BYTES -> {
                byte[] data = new byte[Math.toIntExact(payload.getBufferSize())];
                payload.readBuffer(0, data, 0, data.length);
                yield data;
            }
            case Wire.BIGINT -> normalize(new BigInteger(payload.asString(), 16));
            case Wire.RECV_END -> channels.recvEnd((RendezvousChannel) payload.asHostObject());
            case Wire.SEND_END -> channels.sendEnd((RendezvousChannel) payload.asHostObject());
            case Wire.BUFFER -> payload.asHostObject();
            default -> throw new IllegalArgumentException("unknown value kind " + kind);
        };
    }
}
