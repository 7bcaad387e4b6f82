package io.interpreters4j.channels.bench;

import io.interpreters4j.channels.ChannelRegistry;
import io.interpreters4j.channels.RendezvousChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

import java.util.concurrent.Exchanger;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine alone against the JVM's own rendezvous primitives, {@link SynchronousQueue} and
 * {@link Exchanger}, between two threads:
 * <ul>
 *   <li>{@code roundTrip_*}: a request and its reply, two hand-offs (average time per round trip);
 *   <li>{@code handoff_*}: one producer, one consumer (throughput; read the consumer's line).
 * </ul>
 * Every wait is timed (1 ms, retried) so that a thread whose partner stopped at the end of an
 * iteration gives up instead of hanging JMH; a hand-off that succeeds at once never reads the clock.
 *
 * <p>Not a test: surefire never runs it. {@code mvn -pl interpreters-api,channels -am -Pjmh
 * -DskipTests verify}; add {@code -Djmh.args="-jvmArgsAppend -Dio.interpreters4j.channels.spins=0 ..."}
 * to measure without the spin phase.
 */
@State(Scope.Group)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RendezvousBenchmark {
    private static final long PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Long ITEM = 42L;
    private static final long CLIENT = 1, SERVER = 2;

    private RendezvousChannel requests;
    private RendezvousChannel replies;
    private SynchronousQueue<Long> requestQueue;
    private SynchronousQueue<Long> replyQueue;
    private Exchanger<Long> exchanger;

    @Setup
    public void setUp() {
        ChannelRegistry registry = new ChannelRegistry();
        requests = registry.create();
        replies = registry.create();
        requestQueue = new SynchronousQueue<>();
        replyQueue = new SynchronousQueue<>();
        exchanger = new Exchanger<>();
    }

    // ---- round trip ----

    @Benchmark
    @Group("roundTrip_channel")
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object channelClient(Control control) throws InterruptedException {
        send(requests, CLIENT, ITEM, control);
        return recv(replies, CLIENT, control);
    }

    @Benchmark
    @Group("roundTrip_channel")
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object channelServer(Control control) throws InterruptedException {
        Object request = recv(requests, SERVER, control);
        if (request != RendezvousChannel.NOTHING) { // NOTHING: the iteration is over
            send(replies, SERVER, request, control);
        }
        return request;
    }

    @Benchmark
    @Group("roundTrip_synchronousQueue")
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object queueClient(Control control) throws InterruptedException {
        offer(requestQueue, ITEM, control);
        return poll(replyQueue, control);
    }

    @Benchmark
    @Group("roundTrip_synchronousQueue")
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object queueServer(Control control) throws InterruptedException {
        Long request = poll(requestQueue, control);
        if (request != null) { // null: the iteration is over
            offer(replyQueue, request, control);
        }
        return request;
    }

    /** Two exchanges, so that a round trip is two rendezvous here too. */
    @Benchmark
    @Group("roundTrip_exchanger")
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object exchangerClient(Control control) throws InterruptedException {
        exchange(ITEM, control);
        return exchange(ITEM, control);
    }

    @Benchmark
    @Group("roundTrip_exchanger")
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object exchangerServer(Control control) throws InterruptedException {
        exchange(ITEM, control);
        return exchange(ITEM, control);
    }

    // ---- one-way hand-off ----

    @Benchmark
    @Group("handoff_channel")
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void channelProducer(Control control) throws InterruptedException {
        send(requests, CLIENT, ITEM, control);
    }

    @Benchmark
    @Group("handoff_channel")
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object channelConsumer(Control control) throws InterruptedException {
        return recv(requests, SERVER, control);
    }

    @Benchmark
    @Group("handoff_synchronousQueue")
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void queueProducer(Control control) throws InterruptedException {
        offer(requestQueue, ITEM, control);
    }

    @Benchmark
    @Group("handoff_synchronousQueue")
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object queueConsumer(Control control) throws InterruptedException {
        return poll(requestQueue, control);
    }

    @Benchmark
    @Group("handoff_exchanger")
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object exchangerProducer(Control control) throws InterruptedException {
        return exchange(ITEM, control);
    }

    @Benchmark
    @Group("handoff_exchanger")
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object exchangerConsumer(Control control) throws InterruptedException {
        return exchange(null, control);
    }

    // ---- waits that give up once the iteration is over ----

    private static void send(RendezvousChannel ch, long interp, Object value, Control control) throws InterruptedException {
        while (!ch.send(interp, value, PATIENCE_NANOS) && !control.stopMeasurement) {
            // partner late: retry
        }
    }

    private static Object recv(RendezvousChannel ch, long interp, Control control) throws InterruptedException {
        Object v;
        while ((v = ch.recv(interp, PATIENCE_NANOS)) == RendezvousChannel.NOTHING && !control.stopMeasurement) {
            // partner late: retry
        }
        return v;
    }

    private static void offer(SynchronousQueue<Long> q, Long value, Control control) throws InterruptedException {
        while (!q.offer(value, PATIENCE_NANOS, TimeUnit.NANOSECONDS) && !control.stopMeasurement) {
            // partner late: retry
        }
    }

    private static Long poll(SynchronousQueue<Long> q, Control control) throws InterruptedException {
        Long v;
        while ((v = q.poll(PATIENCE_NANOS, TimeUnit.NANOSECONDS)) == null && !control.stopMeasurement) {
            // partner late: retry
        }
        return v;
    }

    private Long exchange(Long value, Control control) throws InterruptedException {
        while (true) {
            try {
                return exchanger.exchange(value, PATIENCE_NANOS, TimeUnit.NANOSECONDS);
            } catch (TimeoutException partnerLate) {
                if (control.stopMeasurement) {
                    return null;
                }
            }
        }
    }
}
