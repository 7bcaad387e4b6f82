package io.interpreters4j.runtime;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The Python-level suites ({@code src/test/python/test_*.py}, plain {@code unittest}), each run
 * as the program of the main interpreter of this JVM, as {@code bin/interpreters} would run it.
 * Their verbose output goes to the test log; a non-zero exit status fails the test.
 */
class PythonSuiteTest {

    @TestFactory
    Stream<DynamicTest> pythonSuites() throws IOException {
        Path dir = Path.of("src/test/python");
        var files = Files.list(dir).filter(p -> p.getFileName().toString().matches("test_.*\\.py")).sorted().toList();
        assertFalse(files.isEmpty(), "no Python suites in " + dir.toAbsolutePath());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String path = file.toAbsolutePath().toString();
            int status;
            try {
                status = assertTimeoutPreemptively(java.time.Duration.ofMinutes(5),
                        () -> PythonRuntime.get().interpreters().main().runMain(path, null, new String[] {path}));
            } catch (AssertionFailedError e) {
                // Extension handlers do not see dynamic tests: print where everything waits here.
                ThreadDumpOnTimeout.printIfTimeout(file.getFileName().toString(), e);
                throw e;
            }
            assertEquals(0, status, file + " failed: see its unittest output above");
        }));
    }
}
