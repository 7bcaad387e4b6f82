package io.interpreters4j.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The start-up check of the JVM the runtime finds itself on: when GraalPy's JIT is off, it says
 * why in one line, naming the fix, instead of leaving the user with a slow program or GraalVM's
 * own messages. The flags themselves come from {@link JvmArgs}.
 */
final class JvmCheck {

    /** Where the flags and their argument file are described. */
    static final String DOCS = "docs/configuration.md#the-jvm-flags";

    private JvmCheck() {
    }

    /** Prints, once per engine, why the JIT is off, if it is. */
    static void warnIfJitOff(boolean jit) {
        String problem = jitProblem(jit);
        if (problem != null) {
            System.err.println(problem);
        }
    }

    /** One line saying why the JIT is off on this JVM, or null when it is on. */
    static String jitProblem(boolean jit) {
        if (jit) {
            return null;
        }
        return jitProblem(System.getProperty(JvmArgs.JDK_PROPERTY), System.getProperty("java.home"),
                Runtime.version().feature(), JvmArgs.hasJvmci(), compilerPath());
    }

    /** Where the flags put the Graal compiler jars: {@code --upgrade-module-path}, else {@code --module-path}; or null. */
    private static String compilerPath() {
        String upgrade = System.getProperty("jdk.module.upgrade.path");
        return upgrade != null ? upgrade : System.getProperty("jdk.module.path");
    }

    /**
     * Why the JIT is off, given the JDK the flags were made for ({@code argsJdk}, null when the
     * argument file was not used), this JVM's home and feature version, whether it has JVMCI, and
     * where its flags put the Graal compiler jars ({@code --upgrade-module-path} or
     * {@code --module-path}; null when nowhere).
     */
    static String jitProblem(String argsJdk, String javaHome, int feature, boolean jvmci, String compilerPath) {
        String slow = "Python code runs interpreted, many times slower";
        String prefix = "interpreters4j: WARNING: the Graal JIT is off on " + System.getProperty("java.vm.name") + " "
                + feature + " (" + javaHome + "): ";
        if (!jvmci) {
            return prefix + "this JDK has no JVMCI, so the Graal compiler cannot be plugged in; " + slow
                    + ". Use a JDK with JVMCI (Temurin, OpenJDK builds, GraalVM); see " + DOCS;
        }
        if (argsJdk == null) {
            return prefix + "the Graal JIT flags are missing; " + slow + ". Run java with @interpreters4j.args,"
                    + " the flags the interpreters4j build wrote for its JDK; see " + DOCS;
        }
        if (!sameDir(argsJdk, javaHome)) {
            return prefix + "the flags in use were written for another JDK (" + argsJdk + "); " + slow
                    + ". Run that JDK, or rebuild with this one; see " + DOCS;
        }
        if (compilerPath == null || compilerPath.isEmpty() || !Files.isDirectory(Path.of(compilerPath.split(java.io.File.pathSeparator)[0]))) {
            return prefix + "the Graal compiler jars are missing (" + compilerPath + "); " + slow
                    + ". Rebuild to stage them again; see " + DOCS;
        }
        return prefix + "GraalVM did not start its compiler with these flags; " + slow + "; see " + DOCS;
    }

    private static boolean sameDir(String a, String b) {
        try {
            return Path.of(a).toRealPath().equals(Path.of(b).toRealPath());
        } catch (java.io.IOException | RuntimeException e) {
            return a.equals(b);
        }
    }
}
