package io.mm2dr.engine.yaml;

/**
 * An error in a user's file with the place it was found: bad YAML, or a playbook that cannot be
 * run as written. Callers report {@link #pos()} and the message; ansible-playbook exits 4 for these.
 */
public abstract class PositionedError extends RuntimeException {
    private final SourcePos pos;

    protected PositionedError(String message, SourcePos pos, Throwable cause) {
        super(message, cause);
        this.pos = pos == null ? SourcePos.UNKNOWN : pos;
    }

    public SourcePos pos() {
        return pos;
    }
}
