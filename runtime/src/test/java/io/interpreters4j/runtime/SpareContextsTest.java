package io.interpreters4j.runtime;

import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterConfig;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RunFailedError;
import io.interpreters4j.runtime.interpreter.SpareContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spare contexts ({@link SpareContexts}) are invisible to users: ids are still given by
 * {@code create()} in order, {@code list_all()} never shows a spare, a spare is handed out once
 * and is fresh (it has run no user code), and a spare keeps the isolation of its kind.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SpareContextsTest {

    private static final long SETTLE_MILLIS = 120_000;

    private static SpareContexts spares() throws InterruptedException {
        SpareContexts s = PythonRuntime.get().interpreters().spares();
        assertTrue(s.target() > 0, "these tests need spares on (system property " + SpareContexts.TARGET_PROPERTY + ")");
        return s;
    }

    @Test
    void createGivesTheNextIdAndListAllNeverShowsSpares() throws Exception {
        Interpreters.create().close(); // asks for trusted spares
        SpareContexts s = spares();
        assertTrue(s.awaitFull(SETTLE_MILLIS), "spares were not built");
        assertTrue(s.readyCount() >= 1);
        List<Long> before = ids();
        List<Interpreter> made = new ArrayList<>();
        try {
            for (int i = 0; i < s.target() + 1; i++) { // more than are ready: the last builds its own
                made.add(Interpreters.create());
            }
            for (int i = 1; i < made.size(); i++) {
                assertEquals(made.get(i - 1).id() + 1, made.get(i).id());
            }
            List<Long> expected = new ArrayList<>(before);
            made.forEach(m -> expected.add(m.id()));
            expected.sort(null);
            assertEquals(expected, ids(), "list_all shows exactly the live interpreters, no spare");
            for (Interpreter m : made) {
                m.run("x = 1");
            }
        } finally {
            made.forEach(Interpreter::close);
        }
    }

    @Test
    void aSpareIsHandedOutOnceAndHasRunNoUserCode() throws Exception {
        Interpreters.create().close();
        SpareContexts s = spares();
        for (int round = 0; round < 3; round++) {
            assertTrue(s.awaitFull(SETTLE_MILLIS), "spares were not refilled");
            long handed = s.handedOut();
            try (Interpreter interp = Interpreters.create()) {
                assertEquals(handed + 1, s.handedOut(), "a ready spare was not used");
                // A context that ran code (the previous round's) must never come back.
                interp.run("""
                        assert 'marker' not in globals(), 'a used context was handed out again'
                        import sys, threading
                        assert not hasattr(sys, '_i4j_marker')
                        # prepared while it waited: a first call imports nothing (SpareContexts.prepareCalls)
                        assert '_interpreters4j' in sys.modules, 'the spare did not import what a first call needs'
                        sys._i4j_marker = 1
                        marker = 1
                        # the owner thread, not the thread that booted the spare, is this interpreter's main thread
                        assert threading.current_thread() is threading.main_thread()
                        """);
            }
        }
    }

    @Test
    void isolatedSparesStayIsolatedAndTrustedStayTrusted() throws Exception {
        Interpreters.create(InterpreterConfig.isolated()).close(); // asks for isolated spares
        Interpreters.create().close();
        SpareContexts s = spares();
        assertTrue(s.awaitFull(SETTLE_MILLIS), "spares were not built");
        long handed = s.handedOut();
        try (Interpreter isolated = Interpreters.create(InterpreterConfig.isolated());
             Interpreter trusted = Interpreters.create()) {
            assertEquals(handed + 2, s.handedOut(), "both came from spares");
            assertThrows(RunFailedError.class, () -> isolated.run("open('/proc/self/status').read()"));
            trusted.run("open('/proc/self/status').read()");
        }
    }

    /**
     * Interrupting the spares' threads ends them promptly (as exec:java does when the program
     * ends): the builder and every spare not handed out, whose contexts are closed. The next
     * create() starts a new builder, and spares come back.
     */
    @Test
    void interruptedSpareThreadsEndPromptlyAndSparesComeBack() throws Exception {
        Interpreters.create().close();
        SpareContexts s = spares();
        assertTrue(s.awaitFull(SETTLE_MILLIS), "spares were not built");
        List<Thread> spareThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("interpreters4j-spare")).toList();
        assertTrue(spareThreads.size() >= 1 + s.target(), "the builder and its spares: " + spareThreads);
        spareThreads.forEach(Thread::interrupt);
        for (Thread t : spareThreads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!t.isAlive(), t + " did not end within 30 s of its interrupt:\n"
                    + ThreadDumpOnTimeout.threadDump(n -> n.startsWith("interpreters4j-spare")));
        }
        assertEquals(0, s.readyCount());
        long handed = s.handedOut();
        Interpreters.create().close(); // starts a new builder
        assertTrue(s.awaitFull(SETTLE_MILLIS), "spares did not come back");
        try (Interpreter interp = Interpreters.create()) {
            assertEquals(handed + 1, s.handedOut(), "a new spare was used");
            interp.run("x = 1");
        }
    }

    /**
     * discardReady() (a warm start's program brings new settings): the ready spares are taken
     * out, none is built until a create() asks again, and then spares come back and are used.
     */
    @Test
    void discardedSparesAreClosedAndComeBackOnlyWhenAskedFor() throws Exception {
        Interpreters.create().close();
        SpareContexts s = spares();
        assertTrue(s.awaitFull(SETTLE_MILLIS), "spares were not built");
        s.discardReady();
        assertEquals(0, s.readyCount());
        Thread.sleep(2000);
        assertEquals(0, s.readyCount(), "spares were built before anyone asked");
        long handed = s.handedOut();
        Interpreters.create().close(); // asks again: built from now on, with the settings of now
        assertTrue(s.awaitFull(SETTLE_MILLIS), "spares did not come back");
        try (Interpreter interp = Interpreters.create()) {
            assertEquals(handed + 1, s.handedOut(), "a new spare was used");
            interp.run("x = 1");
        }
    }

    private static List<Long> ids() {
        return Interpreters.listAll().stream().map(Interpreter::id).toList();
    }
}
