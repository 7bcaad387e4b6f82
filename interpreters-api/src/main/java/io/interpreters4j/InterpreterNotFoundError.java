package io.interpreters4j;

/** No live interpreter has the given id (never created, or destroyed). Python: {@code RuntimeError}. */
public class InterpreterNotFoundError extends InterpreterError {
    private static final long serialVersionUID = 1L;
    /** The id that was asked for. */
    private final long id;

    /**
     * The error for an id that names no live interpreter.
     *
     * @param id the id that was asked for
     */
    public InterpreterNotFoundError(long id) {
        super("interpreter " + id + " does not exist");
        this.id = id;
    }

    /**
     * The id that was asked for.
     *
     * @return that id
     */
    public long interpreterId() {
        return id;
    }
}
