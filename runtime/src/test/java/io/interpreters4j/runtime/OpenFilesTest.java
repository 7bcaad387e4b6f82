package io.interpreters4j.runtime;

import io.interpreters4j.Interpreter;
import io.interpreters4j.InterpreterPool;
import io.interpreters4j.Interpreters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * From Java, as from Python (runtime/src/test/python/test_files.py): a file that Python code opened
 * and left open has its data written by the time the Java caller hears that the run, call or pool
 * task ended, and when the interpreter is destroyed (docs/semantics.md, "Files left open").
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OpenFilesTest {

    private static String py(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void runAndCallWriteWhatTheirCodeLeftOpen(@TempDir Path tmp) throws Exception {
        try (Interpreter interp = Interpreters.create()) {
            interp.run("open(" + py(tmp.resolve("run.txt")) + ", 'w').write('by run')");
            assertEquals("by run", Files.readString(tmp.resolve("run.txt")));
            interp.run("def write(path, data):\n    open(path, 'wb').write(data)\n    return len(data)");
            Object n = interp.call("write", List.of(tmp.resolve("call.bin").toString(), "by call".getBytes()), Map.of(), null);
            assertEquals(7L, n);
            assertEquals("by call", Files.readString(tmp.resolve("call.bin")));
        }
    }

    @Test
    void aPoolTaskWritesWhatItLeftOpenBeforeItsFutureCompletes(@TempDir Path tmp) throws Exception {
        try (InterpreterPool pool = InterpreterPool.builder().size(2)
                .initializer("def write(path, text):\n    print(text, file=open(path, 'a'))\n    return text").build()) {
            for (int i = 0; i < 6; i++) {
                Path p = tmp.resolve("task" + i + ".txt");
                assertEquals("task " + i, pool.submitCall("write", p.toString(), "task " + i).get(120, TimeUnit.SECONDS));
                assertEquals("task " + i + "\n", Files.readString(p));
            }
        }
    }

    @Test
    void destroyWritesAndClosesWhatWasLeftOpen(@TempDir Path tmp) throws Exception {
        Path p = tmp.resolve("destroy.txt");
        Interpreter interp = Interpreters.create();
        // Written by an atexit handler, which runs when the interpreter ends, before its files close.
        interp.run("import atexit\nf = open(" + py(p) + ", 'w')\natexit.register(lambda: f.write('at destroy'))");
        assertEquals("", Files.readString(p));
        interp.destroy();
        assertEquals("at destroy", Files.readString(p));
    }
}
