package io.interpreters4j;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of interpreters serving Python calls and runs from Java threads: an
 * {@link java.util.concurrent.ExecutorService} whose workers each own one interpreter.
 *
 * <pre>{@code
 * try (InterpreterPool pool = InterpreterPool.builder()
 *         .size(4)
 *         .initializer("import re\ndef words(s):\n    return len(re.findall(r'\\w+', s))")
 *         .taskTimeout(Duration.ofSeconds(5))
 *         .build()) {
 *     CompletableFuture<Object> n = pool.submitCall("words", "to be or not to be");
 *     System.out.println(n.join()); // 6
 * }
 * }</pre>
 *
 * <h2>Tasks</h2>
 * {@link #submitCall} and {@link #submitRun} are {@link Interpreter#call} and
 * {@link Interpreter#run} on whichever worker is free. {@link #submit(InterpreterTask)} gives
 * Java code the worker's interpreter; plain {@link Runnable}s and {@link Callable}s (the
 * {@code ExecutorService} methods) run on a worker thread and reach its interpreter through
 * {@link #currentInterpreter()}. Every future this pool returns is a {@link CompletableFuture}
 * whose {@code cancel(true)} also {@linkplain Interpreter#interrupt() interrupts} the Python code
 * of a running task.
 *
 * <h2>Isolation</h2>
 * Each worker's interpreter is created with the pool's {@link InterpreterConfig}, runs the
 * initializer once, and keeps its {@code __main__} from task to task, as an interpreter always
 * does: what the initializer defines serves every task; what a task leaves behind is seen by the
 * next task on that worker. Tasks on different workers share nothing but data. An interpreter
 * that disappears (destroyed by a task, or its thread died) is replaced, initializer included.
 *
 * <h2>Limits</h2>
 * The queue is bounded: a task submitted while it is full, or after shutdown, is rejected with
 * {@link RejectedExecutionException}. With a {@linkplain Builder#taskTimeout task timeout}, a task
 * still running then is interrupted and its future fails with {@link RunTimeoutError}; the worker
 * goes on with the next task.
 *
 * <h2>Thread-Safety</h2>
 * Every method may be called from any thread. Implementation overview: one lock guards the
 * queue, the run state and the worker count; workers wait on {@link #workAvailable}, and
 * {@link #awaitTermination} on {@link #terminated}. Nothing that runs Python or waits for it
 * happens under that lock. Each task carries a monitor of its own, under which a cancel or a
 * timeout interrupts it; a worker clears the task's interpreter under that same monitor before
 * it takes the next task, so an interrupt can never reach a later task.
 *
 * <pre>
 *   RUNNING --shutdown()--> SHUTDOWN --queue drained, workers gone--> TERMINATED
 *      |                        |                                         ^
 *      +------shutdownNow()-----+--> STOP --running tasks interrupted,----+
 *                                          workers gone
 * </pre>
 */
public final class InterpreterPool extends AbstractExecutorService {

    /**
     * Java code that needs the worker's interpreter.
     *
     * @param <T> the type of the task's result
     */
    @FunctionalInterface
    public interface InterpreterTask<T> {
        /**
         * Runs the task on a worker's thread.
         *
         * @param interpreter the worker's interpreter
         * @return the task's result
         * @throws Exception whatever the task throws; its future fails with it
         */
        T run(Interpreter interpreter) throws Exception;
    }

    /**
     * A snapshot of what the pool is doing and has done.
     *
     * @param size      live workers (each with its interpreter)
     * @param active    tasks executing now
     * @param queued    tasks waiting for a worker
     * @param completed tasks that returned normally
     * @param failed    tasks that raised or timed out
     * @param cancelled tasks cancelled (before or while they ran)
     */
    public record Metrics(int size, int active, int queued, long completed, long failed, long cancelled) {
    }

    private static final int RUNNING = 0;
    private static final int SHUTDOWN = 1;
    private static final int STOP = 2;
    private static final int TERMINATED = 3;

    private static final ThreadLocal<Interpreter> CURRENT = new ThreadLocal<>();

    private final InterpreterConfig config;
    private final String initializer;
    private final Duration taskTimeout;
    private final int capacity;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final Condition terminated = lock.newCondition();
    /** Tasks not yet taken by a worker; at most {@link #capacity}; guarded by {@link #lock}. */
    private final ArrayDeque<Task<?>> queue = new ArrayDeque<>();
    /** RUNNING, SHUTDOWN, STOP or TERMINATED, only ever increasing; guarded by {@link #lock}. */
    private int runState = RUNNING;
    /** Workers whose loop has not ended: TERMINATED once none is left after a shutdown; guarded by {@link #lock}. */
    private final List<Worker> workers = new ArrayList<>();

    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    /** Interrupts tasks that outlive {@link #taskTimeout}; null without a timeout. */
    private final ScheduledThreadPoolExecutor timer;

    /**
     * A builder with the defaults: one worker per CPU, a queue of 1024, trusted, no initializer, no timeout.
     *
     * @return the default builder
     */
    public static Builder builder() {
        return Builder.DEFAULT;
    }

    /**
     * A pool of {@code size} trusted interpreters, with the other defaults of {@link #builder()}.
     *
     * @param size the number of workers
     * @return the pool, its workers ready
     */
    public static InterpreterPool create(int size) {
        return builder().size(size).build();
    }

    private InterpreterPool(Builder b) {
        this.config = b.config;
        this.initializer = b.initializer;
        this.taskTimeout = b.taskTimeout;
        this.capacity = b.queueCapacity;
        if (taskTimeout != null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon(true)
                    .name(b.threadNamePrefix + "timer").unstarted(r));
            timer.setRemoveOnCancelPolicy(true);
        } else {
            timer = null;
        }
        List<Worker> starting = new ArrayList<>();
        lock.lock();
        try {
            for (int i = 0; i < b.size; i++) {
                Worker w = new Worker(b.threadNamePrefix + i);
                workers.add(w);
                starting.add(w);
            }
        } finally {
            lock.unlock();
        }
        // Interpreters are built in parallel, one per worker thread; the pool is usable once all are.
        starting.forEach(w -> w.thread.start());
        RuntimeException startFailure = null;
        for (Worker w : starting) {
            RuntimeException f = w.started.handle((v, t) -> t == null ? null : asRuntime(t)).join();
            if (f != null && startFailure == null) {
                startFailure = f;
            }
        }
        if (startFailure != null) {
            shutdownNow();
            awaitWorkersGone();
            throw startFailure;
        }
    }

    // ------------------------------------------------------------------ tasks

    /**
     * {@link Interpreter#call(String, Object...)} on a free worker.
     *
     * @param function the name of a callable in the worker's interpreter
     * @param args positional arguments, shareable
     * @return the future of the call's result
     */
    public CompletableFuture<Object> submitCall(String function, Object... args) {
        return submitCall(function, Arrays.asList(args), Map.of());
    }

    /**
     * {@code function(*args, **kwargs)} on a free worker ({@link Interpreter#call(String, List, Map, Duration)}).
     *
     * @param function the name of a callable in the worker's interpreter
     * @param args positional arguments, shareable
     * @param kwargs keyword arguments, shareable values
     * @return the future of the call's result
     * @throws IllegalArgumentException if an argument is not shareable (nothing is queued)
     * @throws RejectedExecutionException if the queue is full or the pool is shut down
     */
    public CompletableFuture<Object> submitCall(String function, List<?> args, Map<String, ?> kwargs) {
        Objects.requireNonNull(function, "function");
        // Copies (None is null, so no List.copyOf): the caller may change its collections meanwhile.
        List<?> a = Collections.unmodifiableList(new ArrayList<>(args));
        Map<String, ?> kw = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        checkShareable(a, kw);
        return submit(i -> i.call(function, a, kw, null));
    }

    /**
     * {@link Interpreter#run(String, Map)} on a free worker.
     *
     * @param source Python source code
     * @param shared names to bind in {@code __main__} first, with shareable values
     * @return the future of the run's end
     */
    public CompletableFuture<Void> submitRun(String source, Map<String, ?> shared) {
        Objects.requireNonNull(source, "source");
        Map<String, ?> s = Collections.unmodifiableMap(new LinkedHashMap<>(shared));
        checkShareable(List.of(), s);
        return submit(i -> {
            i.run(source, s);
            return null;
        });
    }

    /**
     * {@code submitRun(source, Map.of())}.
     *
     * @param source Python source code
     * @return the future of the run's end
     */
    public CompletableFuture<Void> submitRun(String source) {
        return submitRun(source, Map.of());
    }

    /**
     * Runs {@code task} on a free worker, with that worker's interpreter.
     *
     * @param <T> the type of the task's result
     * @param task the task
     * @return the future of its result
     */
    public <T> CompletableFuture<T> submit(InterpreterTask<T> task) {
        Task<T> t = new Task<>(Objects.requireNonNull(task, "task"));
        enqueue(t);
        return t;
    }

    /**
     * The interpreter of the pool worker running the calling code (a {@link Runnable} or
     * {@link Callable} task of some pool).
     *
     * @return that worker's interpreter
     * @throws IllegalStateException if the calling thread is not a pool worker
     */
    public static Interpreter currentInterpreter() {
        Interpreter i = CURRENT.get();
        if (i == null) {
            throw new IllegalStateException("not called from a task of an InterpreterPool");
        }
        return i;
    }

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        enqueue(command instanceof Task<?> t ? t : new Task<>(i -> {
            command.run();
            return null;
        }));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new Task<>(i -> callable.call());
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new Task<>(i -> {
            runnable.run();
            return value;
        });
    }

    private void enqueue(Task<?> task) {
        lock.lock();
        try {
            if (runState != RUNNING) {
                throw new RejectedExecutionException("the pool is shut down");
            }
            if (queue.size() >= capacity) {
                throw new RejectedExecutionException("the queue is full (" + capacity + " tasks)");
            }
            queue.add(task);
            workAvailable.signal();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ life cycle

    /** No new tasks; queued ones still run; then each worker destroys its interpreter. Does not wait. */
    @Override
    public void shutdown() {
        lock.lock();
        try {
            if (runState < SHUTDOWN) {
                runState = SHUTDOWN;
            }
            workAvailable.signalAll();
            tryTerminate();
        } finally {
            lock.unlock();
        }
    }

    /**
     * No new tasks; queued ones are cancelled and returned; running ones are interrupted (their
     * futures fail or are cancelled); then each worker destroys its interpreter. Does not wait.
     */
    @Override
    public List<Runnable> shutdownNow() {
        List<Task<?>> dropped;
        List<Task<?>> running = new ArrayList<>();
        lock.lock();
        try {
            if (runState < STOP) {
                runState = STOP;
            }
            dropped = new ArrayList<>(queue);
            queue.clear();
            for (Worker w : workers) {
                Task<?> t = w.current;
                if (t != null) {
                    running.add(t);
                }
            }
            workAvailable.signalAll();
            tryTerminate();
        } finally {
            lock.unlock();
        }
        // Outside the lock: cancelling completes futures (running their dependents), and an
        // interrupt waits for the Python code it stops.
        for (Task<?> t : dropped) {
            t.cancel(false);
        }
        for (Task<?> t : running) {
            t.interruptRun();
        }
        return new ArrayList<>(dropped);
    }

    @Override
    public boolean isShutdown() {
        lock.lock();
        try {
            return runState >= SHUTDOWN;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isTerminated() {
        lock.lock();
        try {
            return runState == TERMINATED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (runState != TERMINATED) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = terminated.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What the pool is doing now and has done.
     *
     * @return a snapshot
     */
    public Metrics metrics() {
        lock.lock();
        try {
            return new Metrics(workers.size(), active.get(), queue.size(), completed.get(), failed.get(), cancelled.get());
        } finally {
            lock.unlock();
        }
    }

    /** After a failed start: the workers that did start destroy their interpreters; wait for that. */
    private void awaitWorkersGone() {
        try {
            awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called with the lock held, after a state change or a worker's end. */
    private void tryTerminate() {
        if (runState >= SHUTDOWN && runState != TERMINATED && workers.isEmpty()) {
            runState = TERMINATED;
            if (timer != null) {
                timer.shutdownNow();
            }
            terminated.signalAll();
        }
    }

    // ------------------------------------------------------------------ workers

    private final class Worker {
        final Thread thread;
        /** Completes once the interpreter exists and ran the initializer, or with why it could not. */
        final CompletableFuture<Void> started = new CompletableFuture<>();
        /** The task this worker took and has not finished; set under {@link #lock}, for shutdownNow. */
        volatile Task<?> current;
        private Interpreter interpreter;

        Worker(String name) {
            thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::work);
        }

        private void work() {
            try {
                interpreter = newInterpreter();
                started.complete(null);
            } catch (Throwable t) {
                started.completeExceptionally(t);
                exit(t);
                return;
            }
            Throwable lost = null;
            try {
                for (Task<?> task; (task = take()) != null; ) {
                    active.incrementAndGet();
                    CURRENT.set(interpreter);
                    try {
                        task.runOn(interpreter);
                    } finally {
                        CURRENT.remove();
                        active.decrementAndGet();
                        current = null;
                    }
                    if (isGone(interpreter)) {
                        // A task destroyed it, or its thread died: a new one, set up as the first was.
                        interpreter = null;
                        interpreter = newInterpreter();
                    }
                }
            } catch (Throwable t) {
                lost = t; // no interpreter could replace a lost one: this worker ends
            } finally {
                destroy(interpreter);
                exit(lost);
            }
        }

        /** The next task; null once the pool is shut down and (unless stopped) drained. */
        private Task<?> take() {
            lock.lock();
            try {
                for (;;) {
                    if (runState >= STOP) {
                        return null;
                    }
                    Task<?> t = queue.poll();
                    if (t != null) {
                        current = t; // under the lock: shutdownNow sees it taken or queued, never neither
                        return t;
                    }
                    if (runState == SHUTDOWN) {
                        return null;
                    }
                    workAvailable.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
        }

        /** This worker's end; {@code why} is null at shutdown, else what ended it. */
        private void exit(Throwable why) {
            List<Task<?>> orphans = List.of();
            lock.lock();
            try {
                workers.remove(this);
                if (workers.isEmpty() && why != null && runState == RUNNING) {
                    // The last worker is gone: nothing would ever run what waits; stop the pool.
                    runState = STOP;
                    orphans = new ArrayList<>(queue);
                    queue.clear();
                }
                tryTerminate();
            } finally {
                lock.unlock();
            }
            for (Task<?> t : orphans) {
                counted(failed, () -> t.completeExceptionally(new InterpreterError("the pool has no worker left: " + why, why)));
            }
        }
    }

    private Interpreter newInterpreter() {
        Interpreter i = Interpreters.create(config);
        if (initializer != null) {
            try {
                i.run(initializer);
            } catch (RuntimeException | Error e) {
                destroy(i);
                throw e;
            }
        }
        return i;
    }

    private static boolean isGone(Interpreter i) {
        try {
            i.isRunning();
            return false;
        } catch (InterpreterNotFoundError e) {
            return true;
        }
    }

    private static void destroy(Interpreter i) {
        if (i != null) {
            i.close();
        }
    }

    // ------------------------------------------------------------------ one task

    /**
     * A task and its future. {@link #runningOn} is set while a worker executes it; cancel and
     * timeout interrupt through it under this task's monitor, which the worker also takes to
     * clear it, so an interrupt only ever reaches this task's own Python code.
     *
     * <p>An interrupt can come before the task's Python code runs: before a worker starts the
     * task (it is then cancelled instead of started), or after, while the task is on its way to
     * its run ({@link Interpreter#interrupt()} finds nothing running yet). Then it is retried,
     * on a virtual thread with a growing pause, until the run is found or the task has ended.
     */
    private final class Task<T> extends CompletableFuture<T> implements RunnableFuture<T> {
        private final InterpreterTask<T> body;
        /** The interpreter executing this task, while it does; guarded by this. */
        private Interpreter runningOn;
        /** Whether the timeout interrupted it; guarded by this. */
        private boolean timedOut;
        /** Whether an interrupt came before a worker started it; guarded by this. */
        private boolean interruptedEarly;

        Task(InterpreterTask<T> body) {
            this.body = body;
        }

        /** Only a pool worker runs tasks: this is for code that treats the future as a RunnableFuture. */
        @Override
        public void run() {
            runOn(currentInterpreter());
        }

        void runOn(Interpreter interpreter) {
            synchronized (this) {
                if (isDone()) {
                    return; // cancelled while queued
                }
                if (interruptedEarly) {
                    counted(cancelled, () -> super.cancel(false)); // shutdownNow, before it started
                    return;
                }
                runningOn = interpreter;
            }
            ScheduledFuture<?> watchdog = timer == null ? null
                    : timer.schedule(this::timeOut, taskTimeout.toNanos(), TimeUnit.NANOSECONDS);
            T value = null;
            Throwable failure = null;
            try {
                value = body.run(interpreter);
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (watchdog != null) {
                    watchdog.cancel(false);
                }
            }
            boolean wasTimedOut;
            synchronized (this) {
                runningOn = null;
                wasTimedOut = timedOut;
            }
            if (failure == null) {
                T result = value;
                counted(completed, () -> complete(result));
            } else {
                if (wasTimedOut && failure instanceof RunFailedError rf && !(failure instanceof RunTimeoutError)) {
                    failure = new RunTimeoutError(new RemoteException(rf.remoteTypeName(),
                            "the task timed out after " + taskTimeout + " and was interrupted", rf.remoteTraceback()));
                }
                Throwable cause = failure;
                counted(failed, () -> completeExceptionally(cause));
            }
        }

        private void timeOut() {
            synchronized (this) {
                if (runningOn != null && !isDone()) {
                    timedOut = true;
                    interruptRunning();
                }
            }
        }

        void interruptRun() {
            synchronized (this) {
                interruptRunning();
            }
        }

        /** With this task's monitor held. */
        private void interruptRunning() {
            if (isDone() && runningOn == null) {
                return;
            }
            if (runningOn == null) {
                interruptedEarly = true;
            } else if (!tryInterrupt(runningOn)) {
                Interpreter target = runningOn;
                Thread.ofVirtual().name("interpreter-pool-interrupt").start(() -> retryInterrupt(target));
            }
        }

        /** Interrupts the run of {@code target}; false if it has none (yet). */
        private static boolean tryInterrupt(Interpreter target) {
            try {
                return target.interrupt();
            } catch (InterpreterNotFoundError gone) {
                return true; // nothing left to interrupt; the task fails on its own
            }
        }

        /** Until this task's run on {@code target} is interrupted, or the task has left it. */
        private void retryInterrupt(Interpreter target) {
            long pauseNanos = TimeUnit.MICROSECONDS.toNanos(100);
            for (;;) {
                LockSupport.parkNanos(pauseNanos);
                synchronized (this) {
                    if (runningOn != target || tryInterrupt(target)) {
                        return;
                    }
                }
                pauseNanos = Math.min(pauseNanos * 2, TimeUnit.MILLISECONDS.toNanos(50));
            }
        }

        /** Cancels; with {@code mayInterruptIfRunning}, also interrupts the task's Python code. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean done = counted(cancelled, () -> super.cancel(mayInterruptIfRunning));
            if (done) {
                if (mayInterruptIfRunning) {
                    interruptRun();
                }
            }
            return done;
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Completes a task ({@code completion}, false if it was done already) and counts it in
     * {@code counter}, counting first: whoever sees the task done then sees it counted in
     * {@link #metrics()} too. Taken back when another completion won the race.
     */
    private static boolean counted(AtomicLong counter, java.util.function.BooleanSupplier completion) {
        counter.incrementAndGet();
        if (completion.getAsBoolean()) {
            return true;
        }
        counter.decrementAndGet();
        return false;
    }

    private static void checkShareable(List<?> args, Map<String, ?> kwargs) {
        for (Object a : args) {
            if (!Interpreters.isShareable(a)) {
                throw new IllegalArgumentException("not shareable between interpreters: " + a.getClass().getName());
            }
        }
        for (Map.Entry<String, ?> e : kwargs.entrySet()) {
            if (!Interpreters.isShareable(e.getValue())) {
                throw new IllegalArgumentException("keyword " + e.getKey() + " is not shareable between interpreters: "
                        + e.getValue().getClass().getName());
            }
        }
    }

    /** What a worker's start failed with, as the pool's constructor throws it. */
    private static RuntimeException asRuntime(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new InterpreterError(t.toString(), t);
    }

    // ------------------------------------------------------------------ builder

    /**
     * An immutable description of a pool: each method returns a new builder. Get one from
     * {@link InterpreterPool#builder()}.
     */
    public static final class Builder {
        static final Builder DEFAULT = new Builder(Runtime.getRuntime().availableProcessors(), 1024,
                InterpreterConfig.trusted(), null, null, "interpreter-pool-");

        private final int size;
        private final int queueCapacity;
        private final InterpreterConfig config;
        private final String initializer;
        private final Duration taskTimeout;
        private final String threadNamePrefix;

        private Builder(int size, int queueCapacity, InterpreterConfig config, String initializer,
                Duration taskTimeout, String threadNamePrefix) {
            this.size = size;
            this.queueCapacity = queueCapacity;
            this.config = config;
            this.initializer = initializer;
            this.taskTimeout = taskTimeout;
            this.threadNamePrefix = threadNamePrefix;
        }

        /**
         * The number of workers, each with one interpreter (default: the number of CPUs).
         *
         * @param size at least 1
         * @return a new builder; this one is unchanged
         */
        public Builder size(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("size must be at least 1, not " + size);
            }
            return new Builder(size, queueCapacity, config, initializer, taskTimeout, threadNamePrefix);
        }

        /**
         * How many tasks may wait for a worker (default 1024); more are rejected.
         *
         * @param capacity at least 1
         * @return a new builder; this one is unchanged
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queue capacity must be at least 1, not " + capacity);
            }
            return new Builder(size, capacity, config, initializer, taskTimeout, threadNamePrefix);
        }

        /**
         * How each worker's interpreter is isolated (default trusted).
         *
         * @param config the workers' configuration
         * @return a new builder; this one is unchanged
         */
        public Builder config(InterpreterConfig config) {
            return new Builder(size, queueCapacity, Objects.requireNonNull(config, "config"), initializer, taskTimeout,
                    threadNamePrefix);
        }

        /**
         * Source run once in each new interpreter, before its first task (imports, helper
         * functions, data). If it fails, {@link #build()} throws its {@link RunFailedError}.
         *
         * @param source Python source code
         * @return a new builder; this one is unchanged
         */
        public Builder initializer(String source) {
            return new Builder(size, queueCapacity, config, Objects.requireNonNull(source, "source"), taskTimeout,
                    threadNamePrefix);
        }

        /**
         * Each task may run at most this long; then it is interrupted and fails with {@link RunTimeoutError}.
         *
         * @param timeout positive
         * @return a new builder; this one is unchanged
         */
        public Builder taskTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("task timeout must be positive, not " + timeout);
            }
            return new Builder(size, queueCapacity, config, initializer, timeout, threadNamePrefix);
        }

        /**
         * Worker threads are named this prefix plus 0, 1, 2… (default {@code interpreter-pool-}).
         *
         * @param prefix the names' prefix
         * @return a new builder; this one is unchanged
         */
        public Builder threadNamePrefix(String prefix) {
            return new Builder(size, queueCapacity, config, initializer, taskTimeout,
                    Objects.requireNonNull(prefix, "prefix"));
        }

        /**
         * Creates the interpreters (in parallel), runs the initializer in each, and returns the
         * pool once every worker is ready.
         *
         * @return the pool
         * @throws RunFailedError if the initializer failed (no interpreter is left behind)
         */
        public InterpreterPool build() {
            return new InterpreterPool(this);
        }
    }
}
