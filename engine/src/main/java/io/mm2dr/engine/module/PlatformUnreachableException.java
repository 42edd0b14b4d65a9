package io.mm2dr.engine.module;

/**
 * Thrown by a module when the platform it talks to (an API server, a broker) cannot be reached or
 * refuses the credentials. The host is marked unreachable and the run exits with code 3.
 */
public class PlatformUnreachableException extends RuntimeException {
    public PlatformUnreachableException(String message) {
        super(message);
    }

    public PlatformUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
