package io.interpreters4j.runtime;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code run()}: the source, the names to bind in {@code __main__} with their canonical
 * values ({@link Codec}), and the future the caller waits on
 * (null: success; else the failure).
 */
final class RunRequest implements Runnable {
    final String source;
    final String[] names;
    final Object[] values;
    final CompletableFuture<RemoteFailure> result = new CompletableFuture<>();
    PyInterpreter owner;

    RunRequest(String source, String[] names, Object[] values) {
        this.source = source;
        this.names = names;
        this.values = values;
    }

    /** Validates a Java caller's arguments: nothing runs if any is wrong. */
    static RunRequest fromJava(String source, Map<String, ?> shared) {
        if (source == null) {
            throw new NullPointerException("source");
        }
        String[] names = new String[shared.size()];
        Object[] values = new Object[shared.size()];
        int i = 0;
        for (Map.Entry<String, ?> e : shared.entrySet()) {
            String name = e.getKey();
            if (name == null || !isIdentifier(name)) {
                throw new IllegalArgumentException("not a Python identifier: " + name);
            }
            names[i] = name;
            values[i] = Codec.toCanonical(e.getValue());
            i++;
        }
        return new RunRequest(source, names, values);
    }

    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isUnicodeIdentifierStart(s.codePointAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        return s.codePoints().allMatch(c -> Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
    }

    @Override
    public void run() {
        owner.execute(this);
    }
}
