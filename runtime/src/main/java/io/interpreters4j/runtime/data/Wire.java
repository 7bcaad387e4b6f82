package io.interpreters4j.runtime.data;

import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelEmptyError;
import io.interpreters4j.ChannelNotEmptyError;
import io.interpreters4j.ChannelNotFoundError;
import io.interpreters4j.ChannelReleasedError;
import io.interpreters4j.InterpreterError;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.ItemInterpreterDestroyedError;
import io.interpreters4j.NotReceivedError;
import io.interpreters4j.QueueNotFoundError;
import org.graalvm.polyglot.HostAccess;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The Java-Python message format: what the bridge hands to Python when a plain {@code str} or
 * {@code int} will not do (a value of another kind, an outcome that is no value, or an error),
 * and the kind codes of what Python hands back. Strings and longs (and, for CPython 3.14's API,
 * doubles and booleans) are passed bare, because GraalPy maps them to {@code str}, {@code int},
 * {@code float} and {@code bool} itself: the common case costs no extra host call.
 *
 * <p>The kinds are defined here and nowhere else: {@code _interpreters4j} reads them at import
 * ({@link Kind#table()}, through the bridge) and binds each as {@code _NAME}, and builds its table
 * of error kinds to Python exceptions from the same list.
 *
 * <h2>Kinds and the fields each uses</h2>
 * <pre>
 *  kind          stands for                              text            num        size    text2    text3      ref
 *  NONE          None                                    -               -          -       -        -          -
 *  BYTES         bytes (Java to Python)                  bytes, Latin-1  -          -       -        -          -
 *  BYTES_NATIVE  bytes of 64 KiB or more                 -               address    length  -        -          staging memory
 *  BIGINT        int beyond 64 bits                      hex digits      -          -       -        -          -
 *  RECV_END      a RecvChannel                           -               channel id -       -        -          the engine's channel
 *  SEND_END      a SendChannel                           -               channel id -       -        -          the engine's channel
 *  BUFFER        shared memory (memoryview)              -               address    length  -        -          the SharedBuffer
 *  BUFFER_COPY   a buffer, for an isolated interpreter   bytes, Latin-1  -          -       -        -          -
 *  PLAIN         Python to Java only: a str, or an int in the long range, passed bare
 *  TUPLE         a tuple (CPython 3.14's API)            -               length     -       -        -          the Python-ready items
 *  PICKLED       an object pickled (3.14's API)          sender's main   -          -       -        -          the pickle (a BYTES
 *                                                        file or null                                           or BYTES_NATIVE Wire)
 *  QUEUE         a Queue (3.14's API)                    -               queue id   -       -        -          the engine's queue
 *  FLOAT         Python to Java only: a float, passed bare (Java to Python, a Double is bare)
 *  BOOL          Python to Java only: a bool, passed bare (Java to Python, a Boolean is bare)
 *  OK            done, nothing to return; a sent         name            key        -       source   -          marshalled code
 *                function's code ({@code functionCode})                                                         (a BYTES Wire)
 *  NOTHING       a wait that found no partner in time    -               -          -       -        -          -
 *  UNBOUND       a queue item whose interpreter is gone  -               -          -       -        -          -
 *                (taken under UNBOUND, 3.14's "replace")
 *  RUN_FAILED    an exception escaped a run              type name       1: built in -      message  traceback  args repr
 *  E_...         an error: raise its Python exception    message         -          -       -        -          -
 * </pre>
 * From Python to Java, a value is a pair (kind, payload): the payload of BYTES is the bytes
 * object, of BIGINT the hex digits, of a channel end, BUFFER or QUEUE the Java object itself, of
 * FLOAT and BOOL the float or bool, of TUPLE a list [kinds, payloads] of its items, of PICKLED a
 * list [the pickle's bytes, the sender's main file or None].
 *
 * <h2>Errors</h2>
 * Every kind from {@link Kind#RUN_FAILED} on is an error, and nothing else is. Each names the
 * Python exception it raises: a built-in, one of {@code _interpreters4j}'s, or a dotted
 * {@code module.Class} that Python imports when it first raises one. The bridge returns
 * an error in place of a result and never throws (a Java exception reaches Python as
 * {@code polyglot.ForeignException}, which {@code except Exception} does not catch), and
 * {@code _interpreters4j._checked} is the one place that tells an error from a result.
 */
public final class Wire {

    /**
     * The kinds, in one list: values, outcomes, then errors with the Python exception each
     * raises. Their codes are their ordinals. An exception of the Java API becomes the first error
     * kind, in this order, whose Java class it is an instance of ({@link #error(Throwable)}).
     */
    public enum Kind {
        // Values.
        NONE, BYTES, BIGINT, RECV_END, SEND_END, BUFFER, BYTES_NATIVE, PLAIN, BUFFER_COPY,
        // Values that only CPython 3.14's API (concurrent.interpreters, its queues) sends.
        TUPLE, PICKLED, QUEUE, FLOAT, BOOL,
        // Outcomes that are not values.
        OK, NOTHING, UNBOUND,
        // Errors, from here on.
        RUN_FAILED("RunFailedError", null),
        E_INTERP_NOT_FOUND("InterpreterNotFoundError", InterpreterNotFoundError.class),
        E_RUNTIME("RuntimeError", InterpreterError.class),
        E_CHANNEL_NOT_FOUND("ChannelNotFoundError", ChannelNotFoundError.class),
        E_CHANNEL_EMPTY("ChannelEmptyError", ChannelEmptyError.class),
        E_CHANNEL_NOT_EMPTY("ChannelNotEmptyError", ChannelNotEmptyError.class),
        E_NOT_RECEIVED("NotReceivedError", NotReceivedError.class),
        E_CHANNEL_RELEASED("ChannelReleasedError", ChannelReleasedError.class),
        E_CHANNEL_CLOSED("ChannelClosedError", ChannelClosedError.class),
        E_QUEUE_NOT_FOUND("concurrent.interpreters._queues.QueueNotFoundError", QueueNotFoundError.class),
        E_ITEM_DESTROYED("concurrent.interpreters._queues.ItemInterpreterDestroyed", ItemInterpreterDestroyedError.class),
        E_PERMISSION("PermissionError", SecurityException.class),
        E_VALUE("ValueError", IllegalArgumentException.class),
        E_INTERRUPTED("KeyboardInterrupt", InterruptedException.class),
        E_RUN_TIMEOUT("RunTimeoutError", null);

        private static final Kind[] BY_CODE = values();

        /**
         * The Python exception an error raises: a built-in's name, one of {@code _interpreters4j}'s,
         * or a dotted {@code module.Class} (imported when first raised); null for others.
         */
        private final String pythonError;
        /** The Java exceptions that become this error, or null. */
        private final Class<? extends Throwable> javaError;

        Kind() {
            this(null, null);
        }

        Kind(String pythonError, Class<? extends Throwable> javaError) {
            this.pythonError = pythonError;
            this.javaError = javaError;
        }

        public int code() {
            return ordinal();
        }

        public boolean isError() {
            return pythonError != null;
        }

        /** The kind of {@code code}; {@link IllegalArgumentException} for a code that is none. */
        public static Kind of(int code) {
            if (code < 0 || code >= BY_CODE.length) {
                throw new IllegalArgumentException("unknown value kind " + code);
            }
            return BY_CODE[code];
        }

        /**
         * What {@code _interpreters4j} reads at import: per kind, {@code "NAME CODE"}, and for an
         * error {@code "NAME CODE PythonException"}.
         */
        public static String[] table() {
            String[] table = new String[BY_CODE.length];
            for (Kind k : BY_CODE) {
                table[k.ordinal()] = k.name() + " " + k.ordinal() + (k.isError() ? " " + k.pythonError : "");
            }
            return table;
        }
    }

    public static final Wire NONE_VALUE = new Wire(Kind.NONE, null, 0, 0, null, null, null);
    public static final Wire OK_VALUE = new Wire(Kind.OK, null, 0, 0, null, null, null);
    public static final Wire NOTHING_VALUE = new Wire(Kind.NOTHING, null, 0, 0, null, null, null);
    public static final Wire UNBOUND_VALUE = new Wire(Kind.UNBOUND, null, 0, 0, null, null, null);

    /** The kind's code ({@link Kind#code()}). */
    @HostAccess.Export
    public final int kind;
    @HostAccess.Export
    public final String text;
    @HostAccess.Export
    public final long num;
    @HostAccess.Export
    public final long size;
    @HostAccess.Export
    public final String text2;
    @HostAccess.Export
    public final String text3;
    @HostAccess.Export
    public final Object ref;

    private Wire(Kind kind, String text, long num, long size, String text2, String text3, Object ref) {
        this.kind = kind.code();
        this.text = text;
        this.num = num;
        this.size = size;
        this.text2 = text2;
        this.text3 = text3;
        this.ref = ref;
    }

    static Wire bytes(byte[] bytes) {
        return new Wire(Kind.BYTES, latin1(bytes), 0, 0, null, null, null);
    }

    /** Bytes staged in native memory, which Python reads in one copy. */
    static Wire nativeBytes(SharedBuffer staged, int length) {
        return new Wire(Kind.BYTES_NATIVE, null, staged.address(), length, null, null, staged);
    }

    static Wire bigInt(BigInteger b) {
        return new Wire(Kind.BIGINT, b.toString(16), 0, 0, null, null, null);
    }

    /** A channel end, {@link Kind#RECV_END} or {@link Kind#SEND_END}, of the engine's {@code channel}. */
    public static Wire channelEnd(Kind end, long id, Object channel) {
        return new Wire(end, null, id, 0, null, null, channel);
    }

    static Wire buffer(SharedBuffer sb) {
        return new Wire(Kind.BUFFER, null, sb.address(), sb.size(), null, null, sb);
    }

    /** A buffer's bytes, copied, for an interpreter that cannot map shared memory. */
    static Wire bufferCopy(byte[] bytes) {
        return new Wire(Kind.BUFFER_COPY, latin1(bytes), 0, 0, null, null, null);
    }

    /** A tuple of Python-ready {@code items} (CPython 3.14's API). */
    static Wire tuple(Object[] items) {
        return new Wire(Kind.TUPLE, null, items.length, 0, null, null, items);
    }

    /** A pickled object: the pickle as a Python-ready bytes value, and the sender's main file or null. */
    static Wire pickled(Object data, String mainFile) {
        return new Wire(Kind.PICKLED, mainFile, 0, 0, null, null, data);
    }

    /** A queue (CPython 3.14's), with the engine's {@code queue}. */
    public static Wire queue(long id, Object queue) {
        return new Wire(Kind.QUEUE, null, id, 0, null, null, queue);
    }

    /** A sent function: its name, its key, and its source or its marshalled code (as Python-ready bytes). */
    public static Wire function(String name, long key, String source, Object code) {
        return new Wire(Kind.OK, name, key, 0, source, null, code);
    }

    public static Wire error(Kind kind, String message) {
        if (!kind.isError()) {
            throw new IllegalArgumentException(kind + " is not an error");
        }
        return new Wire(kind, message, 0, 0, null, null, null);
    }

    /** The error for an exception of the Java API: same class of error, same message. */
    public static Wire error(Throwable e) {
        Kind kind = Kind.E_RUNTIME;
        for (Kind k : Kind.BY_CODE) {
            if (k.javaError != null && k.javaError.isInstance(e)) {
                kind = k;
                break;
            }
        }
        String msg = e.getMessage();
        return error(kind, msg == null ? e.toString() : msg);
    }

    /** A {@link RemoteFailure} for Python: type name, built in or not, message, traceback, args repr. */
    public static Wire failure(RemoteFailure f) {
        return new Wire(Kind.RUN_FAILED, f.typeName(), f.builtin() ? 1 : 0, 0, f.message(), f.traceback(), f.argsRepr());
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
