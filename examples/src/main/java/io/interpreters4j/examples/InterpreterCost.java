package io.interpreters4j.examples;

import io.interpreters4j.Interpreter;
import io.interpreters4j.Interpreters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures what an interpreter costs on this machine: the time to create one and run its first
 * code, the Java heap it holds, the time to import a few standard modules into it, and the time
 * to destroy it. The figures depend on the machine and on what else runs; the heap figures are
 * approximate (differences of heap use after {@code System.gc()}).
 *
 * <pre>mvn -q -pl examples -am compile -Dexample=InterpreterCost [-Dexample.args=COUNT]</pre>
 */
public final class InterpreterCost {

    private InterpreterCost() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        try (Interpreter warm = Interpreters.create()) {
            warm.run("import json, decimal, re");     // the first interpreter also pays for the engine
        }
        long heap0 = usedHeap();
        List<Interpreter> interps = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Interpreter interp = Interpreters.create();
                interps.add(interp);
                interp.run("x = 1");
            }
            long t1 = System.nanoTime();
            long heap1 = usedHeap();
            for (Interpreter interp : interps) {
                interp.run("import json, decimal, re");
            }
            long t2 = System.nanoTime();
            long heap2 = usedHeap();
            System.out.printf(Locale.ROOT, "interpreters measured: %d%n", count);
            System.out.printf(Locale.ROOT, "%-26s%6.0f ms each%n", "create + first run:", (t1 - t0) / 1e6 / count);
            System.out.printf(Locale.ROOT, "%-26s%6.1f MB each%n", "heap, idle:", (heap1 - heap0) / 1e6 / count);
            System.out.printf(Locale.ROOT, "%-26s%6.0f ms each%n", "import json, decimal, re:", (t2 - t1) / 1e6 / count);
            System.out.printf(Locale.ROOT, "%-26s%6.1f MB each%n", "heap, with those:", (heap2 - heap0) / 1e6 / count);
        } finally {
            long t3 = System.nanoTime();
            for (Interpreter interp : interps) {
                interp.close();
            }
            System.out.printf(Locale.ROOT, "%-26s%6.0f ms each%n", "destroy:", (System.nanoTime() - t3) / 1e6 / Math.max(1, count));
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
