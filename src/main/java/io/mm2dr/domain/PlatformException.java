package io.mm2dr.domain;

/**
 * Something the platform an estate runs on refuses or cannot do (an API server's refusal, a
 * sandbox's missing cluster, a wait that timed out), said in one sentence a user can act on. The
 * Kubernetes and sandbox failures extend it, so that a module catches one type and fails its task
 * with the message. A platform that cannot be reached at all is not this: it throws the engine's
 * {@code PlatformUnreachableException}, which marks the host unreachable (exit code 3).
 */
public class PlatformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlatformException(String message) {
        super(message);
    }

    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
