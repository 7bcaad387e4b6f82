package io.interpreters4j.runtime.data;

import io.interpreters4j.ChannelClosedError;
import io.interpreters4j.ChannelEmptyError;
import io.interpreters4j.ChannelNotEmptyError;
import io.interpreters4j.ChannelNotFoundError;
import io.interpreters4j.ChannelReleasedError;
import io.interpreters4j.InterpreterError;
import io.interpreters4j.InterpreterNotFoundError;
import io.interpreters4j.NotReceivedError;
import org.graalvm.polyglot.HostAccess;

/**
 * What the bridge hands to Python when a plain {@code str} or {@code int} will not do: a value of
 * another kind (None, bytes, a big int, a buffer, a channel end) or an error to raise. Python reads
 * {@link #kind} and decodes the rest (see {@code _interpreters4j._decode}). Strings and longs are
 * passed bare, because GraalPy maps them to {@code str} and {@code int} itself: the common case
 * costs no extra host call.
 *
 * <p>Errors are returned, never thrown: a Java exception reaches Python as
 * {@code polyglot.ForeignException}, which {@code except Exception} does not catch.
 */
public final class Wire {
    // Value kinds (keep in sync with _interpreters4j.py).
    public static final int NONE = 0;
    public static final int BYTES = 1;
    public static final int BIGINT = 2;
    public static final int RECV_END = 3;
    public static final int SEND_END = 4;
    public static final int BUFFER = 5;
    public static final int BYTES_NATIVE = 6;
    /** From Python only: a str, or an int in the long range, passed bare. */
    public static final int PLAIN = 7;
    /** A buffer's bytes as Latin-1 text, for interpreters that cannot map shared memory. */
    public static final int BUFFER_COPY = 8;
    // Outcomes that are not values.
    public static final int OK = 10;
    public static final int NOTHING = 11;
    public static final int RUN_FAILED = 20;
    // Errors, by the Python exception they become.
    public static final int E_RUNTIME = 30;
    public static final int E_INTERP_NOT_FOUND = 31;
    public static final int E_VALUE = 32;
    public static final int E_TYPE = 33;
    public static final int E_CHANNEL_NOT_FOUND = 40;
    public static final int E_CHANNEL_EMPTY = 41;
    public static final int E_CHANNEL_NOT_EMPTY = 42;
    public static final int E_NOT_RECEIVED = 43;
    public static final int E_CHANNEL_CLOSED = 44;
    public static final int E_CHANNEL_RELEASED = 45;
    public static final int E_INTERRUPTED = 46;
    public static final int E_RUN_TIMEOUT = 48;
    public static final int E_PERMISSION = 49;

    public static final Wire NONE_VALUE = new Wire(NONE, null, 0);
    public static final Wire OK_VALUE = new Wire(OK, null, 0);
    public static final Wire NOTHING_VALUE = new Wire(NOTHING, null, 0);

    @HostAccess.Export
    public final int kind;
    /** Text payload: bytes as Latin-1, a big int in decimal, an error message. */
    @HostAccess.Export
    public final String text;
    /** Numeric payload: a channel id, a native address. */
    @HostAccess.Export
    public final long num;
    /** Extra payload: a buffer's length; the remote parts of a failure. */
    @HostAccess.Export
    public final long size;
    @HostAccess.Export
    public final String text2;
    @HostAccess.Export
    public final String text3;
    @HostAccess.Export
    public final Object ref;

    public Wire(int kind, String text, long num) {
        this(kind, text, num, 0, null, null, null);
    }

    public Wire(int kind, String text, long num, long size, String text2, String text3, Object ref) {
        this.kind = kind;
        this.text = text;
        this.num = num;
        this.size = size;
        this.text2 = text2;
        this.text3 = text3;
        this.ref = ref;
    }

    public static Wire error(int kind, String message) {
        return new Wire(kind, message, 0);
    }

    /** The error for an exception of the Java API: same class of error, same message. */
    public static Wire error(Throwable e) {
        int kind;
        if (e instanceof InterpreterNotFoundError) {
            kind = E_INTERP_NOT_FOUND;
        } else if (e instanceof InterpreterError) {
            kind = E_RUNTIME;
        } else if (e instanceof ChannelNotFoundError) {
            kind = E_CHANNEL_NOT_FOUND;
        } else if (e instanceof ChannelEmptyError) {
            kind = E_CHANNEL_EMPTY;
        } else if (e instanceof ChannelNotEmptyError) {
            kind = E_CHANNEL_NOT_EMPTY;
        } else if (e instanceof NotReceivedError) {
            kind = E_NOT_RECEIVED;
        } else if (e instanceof ChannelReleasedError) {
            kind = E_CHANNEL_RELEASED;
        } else if (e instanceof ChannelClosedError) {
            kind = E_CHANNEL_CLOSED;
        } else if (e instanceof SecurityException) {
            kind = E_PERMISSION;
        } else if (e instanceof IllegalArgumentException) {
            kind = E_VALUE;
        } else if (e instanceof InterruptedException) {
            kind = E_INTERRUPTED;
        } else {
            kind = E_RUNTIME;
        }
        String msg = e.getMessage();
        return error(kind, msg == null ? e.toString() : msg);
    }

    /** A {@link RemoteFailure} for Python: type name, message, traceback, and the args repr. */
    public static Wire failure(RemoteFailure f) {
        return new Wire(RUN_FAILED, f.typeName(), f.builtin() ? 1 : 0, 0, f.message(), f.traceback(), f.argsRepr());
    }
}
