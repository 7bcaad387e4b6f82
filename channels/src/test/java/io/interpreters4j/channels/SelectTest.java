package io.interpreters4j.channels;

import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelReleasedError;
import io.interpreters4j.channels.RendezvousChannel.Op;
import io.interpreters4j.channels.RendezvousChannel.Selection;
import io.interpreters4j.channels.RendezvousChannel.State;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static io.interpreters4j.channels.Async.awaitWaiting;
import static io.interpreters4j.channels.RendezvousChannel.End.RECV;
import static io.interpreters4j.channels.RendezvousChannel.End.SEND;
import static io.interpreters4j.channels.RendezvousChannel.NOTHING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectTest {
    static final long A = 1, B = 2;
    static final long SHORT = TimeUnit.MILLISECONDS.toNanos(20);

    ChannelRegistry registry;
    RendezvousChannel a;
    RendezvousChannel b;

    @BeforeEach
    void channels() {
        registry = new ChannelRegistry();
        a = registry.create();
        b = registry.create();
    }

    static Selection select(long interp, long budget, Op... ops) throws InterruptedException {
        return RendezvousChannel.select(interp, List.of(ops), budget);
    }

    Async<Boolean> sender(RendezvousChannel ch, Object value) {
        int before = ch.waiting(SEND);
        Async<Boolean> s = Async.start(() -> ch.send(B, value, -1));
        awaitWaiting(ch, SEND, before + 1);
        return s;
    }

    /** A select by A receiving from a or b, queued on both before this returns. */
    Async<Selection> selectingReceiver() {
        Async<Selection> s = Async.start(() -> select(A, -1, Op.recv(a), Op.recv(b)));
        awaitWaiting(a, RECV, 1);
        awaitWaiting(b, RECV, 1);
        return s;
    }

    @Test
    void whenSeveralAreReadyTheEarliestListedWins() throws Throwable {
        Async<Boolean> sa = sender(a, "from a");
        Async<Boolean> sb = sender(b, "from b");
        assertEquals(new Selection(0, "from b"), select(A, 0, Op.recv(b), Op.recv(a)));
        assertTrue(sb.join());
        assertEquals(1, a.waiting(SEND), "the case not chosen took nothing");
        assertEquals(new Selection(1, "from a"), select(A, 0, Op.recv(b), Op.recv(a)));
        assertTrue(sa.join());
    }

    @Test
    void defaultReturnsNullAndQueuesNothing() throws InterruptedException {
        assertNull(select(A, 0, Op.recv(a), Op.send(b, "x")));
        assertEquals(0, a.waiting(RECV));
        assertEquals(0, b.waiting(SEND));
        assertArrayEquals(new long[] {A}, a.interpreters(RECV));
        assertArrayEquals(new long[] {A}, b.interpreters(SEND));
    }

    @Test
    void timeoutReturnsNullAndWithdrawsEveryCase() throws InterruptedException {
        assertNull(select(A, SHORT, Op.recv(a), Op.send(b, "x")));
        assertEquals(0, a.waiting(RECV));
        assertEquals(0, b.waiting(SEND));
        assertSame(NOTHING, b.recvNowait(B), "the withdrawn send is never delivered");
    }

    @Test
    void waitsForTheFirstReadyAndLeavesNoTraceElsewhere() throws Throwable {
        Async<Selection> s = selectingReceiver();
        assertTrue(b.sendNowait(B, "y"));
        assertEquals(new Selection(1, "y"), s.join());
        assertEquals(0, a.waiting(RECV));
        assertFalse(a.sendNowait(B, "z"), "the other case no longer waits");
    }

    @Test
    void sendCaseHandsItsValueToAWaitingReceiver() throws Throwable {
        Async<Object> r = Async.start(() -> a.recv(B, -1));
        awaitWaiting(a, RECV, 1);
        assertEquals(new Selection(0, null), select(A, 0, Op.send(a, "v"), Op.recv(b)));
        assertEquals("v", r.join());
    }

    @Test
    void waitingSendCaseDeliversToALaterReceiver() throws Throwable {
        Async<Selection> s = Async.start(() -> select(A, -1, Op.recv(b), Op.send(a, "v")));
        awaitWaiting(a, SEND, 1);
        awaitWaiting(b, RECV, 1);
        assertEquals("v", a.recvNowait(B));
        assertEquals(new Selection(1, null), s.join());
        assertEquals(0, b.waiting(RECV));
    }

    @Test
    void sendAndReceiveOnOneChannelDoNotMatchEachOther() throws Throwable {
        Async<Selection> s = Async.start(() -> select(A, -1, Op.send(a, "out"), Op.recv(a)));
        awaitWaiting(a, SEND, 1);
        awaitWaiting(a, RECV, 1);
        assertTrue(a.sendNowait(B, "in"));
        assertEquals(new Selection(1, "in"), s.join());
        assertEquals(0, a.waiting(SEND));
        assertSame(NOTHING, a.recvNowait(B));
    }

    @Test
    void closedCaseFailsUnlessAnEarlierCaseIsReady() throws Throwable {
        a.close(RECV, false);
        assertThrows(ChannelClosedError.class, () -> select(A, 0, Op.recv(b), Op.recv(a)));
        Async<Boolean> sb = sender(b, "ready");
        assertEquals(new Selection(0, "ready"), select(A, 0, Op.recv(b), Op.recv(a)));
        assertTrue(sb.join());
    }

    @Test
    void releasedCaseFailsReleased() {
        b.recvNowait(B);
        a.recvNowait(B);
        a.release(A, SEND);
        assertThrows(ChannelReleasedError.class, () -> select(A, -1, Op.recv(b), Op.send(a, "x")));
    }

    @Test
    void closingOneChannelFailsTheWaitingSelect() {
        Async<Selection> s = selectingReceiver();
        a.close(RECV, false);
        assertThrows(ChannelClosedError.class, s::join);
        assertEquals(0, b.waiting(RECV));
    }

    @Test
    void releaseByItsInterpreterFailsTheWaitingSelect() {
        b.sendNowait(B, "associate B");
        Async<Selection> s = selectingReceiver();
        b.release(A, RECV);
        assertThrows(ChannelReleasedError.class, s::join);
        assertEquals(0, a.waiting(RECV));
    }

    @Test
    void interruptWithdrawsEveryCase() {
        Async<Selection> s = selectingReceiver();
        s.thread.interrupt();
        assertThrows(InterruptedException.class, s::join);
        assertEquals(0, a.waiting(RECV));
        assertEquals(0, b.waiting(RECV));
    }

    @Test
    void interruptBeforeABlockingSelectThrowsButNotBeforeADefault() throws Throwable {
        Async<Boolean> sa = sender(a, "x");
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> select(A, -1, Op.recv(a)));
        assertEquals(1, a.waiting(SEND), "nothing was taken");
        Thread.currentThread().interrupt();
        try {
            assertEquals(new Selection(0, "x"), select(A, 0, Op.recv(a)));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertTrue(sa.join());
    }

    @Test
    void emptySelectHasNothingToDo() throws InterruptedException {
        assertNull(select(A, 0));
        assertNull(select(A, SHORT));
    }

    /**
     * Once the select of a DRAINING channel's last sender finishes on another channel, that
     * channel must close: its receive end must not look open with nobody left to drain.
     */
    @Test
    void selectFinishingElsewhereEndsDraining() throws Throwable {
        a.recvNowait(B);
        Async<Selection> s = Async.start(() -> select(A, -1, Op.send(a, "x"), Op.recv(b)));
        awaitWaiting(a, SEND, 1);
        awaitWaiting(b, RECV, 1);
        a.close(SEND, false);
        assertEquals(State.DRAINING, a.state());
        assertTrue(b.sendNowait(B, "y"));
        assertEquals(State.CLOSED, a.state());
        assertThrows(ChannelClosedError.class, () -> a.recvNowait(B));
        assertEquals(new Selection(1, "y"), s.join());
    }

    /** Two partners race for one waiting select: exactly one of them completes it. */
    @Test
    void exactlyOneCompletesWhenTwoPartnersRace() throws Throwable {
        for (int round = 0; round < 300; round++) {
            Async<Selection> s = selectingReceiver();
            CyclicBarrier start = new CyclicBarrier(2);
            Async<Boolean> toA = Async.start(() -> {
                start.await();
                return a.sendNowait(B, "a0");
            });
            Async<Boolean> toB = Async.start(() -> {
                start.await();
                return b.sendNowait(B, "b0");
            });
            boolean deliveredA = toA.join();
            boolean deliveredB = toB.join();
            assertNotEquals(deliveredA, deliveredB, "exactly one partner completes the select");
            Selection done = s.join();
            assertEquals(deliveredA ? new Selection(0, "a0") : new Selection(1, "b0"), done);
            assertEquals(0, a.waiting(RECV));
            assertEquals(0, b.waiting(RECV));
        }
    }

    /** Two waiting selects, each over both channels, and two senders: each select takes one value. */
    @Test
    void twoSelectsAndTwoSendersPairUpExactlyOnce() throws Throwable {
        for (int round = 0; round < 200; round++) {
            Async<Selection> s1 = Async.start(() -> select(A, -1, Op.recv(a), Op.recv(b)));
            Async<Selection> s2 = Async.start(() -> select(A, -1, Op.recv(b), Op.recv(a)));
            awaitWaiting(a, RECV, 2);
            awaitWaiting(b, RECV, 2);
            CyclicBarrier start = new CyclicBarrier(2);
            Async<Boolean> toA = Async.start(() -> {
                start.await();
                return a.send(B, "va", -1);
            });
            Async<Boolean> toB = Async.start(() -> {
                start.await();
                return b.send(B, "vb", -1);
            });
            assertTrue(toA.join());
            assertTrue(toB.join());
            Object v1 = s1.join().value();
            Object v2 = s2.join().value();
            assertEquals(Set.of("va", "vb"), Set.of(v1, v2));
            assertEquals(0, a.waiting(RECV) + b.waiting(RECV) + a.waiting(SEND) + b.waiting(SEND));
        }
    }
}
