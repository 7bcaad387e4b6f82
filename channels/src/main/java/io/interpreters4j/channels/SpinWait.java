package io.interpreters4j.channels;

import java.util.function.BooleanSupplier;

/**
 * The spin of a spin-then-park wait, with a budget that learns when spinning pays: the one
 * policy of every such wait (a channel's waiters, a run's caller and owner thread).
 *
 * <p>Why spin: on this kind of VM a parked thread's core may halt, and waking it costs ~30 us,
 * so a run round trip of two parks costs ~60 us where two spinning waiters need ~2 us. Why learn:
 * when the thread waited for has no core (more runnable threads than cores, e.g. while the Graal
 * compiler works), spinning only delays it.
 *
 * <p>The budget doubles when a spin was met, and decays slowly when the wait outlived it (a long
 * run: it then costs one short spin per wait). When a spin took much longer than its spins
 * should (this thread was preempted: the CPUs are oversubscribed), the budget drops to its
 * minimum at once. The minimum is kept as a probe, so a wait can learn again that spinning pays.
 *
 * <h2>Thread-Safety</h2>
 * A hint, read and written without synchronisation by whichever thread waits; a lost update costs
 * only a less fitting spin.
 */
public final class SpinWait {

    /** Most spins of one wait by default: about 27 us at ~26 ns per {@link Thread#onSpinWait} here; 0 on one CPU. */
    public static final int DEFAULT_MAX_SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 1 << 10 : 0;
    /** What one {@link Thread#onSpinWait} costs on this machine, measured once. */
    private static final long NANOS_PER_SPIN = calibrate();

    private final int maxSpins;
    /** Kept as a probe, so that a wait can learn again that spinning pays. */
    private final int minSpins;
    private int spins;

    public SpinWait() {
        this(DEFAULT_MAX_SPINS);
    }

    /** A budget of at most {@code maxSpins} spins a wait (0: never spin). */
    public SpinWait(int maxSpins) {
        this.maxSpins = Math.max(0, maxSpins);
        this.minSpins = Math.min(this.maxSpins, 1 << 6);
        this.spins = this.maxSpins;
    }

    /** Spins until {@code done} or the budget is spent; returns whether {@code done}. */
    public boolean spin(BooleanSupplier done) {
        int planned = spins;
        if (planned == 0) {
            return done.getAsBoolean();
        }
        long start = System.nanoTime();
        int left = planned;
        boolean met;
        while (!(met = done.getAsBoolean()) && left > 0) {
            left--;
            Thread.onSpinWait();
        }
        if (met) {
            spins = Math.min(maxSpins, Math.max(minSpins, planned << 1));
        } else if (System.nanoTime() - start > 4 * planned * NANOS_PER_SPIN) {
            spins = minSpins; // preempted while spinning: no core to spare
        } else {
            spins = Math.max(minSpins, planned - (planned >>> 4));
        }
        return met;
    }

    private static long calibrate() {
        int n = 1 << 12;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Thread.onSpinWait();
        }
        return Math.max(1, (System.nanoTime() - t0) / n);
    }
}
