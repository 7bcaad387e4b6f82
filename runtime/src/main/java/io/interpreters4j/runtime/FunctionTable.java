package io.interpreters4j.runtime;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The functions that callers have sent to other interpreters ({@code Interpreter.call(fn)}), each
 * stored once per process under a key. A call names the function by key only; an interpreter that
 * has not seen the key yet fetches the code once and keeps the function it defines. So a
 * function's code crosses the bridge once per process and once per interpreter that runs it, not
 * once per call.
 *
 * <h2>Thread-Safety</h2>
 * Lock-free: concurrent registrations of the same function agree on one key through
 * {@link ConcurrentHashMap#computeIfAbsent}. Entries are never removed (a program sends a bounded
 * set of functions; the code of each is small).
 */
final class FunctionTable {

    /** A sent function: its name and either its source (a {@code def}) or its marshalled code. */
    record Entry(long key, String name, String source, byte[] code) {
        /** The file name a sent {@code def} is evaluated under: what its tracebacks show. */
        String filename() {
            return "<sent function " + name + ">";
        }
    }

    private final AtomicLong nextKey = new AtomicLong(1);
    /** name, kind and code, as one string, to the entry: equal functions share a key. */
    private final ConcurrentHashMap<String, Entry> byContent = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Entry> byKey = new ConcurrentHashMap<>();

    long register(String name, String source, byte[] code) {
        if (name == null || (source == null) == (code == null)) {
            throw new IllegalArgumentException("a function needs a name and either source or code");
        }
        String content = name + (source != null ? "\0s\0" + source : "\0c\0" + new String(code, StandardCharsets.ISO_8859_1));
        return byContent.computeIfAbsent(content, c -> {
            Entry e = new Entry(nextKey.getAndIncrement(), name, source, code);
            byKey.put(e.key(), e);
            return e;
        }).key();
    }

    Entry get(long key) {
        return byKey.get(key);
    }
}
