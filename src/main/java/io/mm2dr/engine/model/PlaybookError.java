package io.mm2dr.engine.model;

import io.mm2dr.engine.yaml.SourcePos;

/**
 * A playbook that cannot be run as written: bad YAML, an unknown keyword or module, a bad argument.
 * It carries the place it was found; ansible-playbook exits 4 for these.
 */
public class PlaybookError extends RuntimeException {
    private final SourcePos pos;

    public PlaybookError(String message, SourcePos pos) {
        super(message);
        this.pos = pos == null ? SourcePos.UNKNOWN : pos;
    }

    public PlaybookError(String message, SourcePos pos, Throwable cause) {
        super(message, cause);
        this.pos = pos == null ? SourcePos.UNKNOWN : pos;
    }

    public SourcePos pos() {
        return pos;
    }
}
