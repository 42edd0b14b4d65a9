package io.mm2dr.platform.kubernetes;

import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.PlatformException;
import io.mm2dr.kubernetes.KubeObjects;
import io.mm2dr.platform.KafkaEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kafka cluster's listeners as its operator reports them: Strimzi's {@code status.listeners}
 * ({@code name}, in releases before 0.20 {@code type}), Event Streams' {@code status.kafkaListeners}
 * ({@code name}, {@code type}), each with {@code bootstrapServers} and the {@code certificates}
 * that sign the brokers'; whether a listener speaks TLS is the specification's
 * ({@code spec.kafka.listeners}, under {@code spec.strimziOverrides} for Event Streams).
 */
final class ClusterListeners {
    /** The listener meant for clients outside the cluster, as the playbooks name it. */
    static final String EXTERNAL = "external";

    private ClusterListeners() {
    }

    /** The endpoint of {@code listener} (null: external if there is one, else the first TLS one) of {@code cluster}. */
    static KafkaEndpoint endpoint(Map<String, Object> cluster, Flavor flavor, String listener, String caFromSecret) {
        String what = KafkaResources.clusterKind(flavor) + " " + KubeObjects.stringAt(cluster, "metadata", "namespace") + "/"
                + KubeObjects.stringAt(cluster, "metadata", "name");
        List<Map<String, Object>> reported = reported(cluster, flavor);
        List<Map<String, Object>> declared = declared(cluster, flavor);
        if (reported.isEmpty()) {
            throw new PlatformException("the " + what + " reports no listeners in its status (not ready yet, or its operator has not "
                    + "reconciled it): no address to reach its brokers at");
        }
        Map<String, Object> chosen = null;
        if (listener != null) {
            chosen = named(reported, listener);
        } else {
            chosen = named(reported, EXTERNAL);
            for (int i = 0; chosen == null && i < reported.size(); i++) {
                if (tls(declared, name(reported.get(i)))) {
                    chosen = reported.get(i);
                }
            }
            if (chosen == null) {
                chosen = reported.get(0);
            }
        }
        if (chosen == null) {
            List<String> names = new ArrayList<>();
            reported.forEach(l -> names.add(name(l)));
            throw new PlatformException("the " + what + " has no listener '" + listener + "' in its status (its listeners: "
                    + String.join(", ", names) + ")");
        }
        String bootstrap = KubeObjects.stringAt(chosen, "bootstrapServers");
        if (bootstrap == null || bootstrap.isBlank()) {
            bootstrap = addresses(chosen);
        }
        if (bootstrap == null) {
            throw new PlatformException("the listener '" + name(chosen) + "' of the " + what + " has no address in its status yet");
        }
        boolean tls = tls(declared, name(chosen));
        String ca = null;
        if (tls) {
            if (chosen.get("certificates") instanceof List<?> certificates && !certificates.isEmpty()) {
                ca = String.join("\n", certificates.stream().map(String::valueOf).toList());
            } else {
                ca = caFromSecret;
            }
            if (ca == null) {
                throw new PlatformException("the listener '" + name(chosen) + "' of the " + what
                        + " speaks TLS, and neither its status nor the cluster CA secret gives the certificate to trust");
            }
        }
        return new KafkaEndpoint(bootstrap, name(chosen), tls, ca, "the status of " + what);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> reported(Map<String, Object> cluster, Flavor flavor) {
        Object status = cluster.get("status");
        if (!(status instanceof Map<?, ?> s)) {
            return List.of();
        }
        Object listeners = flavor == Flavor.EVENTSTREAMS && s.get("kafkaListeners") != null ? s.get("kafkaListeners") : s.get("listeners");
        List<Map<String, Object>> out = new ArrayList<>();
        if (listeners instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> declared(Map<String, Object> cluster, Flavor flavor) {
        Object kafka = flavor == Flavor.EVENTSTREAMS ? KubeObjects.at(cluster, "spec", "strimziOverrides", "kafka") : KubeObjects.at(cluster, "spec", "kafka");
        List<Map<String, Object>> out = new ArrayList<>();
        if (kafka instanceof Map<?, ?> k && k.get("listeners") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    private static Map<String, Object> named(List<Map<String, Object>> listeners, String name) {
        for (Map<String, Object> l : listeners) {
            if (name.equals(name(l))) {
                return l;
            }
        }
        return null;
    }

    /** A reported listener's name: {@code name}, else (Strimzi before 0.20, Event Streams' older status) {@code type}. */
    private static String name(Map<String, Object> listener) {
        Object n = listener.get("name");
        return n != null ? String.valueOf(n) : String.valueOf(listener.get("type"));
    }

    /** Whether the specification's listener of that name speaks TLS (unknown: a listener named tls or external does). */
    private static boolean tls(List<Map<String, Object>> declared, String name) {
        for (Map<String, Object> l : declared) {
            if (name.equals(String.valueOf(l.get("name")))) {
                return Boolean.TRUE.equals(l.get("tls")) || "true".equals(String.valueOf(l.get("tls")));
            }
        }
        return name.equals("tls") || name.equals(EXTERNAL);
    }

    private static String addresses(Map<String, Object> listener) {
        if (!(listener.get("addresses") instanceof List<?> l) || l.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (o instanceof Map<?, ?> a && a.get("host") != null && a.get("port") != null) {
                out.add(a.get("host") + ":" + a.get("port"));
            }
        }
        return out.isEmpty() ? null : String.join(",", out);
    }
}
