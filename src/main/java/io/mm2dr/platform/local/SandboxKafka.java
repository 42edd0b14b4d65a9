package io.mm2dr.platform.local;

import io.mm2dr.sandbox.SandboxException;

import io.mm2dr.domain.KafkaUserSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What the sandbox does to a cluster through its administrator: topics (create, add partitions,
 * set configuration, delete), SCRAM credentials and ACLs. Each method reads first and writes only
 * what differs, so it can say whether it changed anything; with {@code apply=false} it only says.
 */
final class SandboxKafka {
    private static final long TIMEOUT_SECONDS = 30;

    private SandboxKafka() {
    }

    static <T> T get(KafkaFuture<T> f, String what) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(what + ": interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof RuntimeException r && (c instanceof UnknownTopicOrPartitionException || c instanceof ResourceNotFoundException)) {
                throw r;
            }
            throw new SandboxException(what + ": " + c.getMessage());
        } catch (TimeoutException e) {
            throw new SandboxException(what + ": no answer within " + TIMEOUT_SECONDS + " s");
        }
    }

    /** A topic as it is: partitions, replicas and the configuration set on it (not defaults); null if absent. */
    static Map<String, Object> describeTopic(Admin admin, String topic) {
        TopicDescription d;
        try {
            d = get(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic).get(topic);
        } catch (UnknownTopicOrPartitionException e) {
            return null;
        }
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config;
        try {
            config = get(admin.describeConfigs(List.of(r)).all(), "describe the configuration of " + topic).get(r);
        } catch (UnknownTopicOrPartitionException gone) {
            // deleted between the two calls: the broker's metadata still listed a topic just
            // deleted (a stage deletes topics and creates them again at once)
            return null;
        }
        Map<String, Object> set = new LinkedHashMap<>();
        for (ConfigEntry e : config.entries()) {
            if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                set.put(e.name(), e.value());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("partitions", d.partitions().size());
        out.put("replicas", d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size());
        out.put("config", set);
        return out;
    }

    /** The partition count of each of these topics that exists. */
    static Map<String, Integer> partitionCounts(Admin admin, Collection<String> topics) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Map<String, KafkaFuture<TopicDescription>> each = admin.describeTopics(List.copyOf(new LinkedHashSet<>(topics))).topicNameValues();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> e : each.entrySet()) {
            try {
                out.put(e.getKey(), get(e.getValue(), "describe topic " + e.getKey()).partitions().size());
            } catch (UnknownTopicOrPartitionException absent) {
                // not created yet
            }
        }
        return out;
    }

    /** Configuration values as Kafka states them (strings; numbers without decoration). */
    static Map<String, String> configStrings(Map<String, Object> config) {
        Map<String, String> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
        return out;
    }

    static void createTopic(Admin admin, String topic, int partitions, int replicas, Map<String, String> config) {
        NewTopic t = new NewTopic(topic, partitions, (short) replicas).configs(config);
        get(admin.createTopics(List.of(t)).all(), "create topic " + topic);
    }

    static void addPartitions(Admin admin, String topic, int partitions) {
        get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all(), "add partitions to " + topic);
    }

    static void setConfig(Admin admin, String topic, Map<String, String> set, Collection<String> remove) {
        List<AlterConfigOp> ops = new ArrayList<>();
        set.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        remove.forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, null), AlterConfigOp.OpType.DELETE)));
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        get(admin.incrementalAlterConfigs(Map.of(r, ops)).all(), "set the configuration of " + topic);
    }

    static void deleteTopic(Admin admin, String topic) {
        try {
            get(admin.deleteTopics(List.of(topic)).all(), "delete topic " + topic);
        } catch (UnknownTopicOrPartitionException e) {
            // gone already
        }
    }

    /** Whether the user has a SCRAM-SHA-512 credential. */
    static boolean hasCredential(Admin admin, String user) {
        try {
            Map<String, UserScramCredentialsDescription> d = get(admin.describeUserScramCredentials(List.of(user)).all(),
                    "describe the credentials of " + user);
            UserScramCredentialsDescription u = d.get(user);
            return u != null && u.credentialInfos().stream().anyMatch(i -> i.mechanism() == ScramMechanism.SCRAM_SHA_512);
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    static void setCredential(Admin admin, String user, String password) {
        UserScramCredentialAlteration a = new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password);
        get(admin.alterUserScramCredentials(List.of(a)).all(), "set the credentials of " + user);
    }

    static void deleteCredential(Admin admin, String user) {
        try {
            get(admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512))).all(),
                    "delete the credentials of " + user);
        } catch (ResourceNotFoundException e) {
            // none
        }
    }

    /** The ACL bindings a user's rules stand for. */
    static Set<AclBinding> bindings(String user, List<KafkaUserSpec.Acl> acls) {
        Set<AclBinding> out = new LinkedHashSet<>();
        for (KafkaUserSpec.Acl acl : acls) {
            ResourceType type = switch (acl.resourceType().toLowerCase(Locale.ROOT)) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                case "cluster" -> ResourceType.CLUSTER;
                case "transactionalid" -> ResourceType.TRANSACTIONAL_ID;
                default -> throw new SandboxException("unknown ACL resource type '" + acl.resourceType() + "'");
            };
            String name = type == ResourceType.CLUSTER ? "kafka-cluster" : acl.resourceName();
            PatternType pattern = type != ResourceType.CLUSTER && "prefix".equals(acl.patternType()) ? PatternType.PREFIXED : PatternType.LITERAL;
            for (String op : acl.operations()) {
                out.add(new AclBinding(new ResourcePattern(type, name, pattern),
                        new AccessControlEntry("User:" + user, acl.host() == null ? "*" : acl.host(), operation(op), AclPermissionType.ALLOW)));
            }
        }
        return out;
    }

    static AclOperation operation(String op) {
        String snake = op.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        try {
            return AclOperation.valueOf(snake);
        } catch (IllegalArgumentException e) {
            throw new SandboxException("unknown ACL operation '" + op + "'");
        }
    }

    static Set<AclBinding> currentBindings(Admin admin, String user) {
        AclBindingFilter f = new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY));
        return new LinkedHashSet<>(get(admin.describeAcls(f).values(), "describe the ACLs of " + user));
    }

    static void createAcls(Admin admin, Collection<AclBinding> acls) {
        if (!acls.isEmpty()) {
            get(admin.createAcls(acls).all(), "create ACLs");
        }
    }

    static void deleteAcls(Admin admin, Collection<AclBinding> acls) {
        if (!acls.isEmpty()) {
            get(admin.deleteAcls(acls.stream().map(AclBinding::toFilter).toList()).all(), "delete ACLs");
        }
    }

    /** "Read topic LH. (prefixed)" for diffs and messages. */
    static String describe(AclBinding b) {
        ResourcePattern p = b.pattern();
        return b.entry().permissionType().name().toLowerCase(Locale.ROOT) + " " + b.entry().operation().name().toLowerCase(Locale.ROOT)
                + " on " + p.resourceType().name().toLowerCase(Locale.ROOT) + " " + p.name()
                + (p.patternType() == PatternType.PREFIXED ? " (prefix)" : "");
    }
}
