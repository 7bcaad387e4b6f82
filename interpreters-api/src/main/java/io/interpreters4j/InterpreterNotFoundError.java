package io.interpreters4j;

/** No live interpreter has the given id (never created, or destroyed). Python: {@code RuntimeError}. */
public class InterpreterNotFoundError extends InterpreterError {
    private static final long serialVersionUID = 1L;
    private final long id;

    public InterpreterNotFoundError(long id) {
        super("interpreter " + id + " does not exist");
        this.id = id;
    }

    /** The id that was asked for. */
    public long interpreterId() {
        return id;
    }
}
