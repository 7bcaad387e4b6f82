package io.interpreters4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Python example, run as {@code bin/interpreters examples/python/...} runs it (in a child
 * JVM), with its exit status and its output checked line by line. Where lines of concurrent
 * interpreters may come in either order, the test checks what is fixed: which lines, and which
 * come first and last.
 *
 * <p>Two examples run at a time (see junit-platform.properties): most of each run is the start of
 * its JVM, which does not keep two cores busy.
 */
@Timeout(180)
@Execution(ExecutionMode.CONCURRENT)
class PythonExamplesTest {

    /** Examples checked by this class (and the quick run of match_records.py). */
    static final Set<String> COVERED = Set.of(
            "pep554/run_isolated_code.py", "pep554/run_in_a_thread.py", "pep554/prepopulate.py",
            "pep554/handling_an_exception.py", "pep554/reraising_an_exception.py",
            "pep554/synchronize_using_a_channel.py", "pep554/sharing_a_file_descriptor.py",
            "pep554/passing_objects_via_marshal.py", "pep554/passing_objects_via_pickle.py",
            "pep554/running_a_module.py", "pep554/running_as_script.py",
            "pep554/running_in_a_thread_pool_executor.py",
            "csp/pipeline.py", "csp/prime_sieve.py", "csp/fan_out_fan_in.py", "csp/select_multiplexer.py",
            "csp/graceful_shutdown.py", "match_records.py");

    private static List<String> run(String example, String... args) throws IOException, InterruptedException {
        PythonProgram.Result r = PythonProgram.run(example, 170, args);
        assertEquals(0, r.status(), () -> example + " exited with " + r.status() + "\nstdout:\n" + r.outText()
                + "\nstderr:\n" + r.err());
        assertEquals("", r.err().strip(), () -> example + " wrote to stderr");
        return r.out();
    }

    @Test
    void everyExampleIsCovered() throws IOException {
        Path root = PythonProgram.examples();
        Set<String> programs;
        try (Stream<Path> files = Files.walk(root)) {
            programs = files.filter(p -> p.toString().endsWith(".py"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.contains("sample_app/"))          // a package the examples run
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(COVERED), programs);
    }

    // ------------------------------------------------------------------ PEP 554 "Examples"

    @Test
    void runIsolatedCode() throws Exception {
        assertEquals(List.of("before", "during", "after"), run("pep554/run_isolated_code.py"));
    }

    @Test
    void runInAThread() throws Exception {
        List<String> out = run("pep554/run_in_a_thread.py");
        assertEquals("before", out.get(0));
        assertEquals(List.of("after", "during"), out.subList(1, out.size()).stream().sorted().toList());
    }

    @Test
    void prepopulate() throws Exception {
        assertEquals(List.of(
                "request 1: {\"apple\": 3} -> 1.20",
                "request 2: {\"pear\": 2, \"fig\": 1} -> 2.30",
                "request 3: {\"fig\": 10} -> 12.00"), run("pep554/prepopulate.py"));
    }

    @Test
    void handlingAnException() throws Exception {
        assertEquals(List.of(
                "got the error from the subinterpreter: Traceback (most recent call last):",
                "  File \"<string>\", line 2, in <module>",
                "KeyError"), run("pep554/handling_an_exception.py"));
    }

    @Test
    void reraisingAnException() throws Exception {
        assertEquals(List.of("got a KeyError from the subinterpreter"), run("pep554/reraising_an_exception.py"));
    }

    @Test
    void synchronizeUsingAChannel() throws Exception {
        assertEquals(List.of("before", "after", "during"), run("pep554/synchronize_using_a_channel.py"));
    }

    @Test
    void sharingAFileDescriptor() throws Exception {
        assertEquals(List.of("spam", "", "spam", "", "spam", "",
                "done: the other interpreter read the file through a shared file descriptor"),
                run("pep554/sharing_a_file_descriptor.py"));
    }

    @Test
    void passingObjectsViaMarshal() throws Exception {
        assertEquals(List.of(
                "received float: 3.25",
                "received tuple: (1, 'two')",
                "received list: [None, True]",
                "received dict: {'a': 1, 'b': [2, 3]}",
                "received frozenset: frozenset({7})"), run("pep554/passing_objects_via_marshal.py"));
    }

    @Test
    void passingObjectsViaPickle() throws Exception {
        assertEquals(List.of(
                "received Fraction: Fraction(1, 3)",
                "received date: datetime.date(2019, 6, 1)",
                "received OrderedDict: OrderedDict({'spam': 1, 'eggs': 2})",
                "received deque: deque([1, 2, 3])"), run("pep554/passing_objects_via_pickle.py"));
    }

    @Test
    void runningAModule() throws Exception {
        assertEquals(List.of("sample_app.__main__ running as 'sample_app.__main__' in interpreter 1"),
                run("pep554/running_a_module.py"));
    }

    @Test
    void runningAsScript() throws Exception {
        assertEquals(List.of(
                "running sample_app/tool.py",
                "tool.py running as '<run_path>' in interpreter 1",
                "running sample_app",
                "sample_app.__main__ running as '<run_path>' in interpreter 1",
                "running sample_app.zip",
                "sample_app.__main__ running as '<run_path>' in interpreter 1"), run("pep554/running_as_script.py"));
    }

    @Test
    void runningInAThreadPoolExecutor() throws Exception {
        List<String> out = run("pep554/running_in_a_thread_pool_executor.py");
        assertEquals("before", out.get(0));
        assertEquals("all done", out.get(out.size() - 1));
        List<String> middle = out.subList(1, out.size() - 1);
        assertEquals(11, middle.size(), out::toString);
        assertEquals(1, middle.stream().filter("after"::equals).count());
        assertEquals(5, middle.stream().filter("starting"::equals).count());
        assertEquals(5, middle.stream().filter("stopping"::equals).count());
    }

    // ------------------------------------------------------------------ CSP

    @Test
    void pipeline() throws Exception {
        assertEquals(List.of(
                "200 log lines through 4 stages",
                "  3 x 404 /",
                "  3 x 404 /api/items",
                "  4 x 404 /cart",
                "  4 x 404 /login",
                "  3 x 404 /search",
                "  2 x 500 /",
                "  2 x 500 /api/items",
                "  2 x 500 /cart",
                "  2 x 500 /login",
                "  3 x 500 /search"), run("csp/pipeline.py"));
    }

    @Test
    void primeSieve() throws Exception {
        assertEquals(List.of("2", "3", "5", "7", "11", "13", "17", "19", "23", "29",
                "10 primes from a chain of 11 interpreters"), run("csp/prime_sieve.py"));
    }

    @Test
    void fanOutFanIn() throws Exception {
        assertEquals(List.of(
                "primes below  1000:  168",
                "primes below  2000:  303",
                "primes below  3000:  430",
                "primes below  4000:  550",
                "primes below  5000:  669",
                "primes below  6000:  783",
                "primes below  7000:  900",
                "primes below  8000: 1007",
                "primes below  9000: 1117",
                "primes below 10000: 1229",
                "primes below 11000: 1335",
                "primes below 12000: 1438",
                "12 jobs done by 3 workers, each job exactly once: True"), run("csp/fan_out_fan_in.py"));
    }

    @Test
    void selectMultiplexer() throws Exception {
        assertEquals(List.of(
                "before start: nothing ready",
                "no reading for 5 s from: wind",
                "temperature temperature=18 temperature=21 temperature=24 temperature=27",
                "humidity    humidity=55 humidity=58 humidity=61 humidity=64",
                "wind        -",
                "wind failed: OSError: wind sensor not connected"), run("csp/select_multiplexer.py"));
    }

    @Test
    void gracefulShutdown() throws Exception {
        assertEquals(List.of(
                "main: sent 6 jobs and closed the jobs channel",
                "workers: both loops ended, 6 jobs handled in all",
                "collector: results channel closed after 6 results",
                "  alpha -> ALPHA",
                "  bravo -> BRAVO",
                "  charlie -> CHARLIE",
                "  delta -> DELTA",
                "  echo -> ECHO",
                "  foxtrot -> FOXTROT",
                "main: a send on the closed jobs channel raises ChannelClosedError"), run("csp/graceful_shutdown.py"));
    }

    // ------------------------------------------------------------------ the motivating job, small

    @Test
    void matchRecordsSmall() throws Exception {
        List<String> out = run("match_records.py", "300", "2");
        assertEquals(10, out.size(), out::toString);
        assertTrue(out.get(0).matches("matching 300 records \\(44850 pairs\\) on 2 interpreters, then on 1, then on 2 again \\(\\d+ CPU cores\\)"), out.get(0));
        assertEquals("near-duplicate pairs found: 138", out.get(1));
        assertEquals(List.of(
                "  'farid novak, 51 river walk, berlin'         ~ 'farid novak, 51 river wulk, berlin'",
                "  'farid novak, 51 river walk, berlin'         ~ 'faaid novak, 51 river walk, berlin'",
                "  'farid novak, 51 river walk, berlin'         ~ 'farid novak, 5x river walk, berlin'"),
                out.subList(2, 5));
        assertTrue(out.get(5).matches("on 2 interpreters, the first pool \\(cold code\\): \\d+\\.\\d\\d s"), out.get(5));
        assertTrue(out.get(6).matches("on 1 interpreter, a new pool \\(shared code\\): \\d+\\.\\d\\d s"), out.get(6));
        assertTrue(out.get(7).matches("on 2 interpreters, a new pool \\(shared code\\): \\d+\\.\\d\\d s"), out.get(7));
        // On this runtime the JIT's compiler threads are found and their share is said.
        assertTrue(out.get(8).matches("speed-up of the new pools: \\d+\\.\\d\\dx "
                + "\\(the JIT compilers took \\d+\\.\\d\\d of the \\d+ cores meanwhile\\)"), out.get(8));
        // The whole process's time includes what ran before the program (the JVM's start, the runtime's set-up).
        Matcher total = Pattern.compile(
                "whole process so far: (\\d+\\.\\d\\d) s since it started, (\\d+\\.\\d\\d) s of it before this program ran")
                .matcher(out.get(9));
        assertTrue(total.matches(), out.get(9));
        double whole = Double.parseDouble(total.group(1));
        double before = Double.parseDouble(total.group(2));
        assertTrue(before > 0 && whole > before, out.get(9));
    }
}
