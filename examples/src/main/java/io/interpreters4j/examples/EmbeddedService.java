package io.interpreters4j.examples;

import io.interpreters4j.Channel;
import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.Interpreter;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RecvChannel;
import io.interpreters4j.RunFailedError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Python embedded in a Java service: requests arrive on many Java threads and are handled by
 * Python code in a small, fixed set of interpreters, checked out from a {@link BlockingQueue}.
 *
 * <pre>mvn -q -pl examples -am compile -Dexample=EmbeddedService</pre>
 *
 * <p>Each interpreter is set up once (imports, tables, functions) and then serves one request
 * at a time; a request thread that finds them all busy waits in {@code take()}. The Python
 * handler's reply comes back over a channel made for that request. If the handler raises, the
 * request gets a {@link RunFailedError}, the interpreter goes back to the pool and stays usable.
 */
public final class EmbeddedService implements AutoCloseable {

    /** Run once in every interpreter of the pool. */
    static final String SETUP = """
            import json
            from decimal import Decimal

            PRICES = {'apple': Decimal('0.40'), 'pear': Decimal('0.55'), 'fig': Decimal('1.20')}

            def handle(request):
                order = json.loads(request)
                total = sum(PRICES[item] * count for item, count in order.items())
                return json.dumps({'items': sum(order.values()), 'total': str(total)})
            """;

    private final List<Interpreter> interpreters = new ArrayList<>();
    private final BlockingQueue<Interpreter> idle;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger mostBusy = new AtomicInteger();

    /** A service with {@code size} interpreters, each set up with {@link #SETUP}. */
    public EmbeddedService(int size) {
        idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Interpreter interp = Interpreters.create();
                interpreters.add(interp);
                interp.run(SETUP);
                idle.add(interp);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Handles one request on the next free interpreter, waiting for one if all are busy.
     *
     * @throws RunFailedError if the Python handler raised
     */
    public String handle(String request) throws InterruptedException {
        Interpreter interp = idle.take();
        mostBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
        try {
            return call(interp, request);
        } finally {
            busy.decrementAndGet();
            idle.put(interp);
        }
    }

    /** The largest number of interpreters that were busy at the same time. */
    public int mostBusy() {
        return mostBusy.get();
    }

    private static String call(Interpreter interp, String request) throws InterruptedException {
        Channel reply = Interpreters.createChannel();
        try (RecvChannel replies = reply.recvEnd()) {                // closed when we are done
            CompletableFuture<Void> done = interp.runAsync("reply.send(handle(request))",
                    Map.of("request", request, "reply", reply.sendEnd()));
            // If the handler raises, nothing will be sent: closing the channel wakes the recv below.
            done.whenComplete((ok, error) -> {
                if (error != null) {
                    replies.close();
                }
            });
            Object answer;
            try {
                answer = replies.recv();
            } catch (ChannelClosedError e) {
                answer = null;                                          // the run failed: see below
            }
            try {
                done.join();           // the run has ended: the interpreter can go back to the pool
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;                                        // RunFailedError
                }
                throw e;
            }
            return (String) answer;
        }
    }

    @Override
    public void close() {
        for (Interpreter interp : interpreters) {
            interp.close();
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> requests = List.of(
                "{\"apple\": 3}",
                "{\"pear\": 2, \"fig\": 1}",
                "{\"fig\": 10}",
                "{\"apple\": 1, \"kiwi\": 2}",                 // no price for kiwi: KeyError
                "{\"pear\": 4}",
                "not json",                                      // json.JSONDecodeError
                "{\"apple\": 5, \"pear\": 5, \"fig\": 5}",
                "{}");
        ExecutorService requestThreads = Executors.newFixedThreadPool(6);
        try (EmbeddedService service = new EmbeddedService(2)) {
            List<Future<String>> responses = new ArrayList<>();
            for (String request : requests) {                   // 8 requests, 6 threads, 2 interpreters
                responses.add(requestThreads.submit(() -> {
                    try {
                        return "200 " + service.handle(request);
                    } catch (RunFailedError e) {
                        return "400 " + e.remoteTypeName() + ": " + e.remoteMessage();
                    }
                }));
            }
            for (int i = 0; i < requests.size(); i++) {
                System.out.println(requests.get(i) + " -> " + responses.get(i).get());
            }
            System.out.println("interpreters busy at once: at most " + service.mostBusy() + " of 2");
        } finally {
            requestThreads.shutdown();
        }
    }
}
