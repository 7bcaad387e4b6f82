package io.interpreters4j.runtime.interpreter;

/**
 * How the launcher's program ended: the process exit status, and whether the program ended the
 * process itself ({@code os._exit}), which leaves nothing to finish: no handler runs and no file
 * is written, as on CPython.
 */
public record ProgramEnd(int status, boolean immediate) {
}
