package io.interpreters4j.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code run()} or {@code call()}, as the owner thread executes it, and the future the caller
 * waits on (null: success; else the failure). Values are canonical ({@link Codec}).
 *
 * <p>A run binds {@link #names} to {@link #values} in {@code __main__} and executes
 * {@link #source}. A call (when {@link #args} is not null) resolves {@link #source} as a function
 * spec, calls it with {@link #args} and the keywords {@link #names}={@link #values}, and leaves
 * the result in {@link #returned} before completing the future. A {@link #batch} is many calls of
 * one function in one run (the owner thread and the caller meet once, not once per call).
 */
final class RunRequest implements Runnable {
    final String source;
    final String[] names;
    final Object[] values;
    /** Positional arguments of a call; null for a run. */
    final Object[] args;
    /** The positional arguments of each call of a batch (one function, many calls); else null. */
    final Object[][] batch;
    final CompletableFuture<RemoteFailure> result = new CompletableFuture<>();
    /** A call's result (canonical); written by the owner thread before {@link #result} completes. */
    Object returned;
    PyInterpreter owner;

    RunRequest(String source, String[] names, Object[] values) {
        this(source, names, values, null);
    }

    RunRequest(String source, String[] names, Object[] values, Object[] args) {
        this(source, names, values, args, null);
    }

    private RunRequest(String source, String[] names, Object[] values, Object[] args, Object[][] batch) {
        this.source = source;
        this.names = names;
        this.values = values;
        this.args = args;
        this.batch = batch;
    }

    /**
     * Calls of the function {@code spec} with each of {@code batch}, in one run: {@link #returned}
     * becomes an array with, for each call, its result (canonical) or its {@link RemoteFailure}.
     */
    static RunRequest batch(String spec, Object[][] batch) {
        return new RunRequest(spec, new String[0], new Object[0], null, batch);
    }

    boolean isCall() {
        return args != null;
    }

    /** Validates a Java caller's arguments: nothing runs if any is wrong. */
    static RunRequest fromJava(String source, Map<String, ?> shared) {
        if (source == null) {
            throw new NullPointerException("source");
        }
        return bind(source, shared, null);
    }

    /** Validates a Java caller's call: nothing runs if any part is wrong. */
    static RunRequest callFromJava(String function, List<?> args, Map<String, ?> kwargs) {
        if (function == null) {
            throw new NullPointerException("function");
        }
        if (!isDottedName(function)) {
            throw new IllegalArgumentException("not a Python name or dotted path: '" + function + "'");
        }
        Object[] positional = new Object[args.size()];
        for (int i = 0; i < positional.length; i++) {
            positional[i] = Codec.toCanonical(args.get(i));
        }
        return bind(function, kwargs, positional);
    }

    private static RunRequest bind(String source, Map<String, ?> shared, Object[] args) {
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
        return new RunRequest(source, names, values, args);
    }

    /** {@code name} or {@code pkg.mod.name}: what a Java caller may name a function by. */
    static boolean isDottedName(String s) {
        for (String part : s.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                return false;
            }
        }
        return true;
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
