package io.mm2dr.platform.local;

import io.mm2dr.domain.KafkaTopicSpec;
import io.mm2dr.domain.KafkaUserSpec;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Outcome.Kind;
import io.mm2dr.sandbox.LocalCluster;
import io.mm2dr.sandbox.SandboxException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The sandbox's topics and users, read and written on the cluster's broker through its
 * administrator client: the desired topic, credential and ACLs compared with the broker's, the
 * difference written through the {@link SandboxGateway}.
 */
final class LocalKafkaObjects {
    private final SandboxGateway gateway;

    LocalKafkaObjects(SandboxGateway gateway) {
        this.gateway = gateway;
    }

    /** The cluster is not there to read (check mode, an earlier task only announced it): what would be done, said so. */
    private static Outcome unread(String object, Kind kind, String namespace, String cluster) {
        return Outcome.of(object, kind).warn("check mode: the Kafka cluster " + namespace + "/" + cluster
                + " is not running yet, so its present state was not read");
    }

    // ---- topics ------------------------------------------------------------------------------

    Outcome topic(KafkaTopicSpec spec, boolean present) {
        Outcome facts = Outcome.NONE.fact("topic", spec.name()).fact("resource", spec.resourceName());
        String object = "KafkaTopic " + spec.namespace() + "/" + spec.name();
        if (!present && !new LocalCluster(gateway.sandbox(), spec.namespace(), spec.cluster()).exists()) {
            return facts.with(object, Kind.UNCHANGED, "absent");
        }
        Optional<Admin> reachable = gateway.admin(spec.namespace(), spec.cluster());
        if (reachable.isEmpty()) {
            return facts.plus(present ? unread(object, Kind.CREATED, spec.namespace(), spec.cluster())
                    : Outcome.of(object, Kind.UNCHANGED, "absent"));
        }
        Admin admin = reachable.get();
        Map<String, Object> current = SandboxKafka.describeTopic(admin, spec.name());
        if (!present) {
            if (current != null) {
                gateway.deleteTopic(admin, spec.name());
            }
            return facts.with(object, current == null ? Kind.UNCHANGED : Kind.DELETED, current == null ? "absent" : null);
        }
        Map<String, String> config = SandboxKafka.configStrings(spec.config() == null ? Map.of() : spec.config());
        int replicas = Math.min(spec.replicas(), 1);
        Outcome outcome = facts;
        if (config.containsKey("min.insync.replicas") && Integer.parseInt(config.get("min.insync.replicas")) > 1) {
            config.put("min.insync.replicas", "1");
            outcome = outcome.warn("min.insync.replicas of " + spec.name() + " set to 1: the local sandbox's clusters have one broker");
        }
        if (current == null) {
            gateway.createTopic(admin, spec.name(), spec.partitions(), replicas, config);
            return outcome.diff(Map.of("before", Map.of(), "after", Map.of("partitions", spec.partitions(), "replicas", replicas, "config", config)))
                    .with(object, Kind.CREATED).fact("partitions", spec.partitions());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> currentConfig = (Map<String, Object>) current.get("config");
        int partitions = ((Number) current.get("partitions")).intValue();
        String refusal = spec.partitionChangeRefusal(partitions);
        if (refusal != null) {
            throw new SandboxException(refusal);
        }
        Map<String, String> set = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            if (!Objects.equals(String.valueOf(currentConfig.get(k)), v)) {
                set.put(k, v);
            }
        });
        boolean grow = spec.partitions() > partitions;
        if (set.isEmpty() && !grow) {
            return outcome.with(object, Kind.UNCHANGED).fact("partitions", partitions);
        }
        Map<String, Object> after = new LinkedHashMap<>(currentConfig);
        after.putAll(set);
        gateway.updateTopic(admin, spec.name(), grow ? spec.partitions() : 0, set);
        return outcome.diff(Map.of("before", Map.of("partitions", partitions, "config", currentConfig),
                        "after", Map.of("partitions", spec.partitions(), "config", after)))
                .with(object, Kind.UPDATED).fact("partitions", spec.partitions());
    }

    Map<String, Integer> livePartitions(String namespace, String cluster, Collection<String> topics) {
        LocalCluster c = new LocalCluster(gateway.sandbox(), namespace, cluster);
        if (!c.exists() || !c.process().alive()) {
            return null;
        }
        return SandboxKafka.partitionCounts(gateway.liveAdmin(c), topics);
    }

    // ---- users -------------------------------------------------------------------------------

    Outcome user(KafkaUserSpec spec, boolean present) {
        Outcome outcome = Outcome.NONE.fact("username", spec.name()).fact("secret", spec.credentialsSecret());
        String object = "KafkaUser " + spec.namespace() + "/" + spec.name();
        Map<String, String> stored = gateway.secretData(spec.namespace(), spec.credentialsSecret());
        return present ? present(spec, outcome, object, stored) : absent(spec, outcome, object, stored);
    }

    private Outcome absent(KafkaUserSpec spec, Outcome outcome, String object, Map<String, String> stored) {
        boolean had = stored != null;
        if (new LocalCluster(gateway.sandbox(), spec.namespace(), spec.cluster()).exists()) {
            Optional<Admin> reachable = gateway.admin(spec.namespace(), spec.cluster());
            if (reachable.isPresent()) {
                Admin admin = reachable.get();
                boolean credential = SandboxKafka.hasCredential(admin, spec.name());
                Set<AclBinding> acls = SandboxKafka.currentBindings(admin, spec.name());
                had |= credential || !acls.isEmpty();
                if (credential) {
                    gateway.deleteCredential(admin, spec.name());
                }
                gateway.changeAcls(admin, List.of(), acls);
            }
        }
        if (stored != null) {
            gateway.deleteSecret(spec.namespace(), spec.credentialsSecret());
        }
        return outcome.with(object, had ? Kind.DELETED : Kind.UNCHANGED, had ? null : "absent");
    }

    private Outcome present(KafkaUserSpec spec, Outcome outcome, String object, Map<String, String> stored) {
        Optional<Admin> reachable = gateway.admin(spec.namespace(), spec.cluster());
        if (reachable.isEmpty()) {
            return outcome.plus(unread(object, Kind.CREATED, spec.namespace(), spec.cluster()));
        }
        Admin admin = reachable.get();
        String password;
        if (spec.passwordSecret() != null) {
            Map<String, String> given = gateway.secretData(spec.namespace(), spec.passwordSecret().name());
            password = given == null ? null : given.get(spec.passwordSecret().key());
            if (password == null) {
                throw new SandboxException("the password secret " + spec.namespace() + "/" + spec.passwordSecret().name() + " has no key '"
                        + spec.passwordSecret().key() + "' (or does not exist)");
            }
        } else if (stored != null && stored.get("password") != null) {
            password = stored.get("password");
        } else {
            password = LocalPlatform.randomSecret(12);
        }
        boolean credential = SandboxKafka.hasCredential(admin, spec.name());
        boolean secretCurrent = stored != null && password.equals(stored.get("password"));
        if (!credential || !secretCurrent) {
            gateway.setCredential(admin, spec.name(), password);
            gateway.writeSecret(spec.namespace(), spec.credentialsSecret(), Map.of("password", password), "Opaque",
                    Map.of("mm2dr.io/cluster", spec.cluster(), "mm2dr.io/kind", "KafkaUser"), Map.of());
            outcome = outcome.with(object + " credentials", credential ? Kind.UPDATED : Kind.CREATED);
        }
        Set<AclBinding> want = SandboxKafka.bindings(spec.name(), spec.acls());
        Set<AclBinding> have = SandboxKafka.currentBindings(admin, spec.name());
        Set<AclBinding> add = new LinkedHashSet<>(want);
        add.removeAll(have);
        Set<AclBinding> remove = new LinkedHashSet<>(have);
        remove.removeAll(want);
        if (!add.isEmpty() || !remove.isEmpty()) {
            gateway.changeAcls(admin, add, remove);
            outcome = outcome.diff(Map.of("before", have.stream().map(SandboxKafka::describe).sorted().toList(),
                    "after", want.stream().map(SandboxKafka::describe).sorted().toList()))
                    .with(object + " ACLs", have.isEmpty() ? Kind.CREATED : Kind.UPDATED);
        }
        return outcome.actions().isEmpty() ? outcome.with(object, Kind.UNCHANGED) : outcome;
    }
}
