package io.mm2dr.domain;

import java.util.List;

/**
 * A listener for clients outside the Kubernetes cluster (the runner's restore proof, run from a
 * laptop or a CI machine), TLS with the same authentication as the cluster's internal listener,
 * exposed as the platform allows: an OpenShift {@code route}, an {@code ingress} (TLS passthrough:
 * needs {@code host_suffix}, and the controller's class), a {@code loadbalancer} or a
 * {@code nodeport} service.
 *
 * @param type         route, ingress, loadbalancer or nodeport
 * @param hostSuffix   for ingress: the DNS suffix under which the bootstrap and broker hosts are made
 *                     ({@code bootstrap-<cluster>.<suffix>}, {@code broker-<n>-<cluster>.<suffix>})
 * @param ingressClass for ingress: the ingress controller's class (nginx...); null for the default
 */
public record ExternalListener(String type, String hostSuffix, String ingressClass) {
    /** The types, as the operators name them. */
    public static final List<String> TYPES = List.of("route", "ingress", "loadbalancer", "nodeport");
    /** The listener's name and port on every cluster (the name the status reports it by). */
    public static final String NAME = "external";
    public static final int PORT = 9094;

    public ExternalListener {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("external listener type must be one of " + String.join(", ", TYPES) + ", got '" + type + "'");
        }
        if (type.equals("ingress") && (hostSuffix == null || hostSuffix.isBlank())) {
            throw new IllegalArgumentException("an ingress external listener needs host_suffix (the DNS suffix of its hosts)");
        }
    }
}
