package io.interpreters4j;

import java.time.Duration;
import java.util.List;

/**
 * The receiving end of an unbuffered channel. A receive waits until a sender hands an object over
 * (a rendezvous): nothing is ever buffered in the channel.
 *
 * <p>Every call acts for the interpreter of the calling thread (a Java thread that belongs to no
 * interpreter acts for the main interpreter, id 0). The first {@code recv} associates that
 * interpreter with this end; {@link #release()} drops the association for good.
 *
 * <p>A call already matched with a partner when its thread is interrupted completes normally,
 * with the thread's interrupt status left set (as {@code java.util.concurrent} does). Destroying
 * an interpreter fails its calls still waiting with {@link ChannelClosedError}.
 *
 * <h2>Thread-Safety</h2>
 * Safe for any number of threads and interpreters. Waiting receivers are served first come, first
 * served. Blocking calls park the thread and throw {@link InterruptedException} when it is
 * interrupted, having taken nothing.
 */
public interface RecvChannel extends AutoCloseable {

    /**
     * The channel id, shared with the send end.
     *
     * @return the id
     */
    long id();

    /**
     * Waits for a sender and returns its object.
     *
     * @return the object received ({@code null} for Python {@code None})
     * @throws InterruptedException if the thread is interrupted while waiting; nothing was taken
     * @throws ChannelClosedError if the channel is closed, or closes while waiting
     * @throws ChannelReleasedError if this interpreter released this end
     */
    Object recv() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for a sender.
     *
     * @param timeout how long to wait at most; zero or negative for not at all
     * @return the object received ({@code null} for Python {@code None})
     * @throws ChannelEmptyError if no sender came in time (nothing was taken); its message names the timeout
     * @throws InterruptedException if the thread is interrupted while waiting; nothing was taken
     * @throws ChannelClosedError if the channel is closed, or closes while waiting
     */
    Object recv(Duration timeout) throws InterruptedException;

    /**
     * Takes from a sender waiting right now, else returns {@code defaultValue}; never blocks.
     *
     * @param defaultValue what to return when no sender is waiting
     * @return the object received, or {@code defaultValue} itself
     * @throws ChannelClosedError if the channel is closed
     */
    Object recvNowait(Object defaultValue);

    /**
     * Takes from a sender waiting right now; never blocks and never throws a channel error. Tells
     * "received {@code null}" from "nothing was waiting" from "closed".
     *
     * @return what happened, and the value received if any
     */
    RecvResult tryRecv();

    /**
     * This interpreter stops using this end: its later calls, and its calls on this end already
     * waiting, fail with {@link ChannelReleasedError}. A release that leaves neither end with an
     * associated interpreter closes the channel.
     *
     * @return true the first time, false after
     * @throws ChannelClosedError if the channel is closed and this interpreter never released it
     */
    boolean release();

    /**
     * Closes both ends of the channel, for every interpreter. Receivers waiting fail with
     * {@link ChannelClosedError}.
     *
     * @param force whether to fail waiting senders with {@link ChannelClosedError}; without it, a
     *     waiting sender makes the call fail with {@link ChannelNotEmptyError} and change nothing
     * @throws ChannelClosedError if already closed
     */
    void close(boolean force);

    /**
     * Ends a try-with-resources block: {@code close(false)}, except that an already closed channel
     * is not an error. Same as leaving a Python {@code with} block.
     */
    @Override
    void close();

    /**
     * The interpreters associated with this end, ordered by id.
     *
     * @return a snapshot of them
     * @throws ChannelClosedError if the channel is closed
     */
    List<Interpreter> interpreters();
}
