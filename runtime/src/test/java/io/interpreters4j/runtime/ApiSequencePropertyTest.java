package io.interpreters4j.runtime;

import io.interpreters4j.Channel;
import io.interpreters4j.ChannelError;
import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterError;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RunFailedError;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random sequences of API calls (create, run, interrupt, destroy; channel create, send from Java
 * and from Python, recv, close, release), split over several Java threads that run at once, then
 * the invariants:
 * <ul>
 * <li>{@code listAll()} holds exactly the interpreters created and not destroyed;
 * <li>no thread is stuck: every call is bounded, and every worker ends within two minutes
 * (generous: a cold first context on a loaded machine takes tens of seconds);
 * <li>exactly-once delivery: no value is received twice, every send that returned normally was
 * received, and no send that failed was received (a send whose run was interrupted may have gone
 * either way, so it may be received at most once);
 * <li>every failure is one of the documented errors.
 * </ul>
 * Few tries by default (each creates real interpreters); many under the {@code stress} tag.
 */
class ApiSequencePropertyTest {

    enum Kind { CREATE, RUN, INTERRUPT, DESTROY, CHANNEL, JAVA_SEND, PYTHON_SEND, RECV, CLOSE, RELEASE }

    /** One call: what, on which interpreter or channel (by index into what exists), with which flag. */
    record Op(Kind kind, int target, boolean flag) {
    }

    private static final Duration WAIT = Duration.ofMillis(500);
    private static final int MAX_INTERPRETERS = 3;
    private static final int MAX_CHANNELS = 3;
    private static final AtomicLong NEXT_VALUE = new AtomicLong(1);

    @Provide
    Arbitrary<List<Op>> programs() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.CREATE)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.RUN)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.INTERRUPT)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.DESTROY)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.CHANNEL)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.JAVA_SEND)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.PYTHON_SEND)),
                net.jqwik.api.Tuple.of(8, Arbitraries.just(Kind.RECV)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.CLOSE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.RELEASE)));
        Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 7), Arbitraries.of(true, false))
                .as(Op::new);
        return op.list().ofMinSize(12).ofMaxSize(36);
    }

    @Property(tries = 2, shrinking = ShrinkingMode.OFF)
    void randomCallSequencesKeepTheInvariants(@ForAll("programs") List<Op> program,
            @ForAll @IntRange(min = 2, max = 3) int threads) throws Exception {
        new Run(program, threads).check();
    }

    @Property(tries = 40, shrinking = ShrinkingMode.OFF)
    @Tag("stress")
    void manyRandomCallSequencesKeepTheInvariants(@ForAll("programs") List<Op> program,
            @ForAll @IntRange(min = 2, max = 4) int threads) throws Exception {
        new Run(program, threads).check();
    }

    /** One try: the program's state and the ledger of what was sent and received. */
    private static final class Run {
        final List<Op> program;
        final int threads;
        /** Every interpreter this try created, in order; destroyed ones stay (calls on them must fail cleanly). */
        final List<Interpreter> created = new CopyOnWriteArrayList<>();
        final Set<Long> destroyed = ConcurrentHashMap.newKeySet();
        final List<Channel> channels = new CopyOnWriteArrayList<>();
        final Set<Long> sentOk = ConcurrentHashMap.newKeySet();
        final Set<Long> sentFailed = ConcurrentHashMap.newKeySet();
        final Set<Long> sentUnknown = ConcurrentHashMap.newKeySet();
        final List<Object> received = new CopyOnWriteArrayList<>();
        final List<Throwable> unexpected = new CopyOnWriteArrayList<>();

        Run(List<Op> program, int threads) {
            this.program = program;
            this.threads = threads;
        }

        void check() throws Exception {
            long t0 = System.nanoTime();
            channels.add(Interpreters.createChannel());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                workers.add(pool.submit(() -> {
                    for (int i = first; i < program.size(); i += threads) {
                        perform(program.get(i));
                    }
                }));
            }
            try {
                for (Future<?> w : workers) {
                    try {
                        w.get(120, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        fail("a worker was stuck for 120 s; program: " + program + "\n"
                                + ThreadDumpOnTimeout.threadDump(n -> n.startsWith("pool-") || n.startsWith("interpreter-")));
                    }
                }
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "worker threads did not end");
            }
            assertTrue(unexpected.isEmpty(), () -> "undocumented errors: " + unexpected + "; program: " + program);

            // listAll() is what was created minus what was destroyed.
            Set<Long> mine = new HashSet<>();
            for (Interpreter i : created) {
                mine.add(i.id());
            }
            Set<Long> listed = new HashSet<>();
            for (Interpreter i : Interpreters.listAll()) {
                if (mine.contains(i.id())) {
                    listed.add(i.id());
                }
            }
            Set<Long> expected = new HashSet<>(mine);
            expected.removeAll(destroyed);
            assertEquals(expected, listed, "listAll vs created - destroyed");

            // Exactly once.
            Set<Object> distinct = new HashSet<>(received);
            assertEquals(received.size(), distinct.size(), () -> "received twice: " + received);
            for (Object v : received) {
                assertTrue(sentOk.contains((Long) v) || sentUnknown.contains((Long) v),
                        () -> v + " was received but its send failed (or it was never sent)");
            }
            for (Long v : sentOk) {
                assertTrue(distinct.contains(v), () -> v + " was sent normally but never received");
            }

            System.out.printf("api sequence: %d calls on %d threads in %d ms: %d interpreters (%d destroyed),"
                    + " sent ok %d, failed %d, interrupted %d, received %d%n", program.size(), threads,
                    (System.nanoTime() - t0) / 1_000_000, created.size(), destroyed.size(), sentOk.size(),
                    sentFailed.size(), sentUnknown.size(), received.size());

            // Clean up; destroy must work on every interpreter left (none runs now).
            for (Interpreter i : created) {
                if (!destroyed.contains(i.id())) {
                    i.destroy();
                }
            }
            for (Channel c : channels) {
                c.recvEnd().close();
            }
            for (Interpreter i : created) {
                assertTrue(!Interpreters.listAll().contains(i), i + " still listed after destroy");
            }
        }

        private Interpreter interpreter(int index) {
            return created.isEmpty() ? null : created.get(index % created.size());
        }

        private Channel channel(int index) {
            // Mostly the first channel, so that senders and receivers meet often.
            return channels.get(index < 5 ? 0 : index % channels.size());
        }

        void perform(Op op) {
            try {
                switch (op.kind()) {
                    case CREATE -> {
                        if (created.size() < MAX_INTERPRETERS) {
                            created.add(Interpreters.create());
                        }
                    }
                    case RUN -> {
                        Interpreter i = interpreter(op.target());
                        if (i != null) {
                            i.run(op.flag() ? "x = sum(range(10000))" : "import time\ntime.sleep(0.05)", Map.of(), Duration.ofSeconds(20));
                        }
                    }
                    case INTERRUPT -> {
                        Interpreter i = interpreter(op.target());
                        if (i != null) {
                            i.interrupt();
                        }
                    }
                    case DESTROY -> {
                        Interpreter i = interpreter(op.target());
                        if (i != null) {
                            i.destroy();
                            destroyed.add(i.id());
                        }
                    }
                    case CHANNEL -> {
                        if (channels.size() < MAX_CHANNELS) {
                            channels.add(Interpreters.createChannel());
                        }
                    }
                    case JAVA_SEND -> {
                        long v = NEXT_VALUE.getAndIncrement();
                        try {
                            channel(op.target()).sendEnd().send(v, WAIT);
                            sentOk.add(v);
                        } catch (ChannelError e) {
                            sentFailed.add(v);
                        }
                    }
                    case PYTHON_SEND -> pythonSend(op);
                    case RECV -> {
                        try {
                            received.add(channel(op.target()).recvEnd().recv(WAIT));
                        } catch (ChannelError expected) {
                            // empty in time, closed or released
                        }
                    }
                    case CLOSE -> {
                        if (op.flag()) {
                            channel(op.target()).recvEnd().close(op.target() % 2 == 0);
                        } else {
                            channel(op.target()).sendEnd().close(op.target() % 2 == 0);
                        }
                    }
                    case RELEASE -> {
                        if (op.flag()) {
                            channel(op.target()).recvEnd().release();
                        } else {
                            channel(op.target()).sendEnd().release();
                        }
                    }
                }
            } catch (InterpreterError | ChannelError documented) {
                // running, destroyed, not found, closed, released, not empty, timed out: all documented
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                unexpected.add(t);
            }
        }

        /** Python in an interpreter sends one value: the run's outcome says whether it was delivered. */
        private void pythonSend(Op op) {
            Interpreter i = interpreter(op.target());
            if (i == null) {
                return;
            }
            long v = NEXT_VALUE.getAndIncrement();
            try {
                i.run("out.send(v, timeout=0.5)", Map.of("out", channel(op.target() / 2).sendEnd(), "v", v));
                sentOk.add(v);
            } catch (RunFailedError e) {
                // KeyboardInterrupt: an interrupt may have come after the hand-over.
                (e.remoteTypeName().equals("KeyboardInterrupt") ? sentUnknown : sentFailed).add(v);
                if (!Set.of("KeyboardInterrupt", "interpreters.NotReceivedError", "interpreters.ChannelClosedError",
                        "interpreters.ChannelReleasedError", "_interpreters4j.NotReceivedError",
                        "_interpreters4j.ChannelClosedError", "_interpreters4j.ChannelReleasedError").contains(e.remoteTypeName())) {
                    unexpected.add(e);
                }
            } catch (InterpreterError notStarted) {
                sentFailed.add(v); // running or destroyed: nothing ran
            }
        }
    }
}
