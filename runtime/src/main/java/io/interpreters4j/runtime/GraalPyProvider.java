package io.interpreters4j.runtime;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.RecvChannel;
import io.interpreters4j.SelectCase;
import io.interpreters4j.Selected;
import io.interpreters4j.SendChannel;
import io.interpreters4j.runtime.data.Codec;
import io.interpreters4j.spi.InterpretersProvider;

import java.util.List;

/**
 * The runtime as {@link io.interpreters4j.Interpreters} finds it through
 * {@link java.util.ServiceLoader}. Stateless: everything lives in the process-wide
 * {@link PythonRuntime}, started on first use.
 */
public final class GraalPyProvider implements InterpretersProvider {

    public GraalPyProvider() {
    }

    private static PythonRuntime rt() {
        return PythonRuntime.get();
    }

    @Override
    public Interpreter create(io.interpreters4j.InterpreterConfig config) {
        return rt().interpreters().create(config);
    }

    @Override
    public List<Interpreter> listAll() {
        return rt().interpreters().listAll();
    }

    @Override
    public Interpreter getCurrent() {
        return rt().interpreters().current();
    }

    @Override
    public Interpreter getMain() {
        return rt().interpreters().main();
    }

    @Override
    public Interpreter get(long id) {
        return rt().interpreters().get(id);
    }

    @Override
    public boolean isShareable(Object value) {
        return Codec.isShareable(value);
    }

    @Override
    public Channel createChannel() {
        return rt().channels().createChannel();
    }

    @Override
    public io.interpreters4j.InterpreterQueue createQueue(int maxSize, io.interpreters4j.UnboundItems unboundItems) {
        return rt().channels().queues().createQueue(maxSize, unboundItems);
    }

    @Override
    public io.interpreters4j.InterpreterQueue queue(long id) {
        return rt().channels().queues().queue(id);
    }

    @Override
    public List<io.interpreters4j.InterpreterQueue> listAllQueues() {
        return rt().channels().queues().listAllQueues();
    }

    @Override
    public List<Channel> listAllChannels() {
        return rt().channels().listAllChannels();
    }

    @Override
    public RecvChannel recvChannel(long id) {
        return rt().channels().recvChannel(id);
    }

    @Override
    public SendChannel sendChannel(long id) {
        return rt().channels().sendChannel(id);
    }

    @Override
    public Selected select(List<SelectCase> cases, long timeoutNanos) throws InterruptedException {
        return rt().channels().select(cases, timeoutNanos);
    }
}
