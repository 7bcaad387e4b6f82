package io.interpreters4j.runtime;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.Interpreters;
import io.interpreters4j.runtime.interpreter.PyInterpreter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two interpreters execute pure-Python CPU work at the same moment, each under its own GIL.
 *
 * <p>What is asserted does not depend on how busy the machine is: while both run a CPU-bound
 * kernel, samples of their owner threads' states find both RUNNABLE at once in most samples. Under
 * one shared GIL the thread that waits for it is parked (WAITING) except for brief hand-overs, so
 * "both runnable" would be rare (checked with jstack: two Python threads of one interpreter, in
 * the same kernel, were never both RUNNABLE in any sample). The CPU time both threads got over the wall time (above 1 only
 * when they truly ran on two cores at once) is printed, not asserted: on a busy machine the OS may
 * not give them two cores, and speed is measured by the benchmarks (BENCHMARKS.md), not by tests.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ParallelismTest {

    private static final String KERNEL = """
            def kernel(n):
                s = 0
                for i in range(n):
                    s = (s * 31 + i) % 1000003
                return s
            """;

    @Test
    void twoInterpretersRunPythonAtTheSameMoment() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Interpreter a = Interpreters.create(); Interpreter b = Interpreters.create()) {
            // Warm up until compiled, so the JIT's own threads do not compete with the phase.
            for (Interpreter i : new Interpreter[] {a, b}) {
                i.run(KERNEL);
                for (int k = 0; k < 5; k++) {
                    i.run("kernel(3_000_000)");
                }
            }
            Thread ta = ((PyInterpreter) a).ownerThread();
            Thread tb = ((PyInterpreter) b).ownerThread();
            // A phase lasts about a second; on a loaded machine this sampling thread may wake up
            // only every few tens of milliseconds, so phases are repeated until there are enough samples.
            int[] counts = new int[2]; // samples, samples with both runnable
            for (int p = 0; p < 5 && counts[0] < 20; p++) {
                phase(mx, a, b, ta, tb, counts);
            }
            assertTrue(counts[0] >= 20, "too few samples while both kernels ran: " + counts[0]);
            double bothRunnable = (double) counts[1] / counts[0];
            assertTrue(bothRunnable > 0.5,
                    "the two interpreters' threads were seldom runnable at the same moment: " + bothRunnable);
        }
    }

    /** One phase of both kernels; adds its thread-state samples and those with both RUNNABLE to {@code counts}. */
    private static void phase(ThreadMXBean mx, Interpreter a, Interpreter b, Thread ta, Thread tb, int[] counts) throws Exception {
        // Both wait on one gate so that they start together.
        Channel gate = Interpreters.createChannel();
        String work = "gate.recv()\nkernel(100_000_000)";
        CompletableFuture<Void> ra = a.runAsync(work, Map.of("gate", gate.recvEnd()));
        CompletableFuture<Void> rb = b.runAsync(work, Map.of("gate", gate.recvEnd()));
        long cpuA0 = mx.getThreadCpuTime(ta.threadId());
        long cpuB0 = mx.getThreadCpuTime(tb.threadId());
        long wall0 = System.nanoTime();
        gate.sendEnd().send(null);
        gate.sendEnd().send(null);
        int samples = 0;
        int both = 0;
        while (!ra.isDone() && !rb.isDone()) {
            boolean runnable = ta.getState() == Thread.State.RUNNABLE && tb.getState() == Thread.State.RUNNABLE;
            if (!ra.isDone() && !rb.isDone()) { // only while both kernels are still running
                samples++;
                both += runnable ? 1 : 0;
            }
            Thread.sleep(1);
        }
        CompletableFuture.allOf(ra, rb).get(240, TimeUnit.SECONDS);
        long wall = System.nanoTime() - wall0;
        long cpu = (mx.getThreadCpuTime(ta.threadId()) - cpuA0) + (mx.getThreadCpuTime(tb.threadId()) - cpuB0);
        double share = samples == 0 ? 0 : (double) both / samples;
        System.out.printf("parallelism: both runnable in %d of %d samples (%.2f); cpu %.0f ms over wall %.0f ms = %.2f%n",
                both, samples, share, cpu / 1e6, wall / 1e6, (double) cpu / wall);
        counts[0] += samples;
        counts[1] += both;
    }
}
