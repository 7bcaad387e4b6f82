package io.interpreters4j.runtime;

import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelEmptyError;
import io.interpreters4j.ChannelNotEmptyError;
import io.interpreters4j.ChannelNotFoundError;
import io.interpreters4j.ChannelReleasedError;
import io.interpreters4j.InterpreterError;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.NotReceivedError;
import org.graalvm.polyglot.HostAccess;
import io.interpreters4j.channels.RendezvousChannel;
import org.graalvm.polyglot.Value;

import io.interpreters4j.InterpreterConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.CompletableFuture;

/**
 * The host object behind the Python module {@code _interpreters4j} of one interpreter: the only
 * Java that Python code can reach ({@link HostAccess#EXPLICIT}). It acts for the interpreter it
 * belongs to, whichever Python thread calls, so no thread-to-interpreter lookup is needed.
 *
 * <p>Every method returns its outcome and never throws: a failure comes back as an error
 * {@link Wire} that {@code _interpreters4j} raises as the right Python exception. Blocking methods
 * (run, send, recv, select) park the calling Java thread; GraalPy has released the caller's GIL
 * for the duration of the host call, so the interpreter's other Python threads keep running.
 */
public final class Bridge {
    private final PythonRuntime runtime;
    /**
     * The interpreter this bridge acts for. A spare context is booted with its bridge before any
     * interpreter exists ({@link SpareContexts}); {@link #bind} sets this once, before the context
     * runs any code but the boot, so every thread that calls in sees it set.
     */
    private PyInterpreter self;

    Bridge(PythonRuntime runtime, PyInterpreter self) {
        this.runtime = runtime;
        this.self = self;
    }

    /** Gives a spare context's bridge its interpreter; called once, before the handoff to it. */
    void bind(PyInterpreter interp) {
        if (self != null) {
            throw new IllegalStateException("bridge already bound to interpreter " + self.id);
        }
        self = interp;
    }

    @HostAccess.Export
    public long currentId() {
        return self.id;
    }

    /** A new interpreter; one created by an isolated interpreter is always isolated. */
    @HostAccess.Export
    public Object create(boolean isolated, long timeLimitNanos) {
        try {
            InterpreterConfig config = isolated || self.config.isIsolated() ? InterpreterConfig.isolated() : InterpreterConfig.trusted();
            if (timeLimitNanos > 0) {
                config = config.withTimeLimit(Duration.ofNanos(timeLimitNanos));
            }
            return runtime.create(config).id;
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    /** The interpreter {@code id}, if this one may act on it: isolated ones reach only isolated ones. */
    private PyInterpreter target(long id) {
        PyInterpreter t = runtime.get(id);
        if (self.config.isIsolated() && !t.config.isIsolated()) {
            throw new SecurityException("an isolated interpreter cannot act on interpreter " + id + ", which is not isolated");
        }
        return t;
    }

    /** Spare contexts: [ready now, handed out, creates that found none] (for benchmarks). */
    @HostAccess.Export
    public long[] spareStats() {
        SpareContexts s = runtime.spares;
        return new long[] {s.readyCount(), s.handedOut.get(), s.missed.get()};
    }

    @HostAccess.Export
    public long[] listAll() {
        return runtime.liveIds();
    }

    @HostAccess.Export
    public boolean exists(long id) {
        PyInterpreter i = runtime.find(id);
        return i != null && !i.isDestroyed();
    }

    @HostAccess.Export
    public Object isRunning(long id) {
        try {
            return runtime.get(id).isRunning(self.id);
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    @HostAccess.Export
    public Object destroy(long id) {
        try {
            target(id).destroy(self.id);
            return Wire.OK_VALUE;
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    /**
     * Runs {@code source} in interpreter {@code id} and waits. {@code names}, {@code kinds} and
     * {@code payloads} are parallel Python lists of what to bind in its {@code __main__}.
     */
    @HostAccess.Export
    public Object interrupt(long id) {
        try {
            return target(id).interrupt();
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    /**
     * Runs {@code source} in interpreter {@code id} and waits (at most {@code timeoutNanos} when
     * not negative). {@code names}, {@code kinds} and {@code payloads} are parallel Python lists of
     * what to bind in its {@code __main__}.
     */
    @HostAccess.Export
    public Object run(long id, String source, Value names, Value kinds, Value payloads, long timeoutNanos) {
        RunRequest request;
        try {
            request = new RunRequest(source, names(names), values(kinds, payloads), null);
        } catch (RuntimeException e) {
            return error(e);
        }
        return submitAndWait(id, request, timeoutNanos);
    }

    /**
     * Calls the function {@code spec} names in interpreter {@code id} with positional arguments
     * ({@code argKinds}, {@code argPayloads}) and keywords ({@code kwNames}, {@code kwKinds},
     * {@code kwPayloads}), waits as {@link #run} does, and returns the result as a value for
     * Python, or an error. For the forms of {@code spec}, see {@code _boot.call_for_host}.
     */
    @HostAccess.Export
    public Object call(long id, String spec, Value argKinds, Value argPayloads, Value kwNames, Value kwKinds,
            Value kwPayloads, long timeoutNanos) {
        RunRequest request;
        try {
            request = new RunRequest(spec, names(kwNames), values(kwKinds, kwPayloads), values(argKinds, argPayloads));
        } catch (RuntimeException e) {
            return error(e);
        }
        Object outcome = submitAndWait(id, request, timeoutNanos);
        if (outcome != Wire.OK_VALUE) {
            return outcome;
        }
        try {
            return Codec.toPython(request.returned, self.hasNativeAccess());
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    /**
     * Calls the function {@code spec} names in interpreter {@code id} once for each element of
     * {@code kinds}/{@code payloads} (parallel lists of positional-argument lists), in one run.
     * Returns, per call, a value for Python or a failure {@link Wire}; or one error for all.
     */
    @HostAccess.Export
    public Object callMany(long id, String spec, Value kinds, Value payloads) {
        RunRequest request;
        try {
            Object[][] batch = new Object[(int) kinds.getArraySize()][];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = values(kinds.getArrayElement(i), payloads.getArrayElement(i));
            }
            request = RunRequest.batch(spec, batch);
        } catch (RuntimeException e) {
            return error(e);
        }
        Object outcome = submitAndWait(id, request, -1);
        if (outcome != Wire.OK_VALUE) {
            return outcome;
        }
        try {
            Object[] results = (Object[]) request.returned;
            Object[] py = new Object[results.length];
            for (int i = 0; i < py.length; i++) {
                py[i] = results[i] instanceof RemoteFailure f ? Wire.failure(f)
                        : Codec.toPython(results[i], self.hasNativeAccess());
            }
            return py;
        } catch (RuntimeException e) {
            return error(e);
        }
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
            vs[i] = Codec.fromPython(runtime, kinds.getArrayElement(i).asInt(), payloads.getArrayElement(i));
        }
        return vs;
    }

    /** The one path of run() and call() from Python: submit, wait (interruptibly), report. */
    private Object submitAndWait(long id, RunRequest request, long timeoutNanos) {
        CompletableFuture<RemoteFailure> result;
        PyInterpreter target;
        try {
            target = target(id);
            if (timeoutNanos < 0 && target.config.timeLimit().isPresent()) {
                timeoutNanos = PyInterpreter.nanos(target.config.timeLimit().get());
            }
            result = target.submit(request);
        } catch (RuntimeException e) {
            return error(e);
        }
        // Registered before the spin: an interrupt() of this interpreter must find the thread
        // whether it spins or parks (its wait then ends at once: the interrupt flag is set).
        self.blockedInBridge.add(Thread.currentThread());
        try {
            target.spinForEnd(result);
            RemoteFailure f = timeoutNanos < 0 ? PyInterpreter.awaitInterruptibly(result)
                    : target.awaitWithin(result, timeoutNanos);
            if (f == PyInterpreter.INTERRUPTED_BY_TIMEOUT) {
                return Wire.error(Wire.E_RUN_TIMEOUT, "the run in interpreter " + id + " timed out and was interrupted");
            }
            return f == null ? Wire.OK_VALUE : Wire.failure(f);
        } catch (InterruptedException e) {
            // This interpreter is being interrupted while it waits; the other run goes on.
            return error(e);
        } catch (RuntimeException e) {
            return error(e);
        } finally {
            self.blockedInBridge.remove(Thread.currentThread());
        }
    }

    /**
     * Registers a function that a caller sends to other interpreters: its {@code name} and either
     * its {@code source} (a {@code def}) or its marshalled code. Returns the key that a call spec
     * {@code "#key"} names it by; the same function registered again gets the same key.
     */
    @HostAccess.Export
    public Object registerFunction(String name, String source, Value marshalled) {
        try {
            byte[] code = null;
            if (source == null) {
                code = new byte[Math.toIntExact(marshalled.getBufferSize())];
                marshalled.readBuffer(0, code, 0, code.length);
            }
            return runtime.functions.register(name, source, code);
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    /** The registered function {@code key}: name in text, source in text2, or marshalled code as BYTES in ref. */
    @HostAccess.Export
    public Object functionCode(long key) {
        FunctionTable.Entry f = runtime.functions.get(key);
        if (f == null) {
            return Wire.error(Wire.E_RUNTIME, "no function registered as #" + key);
        }
        return new Wire(Wire.OK, f.name(), key, 0, f.source(), null,
                f.code() == null ? null : Codec.toPython(f.code(), false));
    }

    // ------------------------------------------------------------------ channels
    // Python channel ends hold the engine's channel object itself (Wire.ref), so an end keeps
    // answering ChannelClosedError after the registry has forgotten its closed channel.

    private static Wire channelWire(RendezvousChannel ch) {
        return new Wire(Wire.RECV_END, null, ch.id(), 0, null, null, ch);
    }

    @HostAccess.Export
    public Object channelCreate() {
        return channelWire(runtime.channels.registry.create());
    }

    @HostAccess.Export
    public Object[] channelList() {
        return runtime.channels.registry.listOpen().stream().map(Bridge::channelWire).toArray();
    }

    @HostAccess.Export
    public Object channelLookup(long id) {
        try {
            return channelWire(runtime.channels.registry.lookup(id));
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    @HostAccess.Export
    public Object send(RendezvousChannel ch, int kind, Value payload, long budgetNanos) {
        Object value;
        try {
            value = Codec.fromPython(runtime, kind, payload);
        } catch (RuntimeException e) {
            return error(e);
        }
        Thread me = blocking(budgetNanos);
        try {
            return ch.send(self.id, value, budgetNanos) ? Boolean.TRUE : Wire.NOTHING_VALUE;
        } catch (RuntimeException | InterruptedException e) {
            return error(e);
        } finally {
            unblocking(me);
        }
    }

    @HostAccess.Export
    public Object recv(RendezvousChannel ch, long budgetNanos) {
        Thread me = blocking(budgetNanos);
        try {
            Object v = ch.recv(self.id, budgetNanos);
            return v == RendezvousChannel.NOTHING ? Wire.NOTHING_VALUE : Codec.toPython(v, self.hasNativeAccess());
        } catch (RuntimeException | InterruptedException e) {
            return error(e);
        } finally {
            unblocking(me);
        }
    }

    @HostAccess.Export
    public Object release(RendezvousChannel ch, int end) {
        try {
            return ch.release(self.id, end(end));
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    @HostAccess.Export
    public Object close(RendezvousChannel ch, int end, boolean force) {
        try {
            ch.close(end(end), force);
            return Wire.OK_VALUE;
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    @HostAccess.Export
    public Object channelInterpreters(RendezvousChannel ch, int end) {
        try {
            return ch.interpreters(end(end));
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    /**
     * Go's select over parallel Python lists: the channel of each case, whether it sends, and for
     * sends the encoded value. Returns {@code [index, value]}, or NOTHING when the budget ran out.
     */
    @HostAccess.Export
    public Object select(Value channels, Value sends, Value kinds, Value payloads, long budgetNanos) {
        try {
            int n = (int) channels.getArraySize();
            List<RendezvousChannel.Op> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                RendezvousChannel ch = (RendezvousChannel) channels.getArrayElement(i).asHostObject();
                if (sends.getArrayElement(i).asBoolean()) {
                    Object v = Codec.fromPython(runtime, kinds.getArrayElement(i).asInt(), payloads.getArrayElement(i));
                    ops.add(RendezvousChannel.Op.send(ch, v));
                } else {
                    ops.add(RendezvousChannel.Op.recv(ch));
                }
            }
            RendezvousChannel.Selection s;
            Thread me = blocking(budgetNanos);
            try {
                s = RendezvousChannel.select(self.id, ops, budgetNanos);
            } finally {
                unblocking(me);
            }
            if (s == null) {
                return Wire.NOTHING_VALUE;
            }
            return new Object[] {s.index(), ops.get(s.index()).end() == RendezvousChannel.End.SEND ? Wire.NONE_VALUE
                    : Codec.toPython(s.value(), self.hasNativeAccess())};
        } catch (RuntimeException | InterruptedException e) {
            return error(e);
        }
    }

    /** Diagnostics: how many calls wait on the channel now, as {@code [senders, receivers]}. */
    @HostAccess.Export
    public int[] waiters(RendezvousChannel ch) {
        return new int[] {ch.waiting(RendezvousChannel.End.SEND), ch.waiting(RendezvousChannel.End.RECV)};
    }

    /** Registers the calling thread as parked in this bridge, when the call may wait; see interrupt(). */
    private Thread blocking(long budgetNanos) {
        if (budgetNanos == 0) {
            return null;
        }
        Thread me = Thread.currentThread();
        self.blockedInBridge.add(me);
        return me;
    }

    private void unblocking(Thread me) {
        if (me != null) {
            self.blockedInBridge.remove(me);
        }
    }

    private static RendezvousChannel.End end(int end) {
        return end == 0 ? RendezvousChannel.End.RECV : RendezvousChannel.End.SEND;
    }

    /** Source of the runtime's own Python modules, for the import hook installed at boot. */
    @HostAccess.Export
    public String moduleSource(String name) {
        return runtime.engine.moduleSource(name);
    }

    /** New shared memory for {@code create_buffer()} and for copying a sender's buffer once. */
    @HostAccess.Export
    public Object allocateBuffer(long size) {
        if (!self.hasNativeAccess()) {
            // Its memoryview would need ctypes, which an isolated interpreter may not use.
            return Wire.error(Wire.E_PERMISSION, "create_buffer() is not available in an isolated interpreter"
                    + " (it has no native memory access); send_buffer() a bytes or bytearray instead: it is copied once");
        }
        try {
            return Codec.toPython(SharedBuffer.allocate(size));
        } catch (RuntimeException | OutOfMemoryError e) {
            return Wire.error(Wire.E_VALUE, "cannot allocate a shared buffer of " + size + " bytes: " + e.getMessage());
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
            return Wire.error(Wire.E_VALUE, "cannot copy the buffer into shared memory: " + e.getMessage());
        }
    }

    /** Whether the runtime runs with the Graal JIT. */
    @HostAccess.Export
    public boolean jit() {
        return runtime.engine.jit;
    }

    /** The error {@link Wire} for an exception of the Java API: same class of error, same message. */
    static Wire error(Throwable e) {
        int kind;
        if (e instanceof InterpreterNotFoundError) {
            kind = Wire.E_INTERP_NOT_FOUND;
        } else if (e instanceof InterpreterError) {
            kind = Wire.E_RUNTIME;
        } else if (e instanceof ChannelNotFoundError) {
            kind = Wire.E_CHANNEL_NOT_FOUND;
        } else if (e instanceof ChannelEmptyError) {
            kind = Wire.E_CHANNEL_EMPTY;
        } else if (e instanceof ChannelNotEmptyError) {
            kind = Wire.E_CHANNEL_NOT_EMPTY;
        } else if (e instanceof NotReceivedError) {
            kind = Wire.E_NOT_RECEIVED;
        } else if (e instanceof ChannelReleasedError) {
            kind = Wire.E_CHANNEL_RELEASED;
        } else if (e instanceof ChannelClosedError) {
            kind = Wire.E_CHANNEL_CLOSED;
        } else if (e instanceof SecurityException) {
            kind = Wire.E_PERMISSION;
        } else if (e instanceof IllegalArgumentException) {
            kind = Wire.E_VALUE;
        } else if (e instanceof InterruptedException) {
            kind = Wire.E_INTERRUPTED;
        } else {
            kind = Wire.E_RUNTIME;
        }
        String msg = e.getMessage();
        return Wire.error(kind, msg == null ? e.toString() : msg);
    }
}
