package io.interpreters4j;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One isolated Python interpreter: a GraalPy context owned by a dedicated platform thread of its
 * own. Obtained from {@link Interpreters#create()}, {@link Interpreters#get(long)} and friends.
 *
 * <h2>Isolation</h2>
 * Interpreters share no Python objects: each has its own modules, its own {@code __main__}, its own
 * {@code sys}. What crosses between them is data (see {@link Interpreters#isShareable(Object)}):
 * {@code None}, {@code bytes}, {@code str}, {@code int}, buffers and channel ends. Code run in
 * an interpreter keeps its module state between runs. A trusted interpreter (the default) sees the
 * real process as a CPython subinterpreter does: files, file descriptors (shared process-wide),
 * threads, and the process's standard streams.
 *
 * <h2>Thread-Safety</h2>
 * Every method may be called from any thread, including the threads of other interpreters. Python
 * code always executes on the interpreter's own thread, whichever thread asked; the caller waits
 * (parked, holding no lock and, when the caller is itself Python, no GIL). An interpreter runs one
 * {@code run()} at a time: a second concurrent {@code run()} fails instead of queueing.
 *
 * <p>Equality and hash code are by {@link #id()}; two handles to one interpreter are equal.
 */
public interface Interpreter extends AutoCloseable {

    /**
     * The id: 0 for the main interpreter, then 1, 2, 3… in creation order, never reused.
     *
     * @return this interpreter's id
     */
    long id();

    /**
     * Whether a {@code run()} is executing in this interpreter. Always true when an interpreter asks
     * about itself (it is running the code that asks).
     *
     * @return whether it is running code now
     * @throws InterpreterNotFoundError if this interpreter was destroyed
     */
    boolean isRunning();

    /**
     * Runs Python source in this interpreter's {@code __main__}, on this interpreter's thread, and
     * waits until it finishes. Equivalent to {@code run(source, Map.of())}.
     *
     * @param source Python source code
     * @throws RunFailedError if the code raised an exception it did not catch
     * @throws InterpreterError if this interpreter is running already or was destroyed
     */
    void run(String source);

    /**
     * Binds each entry of {@code shared} as a name in {@code __main__}, then runs {@code source} as
     * {@link #run(String)} does. Values must be shareable: {@code null}, {@code byte[]},
     * {@code String}, {@code Long}/{@code Integer}/{@code Short}/{@code Byte}/{@code BigInteger},
     * a {@link java.nio.ByteBuffer} (shared, not copied) or a channel end.
     *
     * @param source Python source code
     * @param shared names to bind in {@code __main__} first, with shareable values
     * @throws RunFailedError if the code raised an exception it did not catch
     * @throws InterpreterError if this interpreter is running already or was destroyed
     * @throws IllegalArgumentException if a key is not a Python identifier or a value is not
     *     shareable (nothing is run then)
     */
    void run(String source, Map<String, ?> shared);

    /**
     * {@link #run(String, Map)} with a time limit: when {@code timeout} passes before the code
     * finishes, the code is {@linkplain #interrupt() interrupted} and this throws
     * {@link RunTimeoutError}, whose message names the limit. The interpreter stays usable.
     * Beyond PEP 554.
     *
     * @param source Python source code
     * @param shared names to bind in {@code __main__} first, with shareable values
     * @param timeout how long the code may run (instead of the interpreter's time limit, if any)
     * @throws RunTimeoutError if the code was still running when {@code timeout} passed
     * @throws RunFailedError if the code raised an exception it did not catch
     * @throws InterpreterError if this interpreter is running already or was destroyed
     * @throws IllegalArgumentException as {@link #run(String, Map)}
     */
    void run(String source, Map<String, ?> shared, Duration timeout);

    /**
     * Stops the Python code this interpreter is running, within about 100 ms: tight loops,
     * sleeps and channel waits alike (a channel call that was waiting is withdrawn, nothing is
     * lost). Every Python thread executing in the interpreter at that moment is stopped; the
     * {@code run()} in progress ends with {@link RunFailedError} whose remote type is
     * {@code KeyboardInterrupt}. The interpreter stays usable. Beyond PEP 554 (CPython cannot).
     *
     * @return whether a run was in progress
     * @throws InterpreterNotFoundError if this interpreter was destroyed
     */
    boolean interrupt();

    /**
     * Like {@link #run(String, Map)} without waiting: the returned future completes when the code
     * finishes, or exceptionally with the {@link RunFailedError} {@code run} would have thrown.
     * What {@code run} refuses before starting (a value that is not shareable, an interpreter that
     * is running already or was destroyed) is thrown here at once, as by {@code run}. Beyond PEP 554.
     *
     * @param source Python source code
     * @param shared names to bind in {@code __main__} first, with shareable values
     * @return a future of the run's end
     * @throws InterpreterError if this interpreter is running already or was destroyed
     * @throws IllegalArgumentException as {@link #run(String, Map)}
     */
    CompletableFuture<Void> runAsync(String source, Map<String, ?> shared);

    /**
     * {@code runAsync(source, Map.of())}.
     *
     * @param source Python source code
     * @return a future of the run's end
     */
    default CompletableFuture<Void> runAsync(String source) {
        return runAsync(source, Map.of());
    }

    /**
     * Calls a Python function defined in this interpreter, on this interpreter's thread, and
     * returns its result: {@code call("score", "abc", 3)} is {@code score('abc', 3)} in its
     * {@code __main__}. Equivalent to {@code call(function, List.of(args), Map.of(), null)}.
     * Beyond PEP 554 (CPython 3.14 added {@code Interpreter.call}).
     *
     * @param function the name of a callable, as for {@link #call(String, List, Map, Duration)}
     * @param args positional arguments, shareable
     * @return the result, in its Java form
     * @see #call(String, List, Map, Duration)
     */
    default Object call(String function, Object... args) {
        return call(function, java.util.Arrays.asList(args), Map.of(), null);
    }

    /**
     * Calls {@code function(*args, **kwargs)} in this interpreter and returns its result.
     *
     * <p>{@code function} names a callable as this interpreter sees it: a name in its
     * {@code __main__} ({@code "score"}), a built-in ({@code "len"}), or a dotted path whose first
     * part is one of those or an importable module ({@code "json.dumps"}, {@code "os.path.join"}).
     * Arguments must be shareable (as for {@link #run(String, Map)}); so must the result, which
     * comes back in the Java form: {@code null}, {@code String}, {@code Long} ({@code BigInteger}
     * beyond the long range), {@code byte[]}, a {@link java.nio.ByteBuffer} for a buffer, or a
     * channel end.
     *
     * <p>The call is a run: an interpreter that is running refuses it, and while it executes the
     * interpreter {@linkplain #isRunning() is running}.
     *
     * @param function the name of a callable (see above)
     * @param args positional arguments, shareable
     * @param kwargs keyword arguments, shareable values
     * @param timeout at most this long, then the call is {@linkplain #interrupt() interrupted} and
     *     this throws {@link RunTimeoutError}; null for none (the interpreter's time limit, if any)
     * @return the result, in its Java form
     * @throws RunFailedError if the function raised (its remote type, message and traceback are
     *     in the cause), if {@code function} names nothing callable ({@code NameError},
     *     {@code AttributeError}, {@code ImportError}, {@code TypeError}), or if the result is not
     *     shareable ({@code ValueError})
     * @throws IllegalArgumentException if {@code function} is not a dotted Python name, an argument
     *     is not shareable or a keyword is not an identifier (nothing is called then)
     * @throws InterpreterError if this interpreter is running already or was destroyed
     */
    Object call(String function, List<?> args, Map<String, ?> kwargs, Duration timeout);

    /**
     * Finalizes this interpreter: closes its context, ends its thread, drops its channel
     * associations (a channel left with no associated interpreter closes).
     *
     * @throws InterpreterError for the main interpreter, for the caller's own interpreter, while
     *     running, or when already destroyed
     */
    void destroy();

    /**
     * {@link #destroy()} for try-with-resources, except that closing an interpreter that is already
     * destroyed does nothing.
     */
    @Override
    void close();
}
