package io.mm2dr.kubernetes;

/** A failure of a Kubernetes operation, with a message fit to show the user as is. */
public class KubeException extends io.mm2dr.domain.PlatformException {
    public KubeException(String message) {
        super(message);
    }

    public KubeException(String message, Throwable cause) {
        super(message, cause);
    }
}
