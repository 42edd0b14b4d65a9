package io.mm2dr.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.mm2dr.engine.module.PlatformUnreachableException;

/**
 * Where and how to reach an API server: a kubeconfig file (or the usual places: {@code KUBECONFIG},
 * {@code ~/.kube/config}, the in-cluster service account), a context, and overrides. Equal
 * connections share one client for the whole run.
 *
 * @param kubeconfig     a kubeconfig file; null for the usual places
 * @param context        a context of the kubeconfig; null for its current context
 * @param host           overrides the server URL
 * @param apiKey         a bearer token; overrides the kubeconfig's credentials
 * @param validateCerts  null to follow the kubeconfig, false to trust any certificate
 * @param caCert         a CA bundle file to trust
 * @param requestTimeoutSeconds how long one request may take
 * @param retries        how often a request answered 5xx/429 or failed to connect is retried
 */
public record KubeConnection(Path kubeconfig, String kubeconfigText, String context, String host, String apiKey, Boolean validateCerts,
                             Path caCert, int requestTimeoutSeconds, int retries) {

    public KubeConnection(Path kubeconfig, String context, String host, String apiKey, Boolean validateCerts,
                          Path caCert, int requestTimeoutSeconds, int retries) {
        this(kubeconfig, null, context, host, apiKey, validateCerts, caCert, requestTimeoutSeconds, retries);
    }

    public static final int DEFAULT_REQUEST_TIMEOUT = 30;
    public static final int DEFAULT_RETRIES = 3;
    private static final int RETRY_INTERVAL_MS = 250;

    /** The key under which the run keeps this connection's client (the token is not part of it). */
    public String key() {
        return "kubernetes:" + (kubeconfigText != null ? "inline-" + sha256(kubeconfigText) : kubeconfig != null ? kubeconfig : defaultKubeconfigs())
                + "|" + context + "|" + host + "|" + (apiKey == null ? "" : sha256(apiKey))
                + "|" + validateCerts + "|" + caCert + "|" + requestTimeoutSeconds + "|" + retries;
    }

    /** Never the token or an in-memory kubeconfig's text. */
    @Override
    public String toString() {
        return "KubeConnection[" + describe() + (apiKey != null ? ", a token" : "") + "]";
    }

    /** Where the settings came from, for messages: "kubeconfig /x (context prod)". */
    public String describe() {
        StringBuilder sb = new StringBuilder(kubeconfigText != null ? "the kubeconfig given as a mapping"
                : kubeconfig != null ? "kubeconfig " + kubeconfig : "the default kubeconfig");
        if (context != null) {
            sb.append(" (context ").append(context).append(')');
        }
        if (host != null) {
            sb.append(", host ").append(host);
        }
        return sb.toString();
    }

    /**
     * The default kubeconfig files as they are now (name, size, time): a task after one that moved
     * {@code ~/.kube/config} away, or replaced it, gets a client of its own, not the first one's.
     */
    private static String defaultKubeconfigs() {
        StringBuilder b = new StringBuilder("default[");
        for (String f : Config.getKubeconfigFilenames()) {
            Path p = Path.of(f);
            try {
                if (Files.isReadable(p)) {
                    b.append(f).append(':').append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis()).append(';');
                }
            } catch (IOException e) {
                // gone meanwhile: as not there
            }
        }
        return b.append(']').toString();
    }

    private static boolean noKubeconfigAnywhere() {
        boolean anyFile = Config.getKubeconfigFilenames().stream().anyMatch(f -> Files.isReadable(Path.of(f)));
        boolean inCluster = Files.isReadable(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
        return !anyFile && !inCluster;
    }

    /** A CA file that holds no certificate could trust nothing: said before any request, as the collection's client does. */
    private static void checkCaCert(Path caCert) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(caCert);
        } catch (IOException e) {
            throw new KubeException("cannot read ca_cert " + caCert + ": " + e.getMessage(), e);
        }
        try {
            java.util.Collection<? extends java.security.cert.Certificate> certificates = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(bytes));
            if (!certificates.isEmpty()) {
                return;
            }
        } catch (java.security.cert.CertificateException e) {
            throw new KubeException("ca_cert " + caCert + " is not a PEM certificate bundle: " + e.getMessage(), e);
        }
        throw new KubeException("ca_cert " + caCert + " holds no certificate");
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public KubernetesClient open() {
        return open(null);
    }

    /** A client for this connection; the server's {@code Warning} headers go to {@code warnings} when given. */
    public KubernetesClient open(ApiWarnings warnings) {
        Config config;
        try {
            if (kubeconfigText != null) {
                config = Config.fromKubeconfig(context, kubeconfigText, null);
            } else if (kubeconfig != null) {
                if (!Files.isReadable(kubeconfig)) {
                    throw new KubeException("cannot read kubeconfig " + kubeconfig + ": no such file or not readable");
                }
                config = Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
            } else {
                if (host == null && noKubeconfigAnywhere()) {
                    String env = System.getenv("KUBECONFIG");
                    // a setting missing, as a kubeconfig file that is not there: the task fails, the cluster is not "unreachable"
                    throw new KubeException("no Kubernetes cluster to talk to: no kubeconfig found ("
                            + (env == null ? "KUBECONFIG is not set" : "KUBECONFIG=" + env + " is not readable")
                            + ", no ~/.kube/config) and not running in a pod. Set KUBECONFIG, "
                            + "or give 'kubeconfig' to the task or 'k8s_kubeconfig' to the inventory");
                }
                config = Config.autoConfigure(context);
            }
        } catch (IOException e) {
            throw new KubeException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        } catch (KubernetesClientException e) {
            throw new KubeException("cannot use " + describe() + ": " + e.getMessage(), e);
        }
        if (context != null && config.getCurrentContext() != null && !context.equals(config.getCurrentContext().getName())) {
            throw new KubeException("context '" + context + "' is not in " + describe());
        }
        if (host != null) {
            config.setMasterUrl(host);
        }
        if (apiKey != null) {
            config.setOauthToken(apiKey);
        }
        if (validateCerts != null) {
            config.setTrustCerts(!validateCerts);
            config.setDisableHostnameVerification(!validateCerts);
        }
        if (caCert != null) {
            checkCaCert(caCert);
            config.setCaCertFile(caCert.toString());
            config.setCaCertData(null);
        }
        config.setRequestTimeout(requestTimeoutSeconds * 1000);
        config.setConnectionTimeout(Math.min(requestTimeoutSeconds, 10) * 1000);
        // the client's own default is 10 retries with back-off: a failing server would look hung
        config.setRequestRetryBackoffLimit(retries);
        config.setRequestRetryBackoffInterval(RETRY_INTERVAL_MS);
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config);
        if (warnings != null) {
            builder.withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("mm2dr-api-warnings", warnings));
        }
        return builder.build();
    }
}
