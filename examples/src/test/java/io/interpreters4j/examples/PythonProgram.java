package io.interpreters4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python example as {@code bin/interpreters} does: the launcher's main class in a new JVM
 * (this JVM's {@code java}, this test class path, the JIT flags passed by surefire), and returns
 * its exit status and output.
 */
final class PythonProgram {

    /** The outcome of one run. */
    record Result(int status, List<String> out, String err) {
        String outText() {
            return String.join("\n", out);
        }
    }

    private PythonProgram() {
    }

    static Path examples() {
        return Path.of(System.getProperty("examples.pythonDir", "python")).toAbsolutePath();
    }

    /**
     * Runs {@code examples/python/<relativePath>} with {@code args}, killing it after {@code seconds},
     * with the JVM flags for a quick start (see examples/pom.xml).
     */
    static Result run(String relativePath, long seconds, String... args) throws IOException, InterruptedException {
        return run(true, relativePath, seconds, args);
    }

    /** As {@link #run(String, long, String...)}; {@code quickStart} false: the launcher's JVM flags only. */
    static Result run(boolean quickStart, String relativePath, long seconds, String... args)
            throws IOException, InterruptedException {
        Path program = examples().resolve(relativePath);
        if (!Files.isRegularFile(program)) {
            throw new IllegalArgumentException("no such example: " + program);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = System.getProperty("examples.jvmArgs", "").trim();
        if (quickStart) {
            jvmArgs += " " + System.getProperty("examples.quickStartArgs", "");
            jvmArgs = jvmArgs.trim();
        }
        if (!jvmArgs.isEmpty()) {
            cmd.addAll(Arrays.asList(jvmArgs.split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.interpreters4j.runtime.Launcher");
        cmd.add(program.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(examples().getParent().getParent().toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError(relativePath + " did not finish within " + seconds + " s; output so far:\n"
                    + out.join() + "\n" + err.join());
        }
        String text = out.join();
        List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        return new Result(p.exitValue(), lines, err.join());
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return f;
    }
}
