package io.interpreters4j.channels;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * What crosses between interpreters, as Java values (docs/semantics.md, "Shareable data"): the one
 * list, for the runtime and for {@link DefaultChannelHost} alike.
 *
 * <p>Shareable: {@code null}, {@link String}, {@code byte[]} (copied), {@link Long},
 * {@link Integer}, {@link Short} and {@link Byte} (as {@code Long}), {@link BigInteger}
 * ({@code Long} when it fits), {@link ByteBuffer} (shared, not copied) and this engine's channel
 * ends. Nothing else: not {@code Boolean}, not {@code Double}.
 */
public final class Shareable {

    private static final String WHAT = "shareable: null, String, byte[], Long/Integer/Short/Byte, BigInteger, ByteBuffer, channel ends";

    private Shareable() {
    }

    public static boolean isShareable(Object v) {
        return v == null || v instanceof String || v instanceof byte[] || v instanceof Long || v instanceof Integer
                || v instanceof Short || v instanceof Byte || v instanceof BigInteger || v instanceof ByteBuffer
                || v instanceof RecvEnd || v instanceof SendEnd;
    }

    /**
     * The form of {@code v} that crosses, as a receiver gets it: integers as {@code Long} (a
     * {@code BigInteger} only beyond the long range), a copy of a byte array, a buffer as
     * {@code shareBuffer} shares it.
     *
     * @throws IllegalArgumentException if {@code v} is not shareable
     */
    public static Object toCanonical(Object v, Function<ByteBuffer, Object> shareBuffer) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof RecvEnd || v instanceof SendEnd) {
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
            return shareBuffer.apply(buf);
        }
        throw new IllegalArgumentException("not shareable between interpreters: " + v.getClass().getName() + " (" + WHAT + ")");
    }

    /** A {@code Long} when {@code b} fits in one, else {@code b}. */
    public static Object normalize(BigInteger b) {
        return b.bitLength() < Long.SIZE ? (Object) b.longValue() : b;
    }
}
