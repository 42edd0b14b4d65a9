package io.mm2dr.kubernetes;

/**
 * The API server serves no kind matching a name, in the words kubernetes.core uses ({@code k8s}
 * fails with them; {@code k8s_info} answers {@code api_found: false}).
 */
public final class KindNotFoundException extends KubeException {
    public KindNotFoundException(String apiVersion, String kind) {
        super("Failed to find exact match for " + apiVersion + "." + kind + " by [kind, name, singularName, shortNames]");
    }
}
