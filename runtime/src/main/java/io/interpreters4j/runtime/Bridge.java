package io.interpreters4j.runtime;

import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.UnboundItems;
import io.interpreters4j.channels.BufferedQueue;
import io.interpreters4j.channels.ChannelRegistry;
import io.interpreters4j.channels.RendezvousChannel;
import io.interpreters4j.runtime.data.Codec;
import io.interpreters4j.runtime.data.RemoteFailure;
import io.interpreters4j.runtime.data.SharedBuffer;
import io.interpreters4j.runtime.data.Wire;
import io.interpreters4j.runtime.interpreter.BlockingCalls;
import io.interpreters4j.runtime.interpreter.HostObject;
import io.interpreters4j.runtime.interpreter.InterpreterTable;
import io.interpreters4j.runtime.interpreter.PyInterpreter;
import io.interpreters4j.runtime.interpreter.PythonEngine;
import io.interpreters4j.runtime.interpreter.Request;
import io.interpreters4j.runtime.interpreter.SpareContexts;
import io.interpreters4j.spi.Timeouts;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The host object behind the Python module {@code _interpreters4j} of one interpreter: the only
 * Java that Python code can reach ({@link HostAccess#EXPLICIT}). It acts for the interpreter it
 * belongs to, whichever Python thread calls, so no thread-to-interpreter lookup is needed.
 *
 * <p>Every method returns its outcome and never throws: each runs inside {@link #guard}, which
 * turns an exception of the Java API into an error {@link Wire} that {@code _interpreters4j}
 * raises as the right Python exception (a Java exception would reach Python as
 * {@code polyglot.ForeignException}, which {@code except Exception} does not catch). Blocking
 * methods (run, call, send, recv, select) park the calling Java thread; GraalPy has released the
 * caller's GIL for the duration of the host call, so the interpreter's other Python threads keep
 * running. While parked, the thread is registered in its interpreter's {@link BlockingCalls}, so
 * that {@code interrupt()} of that interpreter wakes it.
 */
public final class Bridge implements HostObject {

    private final InterpreterTable interpreters;
    private final ChannelRegistry channels;
    private final FunctionTable functions;
    private final PythonEngine engine;

    // The interpreter this bridge acts for. A spare context is booted with its bridge before any
    // interpreter exists (SpareContexts); bind() sets these once, before the context runs any
    // code but the boot, so every thread that calls in sees them set.
    private long selfId = -1;
    private InterpreterConfig selfConfig;
    private BlockingCalls blocking;

    Bridge(InterpreterTable interpreters, ChannelRegistry channels, FunctionTable functions, PythonEngine engine) {
        this.interpreters = interpreters;
        this.channels = channels;
        this.functions = functions;
        this.engine = engine;
    }

    @Override
    public void bind(long id, InterpreterConfig config, BlockingCalls blocking) {
        if (selfConfig != null) {
            throw new IllegalStateException("bridge already bound to interpreter " + selfId);
        }
        this.selfId = id;
        this.selfConfig = config;
        this.blocking = blocking;
    }

    /** What a bridge method does; it may throw what the Java API throws. */
    @FunctionalInterface
    private interface Action {
        Object run() throws InterruptedException;
    }

    /**
     * The one guard of every bridge method that can fail: the outcome of {@code action}, or the
     * error {@link Wire} for what it threw (an {@link InterruptedException}: this interpreter is
     * being interrupted while it waits; what it waited for goes on).
     */
    private static Object guard(Action action) {
        try {
            return action.run();
        } catch (RuntimeException | InterruptedException e) {
            return Wire.error(e);
        }
    }

    private boolean nativeAccess() {
        return !selfConfig.isIsolated();
    }

    /** The message format's kinds, which {@code _interpreters4j} reads at import ({@link Wire.Kind#table()}). */
    @HostAccess.Export
    public String[] wireKinds() {
        return Wire.Kind.table();
    }

    @HostAccess.Export
    public long currentId() {
        return selfId;
    }

    /** A new interpreter; one created by an isolated interpreter is always isolated. */
    @HostAccess.Export
    public Object create(boolean isolated, long timeLimitNanos) {
        return guard(() -> {
            InterpreterConfig config = isolated || selfConfig.isIsolated() ? InterpreterConfig.isolated()
                    : InterpreterConfig.trusted();
            if (timeLimitNanos > 0) {
                config = config.withTimeLimit(Duration.ofNanos(timeLimitNanos));
            }
            return interpreters.create(config).id();
        });
    }

    /** The interpreter {@code id}, if this one may act on it: isolated ones reach only isolated ones. */
    private PyInterpreter target(long id) {
        PyInterpreter t = interpreters.get(id);
        if (selfConfig.isIsolated() && !t.config().isIsolated()) {
            throw new SecurityException("an isolated interpreter cannot act on interpreter " + id + ", which is not isolated");
        }
        return t;
    }

    /** Spare contexts: [ready now, handed out, creates that found none] (for benchmarks). */
    @HostAccess.Export
    public long[] spareStats() {
        SpareContexts s = interpreters.spares();
        return new long[] {s.readyCount(), s.handedOut(), s.missed()};
    }

    @HostAccess.Export
    public long[] listAll() {
        return interpreters.liveIds();
    }

    @HostAccess.Export
    public boolean exists(long id) {
        PyInterpreter i = interpreters.find(id);
        return i != null && !i.isDestroyed();
    }

    @HostAccess.Export
    public Object isRunning(long id) {
        return guard(() -> interpreters.get(id).isRunning(selfId));
    }

    @HostAccess.Export
    public Object destroy(long id) {
        return guard(() -> {
            target(id).destroy(selfId);
            return Wire.OK_VALUE;
        });
    }

    /** Interrupts the run in progress in interpreter {@code id}; returns whether one was in progress. */
    @HostAccess.Export
    public Object interrupt(long id) {
        return guard(() -> target(id).interrupt());
    }

    /**
     * Runs {@code source} in interpreter {@code id} and waits (at most {@code timeoutNanos} when
     * not negative). {@code names}, {@code kinds} and {@code payloads} are parallel Python lists of
     * what to bind in its {@code __main__}.
     */
    @HostAccess.Export
    public Object run(long id, String source, Value names, Value kinds, Value payloads, long timeoutNanos) {
        return guard(() -> submitAndWait(id, new Request.Run(source, names(names), values(kinds, payloads)), timeoutNanos));
    }

    /**
     * Calls the function {@code spec} names in interpreter {@code id} with positional arguments
     * ({@code argKinds}, {@code argPayloads}) and keywords ({@code kwNames}, {@code kwKinds},
     * {@code kwPayloads}), waits as {@link #run} does, and returns the result as a value for
     * Python, or an error. For the forms of {@code spec}, see {@code _boot.resolve}.
     */
    @HostAccess.Export
    public Object call(long id, String spec, Value argKinds, Value argPayloads, Value kwNames, Value kwKinds,
            Value kwPayloads, long timeoutNanos) {
        return guard(() -> {
            String[] names = names(kwNames);
            Object[] kwValues = values(kwKinds, kwPayloads);
            Request.Call call = new Request.Call(spec, values(argKinds, argPayloads), names, kwValues);
            Object outcome = submitAndWait(id, call, timeoutNanos);
            return outcome != Wire.OK_VALUE ? outcome : Codec.toPython(call.result(), nativeAccess());
        });
    }

    /**
     * Calls the function {@code spec} names in interpreter {@code id} once for each element of
     * {@code kinds}/{@code payloads} (parallel lists of positional-argument lists), in one run.
     * Returns, per call, a value for Python or a failure {@link Wire}; or one error for all.
     */
    @HostAccess.Export
    public Object callMany(long id, String spec, Value kinds, Value payloads) {
        return guard(() -> {
            Object[][] args = new Object[(int) kinds.getArraySize()][];
            for (int i = 0; i < args.length; i++) {
                args[i] = values(kinds.getArrayElement(i), payloads.getArrayElement(i));
            }
            Request.Batch batch = new Request.Batch(spec, args);
            Object outcome = submitAndWait(id, batch, -1);
            if (outcome != Wire.OK_VALUE) {
                return outcome;
            }
            Object[] results = batch.results();
            Object[] py = new Object[results.length];
            for (int i = 0; i < py.length; i++) {
                py[i] = results[i] instanceof RemoteFailure f ? Wire.failure(f)
                        : Codec.toPython(results[i], nativeAccess());
            }
            return py;
        });
    }

    private static String[] names(Value names) {
        String[] ns = new String[(int) names.getArraySize()];
        for (int i = 0; i < ns.length; i++) {
            ns[i] = names.getArrayElement(i).asString();
        }
        return ns;
    }

    private Object[] values(Value kinds, Value payloads) {
        Object[] vs = new Object[(int) kinds.getArraySize()];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = Codec.fromPython(channels, kinds.getArrayElement(i).asInt(), payloads.getArrayElement(i));
        }
        return vs;
    }

    /** The one path of run() and call() from Python: submit, wait (interruptibly), report. */
    private Object submitAndWait(long id, Request request, long timeoutNanos) throws InterruptedException {
        PyInterpreter target = target(id);
        if (timeoutNanos < 0 && target.config().timeLimit().isPresent()) {
            timeoutNanos = Timeouts.nanos(target.config().timeLimit().get());
        }
        CompletableFuture<RemoteFailure> result = target.submit(request);
        // Registered before the spin: an interrupt() of this interpreter must find the thread
        // whether it spins or parks (its wait then ends at once: the interrupt flag is set).
        Thread me = blocking.enter();
        try {
            target.spinForEnd(result);
            RemoteFailure f = timeoutNanos < 0 ? PyInterpreter.awaitInterruptibly(result)
                    : target.awaitWithin(result, timeoutNanos);
            if (PyInterpreter.isTimedOut(f)) {
                return Wire.error(Wire.Kind.E_RUN_TIMEOUT, PyInterpreter.timedOut(id, timeoutNanos));
            }
            return f == null ? Wire.OK_VALUE : Wire.failure(f);
        } finally {
            blocking.leave(me);
        }
    }

    /**
     * Registers a function that a caller sends to other interpreters: its {@code name} and either
     * its {@code source} (a {@code def}) or its marshalled code. Returns the key that a call spec
     * {@code "#key"} names it by; the same function registered again gets the same key.
     */
    @HostAccess.Export
    public Object registerFunction(String name, String source, Value marshalled) {
        return guard(() -> {
            byte[] code = null;
            if (source == null) {
                code = new byte[Math.toIntExact(marshalled.getBufferSize())];
                marshalled.readBuffer(0, code, 0, code.length);
            }
            return functions.register(name, source, code);
        });
    }

    /** The registered function {@code key}: its name, and its source or its marshalled code ({@link Wire#function}). */
    @HostAccess.Export
    public Object functionCode(long key) {
        FunctionTable.Entry f = functions.get(key);
        if (f == null) {
            return Wire.error(Wire.Kind.E_RUNTIME, "no function registered as #" + key);
        }
        return Wire.function(f.name(), key, f.source(), f.code() == null ? null : Codec.toPython(f.code(), false));
    }

    /**
     * Defines the sent function {@code key} (a {@code def}) in this interpreter's {@code __main__}
     * by evaluating its engine-wide {@code Source}, so that every interpreter runs the same
     * compiled code. Returns the file name it was evaluated under (for linecache), a str.
     */
    @HostAccess.Export
    public Object defineFunction(long key) {
        return guard(() -> {
            FunctionTable.Entry f = functions.get(key);
            if (f == null || f.source() == null) {
                return Wire.error(Wire.Kind.E_RUNTIME, "no function source registered as #" + key);
            }
            Context.getCurrent().eval(engine.sharedSource(f.source(), f.filename()));
            return f.filename();
        });
    }

    // ------------------------------------------------------------------ channels
    // Python channel ends hold the engine's channel object itself (Wire.ref), so an end keeps
    // answering ChannelClosedError after the registry has forgotten its closed channel.

    private static Wire channelWire(RendezvousChannel ch) {
        return Wire.channelEnd(Wire.Kind.RECV_END, ch.id(), ch);
    }

    @HostAccess.Export
    public Object channelCreate() {
        return channelWire(channels.create());
    }

    @HostAccess.Export
    public Object[] channelList() {
        return channels.listOpen().stream().map(Bridge::channelWire).toArray();
    }

    @HostAccess.Export
    public Object channelLookup(long id) {
        return guard(() -> channelWire(channels.lookup(id)));
    }

    @HostAccess.Export
    public Object send(RendezvousChannel ch, int kind, Value payload, long budgetNanos) {
        return guard(() -> {
            Object value = Codec.fromPython(channels, kind, payload);
            Thread me = blocking.enter(budgetNanos);
            try {
                return ch.send(selfId, value, budgetNanos) ? Boolean.TRUE : Wire.NOTHING_VALUE;
            } finally {
                blocking.leave(me);
            }
        });
    }

    @HostAccess.Export
    public Object recv(RendezvousChannel ch, long budgetNanos) {
        return guard(() -> {
            Thread me = blocking.enter(budgetNanos);
            try {
                Object v = ch.recv(selfId, budgetNanos);
                return v == RendezvousChannel.NOTHING ? Wire.NOTHING_VALUE : Codec.toPython(v, nativeAccess());
            } finally {
                blocking.leave(me);
            }
        });
    }

    @HostAccess.Export
    public Object release(RendezvousChannel ch, int end) {
        return guard(() -> ch.release(selfId, end(end)));
    }

    @HostAccess.Export
    public Object close(RendezvousChannel ch, int end, boolean force) {
        return guard(() -> {
            ch.close(end(end), force);
            return Wire.OK_VALUE;
        });
    }

    @HostAccess.Export
    public Object channelInterpreters(RendezvousChannel ch, int end) {
        return guard(() -> ch.interpreters(end(end)));
    }

    /**
     * Go's select over parallel Python lists: the channel of each case, whether it sends, and for
     * sends the encoded value. Returns {@code [index, value]}, or NOTHING when the budget ran out.
     */
    @HostAccess.Export
    public Object select(Value cases, Value sends, Value kinds, Value payloads, long budgetNanos) {
        return guard(() -> {
            int n = (int) cases.getArraySize();
            List<RendezvousChannel.Op> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                RendezvousChannel ch = (RendezvousChannel) cases.getArrayElement(i).asHostObject();
                if (sends.getArrayElement(i).asBoolean()) {
                    Object v = Codec.fromPython(channels, kinds.getArrayElement(i).asInt(), payloads.getArrayElement(i));
                    ops.add(RendezvousChannel.Op.send(ch, v));
                } else {
                    ops.add(RendezvousChannel.Op.recv(ch));
                }
            }
            RendezvousChannel.Selection s;
            Thread me = blocking.enter(budgetNanos);
            try {
                s = RendezvousChannel.select(selfId, ops, budgetNanos);
            } finally {
                blocking.leave(me);
            }
            if (s == null) {
                return Wire.NOTHING_VALUE;
            }
            return new Object[] {s.index(), ops.get(s.index()).end() == RendezvousChannel.End.SEND ? Wire.NONE_VALUE
                    : Codec.toPython(s.value(), nativeAccess())};
        });
    }

    /** Diagnostics: how many calls wait on the channel now, as {@code [senders, receivers]}. */
    @HostAccess.Export
    public int[] waiters(RendezvousChannel ch) {
        return new int[] {ch.waiting(RendezvousChannel.End.SEND), ch.waiting(RendezvousChannel.End.RECV)};
    }

    private static RendezvousChannel.End end(int end) {
        return end == 0 ? RendezvousChannel.End.RECV : RendezvousChannel.End.SEND;
    }

    // ------------------------------------------------------------------ queues (CPython 3.14)
    // Python Queue objects hold the engine's queue itself (Wire.ref), as channel ends do.
    // Unbound-item policies travel as CPython's flags: 1 remove, 2 error, 3 replace; 0 the default.

    private static Wire queueWire(BufferedQueue q) {
        return Wire.queue(q.id(), q);
    }

    private static UnboundItems unbound(int flag) {
        return switch (flag) {
            case 1 -> UnboundItems.REMOVE;
            case 2 -> UnboundItems.ERROR;
            case 3 -> UnboundItems.REPLACE;
            default -> null;
        };
    }

    private static int flag(UnboundItems u) {
        return switch (u) {
            case REMOVE -> 1;
            case ERROR -> 2;
            case REPLACE -> 3;
        };
    }

    @HostAccess.Export
    public Object queueCreate(int maxSize, int unboundFlag) {
        return queueWire(channels.queues().create(maxSize, unbound(unboundFlag)));
    }

    @HostAccess.Export
    public Object queueLookup(long id) {
        return guard(() -> queueWire(channels.queues().lookup(id)));
    }

    @HostAccess.Export
    public Object[] queueList() {
        return channels.queues().listAll().stream().map(Bridge::queueWire).toArray();
    }

    /** {@code [maxsize, default unbound flag]} of a queue. */
    @HostAccess.Export
    public long[] queueInfo(BufferedQueue q) {
        return new long[] {q.maxSize(), flag(q.defaultUnbound())};
    }

    /** {@code [items queued, 1 if full]}. */
    @HostAccess.Export
    public int[] queueState(BufferedQueue q) {
        return new int[] {q.size(), q.isFull() ? 1 : 0};
    }

    /** Queues an encoded value; True, NOTHING (still full when the budget ran out), or an error. */
    @HostAccess.Export
    public Object queuePut(BufferedQueue q, int kind, Value payload, int unboundFlag, long budgetNanos) {
        return guard(() -> {
            Object value = Codec.fromPython(channels, kind, payload);
            Thread me = blocking.enter(budgetNanos);
            try {
                return q.put(selfId, value, unbound(unboundFlag), budgetNanos) ? Boolean.TRUE : Wire.NOTHING_VALUE;
            } finally {
                blocking.leave(me);
            }
        });
    }

    /** Takes an item: a value for Python, NOTHING (still empty when the budget ran out), UNBOUND, or an error. */
    @HostAccess.Export
    public Object queueGet(BufferedQueue q, long budgetNanos) {
        return guard(() -> {
            Thread me = blocking.enter(budgetNanos);
            try {
                Object v = q.get(budgetNanos);
                if (v == BufferedQueue.NOTHING) {
                    return Wire.NOTHING_VALUE;
                }
                return v == BufferedQueue.UNBOUND ? Wire.UNBOUND_VALUE : Codec.toPython(v, nativeAccess());
            } finally {
                blocking.leave(me);
            }
        });
    }

    /** Diagnostics: calls waiting on the queue now, as {@code [getters, putters]}. */
    @HostAccess.Export
    public int[] queueWaiters(BufferedQueue q) {
        return new int[] {q.waiting(true), q.waiting(false)};
    }

    /** Source of the runtime's own Python modules, for the import hook installed at boot. */
    @HostAccess.Export
    public String moduleSource(String name) {
        return engine.moduleSource(name);
    }

    /** New shared memory for {@code create_buffer()} and for copying a sender's buffer once. */
    @HostAccess.Export
    public Object allocateBuffer(long size) {
        if (!nativeAccess()) {
            // Its memoryview would need ctypes, which an isolated interpreter may not use.
            return Wire.error(Wire.Kind.E_PERMISSION, "create_buffer() is not available in an isolated interpreter"
                    + " (it has no native memory access); send_buffer() a bytes or bytearray instead: it is copied once");
        }
        try {
            return Codec.toPython(SharedBuffer.allocate(size));
        } catch (RuntimeException | OutOfMemoryError e) {
            return Wire.error(Wire.Kind.E_VALUE, "cannot allocate a shared buffer of " + size + " bytes: " + e.getMessage());
        }
    }

    /**
     * Copies the bytes of a Python {@code bytes} or {@code bytearray} into new shared memory: what
     * {@code send_buffer()} does, once, with an object that is not shared memory already.
     */
    @HostAccess.Export
    public Object copyToBuffer(Value bytesLike) {
        try {
            long n = bytesLike.getBufferSize();
            SharedBuffer copy = SharedBuffer.allocate(n);
            byte[] chunk = new byte[(int) Math.min(n, 1 << 20)];
            for (long off = 0; off < n; off += chunk.length) {
                int len = (int) Math.min(chunk.length, n - off);
                bytesLike.readBuffer(off, chunk, 0, len);
                copy.write(off, chunk, len);
            }
            return copy;
        } catch (RuntimeException | OutOfMemoryError e) {
            return Wire.error(Wire.Kind.E_VALUE, "cannot copy the buffer into shared memory: " + e.getMessage());
        }
    }

    /** Whether the runtime runs with the Graal JIT. */
    @HostAccess.Export
    public boolean jit() {
        return engine.jit();
    }
}
