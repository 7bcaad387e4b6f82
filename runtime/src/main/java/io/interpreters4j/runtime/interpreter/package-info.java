/**
 * Interpreters: each a GraalPy context owned by one thread. {@link
 * io.interpreters4j.runtime.interpreter.PyInterpreter} is the callers' side (state, submit, wait,
 * interrupt, destroy), {@link io.interpreters4j.runtime.interpreter.OwnerThread} the owner
 * thread's (mailbox, context life cycle), {@link io.interpreters4j.runtime.interpreter.Request}
 * the work that passes between them, {@link io.interpreters4j.runtime.interpreter.Failures} how a
 * run that threw ends. {@link io.interpreters4j.runtime.interpreter.InterpreterTable} holds the
 * live ones, {@link io.interpreters4j.runtime.interpreter.SpareContexts} contexts booted ahead of
 * need, {@link io.interpreters4j.runtime.interpreter.PythonEngine} the engine they share. Uses
 * {@code runtime.data}; knows nothing of the front doors (the bridge is a {@link
 * io.interpreters4j.runtime.interpreter.HostObject} here).
 */
package io.interpreters4j.runtime.interpreter;
