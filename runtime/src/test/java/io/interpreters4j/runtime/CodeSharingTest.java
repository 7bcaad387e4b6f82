package io.interpreters4j.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Code that one interpreter warmed is the same compiled code in the next: the functions a run()
 * source defines, and functions sent by call(), are compiled once per process, not once per
 * interpreter (see {@link io.interpreters4j.runtime.interpreter.SharedSources}).
 *
 * <p>Shown with GraalVM's own traces, not with timings: a child JVM with the JIT runs a program
 * that defines and calls functions in interpreter A, then in a new interpreter B, with every call
 * target of those functions compiled at its first call ({@code engine.CompileImmediately},
 * synchronously) and compilations traced. A function B got from a shared source is the call
 * target A compiled (one call target id in the trace); a function B made with its own
 * {@code exec(compile(...))} is a second call target, compiled again, which shows that the trace
 * would reveal an unshared copy (a full collection between the two makes that certain: the
 * engine keeps what it parsed from a {@code Source} only while something holds the
 * {@code Source}). The source cache's trace shows B's hits.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class CodeSharingTest {

    private static final String PROGRAM = String.join("\n",
            "import gc, interpreters",
            "KERNEL = '''def kernel(n):",
            "    s = 0",
            "    for i in range(n):",
            "        s = (s * 31 + i) % 1000003",
            "    return s",
            "'''",
            "PRIVATE = 'exec(compile(%r, \"<private>\", \"exec\"))' % KERNEL.replace('kernel', 'private')",
            "def sent(n):",
            "    s = 0",
            "    for i in range(n):",
            "        s = (s * 17 + i) % 999983",
            "    return s",
            "for name in ('A', 'B'):",
            "    gc.collect()  # the engine forgets code whose Source nothing holds",
            "    interp = interpreters.create()",
            "    interp.run(KERNEL)",
            "    interp.run(PRIVATE)",
            "    interp.run('assert kernel(10) == private(10)')",
            "    print(name, interp.call(sent, 10), flush=True)",
            "");

    /** "opt done" lines of the compilation trace: the call target's id and its name. */
    private static final Pattern COMPILED = Pattern.compile("opt done\\s+engine=\\d+\\s+id=(\\d+)\\s+<bytecode (\\w+) at ");

    @Test
    void aFunctionWarmedInOneInterpreterIsTheCompiledCodeOfTheNext(@TempDir Path tmp) throws Exception {
        String trace = traceOf(tmp, PROGRAM, "kernel,private,sent", "A 110048", "B 110048");
        assertEquals(1, jitCompiledIds(trace, "kernel").size(), "kernel, from a shared run() source: " + jitCompiledIds(trace, "kernel"));
        assertEquals(1, jitCompiledIds(trace, "sent").size(), "sent, from call(): " + jitCompiledIds(trace, "sent"));
        assertEquals(2, jitCompiledIds(trace, "private").size(), "private, compiled by each interpreter itself: "
                + jitCompiledIds(trace, "private"));
        assertTrue(trace.lines().anyMatch(l -> l.contains("source-cache-hit") && l.contains("<string>")), "B's run() hit the source cache");
        assertTrue(trace.lines().anyMatch(l -> l.contains("source-cache-hit") && l.contains("<sent function sent>")),
                "B's call() hit the source cache");
    }

    /**
     * Interpreters whose {@code __main__} hold different names share compiled code without
     * throwing it out for a check of the module's shape. GraalPy keeps a module's names as an
     * object's properties and its compiled read of a global checks that object's shape (the names,
     * in order), so each interpreter with other names invalidated the code of every function
     * it shared; the runtime keeps every {@code __main__} in a hash table instead (hash_globals in
     * _boot.py). What may still leave compiled code is a profile meeting its first new case, once.
     */
    @Test
    void interpretersWithOtherGlobalNamesDoNotInvalidateEachOthersCode(@TempDir Path tmp) throws Exception {
        String program = String.join("\n",
                "import interpreters",
                "def sent(n):",
                "    s = 0",
                "    for i in range(n):",
                "        s = (s * 17 + i) % 999983",
                "    return s",
                "for name, names in (('A', 'x = 0'), ('B', 'y = 1; z = 2')):",
                "    interp = interpreters.create()",
                "    interp.run(names)",
                "    for _ in range(3):",
                "        result = interp.call(sent, 10)",
                "    print(name, result, flush=True)",
                "");
        String trace = traceOf(tmp, program, "sent", "A 110048", "B 110048");
        assertEquals(1, jitCompiledIds(trace, "sent").size(), "sent: " + jitCompiledIds(trace, "sent"));
        // Each transferToInterpreter of `sent` with its Java stack, up to the next trace record.
        List<String> deopts = List.of(trace.split("\\[engine\\] ")).stream()
                .filter(r -> r.startsWith("transferToInterpreter at") && r.contains("  sent(")).toList();
        assertTrue(!deopts.isEmpty(), "the trace shows no transfer to the interpreter at all: is it traced?");
        for (String d : deopts) {
            assertTrue(!d.contains("DynamicObjectLibrary") && !d.contains("HiddenAttr"),
                    "compiled code of sent was thrown out by a check of a module's shape:\n" + d);
        }
    }

    /**
     * Runs {@code program} in a child JVM with the JIT, compiling the functions {@code compileOnly}
     * at their first call, synchronously, and returns GraalVM's trace of compilations and of the
     * source cache. The program must print each of {@code expected}.
     */
    private static String traceOf(Path tmp, String program, String compileOnly, String... expected) throws Exception {
        Path file = tmp.resolve("sharing.py");
        Files.writeString(file, program);
        Path log = tmp.resolve("engine.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The test JVM's own flags: the Graal JIT (JVMCI, the compiler jars), native access.
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:") || arg.startsWith("--upgrade-module-path") || arg.startsWith("--enable-native-access")
                    || arg.startsWith("--sun-misc-unsafe-memory-access")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of(
                "-Dpolyglot.engine.AllowExperimentalOptions=true",
                "-Dpolyglot.engine.CompileImmediately=true",
                "-Dpolyglot.engine.BackgroundCompilation=false",
                "-Dpolyglot.engine.CompileOnly=" + compileOnly,
                "-Dpolyglot.engine.TraceCompilation=true",
                "-Dpolyglot.engine.TraceTransferToInterpreter=true",
                "-Dpolyglot.engine.TraceSourceCache=true",
                "-Dpolyglot.engine.TraceSourceCacheDetails=true",
                "-Dpolyglot.log.file=" + log,
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
        String output = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        for (String line : expected) {
            assertTrue(output.contains(line), "expected " + line + " in: " + output);
        }
        return Files.readString(log);
    }

    /** The ids of the call targets named {@code function} that the JIT compiled. */
    private static Set<String> jitCompiledIds(String trace, String function) {
        Set<String> ids = new TreeSet<>();
        Matcher m = COMPILED.matcher(trace);
        while (m.find()) {
            if (m.group(2).equals(function)) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }
}
