package io.interpreters4j.runtime.interpreter;

import org.graalvm.polyglot.Source;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The polyglot {@link Source}s of the Python code that interpreters evaluate ({@code run()}
 * sources, functions sent by {@code call()} and the pools), one per text and name, kept
 * referenced so that every interpreter runs the same compiled code.
 *
 * <p>Why. The engine caches what it parsed from a {@link Source} for as long as the host keeps
 * that {@code Source} object alive, and every context of the engine that evaluates an equal
 * {@code Source} gets the same call targets: the same profiles and the same machine code, so a
 * function another interpreter warmed runs compiled from a new interpreter's first call. Python's
 * {@code compile()} cannot share like this: it builds a {@code Source} of its own per call that
 * nothing keeps alive (and a language-built {@code Source} is never equal to a host-built one),
 * so the same text compiled by two interpreters is two separate pieces of code, each warmed up
 * from cold. Hence the runtime evaluates code it is given through these {@code Source}s, not
 * through {@code exec(compile(...))}.
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} sources and {@link #MAX_CHARS} characters, least
 * recently used first out. An evicted source is parsed again on its next use (its old code is
 * freed once no interpreter holds a function made from it), so generated code that is run once
 * costs no more than before.
 *
 * <h2>Thread-Safety</h2>
 * {@link #get} may be called from any thread; the table is guarded by {@code this}. Building a
 * {@code Source} does not parse (that happens when a context evaluates it), so the lock is held
 * for a map operation only.
 */
public final class SharedSources {

    static final int MAX_ENTRIES = 1024;
    static final long MAX_CHARS = 16L << 20;

    /** The name under which CPython runs the code given to {@code exec()}: tracebacks say {@code "<string>"}. */
    public static final String RUN_NAME = "<string>";

    private record Key(String text, String name) {
    }

    /** In access order, oldest first; guarded by this. */
    private final LinkedHashMap<Key, Source> sources = new LinkedHashMap<>(64, 0.75f, true);
    /** Characters of every text in {@link #sources}; guarded by this. */
    private long chars;

    /** The shared {@code Source} of {@code text}, shown in tracebacks as file {@code name}. */
    public Source get(String text, String name) {
        Key key = new Key(text, name);
        synchronized (this) {
            Source s = sources.get(key);
            if (s != null) {
                return s;
            }
        }
        Source built = Source.newBuilder("python", text, name).cached(true).buildLiteral();
        synchronized (this) {
            Source raced = sources.putIfAbsent(key, built);
            if (raced != null) {
                return raced;
            }
            chars += text.length();
            for (var it = sources.entrySet().iterator(); it.hasNext() && (sources.size() > MAX_ENTRIES || chars > MAX_CHARS); ) {
                Map.Entry<Key, Source> eldest = it.next();
                if (eldest.getKey().equals(key)) {
                    break; // never evict what was just asked for, however large
                }
                chars -= eldest.getKey().text().length();
                it.remove();
            }
        }
        return built;
    }

    /** Sources held now (for tests). */
    synchronized int size() {
        return sources.size();
    }
}
