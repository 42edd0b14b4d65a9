package io.mm2dr.engine.model;

import io.mm2dr.engine.yaml.PositionedError;
import io.mm2dr.engine.yaml.SourcePos;

/**
 * A playbook that cannot be run as written: an unknown keyword or module, a bad argument, a
 * missing file. It carries the place it was found; ansible-playbook exits 4 for these.
 */
public class PlaybookError extends PositionedError {
    public PlaybookError(String message, SourcePos pos) {
        super(message, pos, null);
    }

    public PlaybookError(String message, SourcePos pos, Throwable cause) {
        super(message, pos, cause);
    }
}
