package io.interpreters4j.examples;

import io.interpreters4j.InterpreterPool;
import io.interpreters4j.RunFailedError;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Python embedded in a Java service: requests arrive on many Java threads and are handled by a
 * Python function in a small, fixed {@link InterpreterPool}.
 *
 * <pre>mvn -q -pl examples -am compile -Dexample=EmbeddedService</pre>
 *
 * <p>Each interpreter of the pool is set up once by the pool's initializer (imports, tables,
 * functions) and then serves one request at a time; requests that find every interpreter busy
 * wait in the pool's queue. If the handler raises, the request gets a {@link RunFailedError}, and
 * the interpreter stays in the pool, usable.
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

    private final InterpreterPool pool;

    /** A service with {@code size} interpreters, each set up with {@link #SETUP}. */
    public EmbeddedService(int size) {
        pool = InterpreterPool.builder().size(size).initializer(SETUP).build();
    }

    /**
     * Handles one request on the next free interpreter, waiting for one if all are busy.
     *
     * @throws RunFailedError if the Python handler raised
     */
    public String handle(String request) {
        try {
            return (String) pool.submitCall("handle", request).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;                                            // RunFailedError
            }
            throw e;
        }
    }

    /** What the pool has done so far. */
    public InterpreterPool.Metrics metrics() {
        return pool.metrics();
    }

    @Override
    public void close() {
        pool.close();
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
            InterpreterPool.Metrics m = service.metrics();
            System.out.println("pool of " + m.size() + " interpreters: " + m.completed() + " requests served, "
                    + m.failed() + " failed");
        } finally {
            requestThreads.shutdown();
        }
    }
}
