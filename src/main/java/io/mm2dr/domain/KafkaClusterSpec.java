package io.mm2dr.domain;

/**
 * A Kafka cluster as a playbook asks for it, whatever runs it.
 *
 * @param name          the cluster's name (also the prefix of its services and CA secrets)
 * @param namespace     the region it lives in
 * @param flavor        the operator, on Kubernetes
 * @param brokers       broker count (each also a KRaft controller)
 * @param storage       {@code ephemeral}, or the size of a persistent volume per broker ("10Gi")
 * @param listenerAuth  {@code scram-sha-512}, {@code tls} or {@code none}
 * @param reuseCa       adopt restored CA secrets instead of generating new ones
 * @param version       the operator's product version (Event Streams) or the Kafka version (Strimzi); null for the operator's default
 * @param controllerStorage the size of each KRaft controller's persistent volume where the flavor needs persistent
 *                      controllers and {@code storage} is ephemeral (Event Streams 12 and later)
 * @param external      a listener for clients outside the cluster, or null for the internal TLS listener only
 */
public record KafkaClusterSpec(String name, String namespace, Flavor flavor, int brokers, String storage, String listenerAuth,
                               boolean reuseCa, String version, String controllerStorage, ExternalListener external) {

    /** The default size of a KRaft controller's persistent volume (metadata only: small). */
    public static final String DEFAULT_CONTROLLER_STORAGE = "10Gi";

    public KafkaClusterSpec {
        if (controllerStorage == null || controllerStorage.isBlank()) {
            controllerStorage = DEFAULT_CONTROLLER_STORAGE;
        }
    }

    /** A cluster whose controllers, where they need a volume of their own, get the default size. */
    public KafkaClusterSpec(String name, String namespace, Flavor flavor, int brokers, String storage, String listenerAuth,
                            boolean reuseCa, String version) {
        this(name, namespace, flavor, brokers, storage, listenerAuth, reuseCa, version, DEFAULT_CONTROLLER_STORAGE, null);
    }

    /** A cluster with its internal listener only. */
    public KafkaClusterSpec(String name, String namespace, Flavor flavor, int brokers, String storage, String listenerAuth,
                            boolean reuseCa, String version, String controllerStorage) {
        this(name, namespace, flavor, brokers, storage, listenerAuth, reuseCa, version, controllerStorage, null);
    }

    /** Whether the brokers' storage is ephemeral (lost with the pod). */
    public boolean ephemeral() {
        return "ephemeral".equals(storage);
    }

    /** The KRaft controllers of a cluster whose controllers are nodes of their own: an odd quorum, 3, or 1 below 3 brokers. */
    public int controllers() {
        return brokers >= 3 ? 3 : 1;
    }

    /** The bootstrap address clients inside the cluster use (the TLS listener). */
    public String bootstrap() {
        return name + "-kafka-bootstrap." + namespace + ".svc:9093";
    }

    public String clusterCaCertSecret() {
        return name + "-cluster-ca-cert";
    }

    public String clusterCaKeySecret() {
        return name + "-cluster-ca";
    }

    public String clientsCaCertSecret() {
        return name + "-clients-ca-cert";
    }

    public String clientsCaKeySecret() {
        return name + "-clients-ca";
    }

    /** Replication factor for the cluster's own internal topics: 3, or fewer brokers if there are fewer. */
    public int internalReplicationFactor() {
        return Math.min(3, brokers);
    }
}
