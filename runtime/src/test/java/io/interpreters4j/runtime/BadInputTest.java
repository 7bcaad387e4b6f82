package io.interpreters4j.runtime;

import io.interpreters4j.Channel;
import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelNotFoundError;
import io.interpreters4j.ChannelReleasedError;
import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.InterpreterError;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RecvResult;
import io.interpreters4j.RunFailedError;
import io.interpreters4j.SelectCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public Java entry point given wrong types, wrong values, destroyed interpreters, closed,
 * released or unknown channels and invalid source answers with its documented error, changes
 * nothing, and leaves the runtime usable (checked after each test).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadInputTest {

    /** After every sweep: interpreters can still be created, run and exchange data. */
    @AfterEach
    void runtimeStillUsable() throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            Channel ch = Interpreters.createChannel();
            CompletableFuture<Void> run = interp.runAsync("out.send(6 * 7)", Map.of("out", ch.sendEnd()));
            assertEquals(42L, ch.recvEnd().recv(Duration.ofSeconds(60)));
            run.get(60, TimeUnit.SECONDS);
            assertFalse(interp.isRunning());
        }
    }

    @Test
    void facadeArguments() {
        assertThrows(NullPointerException.class, () -> Interpreters.create(null));
        assertThrows(InterpreterNotFoundError.class, () -> Interpreters.get(-1));
        assertThrows(InterpreterNotFoundError.class, () -> Interpreters.get(Long.MAX_VALUE));
        assertThrows(InterpreterNotFoundError.class, () -> Interpreters.get(Long.MIN_VALUE));
        assertThrows(ChannelNotFoundError.class, () -> Interpreters.recvChannel(-1));
        assertThrows(ChannelNotFoundError.class, () -> Interpreters.sendChannel(Long.MAX_VALUE));
        assertFalse(Interpreters.isShareable(true));
        assertFalse(Interpreters.isShareable(1.5));
        assertFalse(Interpreters.isShareable(new Object()));
        assertFalse(Interpreters.isShareable(List.of()));
        assertTrue(Interpreters.isShareable(null));
        assertThrows(IllegalArgumentException.class, () -> Interpreters.select());
        assertThrows(NullPointerException.class, () -> Interpreters.select((SelectCase) null));
        assertThrows(NullPointerException.class, () -> Interpreters.select((Duration) null, SelectCase.recv(Interpreters.createChannel().recvEnd())));
        assertThrows(IllegalArgumentException.class, () -> Interpreters.selectNowait());
        assertThrows(NullPointerException.class, () -> SelectCase.recv(null));
        assertThrows(NullPointerException.class, () -> SelectCase.send(null, 1L));
    }

    @Test
    void selectWithUnshareableClosedOrForeignCases() throws Exception {
        Channel ch = Interpreters.createChannel();
        int before = ch.sendEnd().interpreters().size();
        assertThrows(IllegalArgumentException.class, () -> Interpreters.selectNowait(SelectCase.send(ch.sendEnd(), 1.5)));
        assertEquals(before, ch.sendEnd().interpreters().size(), "nothing happened");
        io.interpreters4j.RecvChannel foreign = new io.interpreters4j.RecvChannel() {
            public long id() { return ch.recvEnd().id(); }
            public Object recv() { return null; }
            public Object recv(Duration timeout) { return null; }
            public Object recvNowait(Object d) { return d; }
            public RecvResult tryRecv() { return RecvResult.empty(); }
            public boolean release() { return false; }
            public void close(boolean force) { }
            public void close() { }
            public List<Interpreter> interpreters() { return List.of(); }
        };
        assertThrows(IllegalArgumentException.class, () -> Interpreters.selectNowait(SelectCase.recv(foreign)));
        ch.recvEnd().close(false);
        assertThrows(ChannelClosedError.class, () -> Interpreters.select(Duration.ofMillis(10), SelectCase.recv(ch.recvEnd())));
        assertThrows(ChannelClosedError.class, () -> Interpreters.selectNowait(SelectCase.send(ch.sendEnd(), 1L)));
    }

    @Test
    void configArguments() {
        assertThrows(NullPointerException.class, () -> InterpreterConfig.trusted().withTimeLimit(null));
        assertThrows(IllegalArgumentException.class, () -> InterpreterConfig.isolated().withTimeLimit(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> InterpreterConfig.isolated().withTimeLimit(Duration.ofMillis(-1)));
        // A limit too long for nanoseconds is no limit in practice, not an overflow.
        try (Interpreter interp = Interpreters.create(InterpreterConfig.trusted().withTimeLimit(Duration.ofDays(365L * 1000)))) {
            interp.run("x = 1");
        }
    }

    @Test
    void runArgumentsAreCheckedBeforeAnythingRuns() {
        try (Interpreter interp = Interpreters.create()) {
            interp.run("count = 0");
            String bump = "count += 1";
            assertThrows(NullPointerException.class, () -> interp.run(null));
            assertThrows(NullPointerException.class, () -> interp.run(bump, null));
            assertThrows(NullPointerException.class, () -> interp.run(bump, Map.of(), null));
            assertThrows(NullPointerException.class, () -> interp.runAsync(null));
            assertThrows(IllegalArgumentException.class, () -> interp.run(bump, Map.of("not a name", 1)));
            assertThrows(IllegalArgumentException.class, () -> interp.run(bump, Map.of("", 1)));
            assertThrows(IllegalArgumentException.class, () -> interp.run(bump, Map.of("1x", 1)));
            Map<String, Object> nullKey = new HashMap<>();
            nullKey.put(null, 1);
            assertThrows(IllegalArgumentException.class, () -> interp.run(bump, nullKey));
            assertThrows(IllegalArgumentException.class, () -> interp.run(bump, Map.of("x", 1.5)));
            assertThrows(IllegalArgumentException.class, () -> interp.run(bump, Map.of("x", true)));
            assertThrows(IllegalArgumentException.class, () -> interp.run(bump, Map.of("x", new Object())));
            assertFalse(interp.isRunning());
            // None of these ran: count is still 0 (a failed run with NameError would say otherwise).
            assertThrows(RunFailedError.class, () -> interp.run("assert count == 1, count"));
            interp.run("assert count == 0, count");
            // Durations beyond nanoseconds are capped, negative ones are zero (java.util.concurrent).
            interp.run(bump, Map.of(), Duration.ofSeconds(Long.MAX_VALUE));
            interp.run("assert count == 1, count");
        }
    }

    @Test
    void invalidSourceIsARunFailure() {
        try (Interpreter interp = Interpreters.create()) {
            RunFailedError syntax = assertThrows(RunFailedError.class, () -> interp.run("def ("));
            assertEquals("SyntaxError", syntax.remoteTypeName());
            RunFailedError nul = assertThrows(RunFailedError.class, () -> interp.run("x = 1\0"));
            assertTrue(List.of("SyntaxError", "ValueError").contains(nul.remoteTypeName()), nul.remoteTypeName());
            RunFailedError indent = assertThrows(RunFailedError.class, () -> interp.run("  x = 1\n y = 2"));
            assertEquals("IndentationError", indent.remoteTypeName());
            // Lone surrogates cannot be source text either; the run fails, the interpreter stays.
            assertThrows(RunFailedError.class, () -> interp.run("x = '\ud800'\nassert False"));
            interp.run("");
            interp.run("# only a comment");
            interp.run("x = 1");
        }
    }

    @Test
    void destroyedInterpreter() {
        Interpreter interp = Interpreters.create();
        interp.run("x = 1");
        interp.destroy();
        assertThrows(InterpreterNotFoundError.class, interp::isRunning);
        assertThrows(InterpreterNotFoundError.class, () -> interp.run("x = 2"));
        assertThrows(InterpreterNotFoundError.class, () -> interp.run("x = 2", Map.of(), Duration.ofSeconds(1)));
        assertThrows(InterpreterNotFoundError.class, interp::interrupt);
        assertThrows(InterpreterNotFoundError.class, interp::destroy);
        assertThrows(InterpreterNotFoundError.class, () -> interp.runAsync("x = 2").join());
        interp.close(); // harmless
        assertFalse(Interpreters.listAll().contains(interp));
        assertEquals(interp.id(), interp.id());
    }

    @Test
    void mainAndSelfCannotBeDestroyed() {
        assertThrows(InterpreterError.class, () -> Interpreters.getMain().destroy());
        assertThrows(InterpreterError.class, () -> Interpreters.getMain().close(), "close() of main is destroy(): refused");
        assertTrue(Interpreters.listAll().contains(Interpreters.getMain()));
        try (Interpreter interp = Interpreters.create()) {
            RunFailedError e = assertThrows(RunFailedError.class,
                    () -> interp.run("import interpreters\ninterpreters.get_current().destroy()"));
            assertEquals("RuntimeError", e.remoteTypeName());
            assertFalse(interp.isRunning());
        }
    }

    @Test
    void idleInterruptIsFalse() {
        try (Interpreter interp = Interpreters.create()) {
            assertFalse(interp.interrupt());
            interp.run("x = 1");
            assertFalse(interp.interrupt());
            interp.run("assert x == 1");
        }
    }

    @Test
    void channelEndsWithBadArguments() throws Exception {
        Channel ch = Interpreters.createChannel();
        assertThrows(IllegalArgumentException.class, () -> ch.sendEnd().send(1.5));
        assertThrows(IllegalArgumentException.class, () -> ch.sendEnd().send(new Object(), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> ch.sendEnd().sendNowait(Boolean.TRUE));
        assertThrows(NullPointerException.class, () -> ch.sendEnd().sendBuffer(null));
        assertThrows(NullPointerException.class, () -> ch.sendEnd().send(1L, null));
        assertThrows(NullPointerException.class, () -> ch.recvEnd().recv(null));
        assertTrue(ch.sendEnd().interpreters().isEmpty(), "a rejected send associates nobody");
        // Negative and huge timeouts: nowait and capped, not errors.
        assertThrows(io.interpreters4j.ChannelEmptyError.class, () -> ch.recvEnd().recv(Duration.ofSeconds(-1)));
        assertThrows(io.interpreters4j.NotReceivedError.class, () -> ch.sendEnd().send(1L, Duration.ofNanos(-5)));
        assertEquals("d", ch.recvEnd().recvNowait("d"));
        assertEquals(RecvResult.empty(), ch.recvEnd().tryRecv());
        assertEquals(List.of(ch), Interpreters.listAllChannels().stream().filter(c -> c.equals(ch)).toList());
        ch.recvEnd().close(false);
    }

    @Test
    void closedChannel() throws Exception {
        Channel ch = Interpreters.createChannel();
        long id = ch.recvEnd().id();
        ch.recvEnd().close(false);
        assertThrows(ChannelClosedError.class, () -> ch.recvEnd().recv());
        assertThrows(ChannelClosedError.class, () -> ch.recvEnd().recv(Duration.ofSeconds(1)));
        assertThrows(ChannelClosedError.class, () -> ch.recvEnd().recvNowait(null));
        assertEquals(RecvResult.closed(), ch.recvEnd().tryRecv());
        assertThrows(ChannelClosedError.class, () -> ch.sendEnd().send(1L));
        assertThrows(ChannelClosedError.class, () -> ch.sendEnd().sendNowait(1L));
        assertThrows(ChannelClosedError.class, () -> ch.sendEnd().sendBuffer(ByteBuffer.allocate(4)));
        assertThrows(ChannelClosedError.class, () -> ch.sendEnd().sendBufferNowait(ByteBuffer.allocateDirect(4)));
        assertThrows(ChannelClosedError.class, () -> ch.recvEnd().close(false));
        assertThrows(ChannelClosedError.class, () -> ch.recvEnd().close(true));
        assertThrows(ChannelClosedError.class, () -> ch.sendEnd().close(false));
        assertThrows(ChannelClosedError.class, () -> ch.recvEnd().interpreters());
        assertThrows(ChannelClosedError.class, () -> ch.sendEnd().interpreters());
        assertThrows(ChannelClosedError.class, () -> ch.recvEnd().release());
        ch.recvEnd().close(); // AutoCloseable: harmless
        ch.sendEnd().close();
        // Ids are never reused: the id of a channel that closed says so.
        ChannelClosedError byId = assertThrows(ChannelClosedError.class, () -> Interpreters.recvChannel(id));
        assertEquals("channel " + id + " is closed", byId.getMessage());
        assertThrows(ChannelClosedError.class, () -> Interpreters.sendChannel(id));
        assertFalse(Interpreters.listAllChannels().contains(ch));
    }

    @Test
    void releasedChannelEnd() throws Exception {
        Channel ch = Interpreters.createChannel();
        Channel keepOpen = ch; // the other end stays associated with main through a nowait call
        assertEquals(RecvResult.Status.EMPTY, keepOpen.recvEnd().tryRecv().status());
        assertTrue(ch.sendEnd().release());
        assertFalse(ch.sendEnd().release(), "idempotent");
        assertThrows(ChannelReleasedError.class, () -> ch.sendEnd().send(1L));
        assertThrows(ChannelReleasedError.class, () -> ch.sendEnd().sendNowait(1L));
        assertThrows(ChannelReleasedError.class, () -> ch.sendEnd().sendBuffer(ByteBuffer.allocate(1), Duration.ofMillis(1)));
        assertTrue(ch.recvEnd().release());
        // Both ends released: closed; a released end still answers as released.
        assertThrows(ChannelReleasedError.class, () -> ch.recvEnd().recv());
        assertFalse(ch.recvEnd().release());
        assertThrows(ChannelClosedError.class, () -> Interpreters.recvChannel(ch.recvEnd().id()));
    }
}
