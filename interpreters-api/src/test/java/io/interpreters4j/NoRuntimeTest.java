package io.interpreters4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API without a runtime on the class path (this module's tests have none). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NoRuntimeTest {

    /** A missing runtime is an IllegalStateException that says what to do, every time, never an ExceptionInInitializerError. */
    @Test
    void aMissingRuntimeIsReportedPlainlyEveryTime() {
        for (int i = 0; i < 2; i++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, Interpreters::create);
            assertTrue(e.getMessage().contains("no interpreters4j runtime found")
                    && e.getMessage().contains("io.interpreters4j:interpreters-runtime"), e.getMessage());
            assertEquals(null, e.getCause());
        }
        assertThrows(IllegalStateException.class, Interpreters::createChannel);
    }
}
