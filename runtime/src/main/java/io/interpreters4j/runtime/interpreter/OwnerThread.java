package io.interpreters4j.runtime.interpreter;

import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.channels.SpinWait;
import io.interpreters4j.runtime.data.RemoteFailure;
import io.interpreters4j.runtime.interpreter.PythonEngine.EntryPoints;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The owner thread of one interpreter: the only thread that builds, enters and closes its GraalPy
 * {@link Context}. Everything here but the {@code post} methods, the accessors and
 * {@link #flushFiles} (the process's end, from any thread) runs on that thread;
 * {@link PyInterpreter} is the callers' side.
 *
 * <p>Implementation overview. The thread boots the context as soon as it starts (so
 * {@code create()} does not wait for GraalPy; the first run waits for {@link #ready()} instead),
 * or adopts a context a spare thread booted, and then serves its mailbox: run requests (wrapped
 * in {@link Execution}), the launcher's program, and finally {@link #STOP}. A request executes in
 * Python; the thread sorts what was thrown ({@link Failures}), moves the run state back to IDLE,
 * and only then completes the request's future, so a caller that sees its run finish can run
 * again at once. The wait for the next piece of mail spins briefly before it parks
 * ({@link SpinWait}). However the loop ends (STOP, or an error that kills the thread), the
 * interpreter is marked destroyed, its Python is ended as CPython ends an interpreter (threads,
 * atexit handlers, the files it left open: {@link #finishPython}), the context is closed, the mail
 * left over is failed and {@link #closed()} completes.
 *
 * <pre>
 *   start --> boot (or adopt a spare) --> serve: take mail, execute, end the run --+
 *                                           ^                                      |
 *                                           +--------------------------------------+
 *                                         STOP / thread dies --> destroyed, close context, closed
 * </pre>
 */
final class OwnerThread {

    /** Tells the owner thread to close the context and end. */
    private static final Runnable STOP = () -> { };
    /** How many times {@link #writeFilesAfterInterrupt} tries while an interrupt lingers. */
    private static final int AFTER_INTERRUPT_ATTEMPTS = 20;

    private final long id;
    private final InterpreterConfig config;
    private final InterpreterServices services;
    private final RunState state;
    /** Runs first on the thread: registers it as the interpreter's (see {@link PyInterpreter#current}). */
    private final Runnable onStart;
    /** Mail for the owner thread: requests, the launcher's program, then {@link #STOP}. */
    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final SpinWait inboxSpin = new SpinWait();
    /** Completes when the context is booted (or failed to boot). */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Completes when the context is closed. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Thread thread;
    /** The booted spare this thread was, or null; with it, the host object is already in the context. */
    private final SpareContexts.Spare spare;
    private final HostObject host;

    // Written by the owner thread; the context is read by callers to interrupt or cancel it.
    private volatile Context context;
    /** Written before {@link #ready} completes, so a caller that saw it complete sees it too. */
    private EntryPoints python;
    /** Whether the interpreter's Python has been ended ({@link #finishPython}). Owner thread only. */
    private boolean finished;

    /**
     * An owner thread for interpreter {@code id}: a new one that boots a context with
     * {@code host}, or, when {@code spare} is not null, the spare's thread, which adopts the
     * context it booted.
     */
    OwnerThread(long id, InterpreterConfig config, InterpreterServices services, RunState state, Runnable onStart,
            HostObject host, SpareContexts.Spare spare) {
        this.id = id;
        this.config = config;
        this.services = services;
        this.state = state;
        this.onStart = onStart;
        this.host = host;
        this.spare = spare;
        this.thread = spare != null ? spare.thread()
                : Thread.ofPlatform().name("interpreter-" + id).daemon(true).unstarted(this::bootAndServe);
    }

    void start() {
        if (spare != null) {
            spare.adopt(this::adoptAndServe); // its waiting thread continues there
        } else {
            thread.start();
        }
    }

    Thread thread() {
        return thread;
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    /** The context once it is booted, else null: only a booted context runs a caller's code. */
    Context bootedContext() {
        return ready.isDone() ? context : null;
    }

    /** The context, booted or not; null before it is built. */
    Context context() {
        return context;
    }

    // ---------------------------------------------------------------- posting (any thread)

    void post(Request request) {
        inbox.add(new Execution(request));
    }

    /** The launcher's program as {@code __main__}; completes with how it ended. */
    CompletableFuture<ProgramEnd> postMain(String path, String code, String[] argv) {
        CompletableFuture<ProgramEnd> end = new CompletableFuture<>();
        inbox.add(() -> runMain(path, code, argv, end));
        return end;
    }

    /**
     * Ends the interpreter's Python on the owner thread, as {@link #finishPython} says, without
     * closing the context (the process exits next); completes when done.
     */
    CompletableFuture<Void> postFinish() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inbox.add(() -> {
            try {
                finishPython();
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    /**
     * Writes the data of every file Python left open (see {@code _files.py}), from the calling
     * thread, whatever the owner thread is doing: a run in progress goes on, and the flush takes
     * the interpreter's GIL between two of its steps. For a process that is ending under code that
     * still runs. Returns false if there was nothing it could reach (a context not booted, closed
     * or cancelled).
     */
    boolean flushFiles() {
        if (!ready.isDone() || ready.isCompletedExceptionally()) {
            return false;
        }
        try {
            python.flushFiles().execute(true);
            return true;
        } catch (PolyglotException | IllegalStateException e) {
            return false;
        }
    }

    /** For fault tests: {@code task} runs on the owner thread as its next piece of work, outside any run. */
    void postTask(Runnable task) {
        inbox.add(task);
    }

    void postStop() {
        inbox.add(STOP);
    }

    // ---------------------------------------------------------------- the owner thread

    private void bootAndServe() {
        onStart.run();
        try {
            context = services.engine().newContext(config);
            python = services.engine().boot(context, config, host, services.sysPathPrefix().get());
            ready.complete(null);
        } catch (Throwable t) {
            ready.completeExceptionally(t);
        }
        serve();
    }

    /** The spare's thread, now the owner thread, with the context it built and booted. */
    private void adoptAndServe(Context booted, EntryPoints entryPoints) {
        onStart.run();
        Thread.currentThread().setName("interpreter-" + id);
        context = booted;
        python = entryPoints;
        ready.complete(null);
        serve();
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
            if (task instanceof Execution e) {
                // The owner thread dies in the middle of this run: its caller must not wait forever.
                e.request.done().completeExceptionally(new InterpreterNotFoundError(id));
            }
            // However the loop ended, the interpreter is gone: say so, fail what was queued.
            if (state.markDestroyed() != RunState.DESTROYED) {
                services.onDestroyed().accept(id);
            }
            try {
                closeContext();
            } finally {
                // Even if closing failed: destroy() and the shutdown hook wait for `closed`.
                for (Runnable left; (left = inbox.poll()) != null; ) {
                    if (left instanceof Execution e) {
                        e.request.done().completeExceptionally(new InterpreterNotFoundError(id));
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

    /** A request in the mailbox: executing it is the owner thread's business, not the request's. */
    private final class Execution implements Runnable {
        final Request request;

        Execution(Request request) {
            this.request = request;
        }

        @Override
        public void run() {
            execute(request);
        }
    }

    /** Executes one request: enters Python, sorts what was thrown, ends the run, then reports. */
    private void execute(Request request) {
        RemoteFailure failure = null;
        Throwable broken = null;
        try {
            ready.join();
            failure = request.execute(python, services.channels(), !config.isIsolated());
        } catch (Throwable t) {
            failure = Failures.failureOf(t, state::isInterruptAsked);
            if (failure == null) {
                broken = Failures.broken(t, id);
            }
        } finally {
            state.end();
        }
        if (failure == Failures.INTERRUPTED) {
            writeFilesAfterInterrupt();
        }
        if (broken != null) {
            request.done().completeExceptionally(broken);
        } else {
            request.done().complete(failure);
        }
    }

    /**
     * An interrupted run wrote nothing at its end: an interrupt stops every Python frame, the
     * runtime's end of the run included, until all have left the context. So the owner thread
     * enters again, once the run is over (its state no longer RUNNING, so the interrupter stops
     * repeating) and before its caller hears of the end. An interrupt already under way when the
     * run ended can still stop the first try: a few more are made, then the files are left to
     * the next end of a run.
     */
    private void writeFilesAfterInterrupt() {
        for (int attempt = 0; attempt < AFTER_INTERRUPT_ATTEMPTS; attempt++) {
            try {
                python.flushFiles().execute(false);
                return;
            } catch (PolyglotException e) {
                if (!e.isInterrupted()) {
                    return; // cancelled or closed: nothing to write to any more
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            } catch (IllegalStateException closed) {
                return;
            }
        }
    }

    private void runMain(String path, String code, String[] argv, CompletableFuture<ProgramEnd> end) {
        ProgramEnd outcome = null;
        Throwable failed = null;
        try {
            ready.join(); // a context that failed to boot says why
            outcome = new ProgramEnd(python.runMain().execute(path, code, argv).asInt(), false);
        } catch (PolyglotException e) {
            if (e.isExit()) {
                // os._exit(n): the process's status, as python3 gives it
                outcome = new ProgramEnd(e.getExitStatus(), true);
            } else {
                failed = e;
            }
        } catch (Throwable t) {
            failed = t;
        }
        // Idle before the caller hears of the end, so that it can run again at once.
        state.end();
        if (failed != null) {
            end.completeExceptionally(failed);
        } else {
            end.complete(outcome);
        }
    }

    /**
     * Ends the interpreter's Python as CPython ends an interpreter: its non-daemon threads
     * joined, its atexit handlers run, then every file it left open closed. GraalPy's own close of
     * the context runs the first two (and finds nothing left to do after this), but closes no
     * file, so their unwritten data would be lost. Once.
     */
    private void finishPython() {
        if (finished || !ready.isDone() || ready.isCompletedExceptionally()) {
            return; // ended already, or never booted: it ran no code, opened no file
        }
        finished = true;
        try {
            python.finish().execute();
        } catch (IllegalStateException closedAlready) {
            // Cancelled by a JVM shutdown, or exited by os._exit: nothing is left to end.
        } catch (PolyglotException e) {
            if (!e.isCancelled() && !e.isExit()) {
                System.getLogger(OwnerThread.class.getName()).log(System.Logger.Level.WARNING,
                        "interpreter " + id + ": ending its Python failed (" + e.getMessage() + ")");
            }
        }
    }

    private void closeContext() {
        Context c = context;
        if (c == null) {
            return;
        }
        finishPython();
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
                System.getLogger(OwnerThread.class.getName()).log(System.Logger.Level.WARNING,
                        "interpreter " + id + ": closing its context failed (" + e.getMessage() + "); cancelling it");
                cancel(c);
            }
        }
    }

    /** Closes {@code c} cancelling whatever still runs in it. */
    static void cancel(Context c) {
        try {
            c.close(true);
        } catch (RuntimeException alreadyClosedOrCancelled) {
            // Nothing more can be done for this context; its memory goes with the last reference.
        }
    }
}
