package io.mm2dr.engine.module;

/** A module argument that is missing, unknown or of the wrong type or value. */
public class ArgumentError extends RuntimeException {
    public ArgumentError(String message) {
        super(message);
    }
}
