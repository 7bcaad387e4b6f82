package io.interpreters4j.channels;

import io.interpreters4j.InterpreterQueue;
import io.interpreters4j.ItemInterpreterDestroyedError;
import io.interpreters4j.QueueNotFoundError;
import io.interpreters4j.UnboundItems;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.interpreters4j.channels.Async.awaitCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue engine and its Java face, with {@link DefaultChannelHost} standing in for the runtime. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BufferedQueueTest {
    static final long A = 1;
    static final long B = 2;
    static final long SHORT = TimeUnit.MILLISECONDS.toNanos(20);

    DefaultChannelHost host;
    QueueRegistry registry;

    @BeforeEach
    void setUp() {
        host = new DefaultChannelHost();
        registry = new QueueRegistry(host);
    }

    BufferedQueue queue(int maxSize) {
        return registry.create(maxSize, UnboundItems.REPLACE);
    }

    @Test
    void fifoAndSizes() throws Exception {
        BufferedQueue q = queue(0);
        assertEquals(0, q.size());
        for (long i = 0; i < 20; i++) {
            assertTrue(q.put(A, i, null, 0));
        }
        assertEquals(20, q.size());
        assertFalse(q.isFull(), "unbounded is never full");
        for (long i = 0; i < 20; i++) {
            assertEquals(i, q.get(0));
        }
        assertSame(BufferedQueue.NOTHING, q.get(0));
        assertTrue(q.put(A, null, null, 0));
        assertNull(q.get(0), "None is an item");
    }

    @Test
    void boundedPutFailsWhenFullAndWaitsForRoom() throws Throwable {
        BufferedQueue q = queue(2);
        assertTrue(q.put(A, "a", null, 0));
        assertTrue(q.put(A, "b", null, 0));
        assertTrue(q.isFull());
        assertFalse(q.put(A, "c", null, 0), "nowait on a full queue");
        long t0 = System.nanoTime();
        assertFalse(q.put(A, "c", null, SHORT), "timed out");
        assertTrue(System.nanoTime() - t0 >= SHORT);
        assertEquals(2, q.size(), "a timed-out put queued nothing");
        Async<Boolean> putter = Async.start(() -> q.put(B, "c", null, -1));
        awaitCount(() -> q.waiting(false), 1);
        assertEquals("a", q.get(0));
        assertTrue(putter.join());
        assertEquals(List.of("b", "c"), q.snapshot());
    }

    @Test
    void waitingPuttersAreAdmittedInOrder() throws Throwable {
        BufferedQueue q = queue(1);
        q.put(A, 0L, null, 0);
        List<Async<Boolean>> putters = new ArrayList<>();
        for (long i = 1; i <= 3; i++) {
            long v = i;
            putters.add(Async.start(() -> q.put(A, v, null, -1)));
            awaitCount(() -> q.waiting(false), (int) i);
        }
        for (long i = 0; i <= 3; i++) {
            assertEquals(i, q.get(-1));
        }
        for (Async<Boolean> p : putters) {
            assertTrue(p.join());
        }
    }

    @Test
    void waitingGettersAreServedInOrderByParkingNotPolling() throws Throwable {
        BufferedQueue q = queue(0);
        List<Async<Object>> getters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            getters.add(Async.start(() -> q.get(-1)));
            awaitCount(() -> q.waiting(true), i + 1);
        }
        for (Async<Object> g : getters) {
            // Parked, not sleeping in a poll loop.
            awaitThreadState(g.thread, Thread.State.WAITING);
        }
        q.put(A, "x", null, 0);
        q.put(A, "y", null, 0);
        q.put(A, "z", null, 0);
        assertEquals("x", getters.get(0).join());
        assertEquals("y", getters.get(1).join());
        assertEquals("z", getters.get(2).join());
        assertEquals(0, q.size(), "handed over, not queued");
    }

    @Test
    void timedGetReturnsNothingAndTakesNothingLater() throws Exception {
        BufferedQueue q = queue(0);
        long t0 = System.nanoTime();
        assertSame(BufferedQueue.NOTHING, q.get(SHORT));
        assertTrue(System.nanoTime() - t0 >= SHORT);
        assertEquals(0, q.waiting(true), "withdrawn");
        q.put(A, "later", null, 0);
        assertEquals(1, q.size(), "nobody took it");
    }

    @Test
    void interruptedGetTakesNothing() throws Throwable {
        BufferedQueue q = queue(0);
        Async<Object> g = Async.start(() -> q.get(-1));
        awaitCount(() -> q.waiting(true), 1);
        g.thread.interrupt();
        assertThrows(InterruptedException.class, g::join);
        q.put(A, "kept", null, 0);
        assertEquals("kept", q.get(0));
    }

    @Test
    void interruptedPutQueuesNothing() throws Throwable {
        BufferedQueue q = queue(1);
        q.put(A, "first", null, 0);
        Async<Boolean> p = Async.start(() -> q.put(A, "second", null, -1));
        awaitCount(() -> q.waiting(false), 1);
        p.thread.interrupt();
        assertThrows(InterruptedException.class, p::join);
        assertEquals("first", q.get(0));
        assertSame(BufferedQueue.NOTHING, q.get(0));
    }

    @Test
    void unboundItemsFollowTheirPolicyWhenTheirInterpreterGoes() throws Exception {
        BufferedQueue q = queue(0);
        q.put(A, 1L, UnboundItems.REPLACE, 0);
        q.put(A, 2L, UnboundItems.ERROR, 0);
        q.put(A, 3L, null, 0); // the queue's default: REPLACE
        q.put(A, 4L, UnboundItems.REMOVE, 0);
        q.put(B, 5L, UnboundItems.REMOVE, 0);
        q.put(A, 6L, UnboundItems.REPLACE, 0);
        registry.dropInterpreter(A);
        assertEquals(5, q.size(), "the REMOVE item of A left at once");
        assertSame(BufferedQueue.UNBOUND, q.get(0));
        ItemInterpreterDestroyedError e = assertThrows(ItemInterpreterDestroyedError.class, () -> q.get(0));
        assertEquals("item's original interpreter destroyed", e.getMessage());
        assertEquals(3, q.size(), "the failing get took the item");
        assertSame(BufferedQueue.UNBOUND, q.get(0));
        assertEquals(5L, q.get(0), "B's item is untouched");
        assertSame(BufferedQueue.UNBOUND, q.get(0));
        assertSame(BufferedQueue.NOTHING, q.get(0));
    }

    @Test
    void removedUnboundItemsMakeRoomForWaitingPutters() throws Throwable {
        BufferedQueue q = queue(1);
        q.put(A, "gone", UnboundItems.REMOVE, 0);
        Async<Boolean> p = Async.start(() -> q.put(B, "in", null, -1));
        awaitCount(() -> q.waiting(false), 1);
        registry.dropInterpreter(A);
        assertTrue(p.join());
        assertEquals("in", q.get(0));
    }

    @Test
    void registryIdsAndLookup() {
        BufferedQueue q1 = queue(0);
        BufferedQueue q2 = queue(3);
        assertTrue(q2.id() > q1.id());
        assertSame(q1, registry.lookup(q1.id()));
        assertEquals(List.of(q1, q2), registry.listAll());
        QueueNotFoundError e = assertThrows(QueueNotFoundError.class, () -> registry.lookup(1_000_000));
        assertEquals("queue 1000000 not found", e.getMessage());
    }

    @Test
    void anUnreferencedQueueIsForgotten() throws Exception {
        long id = queue(0).id();
        for (int i = 0; i < 50 && registry.listAll().stream().anyMatch(q -> q.id() == id); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThrows(QueueNotFoundError.class, () -> registry.lookup(id));
    }

    // ---- the Java face: a BlockingQueue ----

    @Test
    void blockingQueueContract() throws Exception {
        InterpreterQueue q = registry.createQueue(2, UnboundItems.REPLACE);
        BlockingQueue<Object> bq = q;
        assertEquals(2, q.maxSize());
        assertEquals(UnboundItems.REPLACE, q.unboundItems());
        assertThrows(NullPointerException.class, () -> bq.put(null));
        assertThrows(NullPointerException.class, () -> bq.offer(null));
        assertNull(bq.poll(), "empty");
        assertNull(bq.poll(1, TimeUnit.MILLISECONDS));
        assertNull(bq.peek());
        assertTrue(bq.offer("a"));
        bq.put(InterpreterQueue.NONE);
        assertEquals(0, bq.remainingCapacity());
        assertFalse(bq.offer("c"));
        assertFalse(bq.offer("c", 1, TimeUnit.MILLISECONDS));
        assertThrows(IllegalStateException.class, () -> bq.add("c"));
        assertEquals(List.of("a", InterpreterQueue.NONE), new ArrayList<>(bq));
        assertTrue(bq.contains("a"));
        assertEquals("a", bq.peek());
        assertEquals("a", bq.take());
        assertSame(InterpreterQueue.NONE, bq.poll());
        bq.add(new byte[] {1, 2});
        bq.add(7L);
        assertTrue(bq.remove(7L));
        List<Object> drained = new ArrayList<>();
        assertEquals(1, bq.drainTo(drained));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) drained.get(0));
        assertTrue(bq.isEmpty());
        assertEquals(Integer.MAX_VALUE, registry.createQueue(0, UnboundItems.REPLACE).remainingCapacity());
    }

    @Test
    void handlesOfOneQueueAreEqualAndShareItems() throws Exception {
        InterpreterQueue q = registry.createQueue(0, UnboundItems.ERROR);
        InterpreterQueue same = registry.queue(q.id());
        assertEquals(q, same);
        assertEquals(q.hashCode(), same.hashCode());
        assertNotEquals(q, registry.createQueue(0, UnboundItems.ERROR));
        q.put("x");
        assertEquals("x", same.take());
        assertEquals("Queue(" + q.id() + ")", q.toString());
    }

    @Test
    void javaTakersSeeUnboundItems() throws Exception {
        InterpreterQueue q = registry.createQueue(0, UnboundItems.REPLACE);
        host.setCurrentInterpreter(A);
        q.put("of A");
        q.put("of A too");
        host.setCurrentInterpreter(0);
        registry.dropInterpreter(A);
        assertSame(InterpreterQueue.UNBOUND, q.peek());
        assertSame(InterpreterQueue.UNBOUND, q.take());
        assertSame(InterpreterQueue.UNBOUND, q.poll());
    }

    @Test
    void aTakerParkedInJavaWakesAtOnce() throws Throwable {
        InterpreterQueue q = registry.createQueue(0, UnboundItems.REPLACE);
        BufferedQueue engine = ((QueueHandle) q).queue();
        Async<Object> taker = Async.start(q::take);
        awaitCount(() -> engine.waiting(true), 1);
        awaitThreadState(taker.thread, Thread.State.WAITING);
        q.put("now");
        assertEquals("now", taker.join());
    }

    static void awaitThreadState(Thread t, Thread.State state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Async.PATIENCE_SECONDS);
        while (t.getState() != state) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("thread " + t.getName() + " is " + t.getState() + ", expected " + state);
            }
            Thread.yield();
        }
    }
}
