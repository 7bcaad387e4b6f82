package io.interpreters4j.runtime;

import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.InterpreterError;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.RemoteException;
import io.interpreters4j.RunTimeoutError;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One interpreter: a GraalPy {@link Context} confined to a platform thread of its own (the
 * "owner thread"), which builds the context, keeps it entered, executes every {@code run()} and
 * finally closes it.
 *
 * <p>Implementation overview. Callers never touch the context: {@code run()} validates and converts
 * its arguments on the caller's thread, moves the state ({@link #word}) from IDLE to RUNNING with a
 * CAS (so a second concurrent run fails fast instead of queueing), and posts the request to
 * {@link #inbox}. The owner thread executes it, sets the state back to IDLE and only then completes
 * the request's future, so a caller that sees its run finish can run again at once. Destroy CASes
 * IDLE to DESTROYED and posts {@link #STOP}; the owner thread closes the context and ends. Both
 * waits of a run, the caller's for its end and the owner thread's for the next request, spin
 * briefly before they park, with a budget that learns whether spinning pays ({@link SpinWait}).
 *
 * <pre>
 *            run()               finished
 *   IDLE ---------------> RUNNING --------> IDLE
 *    |  destroy()
 *    v
 *   DESTROYED   (final; the context closes on the owner thread)
 * </pre>
 *
 * The context is built asynchronously by the owner thread as soon as it starts, so
 * {@code create()} does not wait for GraalPy; the first run waits for {@link #ready} instead.
 * When a spare is ready ({@link SpareContexts}) there is nothing to wait for: the interpreter
 * adopts a booted context together with the thread that built it, which becomes its owner thread.
 */
final class PyInterpreter implements Interpreter {

    static final int IDLE = 0;
    static final int RUNNING = 1;
    static final int DESTROYED = 2;
    private static final long STATE_BITS = 3;

    /** The failure of a run stopped by {@link #interrupt()}. */
    static final RemoteFailure INTERRUPTED = new RemoteFailure("KeyboardInterrupt", true, "interrupted",
            "KeyboardInterrupt: the run was interrupted\n", "()");
    /** The failure of a run that exhausted the heap where Python could not raise MemoryError itself. */
    static final RemoteFailure MEMORY_EXHAUSTED = new RemoteFailure("MemoryError", true, "",
            "MemoryError: the Java heap was exhausted\n", "()");
    /** What {@link #awaitWithin} reports for a run its own timeout interrupted. */
    static final RemoteFailure INTERRUPTED_BY_TIMEOUT = new RemoteFailure("KeyboardInterrupt", true, "timed out",
            "KeyboardInterrupt: the run timed out and was interrupted\n", "()");
    private static final Duration INTERRUPT_PATIENCE = Duration.ofSeconds(5);
    private static final long INTERRUPT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Tells the owner thread to close the context and end. */
    private static final Runnable STOP = () -> { };

    private static final ThreadLocal<PyInterpreter> OWNER = new ThreadLocal<>();

    final long id;
    final InterpreterConfig config;
    private final PythonRuntime runtime;
    /**
     * The run word: {@code (runs begun << 2) | state}, the state IDLE, RUNNING or DESTROYED. One
     * word, so that a run's number changes with its state: {@link #interrupt()} can tell the run
     * it saw from the next one. Moves to RUNNING (with the next number) and to DESTROYED only by
     * CAS; back to IDLE only by the owner thread, at the end of a run.
     */
    private final AtomicLong word = new AtomicLong(IDLE);
    /** Work for the owner thread: run requests, then {@link #STOP}. */
    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    /** Threads of this interpreter parked in a blocking bridge call right now (see {@link #interrupt()}). */
    final java.util.Set<Thread> blockedInBridge = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The caller's spin for a run's end, and the owner thread's for its next run (see {@link SpinWait}). */
    private final SpinWait replySpin = new SpinWait();
    private final SpinWait inboxSpin = new SpinWait();
    /** The number of the last run {@link #interrupt()} was asked to stop (see {@link #word}). */
    private volatile long interruptedRun = -1;
    /** Completes when the context is built (or failed to build). */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Completes when the owner thread has closed the context. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Thread thread;
    final Bridge bridge;

    // Confined to the owner thread.
    private volatile Context context;
    private Value runFn;
    private Value runMainFn;
    private Value callFn;
    private Value callManyFn;

    /** The booted spare this interpreter adopts (its thread becomes the owner thread), or null. */
    private final SpareContexts.Prepared spare;

    PyInterpreter(PythonRuntime runtime, long id, InterpreterConfig config) {
        this(runtime, id, config, null);
    }

    /** An interpreter that adopts {@code spare} (booted for a config of the same isolation), or builds its own when null. */
    PyInterpreter(PythonRuntime runtime, long id, InterpreterConfig config, SpareContexts.Prepared spare) {
        this.runtime = runtime;
        this.id = id;
        this.config = config;
        this.spare = spare;
        if (spare != null) {
            this.bridge = spare.bridge();
            bridge.bind(this);
            this.thread = spare.thread();
        } else {
            this.bridge = new Bridge(runtime, this);
            this.thread = Thread.ofPlatform().name("interpreter-" + id).daemon(true).unstarted(this::ownerLoop);
        }
    }

    void start() {
        if (spare != null) {
            spare.adopt(this); // its waiting thread calls runAdopted
        } else {
            thread.start();
        }
    }

    /** The interpreter whose owner thread is the calling thread, or null. */
    static PyInterpreter ownerOf(Thread t) {
        return t == Thread.currentThread() ? OWNER.get() : null;
    }

    /** The owner thread (for tests and diagnostics). */
    Thread ownerThread() {
        return thread;
    }

    @Override
    public long id() {
        return id;
    }

    /** Whether Python here can map shared native memory (ctypes); isolated interpreters cannot. */
    boolean hasNativeAccess() {
        return !config.isIsolated();
    }

    boolean isDestroyed() {
        return state() == DESTROYED;
    }

    @Override
    public boolean isRunning() {
        return isRunning(runtime.currentId());
    }

    boolean isRunning(long askingId) {
        int s = state();
        if (s == DESTROYED) {
            throw new InterpreterNotFoundError(id);
        }
        return askingId == id || s == RUNNING;
    }

    @Override
    public void run(String source) {
        run(source, Map.of());
    }

    @Override
    public void run(String source, Map<String, ?> shared) {
        if (config.timeLimit().isPresent()) {
            run(source, shared, config.timeLimit().get());
        } else {
            execute(RunRequest.fromJava(source, shared), null);
        }
    }

    @Override
    public void run(String source, Map<String, ?> shared, Duration timeout) {
        java.util.Objects.requireNonNull(timeout, "timeout"); // null means none only for call()
        execute(RunRequest.fromJava(source, shared), timeout);
    }

    @Override
    public Object call(String function, List<?> args, Map<String, ?> kwargs, Duration timeout) {
        RunRequest request = RunRequest.callFromJava(function, args, kwargs);
        execute(request, timeout != null ? timeout : config.timeLimit().orElse(null));
        return Codec.toJavaApi(request.returned);
    }

    /** Submits a Java caller's run or call and waits for it, at most {@code timeout} when not null. */
    private void execute(RunRequest request, Duration timeout) {
        // The timeout is read before the run is submitted: a bad one must not leave it running.
        long nanos = timeout == null ? -1 : nanos(timeout);
        CompletableFuture<RemoteFailure> run = submit(request);
        spinForEnd(run);
        RemoteFailure f = timeout == null ? await(run) : awaitWithin(run, nanos);
        if (f == INTERRUPTED_BY_TIMEOUT) {
            throw new RunTimeoutError(new RemoteException("KeyboardInterrupt", "timed out after " + timeout, ""));
        }
        if (f != null) {
            throw f.toJava();
        }
    }

    /** A timeout in nanoseconds, as java.util.concurrent reads one: negative is 0, too long is forever. */
    static long nanos(Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        return timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : timeout.toNanos();
    }

    /**
     * Waits for a run at most {@code nanos}; past that, interrupts it and waits for it to end.
     * Returns its failure, {@link #INTERRUPTED_BY_TIMEOUT} if the interrupt ended it, or null.
     */
    RemoteFailure awaitWithin(CompletableFuture<RemoteFailure> run, long nanos) {
        try {
            // The limit is on the code, not on building a new interpreter's context.
            ready.exceptionally(t -> null).get();
            return run.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            interrupt();
            RemoteFailure f = await(run);
            return f == INTERRUPTED ? INTERRUPTED_BY_TIMEOUT : f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupt();
            return await(run);
        } catch (ExecutionException e) {
            return await(run);
        }
    }

    /**
     * Interrupts the run in progress and returns once it has ended (or after
     * {@link #INTERRUPT_PATIENCE}). {@code Context.interrupt} only reaches code executing at that
     * moment, and a run counts as running from the moment it is submitted, so the interrupt is
     * repeated until the run that was observed is over.
     */
    @Override
    public boolean interrupt() {
        long run = word.get(); // this run, while it goes on: the word changes when it ends
        if (stateOf(run) == DESTROYED) {
            throw new InterpreterNotFoundError(id);
        }
        if (stateOf(run) != RUNNING) {
            return false;
        }
        interruptedRun = run >>> 2;
        long deadline = System.nanoTime() + INTERRUPT_PATIENCE.toNanos();
        while (word.get() == run) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            // Threads parked in the bridge (channel waits, waits on other runs) are not at a
            // safepoint: wake them ourselves; they return an error that raises KeyboardInterrupt.
            for (Thread t : blockedInBridge) {
                t.interrupt();
            }
            // Never interrupt the bootstrap: only a booted context runs the caller's code.
            Context c = ready.isDone() ? context : null;
            try {
                if (c != null) {
                    // Returns once the threads executing now are out; a timeout cancels the interrupt.
                    c.interrupt(Duration.ofNanos(left));
                }
            } catch (TimeoutException e) {
                break; // inside native code that ignores safepoints: the run ends when it returns
            } catch (IllegalStateException | PolyglotException e) {
                break; // closed meanwhile (destroy or shutdown): nothing left to interrupt
            }
            if (word.get() == run) {
                // The run had not reached Python code yet: let it get there, then interrupt again.
                LockSupport.parkNanos(INTERRUPT_RETRY_NANOS);
            }
        }
        return true;
    }

    @Override
    public CompletableFuture<Void> runAsync(String source, Map<String, ?> shared) {
        RunRequest request = RunRequest.fromJava(source, shared);
        return submit(request).thenApply(f -> {
            if (f != null) {
                throw f.toJava();
            }
            return null;
        });
    }

    /**
     * Starts a run; the future yields null on success or the failure. Throws at once if this
     * interpreter is running or destroyed.
     */
    CompletableFuture<RemoteFailure> submit(RunRequest request) {
        beginRun();
        request.owner = this;
        inbox.add(request);
        return request.result;
    }

    /** The caller's spin before it parks on {@code run}: returns at once if the run ended. */
    void spinForEnd(CompletableFuture<?> run) {
        replySpin.spin(run::isDone);
    }

    private void beginRun() {
        for (;;) {
            long w = word.get();
            int s = stateOf(w);
            if (s == RUNNING) {
                throw new InterpreterError("interpreter " + id + " is already running");
            }
            if (s == DESTROYED) {
                throw new InterpreterNotFoundError(id);
            }
            if (word.compareAndSet(w, ((w >>> 2) + 1) << 2 | RUNNING)) {
                return;
            }
        }
    }

    /** The owner thread, at the end of a run: RUNNING back to IDLE, unless destroyed meanwhile. */
    private void endRun() {
        for (long w; stateOf(w = word.get()) == RUNNING; ) {
            if (word.compareAndSet(w, (w & ~STATE_BITS) | IDLE)) {
                return;
            }
        }
    }

    /** Moves to DESTROYED (for good); returns the state it was in. */
    private int markDestroyed() {
        return stateOf(word.getAndUpdate(w -> (w & ~STATE_BITS) | DESTROYED));
    }

    private int state() {
        return stateOf(word.get());
    }

    private static int stateOf(long word) {
        return (int) (word & STATE_BITS);
    }

    /** Waits for a run; an interrupt of the waiting thread propagates (the run goes on). */
    static <T> T awaitInterruptibly(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return await(future);
        }
    }

    /** Waits for a run, uninterruptibly, and rethrows what it failed with as the caller's exception. */
    static <T> T await(CompletableFuture<T> future) {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof CompletionException && c.getCause() != null) {
                        c = c.getCause();
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new InterpreterError(c.toString(), c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void destroy() {
        destroy(runtime.currentId());
    }

    void destroy(long callerId) {
        if (id == PythonRuntime.MAIN_ID) {
            throw new InterpreterError("the main interpreter cannot be destroyed");
        }
        if (callerId == id) {
            throw new InterpreterError("interpreter " + id + " cannot destroy itself");
        }
        for (;;) {
            long w = word.get();
            int s = stateOf(w);
            if (s == RUNNING) {
                throw new InterpreterError("interpreter " + id + " is running");
            }
            if (s == DESTROYED) {
                throw new InterpreterNotFoundError(id);
            }
            if (word.compareAndSet(w, (w & ~STATE_BITS) | DESTROYED)) {
                break;
            }
        }
        runtime.forget(this);
        inbox.add(STOP);
        closed.join();
    }

    @Override
    public void close() {
        try {
            destroy();
        } catch (InterpreterNotFoundError alreadyGone) {
            // AutoCloseable: closing twice is harmless.
        }
    }

    /**
     * Ends this interpreter from a JVM shutdown, whatever it is doing: an idle one closes its
     * context normally, a running one is cancelled.
     */
    void shutdown() {
        int was = markDestroyed();
        inbox.add(STOP);
        Context c = context;
        if (was == RUNNING && c != null) {
            // close(true) waits for every thread of the context to leave, which a thread parked
            // in another interpreter's run may never do: cancel on a daemon thread, so the hook's
            // own bounded wait decides when the JVM goes.
            Thread.ofPlatform().daemon(true).name("interpreter-" + id + "-cancel").start(() -> {
                try {
                    c.close(true);
                } catch (RuntimeException ignored) {
                    // Cancellation in progress already; the owner thread finishes the close.
                }
            });
        }
    }

    /** Waits up to {@code millis} for the owner thread to have closed the context. */
    boolean awaitClosed(long millis) {
        try {
            closed.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * For fault tests: hands {@code task} to the owner thread as its next piece of work, outside
     * any run, so that a test can make that thread die as an unexpected error would.
     */
    void postToOwnerThread(Runnable task) {
        inbox.add(task);
    }

    /** Runs the launcher's program as {@code __main__}; returns the process exit status. */
    int runMain(String path, String code, String[] argv) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        beginRun();
        inbox.add(() -> {
            int exit = 0;
            Throwable failed = null;
            try {
                exit = runMainFn.execute(path, code, argv).asInt();
            } catch (PolyglotException e) {
                if (e.isExit()) {
                    exit = e.getExitStatus(); // os._exit(n): the process's status, as python3 gives it
                } else {
                    failed = e;
                }
            } catch (Throwable t) {
                failed = t;
            }
            // Idle before the caller hears of the end, so that it can run again at once.
            endRun();
            if (failed != null) {
                status.completeExceptionally(failed);
            } else {
                status.complete(exit);
            }
        });
        return await(status);
    }

    // ---------------------------------------------------------------- owner thread

    private void ownerLoop() {
        OWNER.set(this);
        try {
            context = runtime.engine.newContext(config);
            // Not kept entered: each execute enters and leaves, so that between runs no thread is
            // in the context and Context.interrupt can complete (it waits for the threads it
            // interrupts to leave; an owner thread entered for good would make it time out and
            // leave the context cancelling whatever runs next).
            Value boot = context.eval(runtime.engine.bootSource);
            booted(boot.execute(bridge, config.isIsolated() ? null : runtime.sysPathPrefix()));
        } catch (Throwable t) {
            ready.completeExceptionally(t);
        }
        serve();
    }

    /**
     * The owner loop of an interpreter made from a spare: runs on the spare's thread, which
     * built and booted {@code booted}.
     */
    void runAdopted(Context booted, Value entryPoints) {
        OWNER.set(this);
        Thread.currentThread().setName("interpreter-" + id);
        context = booted;
        try {
            booted(entryPoints);
        } catch (Throwable t) {
            ready.completeExceptionally(t);
        }
        serve();
    }

    /** The boot function's entry points, and the context is ready for runs. */
    private void booted(Value entryPoints) {
        runFn = entryPoints.getArrayElement(0);
        runMainFn = entryPoints.getArrayElement(1);
        callFn = entryPoints.getArrayElement(2);
        callManyFn = entryPoints.getArrayElement(3);
        ready.complete(null);
    }

    /** Executes the inbox until {@link #STOP}, then closes the context. */
    private void serve() {
        Runnable task = null;
        try {
            for (;;) {
                try {
                    task = nextTask();
                } catch (InterruptedException e) {
                    // A stray interrupt (an interrupt that raced with the end of a run): only
                    // STOP ends the loop.
                    continue;
                } catch (OutOfMemoryError e) {
                    // Waiting allocates a little; with the shared heap full (another interpreter's
                    // doing) the wait itself can fail. Wait for the collector instead of dying.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    continue;
                }
                if (task == STOP) {
                    break;
                }
                Thread.interrupted(); // a stray interrupt must not hit the next run
                task.run();
                task = null;
            }
        } finally {
            if (task instanceof RunRequest r) {
                // The owner thread dies in the middle of this run: its caller must not wait forever.
                r.result.completeExceptionally(new InterpreterNotFoundError(id));
            }
            // However the loop ended, the interpreter is gone: say so, fail what was queued.
            if (markDestroyed() != DESTROYED) {
                runtime.forget(this);
            }
            try {
                closeContext();
            } finally {
                // Even if closing failed: destroy() and the shutdown hook wait for `closed`.
                for (Runnable left; (left = inbox.poll()) != null; ) {
                    if (left instanceof RunRequest r) {
                        r.result.completeExceptionally(new InterpreterNotFoundError(id));
                    }
                }
                closed.complete(null);
            }
        }
    }

    /** The owner thread's next task: spins for it first, then parks. */
    private Runnable nextTask() throws InterruptedException {
        // isEmpty() reads a counter: spinning on it does not take the queue's lock from a sender.
        inboxSpin.spin(() -> !inbox.isEmpty());
        Runnable task = inbox.poll();
        return task != null ? task : inbox.take();
    }

    private void closeContext() {
        Context c = context;
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IllegalStateException stillBusy) {
            // Python threads of this interpreter are still running: cancel them.
            cancel(c);
        } catch (PolyglotException e) {
            if (!e.isCancelled()) {
                // Seen once in 1000 create/run/destroy cycles: GraalPy's dispose found a Python
                // thread that had finished but was not yet reaped ("did not complete all polyglot
                // threads"), an internal error. The interpreter is gone either way: cancel what is
                // left and say so, without ending the owner thread by an exception.
                System.getLogger(PyInterpreter.class.getName()).log(System.Logger.Level.WARNING,
                        "interpreter " + id + ": closing its context failed (" + e.getMessage() + "); cancelling it");
                cancel(c);
            }
        }
    }

    private static void cancel(Context c) {
        try {
            c.close(true);
        } catch (RuntimeException alreadyClosedOrCancelled) {
            // Nothing more can be done for this context; its memory goes with the last reference.
        }
    }

    /** Executes one run or call request on the owner thread. */
    void execute(RunRequest request) {
        RemoteFailure failure = null;
        Throwable broken = null;
        try {
            ready.join();
            Object[] values = toPython(request.values);
            if (request.isCall()) {
                Value r = callFn.execute(request.source, toPython(request.args), request.names, values);
                Object outcome = callOutcome(r);
                if (outcome instanceof RemoteFailure f) {
                    failure = f;
                } else {
                    request.returned = outcome;
                }
            } else if (request.batch != null) {
                Object[][] batch = request.batch;
                Object[] pyBatch = new Object[batch.length];
                for (int i = 0; i < batch.length; i++) {
                    pyBatch[i] = toPython(batch[i]);
                }
                Value r = callManyFn.execute(request.source, pyBatch);
                Object[] outcomes = new Object[batch.length];
                for (int i = 0; i < outcomes.length; i++) {
                    outcomes[i] = callOutcome(r.getArrayElement(i));
                }
                request.returned = outcomes;
            } else {
                Value r = runFn.execute(request.source, request.names, values);
                if (!r.isNull()) {
                    failure = toFailure(r);
                }
            }
        } catch (CompletionException e) {
            broken = new InterpreterError("interpreter " + id + " failed to start: " + e.getCause(), e.getCause());
        } catch (PolyglotException e) {
            try {
                if (e.isInterrupted() || (e.isInternalError() && interruptedRun == word.get() >>> 2)) {
                    // GraalPy may fail internally while an interrupt unwinds a run (seen: a
                    // FrameSlotTypeException in a finally block it runs on the way out); the run
                    // was still stopped by the interrupt, and that is what its caller hears.
                    failure = INTERRUPTED;
                } else if (e.isResourceExhausted()) {
                    failure = MEMORY_EXHAUSTED;
                } else if (e.isHostException() || e.isInternalError() || !e.isGuestException()) {
                    // A permission GraalPy denies (threads, processes in an isolated interpreter)
                    // arrives as a host exception Python code cannot catch: report it as the run's
                    // failure, as the Python error it stands for.
                    failure = hostFailure(e);
                } else {
                    broken = e;
                }
            } catch (Throwable whileReporting) {
                // An OutOfMemoryError here (the heap still full) must not end the owner thread.
                failure = MEMORY_EXHAUSTED;
            }
        } catch (OutOfMemoryError e) {
            // The heap is shared: a run that exhausted it fails as Python's MemoryError would.
            failure = MEMORY_EXHAUSTED;
        } catch (Throwable t) {
            broken = t;
        } finally {
            endRun();
        }
        if (broken != null) {
            request.result.completeExceptionally(broken instanceof PolyglotException pe
                    ? new InterpreterError("interpreter " + id + ": " + pe.getMessage(), pe) : broken);
        } else {
            request.result.complete(failure);
        }
    }

    /** A call's result (canonical) or its failure, from {@code (None, kind, payload)} or {@code (failure,)}. */
    private Object callOutcome(Value r) {
        Value f = r.getArrayElement(0);
        return f.isNull() ? Codec.fromPython(runtime, r.getArrayElement(1).asInt(), r.getArrayElement(2)) : toFailure(f);
    }

    private Object[] toPython(Object[] canonical) {
        Object[] py = new Object[canonical.length];
        for (int i = 0; i < py.length; i++) {
            py[i] = Codec.toPython(canonical[i], hasNativeAccess());
        }
        return py;
    }

    private static RemoteFailure hostFailure(PolyglotException e) {
        String msg = String.valueOf(e.getMessage());
        String type = msg.contains("not allowed") ? "PermissionError" : "SystemError";
        StringBuilder tb = new StringBuilder("Traceback (most recent call last):\n");
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (f.isGuestFrame() && f.getSourceLocation() != null) {
                tb.append("  File \"").append(f.getSourceLocation().getSource().getName()).append("\", line ")
                        .append(f.getSourceLocation().getStartLine()).append(", in ").append(f.getRootName()).append('\n');
            }
        }
        tb.append(type).append(": ").append(msg).append('\n');
        return new RemoteFailure(type, true, msg, tb.toString(), null);
    }

    private static RemoteFailure toFailure(Value t) {
        Value args = t.getArrayElement(4);
        return new RemoteFailure(t.getArrayElement(0).asString(), t.getArrayElement(1).asBoolean(),
                t.getArrayElement(2).asString(), t.getArrayElement(3).asString(), args.isNull() ? null : args.asString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Interpreter other && other.id() == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "Interpreter(" + id + ")";
    }

}
