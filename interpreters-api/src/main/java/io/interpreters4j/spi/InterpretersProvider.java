package io.interpreters4j.spi;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.RecvChannel;
import io.interpreters4j.SelectCase;
import io.interpreters4j.Selected;
import io.interpreters4j.SendChannel;

import java.util.List;

/**
 * The service a runtime implements; {@link io.interpreters4j.Interpreters} finds it with
 * {@link java.util.ServiceLoader}, so code written against the API never names runtime classes.
 * Each method backs the {@code Interpreters} method of the same name; see there for semantics.
 */
public interface InterpretersProvider {

    Interpreter create(io.interpreters4j.InterpreterConfig config);

    List<Interpreter> listAll();

    Interpreter getCurrent();

    Interpreter getMain();

    Interpreter get(long id);

    boolean isShareable(Object value);

    Channel createChannel();

    io.interpreters4j.InterpreterQueue createQueue(int maxSize, io.interpreters4j.UnboundItems unboundItems);

    io.interpreters4j.InterpreterQueue queue(long id);

    List<io.interpreters4j.InterpreterQueue> listAllQueues();

    List<Channel> listAllChannels();

    RecvChannel recvChannel(long id);

    SendChannel sendChannel(long id);

    /**
     * @param timeoutNanos 0 for "only what is ready now", negative for "forever"
     * @return the completed case, or null when the budget ran out
     */
    Selected select(List<SelectCase> cases, long timeoutNanos) throws InterruptedException;
}
