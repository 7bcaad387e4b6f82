package io.interpreters4j.runtime.interpreter;

import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.InterpreterError;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.RemoteException;
import io.interpreters4j.RunTimeoutError;
import io.interpreters4j.channels.SpinWait;
import io.interpreters4j.runtime.data.Codec;
import io.interpreters4j.channels.SpinWait;
import io.interpreters4j.runtime.data.RemoteFailure;
import io.interpreters4j.spi.Timeouts;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * One interpreter, as its callers see it: a GraalPy {@link Context} confined to a platform thread
 * of its own ({@link OwnerThread}), which builds the context, executes every {@code run()} and
 * finally closes it. Everything in this class runs on the callers' threads.
 *
 * <p>Implementation overview. Callers never touch the context. {@code run()} checks and converts
 * its arguments on the caller's thread ({@link Request}), moves the {@link RunState} from IDLE to
 * RUNNING with a CAS (so a second concurrent run fails fast instead of queueing), posts the
 * request to the owner thread and waits for its future; the owner thread sets the state back to
 * IDLE before it completes that future. The caller's wait spins briefly before it parks, with a
 * budget that learns whether spinning pays ({@link SpinWait}). {@link #interrupt()} repeats
 * {@code Context.interrupt} until the run it saw is over. Destroy CASes IDLE to DESTROYED, posts
 * STOP, and waits until the owner thread has closed the context.
 *
 * <p>A new interpreter either builds its own context (the owner thread is new) or adopts a spare
 * ({@link SpareContexts}): a context booted ahead of need, with the thread that booted it, which
 * becomes its owner thread.
 *
 * <h2>Thread-Safety</h2>
 * Every public method may be called from any thread. State changes are CASes on one word; the
 * context is touched only by the owner thread, except by {@code Context.interrupt} and, when the
 * process ends, by the flush of its files and a cancelling close.
 */
public final class PyInterpreter implements Interpreter {

    /** The main interpreter's id. */
    public static final long MAIN_ID = 0;

    private static final Duration INTERRUPT_PATIENCE = Duration.ofSeconds(5);
    /**
     * How long one {@code Context.interrupt} may wait. It waits for every thread of the context to
     * leave, GraalPy's own helper threads included (a thread it starts to run weakref callbacks
     * and other asynchronous actions can linger for seconds, see {@link #interrupt()}).
     */
    private static final long INTERRUPT_ATTEMPT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long INTERRUPT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The interpreter whose owner thread is the current thread. */
    private static final ThreadLocal<PyInterpreter> OWNER = new ThreadLocal<>();

    private final long id;
    private final InterpreterConfig config;
    private final RunState state;
    private final OwnerThread owner;
    /** Threads of this interpreter waiting in a blocking bridge call (see {@link #interrupt()}). */
    private final BlockingCalls blocking = new BlockingCalls();
    /** The caller's spin for a run's end (see {@link SpinWait}). */
    private final SpinWait replySpin = new SpinWait();
    private final LongConsumer onDestroyed;

    /**
     * A new interpreter: it adopts {@code spare} (booted for a config of the same isolation), or
     * builds a context of its own with {@code host} when {@code spare} is null. Call
     * {@link #start()} next.
     */
    PyInterpreter(long id, InterpreterConfig config, InterpreterServices services, HostObject host,
            SpareContexts.Spare spare) {
        this.id = id;
        this.config = config;
        this.state = new RunState(id);
        this.onDestroyed = services.onDestroyed();
        HostObject bridge = spare != null ? spare.host() : host;
        bridge.bind(id, config, blocking);
        this.owner = new OwnerThread(id, config, services, state, () -> OWNER.set(this), bridge, spare);
    }

    void start() {
        owner.start();
    }

    /** The interpreter whose owner thread is {@code t}, when {@code t} is the calling thread; else null. */
    static PyInterpreter ownerOf(Thread t) {
        return t == Thread.currentThread() ? OWNER.get() : null;
    }

    /**
     * The interpreter the calling thread acts for: its own for an interpreter's owner thread, else
     * main. (Python threads reach the runtime only through their interpreter's bridge, which
     * passes its id explicitly.)
     */
    public static long currentId() {
        PyInterpreter owner = OWNER.get();
        return owner == null ? MAIN_ID : owner.id;
    }

    /** The owner thread (for tests and diagnostics). */
    public Thread ownerThread() {
        return owner.thread();
    }

    @Override
    public long id() {
        return id;
    }

    public InterpreterConfig config() {
        return config;
    }

    /** Whether Python here can map shared native memory (ctypes); isolated interpreters cannot. */
    public boolean hasNativeAccess() {
        return !config.isIsolated();
    }

    public boolean isDestroyed() {
        return state.state() == RunState.DESTROYED;
    }

    @Override
    public boolean isRunning() {
        return isRunning(currentId());
    }

    /** {@link #isRunning()} as interpreter {@code askingId} sees it: always true for itself. */
    public boolean isRunning(long askingId) {
        int s = state.state();
        if (s == RunState.DESTROYED) {
            throw new InterpreterNotFoundError(id);
        }
        return askingId == id || s == RunState.RUNNING;
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
            execute(Request.Run.fromJava(source, shared), null);
        }
    }

    @Override
    public void run(String source, Map<String, ?> shared, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout"); // null means none only for call()
        execute(Request.Run.fromJava(source, shared), timeout);
    }

    @Override
    public Object call(String function, List<?> args, Map<String, ?> kwargs, Duration timeout) {
        Request.Call request = Request.Call.fromJava(function, args, kwargs);
        execute(request, timeout != null ? timeout : config.timeLimit().orElse(null));
        return Codec.toJavaApi(request.result());
    }

    /** Submits a Java caller's run or call and waits for it, at most {@code timeout} when not null. */
    private void execute(Request request, Duration timeout) {
        // The timeout is read before the run is submitted: a bad one must not leave it running.
        long nanos = timeout == null ? -1 : Timeouts.nanos(timeout);
        CompletableFuture<RemoteFailure> run = submit(request);
        spinForEnd(run);
        RemoteFailure f = timeout == null ? await(run) : awaitWithin(run, nanos);
        if (f == Failures.INTERRUPTED_BY_TIMEOUT) {
            throw new RunTimeoutError(new RemoteException("KeyboardInterrupt", timedOut(id, nanos), ""));
        }
        if (f != null) {
            throw f.toJava();
        }
    }

    /** The message of a run stopped by its timeout or time limit: it names the limit, in seconds. */
    public static String timedOut(long id, long nanos) {
        return "the run in interpreter " + id + " did not finish within "
                + java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + " s and was interrupted";
    }

    /** Whether {@code f}, as {@link #awaitWithin} returned it, is a run that its own timeout interrupted. */
    public static boolean isTimedOut(RemoteFailure f) {
        return f == Failures.INTERRUPTED_BY_TIMEOUT;
    }

    /**
     * Waits for a run at most {@code nanos}; past that, interrupts it and waits for it to end.
     * Returns its failure, one that {@link #isTimedOut} if the interrupt ended it, or null.
     */
    public RemoteFailure awaitWithin(CompletableFuture<RemoteFailure> run, long nanos) {
        try {
            // The limit is on the code, not on building a new interpreter's context.
            owner.ready().exceptionally(t -> null).get();
            return run.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            interrupt();
            RemoteFailure f = await(run);
            return f == Failures.INTERRUPTED ? Failures.INTERRUPTED_BY_TIMEOUT : f;
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
        long run = state.word(); // this run, while it goes on: the word changes when it ends
        if (RunState.stateOf(run) == RunState.DESTROYED) {
            throw new InterpreterNotFoundError(id);
        }
        if (RunState.stateOf(run) != RunState.RUNNING) {
            return false;
        }
        state.interruptAsked(run);
        long deadline = System.nanoTime() + INTERRUPT_PATIENCE.toNanos();
        while (state.isStill(run)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            // Threads parked in the bridge (channel waits, waits on other runs) are not at a
            // safepoint: wake them ourselves; they return an error that raises KeyboardInterrupt.
            blocking.interruptAll();
            // Never interrupt the bootstrap: only a booted context runs the caller's code.
            Context c = owner.bootedContext();
            try {
                if (c != null) {
                    // Returns once every thread of the context is out; a timeout cancels the
                    // interrupt. Short attempts: an attempt that times out because some other
                    // thread of the context lingers (GraalPy's helper threads count too) must not
                    // let a run that entered Python after the attempt began go on uninterrupted
                    // (seen once in CI: a `while True: pass` that outlived interrupt()); the next
                    // attempt reaches it. Code in native calls that ignore safepoints is left
                    // running once the patience is spent: the run ends when it returns.
                    c.interrupt(Duration.ofNanos(Math.min(left, INTERRUPT_ATTEMPT_NANOS)));
                }
            } catch (TimeoutException e) {
                continue;
            } catch (IllegalStateException | PolyglotException e) {
                break; // closed meanwhile (destroy or shutdown): nothing left to interrupt
            }
            if (state.isStill(run)) {
                // The run had not reached Python code yet: let it get there, then interrupt again.
                LockSupport.parkNanos(INTERRUPT_RETRY_NANOS);
            }
        }
        return true;
    }

    @Override
    public CompletableFuture<Void> runAsync(String source, Map<String, ?> shared) {
        Request.Run request = Request.Run.fromJava(source, shared);
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
    public CompletableFuture<RemoteFailure> submit(Request request) {
        state.begin();
        owner.post(request);
        return request.done();
    }

    /** The caller's spin before it parks on {@code run}: returns at once if the run ended. */
    public void spinForEnd(CompletableFuture<?> run) {
        replySpin.spin(run::isDone);
    }

    /** Waits for a run; an interrupt of the waiting thread propagates (the run goes on). */
    public static <T> T awaitInterruptibly(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return await(future);
        }
    }

    /** Waits for a run, uninterruptibly, and rethrows what it failed with as the caller's exception. */
    public static <T> T await(CompletableFuture<T> future) {
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
        destroy(currentId());
    }

    /** {@link #destroy()} asked by interpreter {@code callerId}, which may not destroy itself. */
    public void destroy(long callerId) {
        if (id == MAIN_ID) {
            throw new InterpreterError("the main interpreter cannot be destroyed");
        }
        if (callerId == id) {
            throw new InterpreterError("interpreter " + id + " cannot destroy itself");
        }
        state.destroyIdle();
        onDestroyed.accept(id);
        owner.postStop();
        owner.closed().join();
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
     * Writes the data of every file Python left open in this interpreter, from the calling thread,
     * whatever the interpreter is doing (a run in progress goes on): for a process that ends
     * under running code. False if there was nothing to reach (not booted, closed, cancelled).
     */
    boolean flushFiles() {
        return owner.flushFiles();
    }

    /**
     * The process exits (the launcher's program has ended): ends this interpreter as CPython
     * ends its subinterpreters at exit, without closing its context, which the exit that follows
     * makes pointless. An idle interpreter ends on its owner thread (non-daemon threads joined,
     * atexit handlers run, files closed); a running one, whose code nothing stops by then, only
     * has its files written, from a thread of its own; one being destroyed finishes that. The
     * future completes when it is done; the caller bounds the wait.
     */
    CompletableFuture<Void> finishForExit() {
        int was = state.markDestroyed();
        if (was == RunState.DESTROYED) {
            return owner.closed();
        }
        if (was == RunState.RUNNING) {
            return CompletableFuture.runAsync(owner::flushFiles,
                    r -> Thread.ofPlatform().daemon(true).name("interpreter-" + id + "-exit").start(r));
        }
        return owner.postFinish();
    }

    /**
     * Ends this interpreter from a JVM shutdown, whatever it is doing: an idle one closes its
     * context normally, a running one is cancelled.
     */
    void shutdown() {
        int was = state.markDestroyed();
        owner.postStop();
        Context c = owner.context();
        if (was == RunState.RUNNING && c != null) {
            // close(true) waits for every thread of the context to leave, which a thread parked
            // in another interpreter's run may never do: cancel on a daemon thread, so the hook's
            // own bounded wait decides when the JVM goes.
            Thread.ofPlatform().daemon(true).name("interpreter-" + id + "-cancel").start(() -> OwnerThread.cancel(c));
        }
    }

    /** Waits up to {@code millis} for the owner thread to have closed the context. */
    boolean awaitClosed(long millis) {
        try {
            owner.closed().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * For fault tests: hands {@code task} to the owner thread as its next piece of work, outside
     * any run, so that a test can make that thread die as an unexpected error would.
     */
    public void postToOwnerThread(Runnable task) {
        owner.postTask(task);
    }

    /** Runs the launcher's program as {@code __main__}; returns the process exit status. */
    public int runMain(String path, String code, String[] argv) {
        return runProgram(path, code, argv).status();
    }

    /** Runs the launcher's program as {@code __main__}, as python3 runs one, to its end. */
    public ProgramEnd runProgram(String path, String code, String[] argv) {
        state.begin();
        return await(owner.postMain(path, code, argv));
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
