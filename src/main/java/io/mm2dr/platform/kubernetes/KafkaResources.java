package io.mm2dr.platform.kubernetes;

import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.KafkaAppSpec;
import io.mm2dr.domain.KafkaClusterSpec;
import io.mm2dr.domain.KafkaTopicSpec;
import io.mm2dr.domain.KafkaUserSpec;
import io.mm2dr.domain.OperatorApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator resources for each desired state, as plain maps: pure, no client. Event Streams
 * and Strimzi share the shapes of topics, users, Connect and MirrorMaker 2; a cluster is an
 * {@code EventStreams} resource (the operator runs Strimzi underneath, configured through
 * {@code strimziOverrides}) or a Strimzi {@code Kafka} with a {@code KafkaNodePool}. Each resource
 * is rendered for the API generation the server serves ({@link OperatorApi}).
 */
public final class KafkaResources {
    /** Where a paused application's replica count is kept. */
    public static final String PAUSED_REPLICAS = "mm2dr.io/paused-replicas";
    /** The Event Streams license this tool accepts on the user's behalf only when the inventory says so. */
    static final String ES_LICENSE_USE = EventStreamsSettings.DEFAULT_LICENSE_USE;

    private KafkaResources() {
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    static Map<String, Object> metadata(String name, String namespace, Map<String, Object> labels) {
        return map("name", name, "namespace", namespace, "labels", labels == null || labels.isEmpty() ? null : labels);
    }

    public static Map<String, Object> namespace(String name) {
        return map("apiVersion", "v1", "kind", "Namespace", "metadata", map("name", name));
    }

    // ------------------------------------------------------------------ clusters

    /** The resources of a cluster: one for Event Streams, the Kafka and its node pool for Strimzi. */
    public static List<Map<String, Object>> cluster(KafkaClusterSpec c, OperatorApi api, String esLicenseUse) {
        return cluster(c, api, EventStreamsSettings.licenseUse(esLicenseUse));
    }

    /**
     * The resources of a cluster: one for Event Streams, the Kafka and its node pool for Strimzi.
     * Event Streams with ephemeral storage gets its KRaft controllers in a pool of their own with
     * persistent volumes (Event Streams 12 and later require persistent controller storage), and its
     * licence and admin endpoints from {@code es} (resolved: see {@link EventStreamsSettings#resolved}).
     */
    public static List<Map<String, Object>> cluster(KafkaClusterSpec c, OperatorApi api, EventStreamsSettings es) {
        List<Object> listeners = new java.util.ArrayList<>();
        listeners.add(map("name", "tls", "port", 9093, "type", "internal", "tls", true, "authentication", authentication(c.listenerAuth())));
        if (c.external() != null) {
            listeners.add(externalListener(c));
        }
        Map<String, Object> kafka = map(
                "listeners", listeners,
                "authorization", c.listenerAuth().equals("none") ? null : map("type", "simple"),
                "config", map(
                        "offsets.topic.replication.factor", c.internalReplicationFactor(),
                        "transaction.state.log.replication.factor", c.internalReplicationFactor(),
                        "transaction.state.log.min.isr", Math.max(1, c.internalReplicationFactor() - 1),
                        "default.replication.factor", c.internalReplicationFactor(),
                        "min.insync.replicas", Math.max(1, c.internalReplicationFactor() - 1)));
        Map<String, Object> storage = c.storage().equals("ephemeral") ? map("type", "ephemeral")
                : map("type", "jbod", "volumes", List.of(map("id", 0, "type", "persistent-claim", "size", c.storage(),
                "deleteClaim", false, "kraftMetadata", "shared")));
        Map<String, Object> pool = map("replicas", c.brokers(), "roles", List.of("controller", "broker"), "storage", storage);
        Map<String, Object> generation = c.reuseCa() ? map("generateCertificateAuthority", false) : null;
        if (c.flavor() == Flavor.EVENTSTREAMS) {
            List<Object> pools = List.of(withName("kafka", pool));
            if (c.ephemeral()) {
                // brokers keep their ephemeral storage; the controllers' metadata gets volumes that outlive their pods
                pools = List.of(
                        withName("kafka", map("replicas", c.brokers(), "roles", List.of("broker"), "storage", storage)),
                        withName("controller", map("replicas", c.controllers(), "roles", List.of("controller"),
                                "storage", map("type", "persistent-claim", "size", c.controllerStorage(), "deleteClaim", false))));
            }
            Map<String, Object> overrides = map(
                    "kafka", kafka,
                    "nodePools", pools,
                    "entityOperator", map("topicOperator", map(), "userOperator", map()),
                    "clusterCa", generation,
                    "clientsCa", generation);
            Map<String, Object> spec = map(
                    "version", c.version() == null ? "latest" : c.version(),
                    "license", es.licenseSpec(),
                    "adminApi", es.component(c.name(), "admin-api"),
                    "adminUI", es.component(c.name(), "ui"),
                    "strimziOverrides", overrides);
            return List.of(map("apiVersion", api.apiVersion(), "kind", "EventStreams",
                    "metadata", metadata(c.name(), c.namespace(), null), "spec", spec));
        }
        if (c.version() != null) {
            kafka.put("version", c.version());
        }
        Map<String, Object> spec = map(
                "kafka", kafka,
                "entityOperator", map("topicOperator", map(), "userOperator", map()),
                "clusterCa", generation,
                "clientsCa", generation);
        Map<String, Object> meta = metadata(c.name(), c.namespace(), null);
        meta.put("annotations", map("strimzi.io/node-pools", "enabled", "strimzi.io/kraft", "enabled"));
        return List.of(
                map("apiVersion", api.apiVersion(), "kind", "KafkaNodePool",
                        "metadata", metadata(c.name() + "-pool", c.namespace(), map(Flavor.STRIMZI.clusterLabel(), c.name())),
                        "spec", pool),
                map("apiVersion", api.apiVersion(), "kind", "Kafka", "metadata", meta, "spec", spec));
    }

    /**
     * The listener for clients outside the cluster: TLS, the internal listener's authentication,
     * of the type asked; an ingress (TLS passthrough) names its bootstrap and broker hosts under
     * the suffix given, as the operators require.
     */
    static Map<String, Object> externalListener(KafkaClusterSpec c) {
        io.mm2dr.domain.ExternalListener e = c.external();
        Map<String, Object> l = map("name", io.mm2dr.domain.ExternalListener.NAME, "port", io.mm2dr.domain.ExternalListener.PORT,
                "type", e.type(), "tls", true, "authentication", authentication(c.listenerAuth()));
        if (e.type().equals("ingress")) {
            List<Object> brokers = new java.util.ArrayList<>();
            for (int i = 0; i < c.brokers(); i++) {
                brokers.add(map("broker", i, "host", "broker-" + i + "-" + c.name() + "." + e.hostSuffix()));
            }
            l.put("configuration", map("class", e.ingressClass(),
                    "bootstrap", map("host", "bootstrap-" + c.name() + "." + e.hostSuffix()),
                    "brokers", brokers));
        }
        return l;
    }

    private static Map<String, Object> withName(String name, Map<String, Object> m) {
        Map<String, Object> out = map("name", name);
        out.putAll(m);
        return out;
    }

    private static Map<String, Object> authentication(String listenerAuth) {
        return switch (listenerAuth) {
            case "scram-sha-512" -> map("type", "scram-sha-512");
            case "tls" -> map("type", "tls");
            default -> null;
        };
    }

    /** The kind of the resource whose Ready condition says the cluster is up. */
    public static String clusterKind(Flavor flavor) {
        return flavor == Flavor.EVENTSTREAMS ? "EventStreams" : "Kafka";
    }

    // ------------------------------------------------------------------ topics and users

    public static Map<String, Object> topic(KafkaTopicSpec t, OperatorApi api) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (t.config() != null) {
            t.config().forEach((k, v) -> config.put(k, v));
        }
        return map("apiVersion", api.apiVersion(), "kind", "KafkaTopic",
                "metadata", metadata(t.resourceName(), t.namespace(), map(t.flavor().clusterLabel(), t.cluster())),
                "spec", map("topicName", t.name(), "partitions", t.partitions(), "replicas", t.replicas(),
                        "config", config.isEmpty() ? null : config));
    }

    public static Map<String, Object> user(KafkaUserSpec u, OperatorApi api) {
        Map<String, Object> auth = map("type", "scram-sha-512");
        if (u.passwordSecret() != null) {
            auth.put("password", map("valueFrom", map("secretKeyRef",
                    map("name", u.passwordSecret().name(), "key", u.passwordSecret().key()))));
        }
        List<Object> acls = new ArrayList<>();
        for (KafkaUserSpec.Acl a : u.acls()) {
            acls.add(map("resource", map("type", a.resourceType(), "name", a.resourceType().equals("cluster") ? null : a.resourceName(),
                            "patternType", a.resourceType().equals("cluster") ? null : a.patternType()),
                    "operations", a.operations(), "host", a.host()));
        }
        return map("apiVersion", api.apiVersion(), "kind", "KafkaUser",
                "metadata", metadata(u.name(), u.namespace(), map(u.flavor().clusterLabel(), u.cluster())),
                "spec", map("authentication", auth, "authorization", acls.isEmpty() ? null : map("type", "simple", "acls", acls)));
    }

    // ------------------------------------------------------------------ demo applications

    /** The producer: a Connect cluster running the retailer data generator, and its connector. */
    public static List<Map<String, Object>> producer(KafkaAppSpec a, OperatorApi operatorApi) {
        String api = operatorApi.apiVersion();
        Map<String, Object> meta = metadata(a.name(), a.namespace(), null);
        meta.put("annotations", map(a.flavor().labelDomain() + "/use-connector-resources", "true"));
        Map<String, Object> config = map(
                "config.storage.replication.factor", a.replicationFactor(),
                "offset.storage.replication.factor", a.replicationFactor(),
                "status.storage.replication.factor", a.replicationFactor());
        Map<String, Object> spec = map(
                "replicas", a.replicas(),
                "bootstrapServers", a.bootstrap(),
                "image", a.image(),
                "authentication", map("type", "scram-sha-512", "username", a.user(),
                        "passwordSecret", map("secretName", a.passwordSecret().name(), "password", a.passwordSecret().key())),
                "tls", map("trustedCertificates", List.of(map("secretName", a.caSecret().name(), "certificate", a.caSecret().key()))));
        Map<String, Object> storage = map(
                "group.id", a.name(),
                "config.storage.topic", a.name() + "-configs",
                "offset.storage.topic", a.name() + "-offsets",
                "status.storage.topic", a.name() + "-status");
        if (operatorApi.v1()) {
            // v1 names the group and the storage topics in the spec, and forbids them in the config
            spec.put("groupId", storage.get("group.id"));
            spec.put("configStorageTopic", storage.get("config.storage.topic"));
            spec.put("offsetStorageTopic", storage.get("offset.storage.topic"));
            spec.put("statusStorageTopic", storage.get("status.storage.topic"));
        } else {
            storage.putAll(config);
            config = storage;
        }
        spec.put("config", config);
        Map<String, Object> connect = map("apiVersion", api, "kind", "KafkaConnect", "metadata", meta, "spec", spec);
        List<String> t = a.topics();
        Map<String, Object> connector = map("apiVersion", api, "kind", "KafkaConnector",
                "metadata", metadata("datagen", a.namespace(), map(a.flavor().clusterLabel(), a.name())),
                "spec", map(
                        "class", "com.ibm.eventautomation.demos.loosehangerjeans.DatagenSourceConnector",
                        "tasksMax", 1,
                        "config", map(
                                "topic.name.orders", t.get(0),
                                "topic.name.cancellations", t.get(1),
                                "topic.name.badgeins", t.get(2),
                                "topic.name.stockmovements", t.get(3),
                                "topic.name.newcustomers", t.get(4),
                                "topic.name.sensorreadings", t.get(5),
                                "timestamps.ttl", 0,
                                "orders.frequency.ms", Math.max(1, 1000 / Math.max(1, a.eventsPerSecond())),
                                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                                "value.converter.schemas.enable", false)));
        return List.of(connect, connector);
    }

    /** The consumer: a Deployment running Kafka's console consumer as its group, over SCRAM and TLS. */
    public static Map<String, Object> consumer(KafkaAppSpec a) {
        String script = String.join("\n",
                "set -e",
                "keytool -importcert -noprompt -alias ca -file /ca/" + a.caSecret().key() + " -keystore /tmp/ca.p12 -storepass changeit -storetype PKCS12",
                "cat > /tmp/client.properties <<EOF",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + a.user() + "\" password=\"$KAFKA_PASSWORD\";",
                "ssl.truststore.location=/tmp/ca.p12",
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.password=changeit",
                "EOF",
                "exec /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server " + a.bootstrap()
                        + " --include '" + a.topicPattern() + "' --group " + a.group()
                        + " --consumer.config /tmp/client.properties --property print.key=true --property print.timestamp=true");
        Map<String, Object> labels = map("app", a.name());
        Map<String, Object> container = map(
                "name", "consumer",
                "image", a.image(),
                "command", List.of("/bin/bash", "-c", script),
                "env", List.of(map("name", "KAFKA_PASSWORD", "valueFrom",
                        map("secretKeyRef", map("name", a.passwordSecret().name(), "key", a.passwordSecret().key())))),
                "volumeMounts", List.of(map("name", "ca", "mountPath", "/ca", "readOnly", true)));
        return map("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", metadata(a.name(), a.namespace(), labels),
                "spec", map(
                        "replicas", a.replicas(),
                        "selector", map("matchLabels", labels),
                        "template", map(
                                "metadata", map("labels", labels),
                                "spec", map(
                                        "containers", List.of(container),
                                        "volumes", List.of(map("name", "ca", "secret", map("secretName", a.caSecret().name())))))));
    }

    /**
     * What a KafkaMirrorMaker2 resource says of itself: its connect cluster's bootstrap and its
     * storage topics, in either generation ({@code spec.target} in v1, {@code connectCluster} and
     * {@code clusters} in v1beta2).
     */
    public static io.mm2dr.domain.mm2.MirrorMaker2Spec.OtherMirrorMaker2 otherMirrorMaker(Map<String, Object> resource) {
        Map<String, Object> spec = io.mm2dr.kubernetes.KubeObjects.map(resource, "spec");
        String connect = io.mm2dr.kubernetes.KubeObjects.stringAt(spec, "connectCluster");
        String bootstrap = "";
        java.util.Set<String> topics = new java.util.LinkedHashSet<>();
        if (spec.get("target") instanceof Map<?, ?>) {
            Map<String, Object> target = io.mm2dr.kubernetes.KubeObjects.map(spec, "target");
            bootstrap = String.valueOf(target.get("bootstrapServers"));
            topics.add(String.valueOf(target.getOrDefault("configStorageTopic", "mirrormaker2-cluster-configs")));
            topics.add(String.valueOf(target.getOrDefault("offsetStorageTopic", "mirrormaker2-cluster-offsets")));
            topics.add(String.valueOf(target.getOrDefault("statusStorageTopic", "mirrormaker2-cluster-status")));
        }
        for (Map<String, Object> c : io.mm2dr.kubernetes.KubeObjects.maps(spec, "clusters")) {
            if (java.util.Objects.equals(c.get("alias"), connect)) {
                bootstrap = String.valueOf(c.get("bootstrapServers"));
                Map<String, Object> config = io.mm2dr.kubernetes.KubeObjects.map(c, "config");
                topics.add(String.valueOf(config.getOrDefault("config.storage.topic", "mirrormaker2-cluster-configs")));
                topics.add(String.valueOf(config.getOrDefault("offset.storage.topic", "mirrormaker2-cluster-offsets")));
                topics.add(String.valueOf(config.getOrDefault("status.storage.topic", "mirrormaker2-cluster-status")));
            }
        }
        return new io.mm2dr.domain.mm2.MirrorMaker2Spec.OtherMirrorMaker2(
                io.mm2dr.kubernetes.KubeObjects.stringAt(resource, "metadata", "name"),
                io.mm2dr.kubernetes.KubeObjects.stringAt(resource, "metadata", "namespace"), bootstrap, topics);
    }
}
