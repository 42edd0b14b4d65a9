package io.mm2dr.engine.exec;

/**
 * A run refused before its first task (by the preparation given to
 * {@link PlaybookExecutor#beforeRun}): reported as one error, the run ends with the exit code.
 */
public class RunRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public RunRefusedException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
