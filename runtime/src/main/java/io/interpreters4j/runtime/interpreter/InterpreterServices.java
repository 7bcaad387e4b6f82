package io.interpreters4j.runtime.interpreter;

import io.interpreters4j.channels.ChannelRegistry;

import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * What an interpreter gets from the runtime that made it (and nothing more: it never sees the
 * runtime itself).
 *
 * @param engine        the shared engine its context is built on
 * @param channels      the channel registry, for the channel ends in a call's result
 * @param sysPathPrefix what a trusted interpreter puts first on {@code sys.path} (null: nothing), read
 *                      when its context boots
 * @param onDestroyed   told the id of an interpreter that is gone (destroyed, or its owner thread died)
 */
record InterpreterServices(PythonEngine engine, ChannelRegistry channels, Supplier<String> sysPathPrefix,
        LongConsumer onDestroyed) {
}
