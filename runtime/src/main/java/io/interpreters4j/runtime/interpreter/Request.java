package io.interpreters4j.runtime.interpreter;

import io.interpreters4j.channels.ChannelRegistry;
import io.interpreters4j.runtime.data.Codec;
import io.interpreters4j.runtime.data.RemoteFailure;
import io.interpreters4j.runtime.interpreter.PythonEngine.EntryPoints;
import org.graalvm.polyglot.Value;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One piece of Python work that a caller hands to an interpreter's owner thread, and the future
 * the caller waits on. Values are canonical ({@link Codec}): the caller converts and checks them
 * before anything is submitted, so a bad argument never starts a run.
 *
 * <p>Three kinds, one type each:
 * <ul>
 * <li>{@link Run}: bind names in {@code __main__}, then execute source there ({@code run()});
 * <li>{@link Call}: call the function a spec names, keep its result ({@code call()});
 * <li>{@link Batch}: many calls of one function in one run (a pool's chunk: the owner thread and
 * the caller meet once, not once per call).
 * </ul>
 * The owner thread enters Python through {@link #execute} and completes {@link #done()}: with null
 * on success, with the {@link RemoteFailure} that escaped, or exceptionally when the interpreter
 * itself broke. A result (of a call or a batch) is written before {@link #done()} completes, so
 * whoever sees it complete sees the result.
 */
public abstract sealed class Request permits Request.Run, Request.Call, Request.Batch {

    private final CompletableFuture<RemoteFailure> done = new CompletableFuture<>();

    private Request() {
    }

    /** Null when the request succeeded, else its failure; exceptional if the interpreter broke. */
    public CompletableFuture<RemoteFailure> done() {
        return done;
    }

    /**
     * On the owner thread: enters Python and returns the failure Python reported, or null. What
     * Python or GraalVM throws is left to the owner thread to sort ({@link Failures}).
     */
    abstract RemoteFailure execute(EntryPoints python, ChannelRegistry channels, boolean nativeAccess);

    /** {@code run()}: binds {@code names} to {@code values} in {@code __main__}, then executes {@code source}. */
    public static final class Run extends Request {
        private final String source;
        private final String[] names;
        private final Object[] values;

        public Run(String source, String[] names, Object[] values) {
            this.source = source;
            this.names = names;
            this.values = values;
        }

        /** Checks a Java caller's arguments: nothing runs if any is wrong. */
        public static Run fromJava(String source, Map<String, ?> shared) {
            if (source == null) {
                throw new NullPointerException("source");
            }
            Keywords k = Keywords.of(shared);
            return new Run(source, k.names, k.values);
        }

        @Override
        RemoteFailure execute(EntryPoints python, ChannelRegistry channels, boolean nativeAccess) {
            return python.run(source, names, toPython(values, nativeAccess));
        }
    }

    /**
     * {@code call()}: calls the function {@code spec} names (a call spec: see {@code _boot.resolve}) with
     * the positional {@code args} and the keywords {@code names}={@code values}.
     */
    public static final class Call extends Request {
        private final String spec;
        private final Object[] args;
        private final String[] names;
        private final Object[] values;
        /** Canonical; written by the owner thread before {@link #done()} completes. */
        private Object result;

        public Call(String spec, Object[] args, String[] names, Object[] values) {
            this.spec = spec;
            this.args = args;
            this.names = names;
            this.values = values;
        }

        /** Checks a Java caller's call: nothing runs if any part is wrong. */
        public static Call fromJava(String function, List<?> args, Map<String, ?> kwargs) {
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
            Keywords k = Keywords.of(kwargs);
            return new Call(function, positional, k.names, k.values);
        }

        /** The call's result (canonical), once {@link #done()} completed with null. */
        public Object result() {
            return result;
        }

        @Override
        RemoteFailure execute(EntryPoints python, ChannelRegistry channels, boolean nativeAccess) {
            Value r = python.call().execute(spec, toPython(args, nativeAccess), names, toPython(values, nativeAccess));
            Object outcome = outcome(r, channels);
            if (outcome instanceof RemoteFailure f) {
                return f;
            }
            result = outcome;
            return null;
        }
    }

    /** Calls of the function {@code spec} names, one with each element of {@code batch}, in one run. */
    public static final class Batch extends Request {
        private final String spec;
        private final Object[][] batch;
        /** Per call, its result (canonical) or its {@link RemoteFailure}; written before {@link #done()} completes. */
        private Object[] results;

        public Batch(String spec, Object[][] batch) {
            this.spec = spec;
            this.batch = batch;
        }

        /** Per call, its result (canonical) or its {@link RemoteFailure}, once {@link #done()} completed with null. */
        public Object[] results() {
            return results;
        }

        @Override
        RemoteFailure execute(EntryPoints python, ChannelRegistry channels, boolean nativeAccess) {
            Object[] pyBatch = new Object[batch.length];
            for (int i = 0; i < batch.length; i++) {
                pyBatch[i] = toPython(batch[i], nativeAccess);
            }
            Value r = python.callMany().execute(spec, pyBatch);
            Object[] outcomes = new Object[batch.length];
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = outcome(r.getArrayElement(i), channels);
            }
            results = outcomes;
            return null;
        }
    }

    /** A call's result (canonical) or its failure, from {@code (None, kind, payload)} or {@code (failure,)}. */
    private static Object outcome(Value r, ChannelRegistry channels) {
        Value f = r.getArrayElement(0);
        return f.isNull() ? Codec.fromPython(channels, r.getArrayElement(1).asInt(), r.getArrayElement(2))
                : RemoteFailure.fromPython(f);
    }

    private static Object[] toPython(Object[] canonical, boolean nativeAccess) {
        Object[] py = new Object[canonical.length];
        for (int i = 0; i < py.length; i++) {
            py[i] = Codec.toPython(canonical[i], nativeAccess);
        }
        return py;
    }

    /** Names and canonical values of a Java caller's map, checked: names must be Python identifiers. */
    private record Keywords(String[] names, Object[] values) {
        static Keywords of(Map<String, ?> map) {
            String[] names = new String[map.size()];
            Object[] values = new Object[map.size()];
            int i = 0;
            for (Map.Entry<String, ?> e : map.entrySet()) {
                String name = e.getKey();
                if (name == null || !isIdentifier(name)) {
                    throw new IllegalArgumentException("not a Python identifier: " + name);
                }
                names[i] = name;
                values[i] = Codec.toCanonical(e.getValue());
                i++;
            }
            return new Keywords(names, values);
        }
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
}
