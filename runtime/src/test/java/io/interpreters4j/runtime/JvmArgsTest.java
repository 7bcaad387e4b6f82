package io.interpreters4j.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM flags' one home ({@link JvmArgs}) and the start-up check that names what is wrong with
 * them ({@link JvmCheck}). Pure Java: no interpreter is started.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JvmArgsTest {

    /** This test JVM was started from the argument file the build wrote, for this very JDK, and has the JIT. */
    @Test
    void theTestJvmRunsOnTheFlagsTheBuildWroteForItsJdk() throws Exception {
        String home = System.getProperty("java.home");
        assertEquals(home, System.getProperty(JvmArgs.JDK_PROPERTY));
        Path target = Path.of("target");
        assertEquals(home, Files.readString(target.resolve(JvmArgs.JDK_FILE)).strip());
        List<String> lines = Files.readAllLines(target.resolve(JvmArgs.ARGS_FILE));
        assertTrue(lines.contains("--enable-native-access=ALL-UNNAMED"), lines.toString());
        assertEquals(JvmArgs.hasJvmci(), lines.contains("-XX:+EnableJVMCI"), lines.toString());
        // With JVMCI, those flags turn the Graal JIT on.
        assertEquals(JvmArgs.hasJvmci(), PythonRuntime.get().jit());
    }

    @Test
    void flagsFollowTheJdk() {
        Path compiler = Path.of("/opt/graal compiler");
        List<String> jdk21 = JvmArgs.flags(21, false, false, compiler, "/jdk21");
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "-Xss16m", "-Dinterpreters4j.jdk=/jdk21"), jdk21);
        List<String> jdk25 = JvmArgs.flags(25, true, true, compiler, "/jdk25");
        assertEquals(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                "--upgrade-module-path=/opt/graal compiler", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xss16m", "-Dinterpreters4j.jdk=/jdk25"), jdk25);
        // A JDK without a Graal compiler of its own (the launcher's runtime image): the jars are
        // added as a module, not upgraded.
        List<String> image = JvmArgs.flags(25, true, false, compiler, "/image");
        assertEquals(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                "--module-path=/opt/graal compiler", "--add-modules=jdk.graal.compiler", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xss16m", "-Dinterpreters4j.jdk=/image"), image);
    }

    /** What the java launcher reads back from the file is what was meant, blanks and quotes included. */
    @Test
    void argumentsWithBlanksAreQuoted() {
        assertEquals("-Xss16m", JvmArgs.quote("-Xss16m"));
        assertEquals("\"--upgrade-module-path=/opt/graal compiler\"", JvmArgs.quote("--upgrade-module-path=/opt/graal compiler"));
        assertEquals("\"-Da=\\\"b\\\\c\\\"\"", JvmArgs.quote("-Da=\"b\\c\""));
    }

    @Test
    void writesTheArgumentFileAndTheJdkHome(@TempDir Path dir) throws Exception {
        JvmArgs.main(new String[] {dir.toString(), dir.resolve("compiler").toString()});
        String home = System.getProperty("java.home");
        assertEquals(home + "\n", Files.readString(dir.resolve(JvmArgs.JDK_FILE), StandardCharsets.UTF_8));
        List<String> args = Files.readAllLines(dir.resolve(JvmArgs.ARGS_FILE)).stream()
                .filter(l -> !l.startsWith("#")).toList();
        assertEquals(JvmArgs.flags(Runtime.version().feature(), JvmArgs.hasJvmci(), JvmArgs.hasOwnGraalCompiler(),
                dir.resolve("compiler"), home)
                .stream().map(JvmArgs::quote).toList(), args);
    }

    /** Each way of missing the JIT is named, with its fix; a JIT that is on says nothing. */
    @Test
    void theStartupCheckNamesTheProblem(@TempDir Path compiler) {
        assertNull(JvmCheck.jitProblem(true));
        String home = System.getProperty("java.home");
        assertTrue(JvmCheck.jitProblem(null, home, 25, false, null).contains("this JDK has no JVMCI"));
        String missing = JvmCheck.jitProblem(null, home, 25, true, null);
        assertTrue(missing.startsWith("interpreters4j: WARNING: the Graal JIT is off"), missing);
        assertTrue(missing.contains("the Graal JIT flags are missing") && missing.contains("@interpreters4j.args")
                && missing.contains(JvmCheck.DOCS), missing);
        assertTrue(JvmCheck.jitProblem("/some/other/jdk", home, 25, true, compiler.toString())
                .contains("written for another JDK (/some/other/jdk)"));
        assertTrue(JvmCheck.jitProblem(home, home, 25, true, compiler.resolve("gone").toString())
                .contains("the Graal compiler jars are missing"));
        assertFalse(JvmCheck.jitProblem(home, home, 25, true, compiler.toString()).contains("missing"));
        assertEquals(1, missing.lines().count(), "one line");
    }
}
