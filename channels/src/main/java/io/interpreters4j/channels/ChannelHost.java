package io.interpreters4j.channels;

import io.interpreters4j.Interpreter;

import java.nio.ByteBuffer;

/**
 * What the channel facade needs from the runtime that hosts it: who is calling, handles to
 * interpreters, and the conversion of Java values into the form that crosses interpreters
 * (docs/semantics.md, "Shareable data"). {@link DefaultChannelHost} serves Java threads without a runtime.
 */
public interface ChannelHost {

    /** The interpreter the calling thread acts for; 0 (main) for a thread of no interpreter. */
    long currentInterpreterId();

    /** A handle to interpreter {@code id}, for {@code interpreters()}. */
    Interpreter interpreter(long id);

    /**
     * The shareable form of {@code value}, as a receiver will get it. Called before anything is
     * sent.
     *
     * @throws IllegalArgumentException if {@code value} is not shareable
     */
    Object toShareable(Object value);

    /**
     * The form in which {@code value} travels through a queue, as a taker will get it. Queues
     * carry more than channels (CPython 3.14's rules); by default the same as
     * {@link #toShareable}. Called before anything is queued.
     *
     * @throws IllegalArgumentException if {@code value} cannot be queued
     */
    default Object toQueueItem(Object value) {
        return toShareable(value);
    }

    /** The shareable form of the bytes of {@code buffer} from its position to its limit. */
    Object shareBuffer(ByteBuffer buffer);

    /**
     * What a Java receiver gets for a value that crossed a channel (the runtime turns its own
     * buffer type into a {@link ByteBuffer}, for instance). Identity by default.
     */
    default Object toJava(Object value) {
        return value;
    }
}
