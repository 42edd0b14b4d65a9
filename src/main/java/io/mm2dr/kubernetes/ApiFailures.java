package io.mm2dr.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mm2dr.engine.module.PlatformUnreachableException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns what the client throws into one sentence for the user. A server that cannot be reached,
 * whose certificate is not trusted, that does not answer in time or that refuses the credentials
 * makes the platform unreachable (exit code 3); anything else is the failure of one task.
 */
final class ApiFailures {
    private ApiFailures() {
    }

    static RuntimeException translate(KubernetesClientException e, String doing) {
        return translate(e, doing, null);
    }

    static RuntimeException translate(KubernetesClientException e, String doing, String server) {
        String where = server == null ? "the Kubernetes API server" : "the Kubernetes API server at " + server;
        Throwable cause = rootTransportCause(e);
        if (cause instanceof SSLException || cause instanceof CertificateException) {
            return new PlatformUnreachableException("cannot connect to " + where + ": its TLS certificate is not trusted ("
                    + firstLine(cause) + "). Give the CA with 'ca_cert', or set 'validate_certs: false' for a test cluster", e);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new PlatformUnreachableException("cannot connect to " + where + ": the connection timed out", e);
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException
                || cause instanceof InterruptedIOException) {
            return new PlatformUnreachableException(where + " did not answer in time while " + doing
                    + " (request timeout; raise it with 'request_timeout')", e);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                || cause instanceof ClosedChannelException) {
            return new PlatformUnreachableException("cannot connect to " + where + ": connection refused", e);
        }
        if (cause instanceof UnknownHostException) {
            return new PlatformUnreachableException("cannot connect to " + where + ": unknown host " + cause.getMessage(), e);
        }
        int code = e.getCode();
        if (code == 401) {
            return new PlatformUnreachableException(where + " refused the credentials (HTTP 401 Unauthorized) while "
                    + doing + "; check the token or client certificate of the kubeconfig context", e);
        }
        if (code == 0 && cause != null && isTransport(cause)) {
            return new PlatformUnreachableException("cannot talk to " + where + " while " + doing + ": " + firstLine(cause), e);
        }
        String reason = statusMessage(e);
        if (code == 403) {
            return new KubeException("forbidden while " + doing + ": " + reason, e);
        }
        if (code >= 500 || code == 429) {
            return new KubeException(where + " answered HTTP " + code + " while " + doing + ", also after retries: " + reason, e);
        }
        return new KubeException(doing + " failed: HTTP " + code + ": " + reason, e);
    }

    /** A failure of the connection itself, not of reading or writing what went over it (a JSON mapping error is an IOException too). */
    private static boolean isTransport(Throwable t) {
        return t instanceof java.net.SocketException || t instanceof java.io.EOFException
                || t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.io.InterruptedIOException
                || t.getClass().getName().startsWith("java.net.") || t.getClass().getName().startsWith("javax.net.");
    }

    static String statusMessage(KubernetesClientException e) {
        Status s = e.getStatus();
        if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
            return s.getMessage();
        }
        return firstLine(e);
    }

    /** The deepest I/O or TLS cause, if the failure came from the transport rather than the server. */
    private static Throwable rootTransportCause(Throwable e) {
        Throwable found = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof CertificateException || t instanceof TimeoutException) {
                found = t;
                if (t instanceof SSLException || t instanceof ConnectException || t instanceof HttpTimeoutException
                        || t instanceof UnknownHostException) {
                    return t;
                }
            }
        }
        return found;
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
