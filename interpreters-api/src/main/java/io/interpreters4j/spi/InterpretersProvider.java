package io.interpreters4j.spi;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.InterpreterQueue;
import io.interpreters4j.RecvChannel;
import io.interpreters4j.SelectCase;
import io.interpreters4j.Selected;
import io.interpreters4j.SendChannel;
import io.interpreters4j.UnboundItems;

import java.util.List;

/**
 * The service a runtime implements; {@link io.interpreters4j.Interpreters} finds it with
 * {@link java.util.ServiceLoader}, so code written against the API never names runtime classes.
 * Each method backs the {@code Interpreters} method of the same name; see there for semantics.
 */
public interface InterpretersProvider {

    /**
     * Backs {@link io.interpreters4j.Interpreters#create(InterpreterConfig)}.
     *
     * @param config how the new interpreter is isolated
     * @return the new interpreter
     */
    Interpreter create(InterpreterConfig config);

    /**
     * Backs {@link io.interpreters4j.Interpreters#listAll()}.
     *
     * @return every live interpreter, ordered by id
     */
    List<Interpreter> listAll();

    /**
     * Backs {@link io.interpreters4j.Interpreters#getCurrent()}.
     *
     * @return the calling thread's interpreter, main for other threads
     */
    Interpreter getCurrent();

    /**
     * Backs {@link io.interpreters4j.Interpreters#getMain()}.
     *
     * @return the main interpreter
     */
    Interpreter getMain();

    /**
     * Backs {@link io.interpreters4j.Interpreters#get(long)}.
     *
     * @param id an interpreter id
     * @return the live interpreter with that id
     */
    Interpreter get(long id);

    /**
     * Backs {@link io.interpreters4j.Interpreters#isShareable(Object)}.
     *
     * @param value any value
     * @return whether it can cross between interpreters
     */
    boolean isShareable(Object value);

    /**
     * Backs {@link io.interpreters4j.Interpreters#createChannel()}.
     *
     * @return a new channel
     */
    Channel createChannel();

    /**
     * Backs {@link io.interpreters4j.Interpreters#createQueue(int, UnboundItems)}.
     *
     * @param maxSize      the most items the queue holds; 0 or less for no limit
     * @param unboundItems what becomes of an item whose interpreter is destroyed while it is queued
     * @return a new queue
     */
    InterpreterQueue createQueue(int maxSize, UnboundItems unboundItems);

    /**
     * Backs {@link io.interpreters4j.Interpreters#queue(long)}.
     *
     * @param id a queue id
     * @return the queue with that id
     */
    InterpreterQueue queue(long id);

    /**
     * Backs {@link io.interpreters4j.Interpreters#listAllQueues()}.
     *
     * @return every queue still referenced, ordered by id
     */
    List<InterpreterQueue> listAllQueues();

    /**
     * Backs {@link io.interpreters4j.Interpreters#listAllChannels()}.
     *
     * @return every open channel, ordered by id
     */
    List<Channel> listAllChannels();

    /**
     * Backs {@link io.interpreters4j.Interpreters#recvChannel(long)}.
     *
     * @param id a channel id
     * @return the receiving end of that channel
     */
    RecvChannel recvChannel(long id);

    /**
     * Backs {@link io.interpreters4j.Interpreters#sendChannel(long)}.
     *
     * @param id a channel id
     * @return the sending end of that channel
     */
    SendChannel sendChannel(long id);

    /**
     * Backs the {@code select} methods of {@link io.interpreters4j.Interpreters}.
     *
     * @param cases the cases, in order of preference
     * @param timeoutNanos 0 for "only what is ready now", negative for "forever"
     * @return the completed case, or null when the budget ran out
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    Selected select(List<SelectCase> cases, long timeoutNanos) throws InterruptedException;
}
