package io.interpreters4j.channels;

import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelNotEmptyError;
import io.interpreters4j.ChannelNotFoundError;
import io.interpreters4j.ChannelReleasedError;
import io.interpreters4j.channels.RendezvousChannel.State;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.interpreters4j.channels.Async.awaitWaiting;
import static io.interpreters4j.channels.RendezvousChannel.End.RECV;
import static io.interpreters4j.channels.RendezvousChannel.End.SEND;
import static io.interpreters4j.channels.RendezvousChannel.NOTHING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The channel semantics (docs/semantics.md, "Channels" onwards), row by row, in each state a channel can be in: open and idle, a sender waiting,
 * a receiver waiting, released by one interpreter, DRAINING, closed. Interpreters A, B, C are
 * simulated by ids; waiting calls run on threads of their own.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RendezvousChannelTest {
    static final long A = 1, B = 2, C = 3;
    static final long SHORT = TimeUnit.MILLISECONDS.toNanos(20);

    ChannelRegistry registry;
    RendezvousChannel ch;

    @BeforeEach
    void createChannel() {
        registry = new ChannelRegistry();
        ch = registry.create();
    }

    Async<Boolean> sender(long interp, Object value) {
        int before = ch.waiting(SEND);
        Async<Boolean> s = Async.start(() -> ch.send(interp, value, -1));
        awaitWaiting(ch, SEND, before + 1);
        return s;
    }

    Async<Object> receiver(long interp) {
        int before = ch.waiting(RECV);
        Async<Object> r = Async.start(() -> ch.recv(interp, -1));
        awaitWaiting(ch, RECV, before + 1);
        return r;
    }

    @Nested
    class Open {
        @Test
        void newChannelHasNoInterpreters() {
            assertArrayEquals(new long[0], ch.interpreters(SEND));
            assertArrayEquals(new long[0], ch.interpreters(RECV));
            assertEquals(State.OPEN, ch.state());
        }

        @Test
        void idsAreSequentialFromZero() {
            assertEquals(0, ch.id());
            assertEquals(1, registry.create().id());
            assertEquals(2, registry.create().id());
        }

        @Test
        void nowaitFormsFindNobodyAndStillAssociate() {
            assertFalse(ch.sendNowait(C, "x"));
            assertSame(NOTHING, ch.recvNowait(B));
            assertArrayEquals(new long[] {C}, ch.interpreters(SEND));
            assertArrayEquals(new long[] {B}, ch.interpreters(RECV));
        }

        @Test
        void timedFormsTimeOutAndLeaveNothingQueued() throws InterruptedException {
            assertFalse(ch.send(A, "x", SHORT));
            assertEquals(0, ch.waiting(SEND));
            assertSame(NOTHING, ch.recv(B, SHORT));
            assertEquals(0, ch.waiting(RECV));
            assertSame(NOTHING, ch.recvNowait(B), "a timed-out send is never delivered later");
        }

        @Test
        void interpretersAreSortedAndDistinct() throws Throwable {
            ch.sendNowait(3, null);
            ch.sendNowait(1, null);
            ch.sendNowait(2, null);
            ch.sendNowait(1, null);
            assertArrayEquals(new long[] {1, 2, 3}, ch.interpreters(SEND));
        }

        @Test
        void nullIsAValue() throws Throwable {
            Async<Boolean> s = sender(A, null);
            assertNull(ch.recv(B, -1));
            assertTrue(s.join());
        }

        @Test
        void releaseKeepsOpenWhileAnotherInterpreterIsAssociated() {
            ch.sendNowait(A, "x");
            ch.recvNowait(B);
            assertTrue(ch.release(A, SEND));
            assertFalse(ch.release(A, SEND));
            assertEquals(State.OPEN, ch.state());
            assertArrayEquals(new long[0], ch.interpreters(SEND));
            assertTrue(ch.release(B, RECV));
            assertEquals(State.CLOSED, ch.state(), "no interpreter left on either end");
        }

        @Test
        void releaseOfAnUnusedChannelClosesIt() {
            assertTrue(ch.release(C, RECV));
            assertTrue(ch.isClosed());
            assertFalse(ch.release(C, RECV));
            assertThrows(ChannelClosedError.class, () -> ch.release(A, SEND));
        }

        @Test
        void releaseOfOneEndLeavesTheOtherUsable() throws Throwable {
            ch.recvNowait(A);
            ch.sendNowait(A, "x");
            ch.recvNowait(B);
            assertTrue(ch.release(A, SEND));
            Async<Boolean> s = Async.start(() -> ch.send(B, "y", -1));
            awaitWaiting(ch, SEND, 1);
            assertEquals("y", ch.recv(A, -1));
            assertTrue(s.join());
        }

        @Test
        void recvCloseClosesBothEnds() {
            ch.close(RECV, false);
            assertTrue(ch.isClosed());
            assertThrows(ChannelClosedError.class, () -> ch.sendNowait(A, "x"));
            assertThrows(ChannelClosedError.class, () -> ch.recvNowait(A));
        }

        @Test
        void sendCloseWithoutSendersClosesBothEnds() {
            ch.close(SEND, false);
            assertTrue(ch.isClosed());
            assertThrows(ChannelClosedError.class, () -> ch.recvNowait(A));
        }

        @Test
        void anyInterpreterMayCloseEvenOneThatReleased() {
            ch.recvNowait(B);
            ch.sendNowait(A, "x");
            ch.release(A, SEND);
            ch.close(RECV, false); // carries no interpreter: whoever calls may close
            assertTrue(ch.isClosed());
        }
    }

    @Nested
    class SenderWaiting {
        Async<Boolean> s;

        @BeforeEach
        void senderWaits() {
            ch.recvNowait(C);
            s = sender(B, "v");
        }

        @Test
        void recvTakesTheValue() throws Throwable {
            assertEquals("v", ch.recvNowait(A));
            assertTrue(s.join());
        }

        @Test
        void sendNowaitDoesNotPairWithSenders() {
            assertFalse(ch.sendNowait(A, "w"));
            assertEquals(1, ch.waiting(SEND));
        }

        @Test
        void waitingSenderIsAssociated() {
            assertArrayEquals(new long[] {B}, ch.interpreters(SEND));
        }

        @Test
        void recvCloseWithoutForceFailsAndChangesNothing() throws Throwable {
            assertThrows(ChannelNotEmptyError.class, () -> ch.close(RECV, false));
            assertEquals(State.OPEN, ch.state());
            assertEquals("v", ch.recv(A, -1));
            assertTrue(s.join());
        }

        @Test
        void recvCloseWithForceFailsTheSenders() {
            ch.close(RECV, true);
            assertThrows(ChannelClosedError.class, s::join);
            assertTrue(ch.isClosed());
        }

        @Test
        void sendCloseLetsWaitingSendersDeliverThenCloses() throws Throwable {
            ch.close(SEND, false);
            assertEquals(State.DRAINING, ch.state());
            assertEquals("v", ch.recv(A, -1));
            assertTrue(s.join());
            assertEquals(State.CLOSED, ch.state());
        }

        @Test
        void sendCloseWithForceFailsTheSenders() {
            ch.close(SEND, true);
            assertThrows(ChannelClosedError.class, s::join);
            assertTrue(ch.isClosed());
        }

        @Test
        void releaseBySenderFailsItsWaitingSend() {
            assertTrue(ch.release(B, SEND));
            assertThrows(ChannelReleasedError.class, s::join);
            assertEquals(State.OPEN, ch.state(), "C is still associated with the receive end");
            assertSame(NOTHING, ch.recvNowait(A), "the released send was withdrawn");
        }

        @Test
        void releaseThatClosesStillReportsReleasedToTheReleaser() {
            assertTrue(ch.release(C, RECV));
            assertEquals(State.OPEN, ch.state());
            assertTrue(ch.release(B, SEND));
            assertThrows(ChannelReleasedError.class, s::join);
            assertTrue(ch.isClosed());
        }

        @Test
        void releaseByAnotherInterpreterLeavesTheSenderWaiting() throws Throwable {
            ch.sendNowait(A, "w"); // associates A
            assertTrue(ch.release(A, SEND));
            assertEquals(1, ch.waiting(SEND));
            assertEquals("v", ch.recv(C, -1));
            assertTrue(s.join());
        }

        @Test
        void dropOfTheSenderFailsItsCall() {
            registry.dropInterpreter(B);
            assertThrows(ChannelClosedError.class, s::join);
            assertEquals(State.OPEN, ch.state(), "C is still associated");
            registry.dropInterpreter(C);
            assertTrue(ch.isClosed());
        }
    }

    @Nested
    class ReceiverWaiting {
        Async<Object> r;

        @BeforeEach
        void receiverWaits() {
            ch.sendNowait(C, "unused");
            r = receiver(B);
        }

        @Test
        void sendNowaitDelivers() throws Throwable {
            assertTrue(ch.sendNowait(A, "v"));
            assertEquals("v", r.join());
        }

        @Test
        void recvNowaitDoesNotPairWithReceivers() {
            assertSame(NOTHING, ch.recvNowait(A));
            assertEquals(1, ch.waiting(RECV));
        }

        @Test
        void recvCloseFailsTheReceivers() {
            ch.close(RECV, false);
            assertThrows(ChannelClosedError.class, r::join);
        }

        @Test
        void sendCloseWithoutSendersClosesAndFailsTheReceivers() {
            ch.close(SEND, false);
            assertThrows(ChannelClosedError.class, r::join);
            assertTrue(ch.isClosed());
        }

        @Test
        void releaseByReceiverFailsItsWaitingRecv() {
            assertTrue(ch.release(B, RECV));
            assertThrows(ChannelReleasedError.class, r::join);
            assertFalse(ch.sendNowait(A, "v"), "nobody left to receive");
        }

        @Test
        void receiverIsAssociated() {
            assertArrayEquals(new long[] {B}, ch.interpreters(RECV));
        }
    }

    @Nested
    class Released {
        @BeforeEach
        void aReleasesBothEnds() {
            ch.sendNowait(C, "x");
            ch.sendNowait(A, "x");
            ch.recvNowait(A);
            assertTrue(ch.release(A, SEND));
            assertTrue(ch.release(A, RECV));
        }

        @Test
        void everyCallOfTheReleaserFailsReleased() {
            assertThrows(ChannelReleasedError.class, () -> ch.sendNowait(A, "x"));
            assertThrows(ChannelReleasedError.class, () -> ch.send(A, "x", -1));
            assertThrows(ChannelReleasedError.class, () -> ch.recvNowait(A));
            assertThrows(ChannelReleasedError.class, () -> ch.recv(A, -1));
        }

        @Test
        void otherInterpretersAreUnaffected() {
            assertFalse(ch.sendNowait(B, "x"));
            assertArrayEquals(new long[] {B, C}, ch.interpreters(SEND));
        }

        @Test
        void releasedWinsOverClosed() {
            ch.close(RECV, false);
            assertThrows(ChannelReleasedError.class, () -> ch.sendNowait(A, "x"));
            assertFalse(ch.release(A, SEND), "second release after closing is still just false");
            assertThrows(ChannelClosedError.class, () -> ch.release(B, SEND));
        }
    }

    @Nested
    class Draining {
        Async<Boolean> s;

        @BeforeEach
        void senderWaitsAndSendEndCloses() {
            ch.recvNowait(C);
            s = sender(B, "v");
            ch.close(SEND, false);
            assertEquals(State.DRAINING, ch.state());
        }

        @Test
        void newSendsFailClosed() {
            assertThrows(ChannelClosedError.class, () -> ch.sendNowait(A, "w"));
            assertThrows(ChannelClosedError.class, () -> ch.send(A, "w", -1));
        }

        @Test
        void isStillListedAndFound() {
            assertSame(ch, registry.lookup(ch.id()));
            assertEquals(List.of(ch), registry.listOpen());
        }

        @Test
        void sendEndReportsClosedReceiveEndDoesNot() {
            assertThrows(ChannelClosedError.class, () -> ch.interpreters(SEND));
            assertArrayEquals(new long[] {C}, ch.interpreters(RECV));
            assertThrows(ChannelClosedError.class, () -> ch.close(SEND, false));
            assertThrows(ChannelClosedError.class, () -> ch.close(SEND, true));
        }

        @Test
        void closesAfterTheLastSenderDelivers() throws Throwable {
            assertEquals("v", ch.recv(A, -1));
            assertTrue(s.join());
            assertTrue(ch.isClosed());
            assertThrows(ChannelClosedError.class, () -> registry.lookup(ch.id()));
            assertThrows(ChannelClosedError.class, () -> ch.recvNowait(A));
        }

        @Test
        void recvCloseWithoutForceIsNotEmpty() throws Throwable {
            assertThrows(ChannelNotEmptyError.class, () -> ch.close(RECV, false));
            assertEquals(State.DRAINING, ch.state());
            assertEquals("v", ch.recvNowait(A));
            assertTrue(s.join());
        }

        @Test
        void recvCloseWithForceFailsTheSenders() {
            ch.close(RECV, true);
            assertThrows(ChannelClosedError.class, s::join);
            assertTrue(ch.isClosed());
        }

        @Test
        void releaseOfTheLastSenderClosesTheChannel() {
            assertTrue(ch.release(B, SEND));
            assertThrows(ChannelReleasedError.class, s::join);
            assertTrue(ch.isClosed());
        }

        @Test
        void interruptOfTheLastSenderClosesTheChannel() {
            s.thread.interrupt();
            assertThrows(InterruptedException.class, s::join);
            assertTrue(ch.isClosed());
        }

        @Test
        void timeoutOfTheLastSenderClosesTheChannel() throws Throwable {
            RendezvousChannel other = registry.create();
            other.recvNowait(C);
            Async<Boolean> timed = Async.start(() -> other.send(B, "t", SHORT * 5));
            awaitWaiting(other, SEND, 1);
            other.close(SEND, false);
            assertEquals(State.DRAINING, other.state());
            assertFalse(timed.join());
            assertTrue(other.isClosed());
        }

        @Test
        void drainsInFifoOrderThenCloses() throws Throwable {
            RendezvousChannel other = registry.create();
            List<Async<Boolean>> senders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int value = i;
                senders.add(Async.start(() -> other.send(B, value, -1)));
                awaitWaiting(other, SEND, i + 1);
            }
            other.close(SEND, false);
            for (int i = 0; i < 3; i++) {
                assertEquals(State.DRAINING, other.state());
                assertEquals(i, other.recv(A, -1));
            }
            for (Async<Boolean> sender : senders) {
                assertTrue(sender.join());
            }
            assertTrue(other.isClosed());
        }
    }

    @Nested
    class Closed {
        @BeforeEach
        void closeIt() {
            ch.recvNowait(B);
            ch.sendNowait(A, "x");
            ch.release(A, SEND);
            ch.close(RECV, false);
        }

        @Test
        void everyOperationFailsClosed() {
            assertThrows(ChannelClosedError.class, () -> ch.send(B, "x", -1));
            assertThrows(ChannelClosedError.class, () -> ch.sendNowait(B, "x"));
            assertThrows(ChannelClosedError.class, () -> ch.recv(B, -1));
            assertThrows(ChannelClosedError.class, () -> ch.recv(B, SHORT));
            assertThrows(ChannelClosedError.class, () -> ch.recvNowait(B));
            assertThrows(ChannelClosedError.class, () -> ch.close(RECV, false));
            assertThrows(ChannelClosedError.class, () -> ch.close(RECV, true));
            assertThrows(ChannelClosedError.class, () -> ch.close(SEND, false));
            assertThrows(ChannelClosedError.class, () -> ch.interpreters(SEND));
            assertThrows(ChannelClosedError.class, () -> ch.interpreters(RECV));
        }

        @Test
        void errorsAreClosedNotReleasedForInterpretersThatNeverReleased() {
            assertThrows(ChannelClosedError.class, () -> ch.release(B, RECV));
            ChannelClosedError e = assertThrows(ChannelClosedError.class, () -> ch.sendNowait(B, "x"));
            assertFalse(e instanceof ChannelReleasedError);
        }

        @Test
        void releaseByAnInterpreterThatReleasedIsFalse() {
            assertFalse(ch.release(A, SEND));
        }

        @Test
        void isGoneFromTheRegistry() {
            assertTrue(ch.isClosed());
            assertThrows(ChannelClosedError.class, () -> registry.lookup(ch.id()));
            assertEquals(List.of(), registry.listOpen());
            assertEquals(0, registry.size());
        }

        @Test
        void dropLeavesItAlone() {
            registry.dropInterpreter(B);
            assertThrows(ChannelClosedError.class, () -> ch.recvNowait(B));
        }
    }

    @Nested
    class Registry {
        @Test
        void lookupOfUnknownIdFails() {
            assertThrows(ChannelNotFoundError.class, () -> registry.lookup(42));
        }

        @Test
        void listOpenIsOrderedById() {
            RendezvousChannel c1 = registry.create();
            RendezvousChannel c2 = registry.create();
            c1.close(RECV, false);
            assertEquals(List.of(ch, c2), registry.listOpen());
        }

        @Test
        void createCloseCyclesDoNotGrowTheRegistry() {
            for (int i = 0; i < 10_000; i++) {
                registry.create().close(RECV, false);
            }
            assertEquals(1, registry.size());
            assertEquals(10_001, registry.create().id());
        }

        @Test
        void dropClosesOnlyChannelsItLeavesUnused() throws Throwable {
            RendezvousChannel onlyB = registry.create();
            RendezvousChannel shared = registry.create();
            RendezvousChannel unused = registry.create();
            onlyB.sendNowait(B, "x");
            onlyB.recvNowait(B);
            shared.recvNowait(A);
            Async<Boolean> waitingB = Async.start(() -> shared.send(B, "y", -1));
            awaitWaiting(shared, SEND, 1);

            registry.dropInterpreter(B);

            assertTrue(onlyB.isClosed());
            assertThrows(ChannelClosedError.class, waitingB::join);
            assertEquals(State.OPEN, shared.state());
            assertArrayEquals(new long[0], shared.interpreters(SEND));
            assertArrayEquals(new long[] {A}, shared.interpreters(RECV));
            assertEquals(State.OPEN, unused.state());
        }
    }

    @Nested
    class Fifo {
        @Test
        void sendersAreServedInArrivalOrder() throws Throwable {
            List<Async<Boolean>> senders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                senders.add(sender(i + 1, i));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(i, ch.recvNowait(A));
                assertTrue(senders.get(i).join());
            }
        }

        @Test
        void receiversAreServedInArrivalOrder() throws Throwable {
            List<Async<Object>> receivers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                receivers.add(receiver(i + 1));
            }
            for (int i = 0; i < 4; i++) {
                assertTrue(ch.sendNowait(A, i));
                assertEquals(i, receivers.get(i).join());
            }
        }
    }

    @Nested
    class Interrupts {
        @Test
        void sendInterruptedBeforeTheCallTransfersNothing() throws Throwable {
            Async<Object> r = receiver(B);
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> ch.send(A, "x", -1));
            assertFalse(Thread.interrupted(), "InterruptedException clears the status");
            assertEquals(1, ch.waiting(RECV), "the receiver was not served");
            assertTrue(ch.sendNowait(A, "y"));
            assertEquals("y", r.join());
        }

        @Test
        void recvInterruptedBeforeTheCallTakesNothing() throws Throwable {
            Async<Boolean> s = sender(B, "x");
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> ch.recv(A, SHORT));
            assertEquals(1, ch.waiting(SEND), "the sender was not served");
            assertEquals("x", ch.recvNowait(A));
            assertTrue(s.join());
        }

        @Test
        void sendInterruptedWhileWaitingIsWithdrawn() {
            Async<Boolean> s = sender(B, "x");
            s.thread.interrupt();
            assertThrows(InterruptedException.class, s::join);
            assertEquals(0, ch.waiting(SEND));
            assertSame(NOTHING, ch.recvNowait(A), "never delivered later");
        }

        @Test
        void recvInterruptedWhileWaitingIsWithdrawn() {
            Async<Object> r = receiver(B);
            r.thread.interrupt();
            assertThrows(InterruptedException.class, r::join);
            assertEquals(0, ch.waiting(RECV));
            assertFalse(ch.sendNowait(A, "x"));
        }

        @Test
        void nowaitFormsIgnoreAndKeepTheInterruptStatus() {
            Thread.currentThread().interrupt();
            try {
                assertFalse(ch.sendNowait(A, "x"));
                assertSame(NOTHING, ch.recvNowait(A));
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
        }
    }
}
