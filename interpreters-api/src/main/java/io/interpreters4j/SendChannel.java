package io.interpreters4j;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * The sending end of an unbuffered channel. A send returns only once a receiver has taken the
 * object; a send that fails was received by nobody.
 *
 * <p>Every call acts for the interpreter of the calling thread (a Java thread that belongs to no
 * interpreter acts for the main interpreter, id 0). The first {@code send} associates that
 * interpreter with this end; {@link #release()} drops the association for good.
 *
 * <p>Values must be shareable ({@link Interpreters#isShareable(Object)}); anything else fails with
 * {@link IllegalArgumentException} before anything is sent.
 *
 * <p>A call already matched with a partner when its thread is interrupted completes normally,
 * with the thread's interrupt status left set (as {@code java.util.concurrent} does). Destroying
 * an interpreter fails its calls still waiting with {@link ChannelClosedError}.
 *
 * <h2>Thread-Safety</h2>
 * Safe for any number of threads and interpreters. Waiting senders are served first come, first
 * served. Blocking calls park the thread and throw {@link InterruptedException} when it is
 * interrupted; the object is then withdrawn, never delivered later.
 */
public interface SendChannel extends AutoCloseable {

    /**
     * The channel id, shared with the receive end.
     *
     * @return the id
     */
    long id();

    /**
     * Waits for a receiver and hands {@code value} over.
     *
     * @param value a shareable value
     * @throws InterruptedException if the thread is interrupted while waiting; the value was withdrawn
     * @throws IllegalArgumentException if {@code value} is not shareable
     * @throws ChannelClosedError if the channel is closed, or closes while waiting
     * @throws ChannelReleasedError if this interpreter released this end
     */
    void send(Object value) throws InterruptedException;

    /**
     * Waits at most {@code timeout} for a receiver.
     *
     * @param value a shareable value
     * @param timeout how long to wait at most; zero or negative for not at all
     * @throws NotReceivedError if no receiver came in time; the value was withdrawn; the message
     *     names the timeout
     * @throws InterruptedException if the thread is interrupted while waiting; the value was withdrawn
     * @throws IllegalArgumentException if {@code value} is not shareable
     */
    void send(Object value, Duration timeout) throws InterruptedException;

    /**
     * Hands {@code value} to a receiver waiting right now; never blocks.
     *
     * @param value a shareable value
     * @return true if a receiver took it; false if none was waiting (nothing is queued)
     * @throws IllegalArgumentException if {@code value} is not shareable
     */
    boolean sendNowait(Object value);

    /**
     * Sends the memory of {@code buffer} (its position to its limit) without copying it: the
     * receiver gets a view of the same bytes ({@code memoryview} in Python, a {@code ByteBuffer}
     * in Java). A direct buffer is shared as is; a heap buffer is copied once into shared memory.
     *
     * @param buffer the bytes to share
     * @throws InterruptedException if the thread is interrupted while waiting; nothing was sent
     */
    void sendBuffer(ByteBuffer buffer) throws InterruptedException;

    /**
     * {@link #sendBuffer(ByteBuffer)} waiting at most {@code timeout}.
     *
     * @param buffer the bytes to share
     * @param timeout how long to wait at most; zero or negative for not at all
     * @throws NotReceivedError if no receiver came in time; the message names the timeout
     * @throws InterruptedException if the thread is interrupted while waiting; nothing was sent
     */
    void sendBuffer(ByteBuffer buffer, Duration timeout) throws InterruptedException;

    /**
     * {@link #sendBuffer(ByteBuffer)} only to a receiver waiting right now; never blocks.
     *
     * @param buffer the bytes to share
     * @return true if a receiver took it; false if none was waiting
     */
    boolean sendBufferNowait(ByteBuffer buffer);

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
     * Closes the send end at once. With no sender waiting the receive end closes too. Otherwise,
     * without {@code force}, the senders already waiting still deliver and the receive end closes
     * after the last of them; with {@code force} they fail with {@link ChannelClosedError} and
     * everything closes now.
     *
     * @param force whether to fail the senders already waiting instead of letting them deliver
     * @throws ChannelClosedError if the send end is closed already
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
     * @throws ChannelClosedError if this end is closed
     */
    List<Interpreter> interpreters();
}
