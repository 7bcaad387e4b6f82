package io.interpreters4j.runtime;

import io.interpreters4j.Channel;
import io.interpreters4j.Interpreter;
import io.interpreters4j.Interpreters;
import io.interpreters4j.RunFailedError;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The program of {@link FaultTest}'s child JVM (run with a small heap). First it exhausts the
 * heap from Python in one interpreter while another keeps allocating, and prints what each got;
 * then it leaves interpreters busy in every way (a tight loop, a channel wait, a sleep with a
 * Python thread), prints {@code READY}, and ends the JVM as {@code args[0]} says: {@code exit}
 * (System.exit(3)), {@code return} (main returns) or {@code wait} (until killed).
 */
public final class ShutdownProbe {

    private ShutdownProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "exit";
        try (Interpreter hog = Interpreters.create(); Interpreter bystander = Interpreters.create()) {
            bystander.run("x = 0");
            CompletableFuture<Void> steady = bystander.runAsync(
                    "import time\nkept = []\nend = time.time() + 3\nwhile time.time() < end:\n"
                            + "    kept.append(bytearray(1 << 16))\n    if len(kept) > 64: kept.clear()\n");
            // The chunks are a local: garbage as soon as MemoryError unwinds the function. (Kept in
            // a global instead, they would hold the shared heap full after the run: every thread
            // of the JVM would then starve, as in any JVM whose heap is full of live objects.)
            String hogGot = outcome(() -> hog.run(
                    "def hog():\n    chunks = []\n    while True:\n        chunks.append(bytearray(32 << 20))\nhog()"));
            String bystanderGot = outcome(steady::join);
            hog.run("after = bytearray(1 << 20)");
            bystander.run("x = 1");
            System.out.println("MEMORY hog=" + hogGot + " bystander=" + bystanderGot + " both-usable");
        }

        Interpreter spinning = Interpreters.create();
        Interpreter waiting = Interpreters.create();
        Interpreter sleeping = Interpreters.create();
        Channel never = Interpreters.createChannel();
        spinning.runAsync("while True:\n    pass");
        waiting.runAsync("r.recv()", Map.of("r", never.recvEnd()));
        sleeping.runAsync("import threading, time\nthreading.Thread(target=time.sleep, args=(600,), daemon=True).start()\ntime.sleep(600)");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!(spinning.isRunning() && waiting.isRunning() && sleeping.isRunning()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(500); // let each reach its loop, wait or sleep
        System.out.println("READY");
        System.out.flush();
        switch (mode) {
            case "exit" -> System.exit(3);
            case "wait" -> Thread.sleep(Long.MAX_VALUE);
            default -> { } // return: only daemon threads are left
        }
    }

    private static String outcome(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (RunFailedError e) {
            return e.remoteTypeName();
        } catch (io.interpreters4j.InterpreterError e) {
            return "InterpreterError(" + e.getMessage() + ")";
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof RunFailedError f ? f.remoteTypeName() : String.valueOf(e.getCause());
        }
    }
}
