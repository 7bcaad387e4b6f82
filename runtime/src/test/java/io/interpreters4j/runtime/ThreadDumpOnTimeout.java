package io.interpreters4j.runtime;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * When a test times out, prints every thread's stack before the failure is reported, so that a
 * hang in CI names where each thread waits. Registered for all tests of this module through
 * {@code META-INF/services} (extension auto-detection is on in {@code junit-platform.properties}).
 */
public final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        printIfTimeout(context.getDisplayName(), thrown);
        throw thrown;
    }

    /** Prints every thread's stack if {@code thrown} says that {@code test} timed out. */
    static void printIfTimeout(String test, Throwable thrown) {
        if (isTimeout(thrown)) {
            System.err.println("=== " + test + " timed out: " + thrown.getMessage() + "; the threads of this JVM ===");
            System.err.println(threadDump(name -> true));
        }
    }

    private static boolean isTimeout(Throwable t) {
        for (; t != null; t = t.getCause()) {
            // @Timeout throws TimeoutException; assertTimeoutPreemptively an AssertionFailedError.
            if (t instanceof TimeoutException || String.valueOf(t.getMessage()).contains("timed out after")) {
                return true;
            }
        }
        return false;
    }

    /** The whole stacks, with the locks they wait on, of the threads (but this one) {@code named} accepts. */
    static String threadDump(Predicate<String> named) {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            if (info.getThreadId() == Thread.currentThread().threadId() || !named.test(info.getThreadName())) {
                continue; // not asked for, or this thread (it only reports)
            }
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            // ThreadInfo.toString() cuts stacks at 8 frames; the whole stack is what tells a hang.
            for (StackTraceElement frame : info.getStackTrace()) {
                out.append("\tat ").append(frame).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
