package io.interpreters4j.runtime.data;

import io.interpreters4j.RemoteException;
import io.interpreters4j.RunFailedError;
import org.graalvm.polyglot.Value;

/**
 * The data of an exception that escaped {@code run()} in some interpreter, taken there while the
 * exception object still existed, so that it can be rebuilt in the caller's language.
 *
 * @param typeName  qualified type name ({@code KeyError}, {@code pkg.mod.MyError})
 * @param builtin   whether the type is a built-in exception (Python callers get that very type)
 * @param message   {@code str(exc)}
 * @param traceback the formatted traceback, as {@code traceback.format_exception} gives it
 * @param argsRepr  {@code repr(exc.args)} when built-in and made of literals, else null
 */
public record RemoteFailure(String typeName, boolean builtin, String message, String traceback, String argsRepr) {

    /** From what {@code _boot.describe_failure} returns: {@code (type, builtin, str, traceback, args repr)}. */
    public static RemoteFailure fromPython(Value t) {
        Value args = t.getArrayElement(4);
        return new RemoteFailure(t.getArrayElement(0).asString(), t.getArrayElement(1).asBoolean(),
                t.getArrayElement(2).asString(), t.getArrayElement(3).asString(), args.isNull() ? null : args.asString());
    }

    public RunFailedError toJava() {
        return new RunFailedError(new RemoteException(typeName, message, traceback));
    }
}
