package io.interpreters4j.runtime;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one home of the JVM flags that every JVM running interpreters4j needs: the build runs this
 * class on the JDK it found and writes them as an argument file, which the tests, the examples,
 * {@code bin/interpreters} and an embedding application all pass to {@code java}:
 *
 * <pre>{@code
 * java -cp interpreters-runtime.jar io.interpreters4j.runtime.JvmArgs OUT_DIR GRAAL_COMPILER_DIR
 * "$(cat OUT_DIR/interpreters4j.jdk)/bin/java" @OUT_DIR/interpreters4j.args -cp ... com.example.App
 * }</pre>
 *
 * <p>It writes two files into {@code OUT_DIR}:
 * <ul>
 * <li>{@value #ARGS_FILE}: the flags for the JDK running this class. The Graal JIT on a JDK with
 * JVMCI: {@code -XX:+EnableJVMCI} and the Graal compiler jars of the GraalVM version in use
 * (GRAAL_COMPILER_DIR), on {@code --upgrade-module-path} when the JDK has a
 * {@code jdk.graal.compiler} module of its own (Temurin 25 has one, without Truffle support, which
 * they must replace), else on {@code --module-path} with {@code --add-modules} (a JDK without
 * one, such as the launcher's runtime image: see {@code bin/interpreters}; unlike an upgrade, this
 * lets the JDK's AOT cache work); {@code --enable-native-access};
 * on JDK 24 and later {@code --sun-misc-unsafe-memory-access=allow} (Truffle uses
 * {@code sun.misc.Unsafe}); {@code -Xss16m} (an interpreter's thread gets the JVM's default
 * stack size, which bounds Python's recursion depth); and {@code -D}{@value #JDK_PROPERTY}, the
 * JDK these flags are for, which the runtime checks at start-up.
 * <li>{@value #JDK_FILE}: that JDK's home directory, one line, so that a script can run the very
 * JDK the flags were made for.
 * </ul>
 *
 * <p>The flags are JDK-specific on purpose: a JDK older than the one they were made for fails at
 * once (an unknown option, or the compiler's module not resolving), and the runtime warns when
 * they were made for another JDK (see {@link JvmCheck}).
 */
public final class JvmArgs {

    /** The argument file's name. */
    public static final String ARGS_FILE = "interpreters4j.args";
    /** The name of the file holding the JDK's home directory. */
    public static final String JDK_FILE = "interpreters4j.jdk";
    /** System property set by the argument file: the home of the JDK it was made for. */
    public static final String JDK_PROPERTY = "interpreters4j.jdk";
    /** The stack size of every thread (interpreters' included) unless a thread asks for another. */
    static final String STACK = "-Xss16m";
    /** The Graal compiler's module, in the staged jars (and in some JDKs). */
    static final String COMPILER_MODULE = "jdk.graal.compiler";

    private JvmArgs() {
    }

    /**
     * Writes {@value #ARGS_FILE} and {@value #JDK_FILE} for the running JDK.
     *
     * @param args the output directory and the directory holding the Graal compiler jars
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: JvmArgs OUT_DIR GRAAL_COMPILER_DIR");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        Path compiler = Path.of(args[1]).toAbsolutePath();
        String home = System.getProperty("java.home");
        Files.createDirectories(out);
        StringBuilder text = new StringBuilder()
                .append("# interpreters4j: JVM flags for ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(" at ").append(home).append('\n')
                .append("# Written by the build (io.interpreters4j.runtime.JvmArgs) for that JDK only: run it as\n")
                .append("#   \"$(cat ").append(out.resolve(JDK_FILE)).append(")/bin/java\" @").append(out.resolve(ARGS_FILE))
                .append(" -cp ... MAIN\n");
        for (String flag : flags(Runtime.version().feature(), hasJvmci(), hasOwnGraalCompiler(), compiler, home)) {
            text.append(quote(flag)).append('\n');
        }
        Files.writeString(out.resolve(ARGS_FILE), text, StandardCharsets.UTF_8);
        Files.writeString(out.resolve(JDK_FILE), home + "\n", StandardCharsets.UTF_8);
    }

    /**
     * The flags for a JDK of this feature version at {@code javaHome}, with or without JVMCI, with
     * or without a {@code jdk.graal.compiler} module of its own.
     */
    static List<String> flags(int feature, boolean jvmci, boolean ownCompiler, Path compilerDir, String javaHome) {
        List<String> flags = new ArrayList<>();
        if (jvmci) {
            flags.add("-XX:+UnlockExperimentalVMOptions");
            flags.add("-XX:+EnableJVMCI");
            if (ownCompiler) {
                flags.add("--upgrade-module-path=" + compilerDir);
            } else {
                flags.add("--module-path=" + compilerDir);
                flags.add("--add-modules=" + COMPILER_MODULE);
            }
        }
        flags.add("--enable-native-access=ALL-UNNAMED");
        if (feature >= 24) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        flags.add(STACK);
        flags.add("-D" + JDK_PROPERTY + "=" + javaHome);
        return flags;
    }

    /** Whether this JDK has a Graal compiler module of its own, which the staged jars must upgrade. */
    static boolean hasOwnGraalCompiler() {
        return ModuleFinder.ofSystem().find(COMPILER_MODULE).isPresent();
    }

    /** Whether this JDK was built with JVMCI, so that the Graal compiler can be plugged in. */
    static boolean hasJvmci() {
        return ModuleFinder.ofSystem().find("jdk.internal.vm.ci").isPresent();
    }

    /** An argument as an argument file needs it: quoted when it holds blanks, quotes or backslashes. */
    static String quote(String arg) {
        if (arg.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '\\' || c == '#')) {
            return arg;
        }
        return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
