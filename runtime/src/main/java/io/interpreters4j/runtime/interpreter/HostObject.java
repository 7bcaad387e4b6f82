package io.interpreters4j.runtime.interpreter;

import io.interpreters4j.InterpreterConfig;

/**
 * The Java object an interpreter's Python code calls (the runtime's {@code Bridge}), handed to the
 * boot code of its context. A spare context is booted before its interpreter exists
 * ({@link SpareContexts}), so the object learns whom it acts for only when it is bound: once,
 * before the context runs any code but the boot.
 */
public interface HostObject {

    /**
     * Binds this object to interpreter {@code id}.
     *
     * @param blocking where the bridge registers the threads of this interpreter that wait in it,
     *                 so that {@link PyInterpreter#interrupt()} can wake them
     */
    void bind(long id, InterpreterConfig config, BlockingCalls blocking);
}
