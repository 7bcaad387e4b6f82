package io.interpreters4j.runtime;

import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.InterpreterError;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.runtime.interpreter.InterpreterTable;
import io.interpreters4j.runtime.interpreter.PyInterpreter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A spare's rehearsal: while a warm-start spare waits for its program, it runs ordinary Python in
 * an interpreter of its own ({@code _interpreters4j_rehearsal.py}, which says what and why), so
 * that the program that claims the spare finds GraalPy's interpreter and the Graal compiler
 * already compiled by the JVM, and the runtime's own Python code compiled by Truffle.
 *
 * <p>Implementation overview. One daemon thread ({@code interpreters4j-rehearsal}) creates the
 * interpreter and runs rounds in it until the process has spent the budget of CPU seconds since
 * the rehearsal began (JIT threads included: they are what is being warmed), or the wall-time
 * limit passed, or a round failed, or {@link #stop} was called; then it destroys the interpreter
 * and, for benchmarks and tests, writes {@code rehearsed} into the spare's directory (one line: the
 * rounds run and why it ended). A claimed spare's directory has been renamed, so that file exists
 * only for a rehearsal that ended unclaimed.
 * <pre>
 *   rehearsing --budget spent / wall limit / a round failed--> done (file "rehearsed")
 *       `--stop(): interrupt the round--> done
 * </pre>
 * {@link #stop} is called by the thread that received the program, before the program is taken on:
 * it sets {@link #stopping} (read before each round), interrupts the round in progress (repeated,
 * since the interrupt reaches only a run that has begun), joins the thread (at most 10 s) and
 * destroys every interpreter but main, which at that moment are all the rehearsal's, and the spare
 * contexts its interpreters left ready (booted with the spare's environment, not the program's),
 * and restarts interpreter ids at 1. So the program meets only the main interpreter and the ids
 * of a fresh process, and the spare's
 * priority, raised again on its claim, goes to the program alone.
 */
final class Rehearsal {

    /** CPU seconds a spare spends rehearsing; 0 turns the rehearsal off. */
    static final String BUDGET_VARIABLE = "INTERPRETERS4J_WARM_REHEARSAL";
    /**
     * Measured on 2 cores (BENCHMARKS.md, "A spare's rehearsal"): a kernel's first round after 30,
     * 60 and 120 s of such code (74, 133 and 247 CPU seconds) ran 3.5x, 4.6x and 5.2x faster than
     * in a fresh process; past ~130 CPU seconds each further minute gave little. On a whole job a
     * rehearsed spare cut the first round by a quarter and the job by a third.
     */
    private static final long DEFAULT_BUDGET_SECONDS = 130;
    /** A spare at low priority on a busy machine gets little CPU: it stops rehearsing after this. */
    private static final long WALL_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long STOP_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String MODULE = "_interpreters4j_rehearsal";
    /** {@code /proc/PID/stat}'s utime and stime count clock ticks of 1/100 s on Linux. */
    private static final long TICKS_PER_SECOND = 100;

    private final InterpreterTable interpreters;
    private final Path dir;
    private final long budgetTicks;
    private final Thread thread;
    /** Set once by {@link #stop}; the rehearsal thread checks it before each step. */
    private volatile boolean stopping;
    /** The rehearsal's interpreter while it lives; written by the rehearsal thread only. */
    private volatile PyInterpreter interp;

    private Rehearsal(InterpreterTable interpreters, Path dir, long budgetSeconds) {
        this.interpreters = interpreters;
        this.dir = dir;
        this.budgetTicks = budgetSeconds * TICKS_PER_SECOND;
        this.thread = Thread.ofPlatform().daemon(true).name("interpreters4j-rehearsal").unstarted(this::rehearse);
    }

    /** Starts the rehearsal of a spare whose directory is {@code dir}; null if it is turned off. */
    static Rehearsal start(InterpreterTable interpreters, Path dir) {
        long budget = DEFAULT_BUDGET_SECONDS;
        String configured = System.getenv(BUDGET_VARIABLE);
        if (configured != null && configured.matches("[0-9]+")) {
            budget = Long.parseLong(configured);
        }
        if (budget == 0) {
            return null;
        }
        Rehearsal r = new Rehearsal(interpreters, dir, budget);
        r.thread.start();
        return r;
    }

    /**
     * Ends the rehearsal and returns once its interpreters are gone. Called before the program
     * starts, so every interpreter but main is the rehearsal's: a round interrupted in the middle
     * (inside a pool's shutdown, say) may have left some, and they are destroyed here.
     */
    void stop() {
        stopping = true;
        long deadline = System.nanoTime() + STOP_PATIENCE_NANOS;
        while (thread.isAlive() && System.nanoTime() < deadline) {
            PyInterpreter i = interp;
            if (i != null && !i.isDestroyed()) {
                i.interrupt(); // false if no round runs right now: the flag ends the loop then
            }
            try {
                thread.join(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        destroyAllButMain(deadline);
        // The rehearsal's create() calls made spare contexts, booted with this spare's environment
        // and sys.path: the program's interpreters must get its own (WarmStart sets them next).
        interpreters.spares().discardReady();
        interpreters.restartIds(); // the program's first interpreter is id 1, as in a fresh process
    }

    /** Destroys every interpreter but main; one still running (a pool worker's last task) is interrupted first. */
    private void destroyAllButMain(long deadline) {
        for (long id : interpreters.liveIds()) {
            PyInterpreter left = interpreters.find(id);
            if (left == null || id == PyInterpreter.MAIN_ID) {
                continue;
            }
            while (!left.isDestroyed()) {
                try {
                    left.destroy(PyInterpreter.MAIN_ID);
                } catch (InterpreterNotFoundError gone) {
                    break;
                } catch (InterpreterError running) {
                    if (System.nanoTime() >= deadline) {
                        break; // the program will see it: better than a program that never starts
                    }
                    try {
                        left.interrupt();
                    } catch (InterpreterNotFoundError gone) {
                        break;
                    }
                }
            }
        }
    }

    private void rehearse() {
        long start = System.nanoTime();
        long cpuAtStart = processCpuTicks();
        int rounds = 0;
        String end = "stopped";
        PyInterpreter i = null;
        try {
            i = interpreters.create(InterpreterConfig.trusted());
            interp = i;
            i.run("import " + MODULE);
            while (!stopping) {
                long cpu = processCpuTicks();
                if (cpu < 0 || cpuAtStart < 0 || cpu - cpuAtStart >= budgetTicks) {
                    end = "budget spent";
                    break;
                }
                if (System.nanoTime() - start >= WALL_LIMIT_NANOS) {
                    end = "wall limit";
                    break;
                }
                i.run(MODULE + ".rehearse_round(" + (rounds + 1) + ")");
                rounds++;
            }
        } catch (RuntimeException e) { // RunFailedError, or the runtime ending: never the spare's end
            end = stopping ? "stopped" : "failed: " + e;
        } finally {
            if (i != null) {
                try {
                    i.destroy();
                } catch (RuntimeException alreadyGone) {
                    // destroyed meanwhile: the process is ending
                }
            }
        }
        if (!stopping) {
            String line = rounds + " rounds in " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)
                    + " s, " + (processCpuTicks() - cpuAtStart) / TICKS_PER_SECOND + " CPU s: " + end + "\n";
            try { // whole or not at all, for a reader that polls for it
                Path written = Files.writeString(dir.resolve("rehearsed.tmp"), line, StandardCharsets.UTF_8);
                Files.move(written, dir.resolve("rehearsed"), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException claimed) {
                // Renamed by a client meanwhile: the program is what matters now.
            }
        }
    }

    /** CPU time of this whole process (all its threads), in clock ticks; -1 if unknown. */
    private static long processCpuTicks() {
        try {
            ProcStat self = ProcStat.of(ProcessHandle.current().pid());
            return self.number(14) + self.number(15); // utime + stime
        } catch (IOException | RuntimeException e) {
            return -1; // unreadable: the budget counts as spent
        }
    }
}
