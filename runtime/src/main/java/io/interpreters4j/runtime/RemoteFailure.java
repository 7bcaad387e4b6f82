package io.interpreters4j.runtime;

import io.interpreters4j.RemoteException;
import io.interpreters4j.RunFailedError;

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
record RemoteFailure(String typeName, boolean builtin, String message, String traceback, String argsRepr) {

    RunFailedError toJava() {
        return new RunFailedError(new RemoteException(typeName, message, traceback));
    }
}
