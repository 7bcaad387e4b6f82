package io.interpreters4j.channels;

import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelError;
import io.interpreters4j.channels.RendezvousChannel.End;
import io.interpreters4j.channels.RendezvousChannel.Op;
import io.interpreters4j.channels.RendezvousChannel.Selection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Eight simulated interpreters (threads with ids 1..8) hammer a few channels with every kind of
 * call, while channels get released, closed (with and without force) and replaced, threads get
 * interrupted and interpreters dropped. Every sent value is unique; the accounting at the end
 * proves exactly-once delivery: each send that returned true (or won its select) was received
 * exactly once, each send that returned false or threw was received by nobody, and no thread is
 * left waiting in any channel.
 *
 * <p>The default suite runs a few seconds of it; the long run:
 * {@code mvn -pl interpreters-api,channels -am install -Dsurefire.excludedGroups= -Dgroups=stress}
 */
class ChannelStressTest {

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shortRun() throws InterruptedException {
        Stats stats = new Workload(8, 3).run(Duration.ofSeconds(3));
        assertTrue(stats.delivered >= 1_000, "too little traffic to prove anything: " + stats);
    }

    @Test
    @Tag("stress")
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void longRun() throws InterruptedException {
        Stats stats = new Workload(8, 3).run(Duration.ofSeconds(60));
        assertTrue(stats.delivered >= 10_000, "fewer than 10k messages: " + stats);
    }

    record Stats(long delivered, long withdrawn, long received, long channels, long interrupts) {
    }

    static final class Workload {
        private final int interpreters;
        private final ChannelRegistry registry = new ChannelRegistry();
        private final AtomicReferenceArray<RendezvousChannel> pool;
        private final ConcurrentLinkedQueue<RendezvousChannel> everyChannel = new ConcurrentLinkedQueue<>();
        private final Set<Long> delivered = ConcurrentHashMap.newKeySet();
        private final Set<Long> withdrawn = ConcurrentHashMap.newKeySet();
        private final Map<Long, Integer> received = new ConcurrentHashMap<>();
        private final LongAdder interrupts = new LongAdder();
        private volatile boolean stop;

        Workload(int interpreters, int channels) {
            this.interpreters = interpreters;
            pool = new AtomicReferenceArray<>(channels);
            for (int i = 0; i < channels; i++) {
                pool.set(i, newChannel());
            }
        }

        Stats run(Duration duration) throws InterruptedException {
            List<Thread> workers = new ArrayList<>();
            for (int i = 1; i <= interpreters; i++) {
                long interp = i;
                workers.add(Thread.ofPlatform().name("interp-" + i).start(() -> work(interp)));
            }
            Thread chaos = Thread.ofPlatform().name("chaos").start(() -> chaos(workers));
            Thread.sleep(duration); // how long to run, not a synchronisation
            stop = true;
            chaos.join();
            // Calls blocked forever are ended the way a runtime would: by closing their channels.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Async.PATIENCE_SECONDS);
            for (Thread w : workers) {
                while (w.isAlive()) {
                    for (RendezvousChannel ch : everyChannel) {
                        closeQuietly(ch);
                    }
                    w.join(10);
                    if (System.nanoTime() - deadline > 0) {
                        fail(w.getName() + " still running: " + w.getState());
                    }
                }
            }
            return check();
        }

        private Stats check() {
            for (Long id : delivered) {
                assertEquals(1, received.getOrDefault(id, 0), "a delivered send must be received exactly once: " + id);
            }
            for (Long id : withdrawn) {
                assertEquals(0, received.getOrDefault(id, 0), "a failed send must be received by nobody: " + id);
            }
            long receivedTotal = received.values().stream().mapToLong(Integer::longValue).sum();
            assertEquals(delivered.size(), receivedTotal, "every value received was delivered by a send that returned");
            for (RendezvousChannel ch : everyChannel) {
                assertEquals(0, ch.waiting(End.SEND) + ch.waiting(End.RECV), "left waiting in " + ch);
            }
            Stats stats = new Stats(delivered.size(), withdrawn.size(), receivedTotal, everyChannel.size(), interrupts.sum());
            System.out.println("stress: " + stats);
            return stats;
        }

        private RendezvousChannel newChannel() {
            RendezvousChannel ch = registry.create();
            everyChannel.add(ch);
            return ch;
        }

        /** A channel from the pool; a closed one is replaced (while running). */
        private RendezvousChannel pick(ThreadLocalRandom rnd) {
            int i = rnd.nextInt(pool.length());
            RendezvousChannel ch = pool.get(i);
            if (!stop && ch.isClosed()) {
                RendezvousChannel fresh = newChannel();
                ch = pool.compareAndSet(i, ch, fresh) ? fresh : pool.get(i);
            }
            return ch;
        }

        private void work(long interp) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            long seq = 0;
            while (!stop) {
                RendezvousChannel ch = pick(rnd);
                int dice = rnd.nextInt(1000);
                try {
                    if (dice < 400) {
                        long id = interp << 40 | seq++;
                        send(ch, interp, id, budget(rnd));
                    } else if (dice < 800) {
                        receive(ch.recv(interp, budget(rnd)));
                    } else if (dice < 970) {
                        long firstId = interp << 40 | seq;
                        seq += 3;
                        select(interp, rnd, firstId);
                    } else if (dice < 980) {
                        ch.release(interp, rnd.nextBoolean() ? End.SEND : End.RECV);
                    } else if (dice < 990) {
                        ch.close(rnd.nextBoolean() ? End.SEND : End.RECV, rnd.nextInt(4) == 0);
                    } else {
                        ch.interpreters(rnd.nextBoolean() ? End.SEND : End.RECV);
                    }
                } catch (ChannelError | InterruptedException expected) {
                    // closed, released, not empty, interrupted: all part of the game
                }
            }
            Thread.interrupted();
        }

        private void send(RendezvousChannel ch, long interp, long id, long budget) throws InterruptedException {
            boolean ok = false;
            try {
                ok = ch.send(interp, id, budget);
            } finally {
                (ok ? delivered : withdrawn).add(id);
            }
        }

        private void receive(Object value) {
            if (value != RendezvousChannel.NOTHING) {
                received.merge((Long) value, 1, Integer::sum);
            }
        }

        /** A select of up to 3 cases; its sends carry ids {@code firstId}, {@code firstId + 1}, ... */
        private void select(long interp, ThreadLocalRandom rnd, long firstId) throws InterruptedException {
            int n = 1 + rnd.nextInt(3);
            List<Op> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                RendezvousChannel ch = pick(rnd);
                ops.add(rnd.nextBoolean() ? Op.recv(ch) : Op.send(ch, firstId + i));
            }
            Selection done = null;
            try {
                done = RendezvousChannel.select(interp, ops, budget(rnd));
            } finally {
                for (int i = 0; i < n; i++) {
                    Op op = ops.get(i);
                    if (op.end() == End.SEND) {
                        boolean won = done != null && done.index() == i;
                        (won ? delivered : withdrawn).add((Long) op.value());
                    }
                }
            }
            if (done != null && ops.get(done.index()).end() == End.RECV) {
                receive(done.value());
            }
        }

        /** Nowait, a short timeout (racing its partner), or forever. */
        private static long budget(ThreadLocalRandom rnd) {
            return switch (rnd.nextInt(3)) {
                case 0 -> 0;
                case 1 -> rnd.nextLong(1, 200_000);
                default -> -1;
            };
        }

        private void chaos(List<Thread> workers) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stop) {
                LockSupport.parkNanos(rnd.nextLong(50_000, 500_000));
                int dice = rnd.nextInt(100);
                if (dice < 90) {
                    workers.get(rnd.nextInt(workers.size())).interrupt();
                    interrupts.increment();
                } else if (dice < 92) {
                    registry.dropInterpreter(1 + rnd.nextInt(interpreters));
                } else {
                    closeQuietly(pool.get(rnd.nextInt(pool.length())));
                }
            }
        }

        private static void closeQuietly(RendezvousChannel ch) {
            try {
                ch.close(End.RECV, true);
            } catch (ChannelClosedError alreadyClosed) {
                // fine
            }
        }
    }
}
