/**
 * Shareable data and the Java-Python message format: {@link io.interpreters4j.runtime.data.Codec}
 * converts values between their Java, canonical and Python-ready forms, {@link
 * io.interpreters4j.runtime.data.Wire} is what the bridge hands to Python when a plain str or int
 * will not do, {@link io.interpreters4j.runtime.data.SharedBuffer} is memory every interpreter
 * maps, {@link io.interpreters4j.runtime.data.RemoteFailure} an exception that escaped a run, as
 * data. Depends on the API and the channel engine alone.
 */
package io.interpreters4j.runtime.data;
