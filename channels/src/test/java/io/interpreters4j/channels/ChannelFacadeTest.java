package io.interpreters4j.channels;

import io.interpreters4j.Channel;
import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelEmptyError;
import io.interpreters4j.ChannelNotEmptyError;
import io.interpreters4j.ChannelNotFoundError;
import io.interpreters4j.Interpreter;
import io.interpreters4j.NotReceivedError;
import io.interpreters4j.RecvChannel;
import io.interpreters4j.RecvResult;
import io.interpreters4j.SelectCase;
import io.interpreters4j.Selected;
import io.interpreters4j.SendChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static io.interpreters4j.channels.Async.awaitWaiting;
import static io.interpreters4j.channels.RendezvousChannel.End.RECV;
import static io.interpreters4j.channels.RendezvousChannel.End.SEND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API ends over the engine, with {@link DefaultChannelHost} standing in for the runtime. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelFacadeTest {
    static final Duration SHORT = Duration.ofMillis(20);

    DefaultChannelHost host;
    ChannelRegistry registry;
    Channel ch;
    RecvChannel in;
    SendChannel out;

    @BeforeEach
    void createChannel() {
        host = new DefaultChannelHost();
        registry = new ChannelRegistry(host);
        ch = registry.createChannel();
        in = ch.recvEnd();
        out = ch.sendEnd();
    }

    RendezvousChannel engine() {
        return ((RecvEnd) in).channel();
    }

    /** Runs {@code body} on a thread acting for interpreter {@code interp}. */
    <T> Async<T> as(long interp, Callable<T> body) {
        return Async.start(() -> {
            host.setCurrentInterpreter(interp);
            return body.call();
        });
    }

    Async<Void> waitingSender(long interp, Object value) {
        Async<Void> s = as(interp, () -> {
            out.send(value);
            return null;
        });
        awaitWaiting(engine(), SEND, 1);
        return s;
    }

    @Test
    void endsAreEqualByChannelAndEnd() {
        assertEquals(ch.id(), in.id());
        assertEquals(in, registry.recvChannel(ch.id()));
        assertEquals(in.hashCode(), registry.recvChannel(ch.id()).hashCode());
        assertEquals(out, registry.sendChannel(ch.id()));
        assertNotEquals(in, registry.createChannel().recvEnd());
        assertNotEquals((Object) in, out);
        assertEquals("RecvChannel(0)", in.toString());
        assertEquals("SendChannel(0)", out.toString());
    }

    @Test
    void sendAndRecvActForTheHostsCurrentInterpreter() throws Throwable {
        Async<Void> s = waitingSender(7, "hello");
        host.setCurrentInterpreter(5);
        assertEquals("hello", in.recv());
        s.join();
        assertEquals(List.of(7L), out.interpreters().stream().map(Interpreter::id).toList());
        assertEquals(List.of(5L), in.interpreters().stream().map(Interpreter::id).toList());
        assertEquals(host.interpreter(5), in.interpreters().get(0));
    }

    @Test
    void timeoutsThrowTheTimeoutErrors() {
        assertThrows(ChannelEmptyError.class, () -> in.recv(SHORT));
        assertThrows(NotReceivedError.class, () -> out.send("x", SHORT));
        assertThrows(NotReceivedError.class, () -> out.sendBuffer(ByteBuffer.allocate(1), SHORT));
        assertThrows(ChannelEmptyError.class, () -> in.recv(Duration.ZERO));
        assertThrows(ChannelEmptyError.class, () -> in.recv(Duration.ofSeconds(-1)));
        assertEquals(0, engine().waiting(SEND) + engine().waiting(RECV));
    }

    @Test
    void hugeTimeoutsDoNotOverflow() throws Throwable {
        Async<Void> s = as(1, () -> {
            out.send("x", Duration.ofDays(365L * 1_000_000));
            return null;
        });
        awaitWaiting(engine(), SEND, 1);
        assertEquals("x", in.recv(Duration.ofSeconds(Long.MAX_VALUE)));
        s.join();
    }

    @Test
    void recvNowaitReturnsTheVeryDefault() throws Throwable {
        Object dflt = new Object();
        assertSame(dflt, in.recvNowait(dflt));
        Async<Void> s = waitingSender(1, null);
        assertNull(in.recvNowait(dflt), "received None is not the default");
        s.join();
    }

    @Test
    void tryRecvTellsReceivedFromEmptyFromClosed() throws Throwable {
        assertEquals(RecvResult.empty(), in.tryRecv());
        Async<Void> s = waitingSender(1, null);
        RecvResult got = in.tryRecv();
        assertTrue(got.isReceived());
        assertNull(got.value());
        s.join();
        in.release();
        assertEquals(RecvResult.closed(), in.tryRecv(), "released");
        in.close(true);
        host.setCurrentInterpreter(9);
        assertEquals(RecvResult.closed(), in.tryRecv(), "closed");
    }

    @Test
    void valuesAreConvertedToTheirShareableForm() throws Throwable {
        byte[] bytes = {1, 2, 3};
        BigInteger big = BigInteger.ONE.shiftLeft(100);
        Object[][] cases = {
            {7, 7L}, {(short) 7, 7L}, {(byte) 7, 7L}, {7L, 7L}, {BigInteger.TEN, 10L}, {big, big}, {"s", "s"}, {null, null},
        };
        for (Object[] c : cases) {
            Async<Void> s = waitingSender(1, c[0]);
            assertEquals(c[1], in.recv());
            s.join();
        }
        Async<Void> s = waitingSender(1, bytes);
        byte[] received = (byte[]) in.recv();
        s.join();
        assertArrayEquals(bytes, received);
        assertNotSame(bytes, received);
    }

    @Test
    void channelEndsAreShareable() throws Throwable {
        Channel other = registry.createChannel();
        Async<Void> s = waitingSender(1, other.sendEnd());
        assertEquals(other.sendEnd(), in.recv());
        s.join();
    }

    @Test
    void unshareableValuesFailBeforeAnythingIsSent() throws Throwable {
        Async<Object> r = as(2, in::recv);
        awaitWaiting(engine(), RECV, 1);
        for (Object v : new Object[] {true, 1.5, 1.5f, 'c', new Object(), List.of()}) {
            assertThrows(IllegalArgumentException.class, () -> out.send(v));
            assertThrows(IllegalArgumentException.class, () -> out.sendNowait(v));
        }
        assertEquals(1, engine().waiting(RECV), "the receiver got nothing");
        assertArrayEquals(new long[0], engine().interpreters(SEND), "nothing was even attempted");
        assertTrue(out.sendNowait("ok"));
        assertEquals("ok", r.join());
    }

    @Test
    void buffersShareTheirBytes() throws Throwable {
        ByteBuffer buffer = ByteBuffer.allocateDirect(8);
        buffer.position(2);
        Async<Void> s = as(1, () -> {
            out.sendBuffer(buffer);
            return null;
        });
        awaitWaiting(engine(), SEND, 1);
        ByteBuffer view = (ByteBuffer) in.recv();
        s.join();
        assertEquals(6, view.remaining());
        view.put(0, (byte) 42);
        assertEquals(42, buffer.get(2), "the receiver's view is the same memory");
        assertFalse(out.sendBufferNowait(buffer));
    }

    @Test
    void autoCloseOfAClosedChannelIsNotAnError() {
        out.close();
        assertTrue(engine().isClosed());
        assertDoesNotThrow(() -> out.close());
        assertDoesNotThrow(() -> in.close());
        assertThrows(ChannelClosedError.class, () -> in.close(false));
        assertThrows(ChannelClosedError.class, () -> out.close(true));
    }

    @Test
    void autoCloseWithSendersWaitingIsNotEmpty() throws Throwable {
        Async<Void> s = waitingSender(1, "x");
        assertThrows(ChannelNotEmptyError.class, () -> in.close());
        assertEquals("x", in.recv());
        s.join();
    }

    @Test
    void lookupOfAClosedChannelAndHeldEndsReportClosed() {
        in.close(false);
        ChannelClosedError byId = assertThrows(ChannelClosedError.class, () -> registry.recvChannel(ch.id()));
        assertEquals("channel " + ch.id() + " is closed", byId.getMessage());
        assertThrows(ChannelClosedError.class, () -> registry.sendChannel(ch.id()));
        assertThrows(ChannelNotFoundError.class, () -> registry.recvChannel(ch.id() + 1_000_000), "never issued");
        assertEquals(List.of(), registry.listAllChannels());
        assertThrows(ChannelClosedError.class, () -> out.sendNowait("x"));
        assertThrows(ChannelClosedError.class, in::interpreters);
        assertThrows(ChannelClosedError.class, in::release, "release by an interpreter that never released");
    }

    @Test
    void listAllChannelsGivesPairsInIdOrder() {
        Channel second = registry.createChannel();
        assertEquals(List.of(ch, second), registry.listAllChannels());
    }

    @Test
    void selectReturnsTheCaseAndItsValue() throws Throwable {
        Channel other = registry.createChannel();
        Async<Void> s = waitingSender(1, 42);
        SelectCase fromOther = SelectCase.recv(other.recvEnd());
        SelectCase fromIn = SelectCase.recv(in);
        assertEquals(new Selected(1, fromIn, 42L), registry.select(List.of(fromOther, fromIn), 0));
        s.join();
        assertNull(registry.select(List.of(fromOther, fromIn), 0));
    }

    @Test
    void selectConvertsEveryValueBeforeOfferingAny() {
        Async<Object> r = as(2, in::recv);
        awaitWaiting(engine(), RECV, 1);
        assertThrows(IllegalArgumentException.class,
                () -> registry.select(List.of(SelectCase.send(out, "fine"), SelectCase.send(out, 1.5)), 0));
        assertEquals(1, engine().waiting(RECV));
        r.thread.interrupt();
        assertThrows(InterruptedException.class, r::join);
    }

    @Test
    void selectRejectsEndsOfAnotherImplementation() {
        RecvChannel foreign = (RecvChannel) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RecvChannel.class}, (p, m, a) -> 0L);
        assertThrows(IllegalArgumentException.class, () -> registry.select(List.of(SelectCase.recv(foreign)), 0));
    }
}
