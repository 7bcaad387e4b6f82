package io.interpreters4j.runtime.interpreter;

import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.runtime.interpreter.PythonEngine.EntryPoints;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Booted GraalPy contexts kept ready so that {@code create()} hands out an interpreter at once
 * instead of waiting about a third of a second for GraalPy to initialise a context.
 *
 * <p>A spare is a context that has been built and has run only the runtime's own code: its boot
 * and the import of the runtime module that a first call needs ({@link #prepareCalls}). It has no
 * id and belongs to no interpreter: it is not in the live table, so {@code list_all()} does not
 * see it, and ids are still given out by {@code create()} in order. {@link #take} removes a spare
 * for good and hands it to exactly one new interpreter; a context that has run user code is never
 * a spare again (destroy closes it).
 *
 * <p>Implementation overview. One daemon thread, {@code interpreters4j-spares}, refills: it starts
 * one spare thread at a time and waits until that thread has built and booted its context, so
 * refilling uses at most one core. The spare thread then waits; the interpreter that adopts the
 * spare makes that thread its owner thread, so {@code create()} starts no thread, and {@code threading.main_thread()} is the owner thread as usual. A kind of
 * interpreter (trusted or isolated) is refilled only once a {@code create()} has asked for that
 * kind, so a program that never creates interpreters never pays for spares.
 *
 * <p>The builder runs at normal OS priority on purpose. A lower one (nice 10, tried) is inherited
 * by every thread it starts: GraalPy's per-context {@code python-actions} threads (GIL hand-over,
 * weakref callbacks) and the JDK's process reaper would then run niced for the whole life of the
 * interpreter, and, on a busy machine, spares would never be ready when wanted.
 *
 * <p>The trade-off: each spare holds an idle context (a few MiB), its thread and GraalPy's helper thread,
 * and building one costs CPU that a busy program would rather use. The target number per kind is
 * the system property {@value #TARGET_PROPERTY} (default {@value #DEFAULT_TARGET}; 0 turns spares
 * off). Creating interpreters faster than one builder can refill falls back to building a context
 * per interpreter, as without spares.
 *
 * <h2>Thread-Safety</h2>
 * {@link #take} and {@link #close} may be called from any thread; all state is guarded by
 * {@code this}.
 */
public final class SpareContexts {

    public static final String TARGET_PROPERTY = "interpreters4j.spares";
    static final int DEFAULT_TARGET = 2;

    /**
     * A context built and booted ahead of need with {@code host}, never used by any interpreter,
     * and the thread that built it: that thread waits for {@link #adopt}, then becomes the new
     * interpreter's owner thread (no thread start in {@code create()}).
     */
    record Spare(HostObject host, Thread thread, CompletableFuture<BiConsumer<Context, EntryPoints>> adoption) {
        /** Hands this spare to an interpreter: its thread goes on as {@code ownerLoop(context, entry points)}. */
        void adopt(BiConsumer<Context, EntryPoints> ownerLoop) {
            adoption.complete(ownerLoop);
        }

        /** Never to be used: its thread closes the context and ends. */
        void close() {
            adoption.complete(null);
        }
    }

    private static final int TRUSTED = 0;
    private static final int ISOLATED = 1;

    private final PythonEngine engine;
    private final Supplier<String> sysPathPrefix;
    private final Supplier<? extends HostObject> hosts;
    /** Spares wanted per kind; 0 turns the feature off. */
    private final int target;
    /** Ready spares per kind (index TRUSTED / ISOLATED). Guarded by this. */
    private final ArrayDeque<Spare>[] ready;
    /** Whether a create() has asked for this kind: only those kinds are refilled. Guarded by this. */
    private final boolean[] wanted = new boolean[2];
    /** Guarded by this; once true, nothing is built or handed out again. */
    private boolean closed;
    /**
     * Counts {@link #discardReady} calls; guarded by this. A spare whose build began under an
     * earlier generation was booted with settings since replaced, and is closed, not kept.
     */
    private long generation;
    /** Started by the first take(); guarded by this. */
    private Thread builder;
    /** Spares handed to new interpreters, and interpreters created without one (for tests and benchmarks). */
    private final AtomicLong handedOut = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();

    /** Spares of contexts built on {@code engine}, each booted with a new host object from {@code hosts}. */
    @SuppressWarnings("unchecked")
    SpareContexts(PythonEngine engine, Supplier<String> sysPathPrefix, Supplier<? extends HostObject> hosts) {
        this.engine = engine;
        this.sysPathPrefix = sysPathPrefix;
        this.hosts = hosts;
        this.target = Math.max(0, Integer.getInteger(TARGET_PROPERTY, DEFAULT_TARGET));
        this.ready = new ArrayDeque[] {new ArrayDeque<Spare>(), new ArrayDeque<Spare>()};
    }

    /** A spare for an interpreter configured as {@code config}, or null if none is ready now. */
    Spare take(InterpreterConfig config) {
        if (target == 0) {
            return null;
        }
        int kind = config.isIsolated() ? ISOLATED : TRUSTED;
        Spare p;
        synchronized (this) {
            if (closed) {
                return null;
            }
            wanted[kind] = true;
            p = ready[kind].poll();
            if (builder == null) {
                builder = Thread.ofPlatform().name("interpreters4j-spares").daemon(true).unstarted(this::buildLoop);
                builder.start();
            }
            notifyAll();
        }
        (p == null ? missed : handedOut).incrementAndGet();
        return p;
    }

    /**
     * Waits until every wanted kind has its target of spares (for tests and benchmarks, which
     * measure against a settled runtime). Returns false on timeout.
     */
    public synchronized boolean awaitFull(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!closed && nextKindToBuild() >= 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Spares wanted per kind; 0 when spares are off. */
    public int target() {
        return target;
    }

    /** Spares handed to new interpreters so far. */
    public long handedOut() {
        return handedOut.get();
    }

    /** Interpreters created when no spare was ready. */
    public long missed() {
        return missed.get();
    }

    /** Spares ready now, all kinds. */
    public synchronized int readyCount() {
        return ready[TRUSTED].size() + ready[ISOLATED].size();
    }

    /** JVM shutdown: stop building and close every spare. */
    void close() {
        ArrayDeque<Spare> toClose;
        synchronized (this) {
            closed = true;
            toClose = takeAllReady();
        }
        toClose.forEach(Spare::close);
    }

    /**
     * Closes every ready spare and the one being built, and builds none until a {@link #take}
     * asks again: for a warm start, whose program brings the environment and {@code sys.path}
     * that spares must be booted with, after its rehearsal made spares with the spare's own.
     */
    public void discardReady() {
        ArrayDeque<Spare> toClose;
        synchronized (this) {
            generation++;
            wanted[TRUSTED] = false;
            wanted[ISOLATED] = false;
            toClose = takeAllReady();
        }
        toClose.forEach(Spare::close);
    }

    /** Guarded by this: takes every ready spare out, for the caller to close once unlocked. */
    private ArrayDeque<Spare> takeAllReady() {
        ArrayDeque<Spare> taken = new ArrayDeque<>(ready[TRUSTED]);
        taken.addAll(ready[ISOLATED]);
        ready[TRUSTED].clear();
        ready[ISOLATED].clear();
        notifyAll();
        return taken;
    }

    /** Guarded by this: a wanted kind below target, or -1. */
    private int nextKindToBuild() {
        for (int kind = TRUSTED; kind <= ISOLATED; kind++) {
            if (wanted[kind] && ready[kind].size() < target) {
                return kind;
            }
        }
        return -1;
    }

    private void buildLoop() {
        try {
            build();
        } catch (InterruptedException e) {
            // Whoever interrupts the builder wants its threads gone (as exec:java does when the
            // program ends): stop, and close the spares not handed out. The next take() starts
            // a new builder.
            abandon();
        }
    }

    private void build() throws InterruptedException {
        int failures = 0;
        for (;;) {
            int kind;
            long buildGeneration;
            synchronized (this) {
                while (!closed && (kind = nextKindToBuild()) < 0) {
                    wait();
                }
                if (closed) {
                    return;
                }
                kind = nextKindToBuild();
                buildGeneration = generation;
            }
            Spare p;
            try {
                p = build(kind == ISOLATED);
                failures = 0;
            } catch (InterruptedException e) {
                throw e;
            } catch (Throwable t) {
                // A context that cannot be built here will not be built by create() either, which
                // reports the error; back off instead of spinning.
                failures++;
                Thread.sleep(Math.min(10_000, 100L << Math.min(failures, 6)));
                continue;
            }
            boolean keep;
            synchronized (this) {
                keep = !closed && buildGeneration == generation;
                if (keep) {
                    ready[kind].add(p);
                    notifyAll();
                }
            }
            if (!keep) {
                p.close();
            }
        }
    }

    /**
     * Starts a spare's thread and waits until it has built and booted its context. Interrupted
     * meanwhile, it leaves that spare to close itself once booted.
     */
    private Spare build(boolean isolated) throws Exception {
        CompletableFuture<Spare> booted = new CompletableFuture<>();
        Thread.ofPlatform().name("interpreters4j-spare").daemon(true).start(() -> spareThread(isolated, booted));
        try {
            return booted.get();
        } catch (InterruptedException e) {
            booted.thenAccept(Spare::close);
            throw e;
        }
    }

    /** The builder was interrupted: it ends, and the spares not handed out are closed. */
    private void abandon() {
        ArrayDeque<Spare> toClose;
        synchronized (this) {
            builder = null;
            toClose = takeAllReady();
        }
        toClose.forEach(Spare::close);
    }

    /** Takes {@code p} out of the ready spares, unless it was handed out already; true if it was there. */
    private synchronized boolean withdraw(Spare p) {
        boolean was = ready[TRUSTED].remove(p) || ready[ISOLATED].remove(p);
        notifyAll(); // the builder may refill
        return was;
    }

    /**
     * A spare's wait to be adopted. Interrupted while still a spare (nobody took it), it is
     * withdrawn and the thread ends; a spare taken already is adopted whatever happens.
     */
    private BiConsumer<Context, EntryPoints> awaitAdoption(Spare p) {
        for (;;) {
            try {
                return p.adoption().get();
            } catch (InterruptedException e) {
                if (withdraw(p)) {
                    return null;
                }
                // Taken: adopt() follows at once. The owner loop clears stray interrupts itself.
            } catch (java.util.concurrent.ExecutionException e) {
                return null; // never: adoption completes normally
            }
        }
    }

    /**
     * What every interpreter's first call imports, done while the spare waits (20-40 ms less on
     * that call, measured by benchmarks/first_calls.py). A failure here is left for that call to
     * meet and report: the spare is as good as one not prepared.
     */
    private static void prepareCalls(EntryPoints entryPoints) {
        try {
            entryPoints.prepareCalls().execute();
        } catch (PolyglotException e) {
            if (e.isInterrupted() || e.isCancelled()) {
                throw e;
            }
        }
    }

    /** A spare's thread: builds and boots a context as an owner thread does, then waits to be adopted. */
    private void spareThread(boolean isolated, CompletableFuture<Spare> booted) {
        InterpreterConfig config = isolated ? InterpreterConfig.isolated() : InterpreterConfig.trusted();
        Context context = null;
        Spare p;
        EntryPoints entryPoints;
        try {
            context = engine.newContext(config);
            HostObject host = hosts.get();
            entryPoints = engine.boot(context, config, host, sysPathPrefix.get());
            prepareCalls(entryPoints);
            p = new Spare(host, Thread.currentThread(), new CompletableFuture<>());
        } catch (Throwable t) {
            if (context != null) {
                context.close(true);
            }
            booted.completeExceptionally(t);
            return;
        }
        booted.complete(p);
        BiConsumer<Context, EntryPoints> ownerLoop = awaitAdoption(p);
        if (ownerLoop == null) {
            context.close(true);
            return;
        }
        ownerLoop.accept(context, entryPoints);
    }
}
