package io.interpreters4j;

import java.util.Arrays;

/**
 * A Python object that is not natively shareable, as CPython 3.14 sends one between interpreters:
 * pickled by the sender, unpickled by each Python receiver. Java receives it as this value and can
 * pass it on (put it in a queue, give it to a call) to be unpickled by Python there.
 *
 * <p>Immutable: {@link #data()} returns a copy.
 */
public final class PickledObject {
    private final byte[] data;
    private final String mainFile;

    /**
     * A pickled object, as a Python sender made it.
     *
     * @param data     the pickle
     * @param mainFile the file of the sender's {@code __main__} module, or null: a receiver that
     *                 unpickles a reference to {@code __main__.name} looks for it there
     */
    public PickledObject(byte[] data, String mainFile) {
        this.data = data.clone();
        this.mainFile = mainFile;
    }

    /**
     * The pickle's bytes.
     *
     * @return a copy of them
     */
    public byte[] data() {
        return data.clone();
    }

    /**
     * The file of the sender's {@code __main__}.
     *
     * @return its path, or null (no file: {@code -c} code, or no program)
     */
    public String mainFile() {
        return mainFile;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PickledObject p && Arrays.equals(p.data, data) && java.util.Objects.equals(p.mainFile, mainFile);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PickledObject(" + data.length + " bytes)";
    }
}
