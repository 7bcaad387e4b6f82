/**
 * The rendezvous channel engine of interpreters4j and its Java face.
 *
 * <p>{@link io.interpreters4j.channels.RendezvousChannel} is the engine (one lock per channel,
 * FIFO queues of parked waiters, Go's {@code select}); {@link io.interpreters4j.channels.ChannelRegistry}
 * creates and finds channels; {@link io.interpreters4j.channels.RecvEnd} and
 * {@link io.interpreters4j.channels.SendEnd} implement the API's channel ends on top of it, for the
 * interpreter that a {@link io.interpreters4j.channels.ChannelHost} says is calling.
 *
 * <p>Beside it, the buffered queue of CPython 3.14's {@code concurrent.interpreters}:
 * {@link io.interpreters4j.channels.BufferedQueue} is its engine (one lock, FIFO queues of parked
 * getters and putters, unbound items), {@link io.interpreters4j.channels.QueueRegistry} creates
 * and finds queues, and {@link io.interpreters4j.channels.QueueHandle} is the Java
 * {@link io.interpreters4j.InterpreterQueue} on top of it.
 */
package io.interpreters4j.channels;
