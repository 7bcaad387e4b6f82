package io.interpreters4j.runtime;

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
    static final int NONE = 0;
    static final int BYTES = 1;
    static final int BIGINT = 2;
    static final int RECV_END = 3;
    static final int SEND_END = 4;
    static final int BUFFER = 5;
    static final int BYTES_NATIVE = 6;
    /** From Python only: a str, or an int in the long range, passed bare. */
    static final int PLAIN = 7;
    /** A buffer's bytes as Latin-1 text, for interpreters that cannot map shared memory. */
    static final int BUFFER_COPY = 8;
    // Outcomes that are not values.
    static final int OK = 10;
    static final int NOTHING = 11;
    static final int RUN_FAILED = 20;
    // Errors, by the Python exception they become.
    static final int E_RUNTIME = 30;
    static final int E_INTERP_NOT_FOUND = 31;
    static final int E_VALUE = 32;
    static final int E_TYPE = 33;
    static final int E_CHANNEL_NOT_FOUND = 40;
    static final int E_CHANNEL_EMPTY = 41;
    static final int E_CHANNEL_NOT_EMPTY = 42;
    static final int E_NOT_RECEIVED = 43;
    static final int E_CHANNEL_CLOSED = 44;
    static final int E_CHANNEL_RELEASED = 45;
    static final int E_INTERRUPTED = 46;
    static final int E_RUN_TIMEOUT = 48;
    static final int E_PERMISSION = 49;

    static final Wire NONE_VALUE = new Wire(NONE, null, 0);
    static final Wire OK_VALUE = new Wire(OK, null, 0);
    static final Wire NOTHING_VALUE = new Wire(NOTHING, null, 0);

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

    Wire(int kind, String text, long num) {
        this(kind, text, num, 0, null, null, null);
    }

    Wire(int kind, String text, long num, long size, String text2, String text3, Object ref) {
        this.kind = kind;
        this.text = text;
        this.num = num;
        this.size = size;
        this.text2 = text2;
        this.text3 = text3;
        this.ref = ref;
    }

    static Wire error(int kind, String message) {
        return new Wire(kind, message, 0);
    }

    /** A {@link RemoteFailure} for Python: type name, message, traceback, and the args repr. */
    static Wire failure(RemoteFailure f) {
        return new Wire(RUN_FAILED, f.typeName(), f.builtin() ? 1 : 0, 0, f.message(), f.traceback(), f.argsRepr());
    }
}
