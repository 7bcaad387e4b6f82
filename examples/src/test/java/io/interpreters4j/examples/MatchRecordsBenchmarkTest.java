package io.interpreters4j.examples;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command, at full size: {@code bin/interpreters examples/python/match_records.py}.
 * Excluded by default (it takes a minute or more and its times only mean something on an idle
 * machine):
 * {@code mvn -B verify -pl examples -am -Dsurefire.excludedGroups= -Dgroups=benchmark}.
 */
@Tag("benchmark")
class MatchRecordsBenchmarkTest {

    @Test
    @Timeout(900)
    void matchRecords() throws Exception {
        PythonProgram.Result r = PythonProgram.run(false, "match_records.py", 880);
        System.out.println(r.outText());
        assertEquals(0, r.status(), r::err);
        List<String> out = r.out();
        assertEquals("near-duplicate pairs found: 1616", out.get(1));
        assertTrue(out.get(8).matches("speed-up of the new pools: \\d+\\.\\d\\dx \\(the JIT compilers took .*"), out.toString());
        assertTrue(out.get(out.size() - 1).startsWith("whole process so far: "), out.toString());
    }
}
