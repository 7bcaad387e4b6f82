/**
 * The runtime's front doors and the object that puts it together. {@link
 * io.interpreters4j.runtime.GraalPyProvider} serves Java callers (found through {@code
 * ServiceLoader}), {@link io.interpreters4j.runtime.Bridge} serves Python code (each interpreter's
 * {@code _interpreters4j} module calls it), {@link io.interpreters4j.runtime.Launcher} is the
 * command. They use the interpreters ({@code runtime.interpreter}) and the data format
 * ({@code runtime.data}); nothing below uses them. Implementation, not API: code written against
 * {@code interpreters-api} never names these classes.
 */
package io.interpreters4j.runtime;
