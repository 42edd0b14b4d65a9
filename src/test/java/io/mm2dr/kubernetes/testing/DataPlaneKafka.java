package io.mm2dr.kubernetes.testing;

import io.mm2dr.kafka.testing.KafkaClusters;
import io.mm2dr.kafka.testing.KafkaClusters.Cluster;
import io.mm2dr.kubernetes.KubeObjects;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What the operators' topic, user and MirrorMaker 2 controllers do to a real broker, for the fake
 * data plane: a KafkaTopic becomes a topic, a KafkaUser a SCRAM-SHA-512 credential with the ACLs
 * of its {@code spec.authorization} (the broker's authorizer then enforces them, so a missing ACL
 * fails the drill as it would on a real cluster), a KafkaMirrorMaker2 the configuration of a real
 * MirrorMaker 2.
 *
 * <p>Limit: one mirror per KafkaMirrorMaker2, as the drill's have. Several mirrors would run as
 * dedicated-mode herders that all take the Connect cluster's group and storage topics, where
 * Strimzi runs them as connectors of one Connect cluster (the shared-aggregate test runs without
 * a data plane).
 *
 * <p>One broker stands for each cluster, so replication factors are 1 and {@code min.insync.replicas}
 * is left at the broker's default: a topic asking for 2 in-sync replicas of 3 could not take a write.
 */
final class DataPlaneKafka {
    private static final Set<String> NOT_ON_ONE_BROKER = Set.of("min.insync.replicas");

    private DataPlaneKafka() {
    }

    /** The topic's name on Kafka: {@code spec.topicName}, else the resource's name. */
    static String topicName(Map<String, Object> spec, String resourceName) {
        Object n = spec.get("topicName");
        return n == null ? resourceName : String.valueOf(n);
    }

    /**
     * Makes the topic as the KafkaTopic says (partitions, configuration), creating it or raising its
     * partitions and setting its configuration. False while the broker still deletes a topic of that name.
     */
    static boolean syncTopic(Cluster broker, String topic, Map<String, Object> spec) {
        int partitions = spec.get("partitions") instanceof Number n ? n.intValue() : 1;
        Map<String, String> config = new LinkedHashMap<>();
        if (spec.get("config") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (!NOT_ON_ONE_BROKER.contains(String.valueOf(k))) {
                    config.put(String.valueOf(k), String.valueOf(v));
                }
            });
        }
        try {
            Map<String, TopicDescription> there = broker.admin().describeTopics(List.of(topic)).allTopicNames().get();
            int now = there.get(topic).partitions().size();
            if (now < partitions) {
                broker.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all().get();
            }
            if (!config.isEmpty()) {
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                List<AlterConfigOp> ops = config.entrySet().stream()
                        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList();
                broker.admin().incrementalAlterConfigs(Map.of(r, ops)).all().get();
            }
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("topic " + topic + " on " + broker.bootstrap() + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            broker.admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(config))).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false; // still marked for deletion: the next round
            }
            throw new IllegalStateException("topic " + topic + " on " + broker.bootstrap() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void deleteTopic(Cluster broker, String topic) {
        try {
            broker.admin().deleteTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("deleting " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The user's SCRAM credential and exactly the ACLs of its {@code spec.authorization} (simple). */
    static void syncUser(Cluster broker, String user, String password, Map<String, Object> spec) {
        broker.createScramUser(user, password);
        List<AclBinding> wanted = acls(user, spec);
        AclBindingFilter mine = principalFilter(user);
        try {
            Collection<AclBinding> present = broker.admin().describeAcls(mine).values().get();
            // the new ones first: a client of the user never finds itself with neither
            List<AclBinding> missing = wanted.stream().filter(a -> !present.contains(a)).toList();
            if (!missing.isEmpty()) {
                broker.addAcls(missing);
            }
            List<AclBinding> extra = present.stream().filter(a -> !wanted.contains(a)).toList();
            if (!extra.isEmpty()) {
                broker.admin().deleteAcls(extra.stream().map(AclBinding::toFilter).toList()).all().get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("ACLs of " + user + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A deleted KafkaUser: its ACLs go (its credential is left: it can do nothing without them). */
    static void deleteUser(Cluster broker, String user) {
        try {
            broker.admin().deleteAcls(List.of(principalFilter(user))).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("ACLs of " + user + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AclBindingFilter principalFilter(String user) {
        return new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY));
    }

    /** Strimzi's simple authorization as Kafka ACL bindings: resource type, name, pattern type, operations, host, allow or deny. */
    @SuppressWarnings("unchecked")
    static List<AclBinding> acls(String user, Map<String, Object> spec) {
        List<AclBinding> out = new ArrayList<>();
        for (Map<String, Object> acl : KubeObjects.maps(KubeObjects.map(spec, "authorization"), "acls")) {
            Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
            String type = String.valueOf(resource.get("type"));
            ResourceType resourceType = switch (type) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                case "cluster" -> ResourceType.CLUSTER;
                case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
                default -> throw new IllegalArgumentException("ACL resource type " + type);
            };
            String name = resourceType == ResourceType.CLUSTER ? "kafka-cluster" : String.valueOf(resource.getOrDefault("name", "*"));
            PatternType pattern = "prefix".equals(resource.get("patternType")) ? PatternType.PREFIXED : PatternType.LITERAL;
            List<String> operations = new ArrayList<>();
            if (acl.get("operations") instanceof List<?> ops) {
                ops.forEach(o -> operations.add(String.valueOf(o)));
            }
            if (acl.get("operation") != null) {
                operations.add(String.valueOf(acl.get("operation")));
            }
            AclPermissionType permission = "deny".equals(acl.get("type")) ? AclPermissionType.DENY : AclPermissionType.ALLOW;
            String host = acl.get("host") == null ? "*" : String.valueOf(acl.get("host"));
            for (String op : operations) {
                out.add(new AclBinding(new ResourcePattern(resourceType, name, pattern),
                        new AccessControlEntry("User:" + user, host, operation(op), permission)));
            }
        }
        return out;
    }

    /** {@code DescribeConfigs} to {@link AclOperation#DESCRIBE_CONFIGS}. */
    static AclOperation operation(String strimzi) {
        String upper = strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        return AclOperation.valueOf(upper);
    }

    /** A MirrorMaker 2 to run: its configuration ({@code mm2.properties}) and the alias of the cluster it writes to. */
    record MirrorMaker(Map<String, String> config, String target) {
    }

    /**
     * A KafkaMirrorMaker2's specification (either generation) as a dedicated-mode MirrorMaker 2:
     * each cluster's bootstrap address (a {@code <cluster>-kafka-bootstrap.<namespace>.svc} service)
     * through {@code broker}, its SCRAM password and CA certificate from the secrets the resource
     * names in its own namespace ({@code secret}: name and key to the value, null when missing);
     * the connectors' configurations per flow; one broker per cluster, so replication factor 1.
     * Null while a broker or a secret it needs is not there.
     */
    @SuppressWarnings("unchecked")
    static MirrorMaker mirrorMaker(Map<String, Object> spec, Function<String, Cluster> broker, BiFunction<String, String, String> secret) {
        Map<String, Map<String, Object>> clusters = new LinkedHashMap<>();
        String target;
        List<String[]> flows = new ArrayList<>(); // source, target, and the mirror's index
        List<Map<String, Object>> mirrors = KubeObjects.maps(spec, "mirrors");
        if (mirrors.size() != 1) {
            throw new IllegalArgumentException("the data plane runs a KafkaMirrorMaker2 of one mirror, not " + mirrors.size());
        }
        if (spec.get("target") instanceof Map<?, ?> t) {
            target = String.valueOf(t.get("alias"));
            clusters.put(target, (Map<String, Object>) t);
            for (Map<String, Object> m : mirrors) {
                Map<String, Object> source = (Map<String, Object>) m.get("source");
                clusters.put(String.valueOf(source.get("alias")), source);
                flows.add(new String[] {String.valueOf(source.get("alias")), target});
            }
        } else {
            target = String.valueOf(spec.get("connectCluster"));
            for (Map<String, Object> c : KubeObjects.maps(spec, "clusters")) {
                clusters.put(String.valueOf(c.get("alias")), c);
            }
            for (Map<String, Object> m : mirrors) {
                flows.add(new String[] {String.valueOf(m.get("sourceCluster")), String.valueOf(m.get("targetCluster"))});
            }
        }
        Map<String, String> c = new LinkedHashMap<>();
        c.put("clusters", String.join(", ", clusters.keySet()));
        for (var e : clusters.entrySet()) {
            String alias = e.getKey();
            Map<String, Object> def = e.getValue();
            Cluster b = broker.apply(String.valueOf(def.get("bootstrapServers")));
            if (b == null) {
                return null;
            }
            Map<String, Object> auth = KubeObjects.map(def, "authentication");
            Map<String, Object> passwordSecret = KubeObjects.map(auth, "passwordSecret");
            String password = secret.apply(String.valueOf(passwordSecret.get("secretName")), String.valueOf(passwordSecret.get("password")));
            StringBuilder trusted = new StringBuilder();
            for (Map<String, Object> cert : KubeObjects.maps(KubeObjects.map(def, "tls"), "trustedCertificates")) {
                String pem = secret.apply(String.valueOf(cert.get("secretName")), String.valueOf(cert.get("certificate")));
                if (pem == null) {
                    return null;
                }
                trusted.append(pem.strip()).append('\n');
            }
            if (password == null || trusted.isEmpty()) {
                return null;
            }
            c.put(alias + ".bootstrap.servers", b.bootstrap());
            // a lost region's broker is gone for good: its calls give up in seconds, not Kafka's
            // default minute, so a MirrorMaker 2 still pointing at it stops promptly
            c.put(alias + ".default.api.timeout.ms", "10000");
            c.put(alias + ".request.timeout.ms", "5000");
            c.put(alias + ".security.protocol", "SASL_SSL");
            c.put(alias + ".ssl.truststore.type", "PEM");
            c.put(alias + ".ssl.truststore.certificates", trusted.toString());
            c.put(alias + ".sasl.mechanism", "SCRAM-SHA-512");
            c.put(alias + ".sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + auth.get("username") + "\" password=\"" + password + "\";");
            if (alias.equals(target)) {
                // the Connect cluster's own settings: v1 names them in fields, v1beta2 in its config
                KubeObjects.map(def, "config").forEach((k, v) -> c.put(alias + "." + k, String.valueOf(v)));
                for (String[] field : new String[][] {{"groupId", "group.id"}, {"configStorageTopic", "config.storage.topic"},
                        {"offsetStorageTopic", "offset.storage.topic"}, {"statusStorageTopic", "status.storage.topic"}}) {
                    if (def.get(field[0]) != null) {
                        c.put(alias + "." + field[1], String.valueOf(def.get(field[0])));
                    }
                }
                c.put(alias + ".plugin.discovery", "service_load");
                c.put(alias + ".offset.flush.interval.ms", "1000");
                c.put(alias + ".task.shutdown.graceful.timeout.ms", "1000");
                for (String rf : List.of("config.storage.replication.factor", "offset.storage.replication.factor", "status.storage.replication.factor")) {
                    c.put(alias + "." + rf, "1");
                }
            }
        }
        for (int i = 0; i < flows.size(); i++) {
            String flow = flows.get(i)[0] + "->" + flows.get(i)[1] + ".";
            Map<String, Object> m = mirrors.get(i);
            c.put(flow + "enabled", "true");
            c.put(flow + "topics", String.valueOf(m.getOrDefault("topicsPattern", ".*")));
            c.put(flow + "groups", String.valueOf(m.getOrDefault("groupsPattern", ".*")));
            if (m.get("topicsExcludePattern") != null) {
                c.put(flow + "topics.exclude", String.valueOf(m.get("topicsExcludePattern")));
            }
            if (m.get("groupsExcludePattern") != null) {
                c.put(flow + "groups.exclude", String.valueOf(m.get("groupsExcludePattern")));
            }
            if (m.get("checkpointConnector") == null) {
                // Strimzi runs no checkpoint connector for such a mirror
                c.put(flow + "emit.checkpoints.enabled", "false");
                c.put(flow + "sync.group.offsets.enabled", "false");
            }
            for (String connector : List.of("sourceConnector", "checkpointConnector", "heartbeatConnector")) {
                KubeObjects.map(KubeObjects.map(m, connector), "config").forEach((k, v) -> c.put(flow + k, String.valueOf(v)));
            }
            Object tasks = KubeObjects.map(m, "sourceConnector").get("tasksMax");
            c.put(flow + "tasks.max", tasks == null ? "1" : String.valueOf(tasks));
            c.put(flow + "emit.heartbeats.enabled", String.valueOf(m.get("heartbeatConnector") != null));
            c.put(flow + "sync.topic.acls.enabled", "false");
            for (String rf : List.of("replication.factor", "offset-syncs.topic.replication.factor", "checkpoints.topic.replication.factor",
                    "heartbeats.topic.replication.factor")) {
                c.put(flow + rf, "1");
            }
            // the reverse flow neither replicates nor sends heartbeats into the source
            String reverse = flows.get(i)[1] + "->" + flows.get(i)[0] + ".";
            c.putIfAbsent(reverse + "enabled", "false");
            c.putIfAbsent(reverse + "emit.heartbeats.enabled", "false");
        }
        c.put("plugin.discovery", "service_load");
        return new MirrorMaker(c, target);
    }
}
