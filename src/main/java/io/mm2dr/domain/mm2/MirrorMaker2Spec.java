package io.mm2dr.domain.mm2;

import io.mm2dr.domain.OperatorApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A typed MirrorMaker 2 specification, as the {@code mirror_maker2} module takes it: read from the
 * playbook's arguments ({@link #parse}), checked for the mistakes that make a disaster-recovery
 * drill fail late ({@link #validate}), and rendered as a {@code KafkaMirrorMaker2} custom resource
 * ({@link #render}). The effective configuration of the Connect cluster and of each connector is
 * public too, so that a MirrorMaker 2 in dedicated mode can be configured from the same
 * specification. Pure: no I/O, no clients.
 *
 * @param version            the Kafka version of the MirrorMaker 2, or null for the operator's default
 * @param connectCluster     the alias of the cluster the Connect cluster runs against (a mirror's target)
 * @param replicationFactor  for every topic MirrorMaker 2 creates (internal ones and copies)
 */
public record MirrorMaker2Spec(
        String name,
        String namespace,
        int replicas,
        String version,
        String connectCluster,
        List<ClusterSpec> clusters,
        List<MirrorSpec> mirrors,
        ReplicationPolicy replicationPolicy,
        OffsetSyncsLocation offsetSyncsLocation,
        SyncSettings sync,
        Heartbeats heartbeats,
        boolean exactlyOnce,
        int replicationFactor,
        ConnectStorage storage) {

    /** The default value of {@code offset-syncs.topic.location} in MirrorMaker 2 itself. */
    static final String MM2_DEFAULT_OFFSET_SYNCS_LOCATION = "source";

    private static final List<String> TOP_KEYS = List.of("name", "namespace", "replicas", "version", "connect_cluster",
            "clusters", "mirrors", "replication_policy", "offset_syncs_location", "checkpoint_interval_seconds",
            "sync_group_offsets", "sync_group_offsets_interval_seconds", "refresh_topics_interval_seconds",
            "refresh_groups_interval_seconds", "heartbeats", "exactly_once", "replication_factor", "internal_topics", "group_id");
    private static final List<String> CLUSTER_KEYS = List.of("alias", "bootstrap", "user", "password_secret",
            "trusted_ca_secret", "brokers", "config");
    private static final List<String> SECRET_KEYS = List.of("name", "key");
    private static final List<String> MIRROR_KEYS = List.of("source", "target", "topics", "topics_exclude", "groups",
            "groups_exclude", "source_connector_config", "checkpoint_connector_config", "heartbeat_connector_config", "tasks_max",
            "checkpoint_tasks_max");
    private static final List<String> HEARTBEAT_KEYS = List.of("enabled", "interval_seconds");
    private static final List<String> INTERNAL_TOPIC_KEYS = List.of("config_storage", "offset_storage", "status_storage");

    public MirrorMaker2Spec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(connectCluster, "connectCluster");
        clusters = List.copyOf(clusters);
        mirrors = List.copyOf(mirrors);
        Objects.requireNonNull(replicationPolicy, "replicationPolicy");
        Objects.requireNonNull(offsetSyncsLocation, "offsetSyncsLocation");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(heartbeats, "heartbeats");
        Objects.requireNonNull(storage, "storage");
    }

    /**
     * Reads the module's arguments (snake_case keys, as a playbook writes them), filling in the
     * defaults. Throws {@link SpecException} naming the path of an unknown key, a missing required
     * key or a value of the wrong type; everything else is left to {@link #validate}.
     */
    public static MirrorMaker2Spec parse(Map<String, Object> args) {
        ArgumentReader top = ArgumentReader.root(args, TOP_KEYS);
        String name = top.requiredString("name");
        String namespace = top.requiredString("namespace");
        int replicas = top.integer("replicas", 1);
        String version = top.optionalString("version");
        String connectCluster = top.requiredString("connect_cluster");
        List<ClusterSpec> clusters = top.requiredMappings("clusters", CLUSTER_KEYS).stream().map(MirrorMaker2Spec::cluster).toList();
        List<MirrorSpec> mirrors = top.requiredMappings("mirrors", MIRROR_KEYS).stream().map(MirrorMaker2Spec::mirror).toList();
        ReplicationPolicy policy = ReplicationPolicy.valueOf(
                top.choice("replication_policy", "identity", List.of("identity", "default")).toUpperCase(Locale.ROOT));
        OffsetSyncsLocation location = OffsetSyncsLocation.valueOf(
                top.choice("offset_syncs_location", "target", List.of("target", "source")).toUpperCase(Locale.ROOT));
        SyncSettings sync = new SyncSettings(
                top.integer("checkpoint_interval_seconds", 60),
                top.bool("sync_group_offsets", true),
                top.integer("sync_group_offsets_interval_seconds", 60),
                top.integer("refresh_topics_interval_seconds", 60),
                top.integer("refresh_groups_interval_seconds", 60));
        ArgumentReader hb = top.optionalMapping("heartbeats", HEARTBEAT_KEYS);
        Heartbeats heartbeats = hb == null ? new Heartbeats(true, 60) : new Heartbeats(hb.bool("enabled", true), hb.integer("interval_seconds", 60));
        boolean exactlyOnce = top.bool("exactly_once", false);
        int replicationFactor = top.integer("replication_factor", 3);
        ArgumentReader topics = top.optionalMapping("internal_topics", INTERNAL_TOPIC_KEYS);
        ConnectStorage d = ConnectStorage.DEFAULTS;
        ConnectStorage storage = new ConnectStorage(
                topics == null ? d.configStorageTopic() : topics.string("config_storage", d.configStorageTopic()),
                topics == null ? d.offsetStorageTopic() : topics.string("offset_storage", d.offsetStorageTopic()),
                topics == null ? d.statusStorageTopic() : topics.string("status_storage", d.statusStorageTopic()),
                top.string("group_id", d.groupId()));
        return new MirrorMaker2Spec(name, namespace, replicas, version, connectCluster, clusters, mirrors, policy, location,
                sync, heartbeats, exactlyOnce, replicationFactor, storage);
    }

    private static ClusterSpec cluster(ArgumentReader c) {
        String user = c.optionalString("user");
        SecretKeyRef password = secret(c.optionalMapping("password_secret", SECRET_KEYS), "password");
        if (user != null && password == null) {
            throw new SpecException(c.field("password_secret"), "required when user is given");
        }
        if (user == null && password != null) {
            throw new SpecException(c.field("user"), "required when password_secret is given");
        }
        return new ClusterSpec(
                c.requiredString("alias"),
                c.requiredString("bootstrap"),
                user,
                password,
                secret(c.optionalMapping("trusted_ca_secret", SECRET_KEYS), "ca.crt"),
                c.optionalInteger("brokers"),
                c.scalarMap("config"));
    }

    private static SecretKeyRef secret(ArgumentReader s, String defaultKey) {
        return s == null ? null : new SecretKeyRef(s.requiredString("name"), s.string("key", defaultKey));
    }

    private static MirrorSpec mirror(ArgumentReader m) {
        return new MirrorSpec(
                m.requiredString("source"),
                m.requiredString("target"),
                m.string("topics", ".*"),
                m.optionalString("topics_exclude"),
                m.optionalString("groups"),
                m.optionalString("groups_exclude"),
                m.scalarMap("source_connector_config"),
                m.scalarMap("checkpoint_connector_config"),
                m.scalarMap("heartbeat_connector_config"),
                m.optionalInteger("tasks_max"),
                m.optionalInteger("checkpoint_tasks_max"));
    }

    /**
     * Every mistake in this specification, each naming the argument at fault; empty when it is
     * fine. Nothing stops at the first mistake.
     */
    public List<SpecError> validate(ValidationContext context) {
        return SpecRules.check(this, context == null ? ValidationContext.none() : context);
    }

    /**
     * The {@code KafkaMirrorMaker2} custom resource, as plain maps and lists in a fixed key order
     * (ints as Integer, booleans as Boolean): rendering twice gives equal maps. Event Streams and
     * Strimzi take the same shape; it differs by API generation (see {@link KafkaMirrorMaker2Resource}).
     * Each call returns new, mutable maps.
     */
    public Map<String, Object> render(OperatorApi api) {
        return KafkaMirrorMaker2Resource.render(this, api);
    }

    /**
     * The names of the topics this MirrorMaker 2 creates for itself, for facts and for cleaning up
     * after a restore MirrorMaker 2, in this order:
     * <ul>
     * <li>{@code config_storage}, {@code offset_storage}, {@code status_storage}: the Connect
     *     cluster's topics, on the connect cluster;</li>
     * <li>{@code offset_syncs}: on the target when {@code offset_syncs_location} is {@code target}
     *     ({@code mm2-offset-syncs.<source>.internal}), on the source when it is {@code source}
     *     ({@code mm2-offset-syncs.<target>.internal}), as MirrorMaker 2 names them;
     *     {@code offset_syncs_location}: {@code target} or {@code source};</li>
     * <li>{@code checkpoints}: {@code <source>.checkpoints.internal} on the target, only when the
     *     mirror copies groups;</li>
     * <li>{@code heartbeats}: {@code heartbeats} on the target, only when heartbeats are enabled
     *     (the copies of the source's heartbeats are {@code <source>.heartbeats}, with either policy).</li>
     * </ul>
     * With several mirrors, the per-mirror keys are followed by the mirror's flow:
     * {@code checkpoints.north-america->europe}. Names follow the effective configuration, so a
     * storage topic set in the connect cluster's {@code config}, or {@code replication.policy.separator}
     * set in a connector override, counts.
     */
    public Map<String, String> internalTopics() {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Object> connect = connectClusterConfig();
        out.put("config_storage", String.valueOf(connect.get("config.storage.topic")));
        out.put("offset_storage", String.valueOf(connect.get("offset.storage.topic")));
        out.put("status_storage", String.valueOf(connect.get("status.storage.topic")));
        for (MirrorSpec m : mirrors) {
            String suffix = mirrors.size() == 1 ? "" : "." + m.flow();
            Map<String, Object> source = sourceConnectorConfig(m);
            String location = String.valueOf(source.getOrDefault("offset-syncs.topic.location", MM2_DEFAULT_OFFSET_SYNCS_LOCATION));
            String separator = internalSeparator(source);
            String other = "source".equals(location) ? m.target() : m.source();
            out.put("offset_syncs" + suffix, "mm2-offset-syncs" + separator + other + separator + "internal");
            out.put("offset_syncs_location" + suffix, location);
            if (m.groups() != null) {
                String sep = internalSeparator(checkpointConnectorConfig(m));
                out.put("checkpoints" + suffix, m.source() + sep + "checkpoints" + sep + "internal");
            }
            if (heartbeats.enabled()) {
                out.put("heartbeats" + suffix, String.valueOf(heartbeatConnectorConfig(m).getOrDefault("heartbeats.topic.name", "heartbeats")));
            }
        }
        return out;
    }

    /** The separator of internal topic names, as {@code DefaultReplicationPolicy} chooses it. */
    private static String internalSeparator(Map<String, Object> connectorConfig) {
        Object separator = connectorConfig.get("replication.policy.separator");
        Object enabled = connectorConfig.get("replication.policy.internal.topic.separator.enabled");
        if (separator == null || (enabled != null && !Boolean.parseBoolean(String.valueOf(enabled)))) {
            return ".";
        }
        return String.valueOf(separator);
    }

    /** The cluster of that alias, if defined. */
    public Optional<ClusterSpec> cluster(String alias) {
        return clusters.stream().filter(c -> c.alias().equals(alias)).findFirst();
    }

    /** The bootstrap servers of the connect cluster, or null when {@code connect_cluster} names no cluster. */
    public String connectClusterBootstrap() {
        return cluster(connectCluster).map(ClusterSpec::bootstrap).orElse(null);
    }

    /** The Connect cluster's config, offset and status storage topics: what another MirrorMaker 2 must not share. */
    public Set<String> storageTopics() {
        Map<String, String> t = internalTopics();
        return new LinkedHashSet<>(List.of(t.get("config_storage"), t.get("offset_storage"), t.get("status_storage")));
    }

    /**
     * The connect cluster's configuration: storage topics, {@code group.id}, their replication
     * factors, exactly-once source support when asked, then the cluster's own {@code config} on top.
     */
    public Map<String, Object> connectClusterConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("config.storage.topic", storage.configStorageTopic());
        c.put("offset.storage.topic", storage.offsetStorageTopic());
        c.put("status.storage.topic", storage.statusStorageTopic());
        c.put("group.id", storage.groupId());
        c.put("config.storage.replication.factor", replicationFactor);
        c.put("offset.storage.replication.factor", replicationFactor);
        c.put("status.storage.replication.factor", replicationFactor);
        if (exactlyOnce) {
            c.put("exactly.once.source.support", "enabled");
        }
        cluster(connectCluster).ifPresent(cl -> c.putAll(cl.config()));
        return c;
    }

    /**
     * The source connector's configuration for one mirror: policy, offset-syncs location and
     * replication factors, no ACL sync, topic config sync, topic refresh, exactly-once when asked,
     * then the mirror's {@code source_connector_config} on top.
     */
    public Map<String, Object> sourceConnectorConfig(MirrorSpec mirror) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("replication.policy.class", replicationPolicy.className());
        c.put("offset-syncs.topic.location", offsetSyncsLocation.word());
        c.put("replication.factor", replicationFactor);
        c.put("offset-syncs.topic.replication.factor", replicationFactor);
        c.put("sync.topic.acls.enabled", false);
        c.put("sync.topic.configs.enabled", true);
        c.put("refresh.topics.interval.seconds", sync.refreshTopicsIntervalSeconds());
        if (exactlyOnce) {
            c.put("exactly.once.support", "required");
        }
        c.putAll(mirror.sourceConnectorConfig());
        return c;
    }

    /**
     * The checkpoint connector's configuration for one mirror: policy, offset-syncs location,
     * checkpoints topic replication factor, checkpoint and group offset sync settings, then the
     * mirror's {@code checkpoint_connector_config} on top. Rendered only when the mirror has groups.
     */
    public Map<String, Object> checkpointConnectorConfig(MirrorSpec mirror) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("replication.policy.class", replicationPolicy.className());
        c.put("offset-syncs.topic.location", offsetSyncsLocation.word());
        c.put("checkpoints.topic.replication.factor", replicationFactor);
        c.put("emit.checkpoints.interval.seconds", sync.checkpointIntervalSeconds());
        c.put("sync.group.offsets.enabled", sync.syncGroupOffsets());
        c.put("sync.group.offsets.interval.seconds", sync.syncGroupOffsetsIntervalSeconds());
        c.put("refresh.groups.interval.seconds", sync.refreshGroupsIntervalSeconds());
        c.putAll(mirror.checkpointConnectorConfig());
        return c;
    }

    /**
     * The heartbeat connector's configuration for one mirror: policy, heartbeats topic replication
     * factor, heartbeat settings, then the mirror's {@code heartbeat_connector_config} on top.
     * Rendered only when heartbeats are enabled.
     */
    public Map<String, Object> heartbeatConnectorConfig(MirrorSpec mirror) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("replication.policy.class", replicationPolicy.className());
        c.put("heartbeats.topic.replication.factor", replicationFactor);
        c.put("emit.heartbeats.enabled", heartbeats.enabled());
        c.put("emit.heartbeats.interval.seconds", heartbeats.intervalSeconds());
        c.putAll(mirror.heartbeatConnectorConfig());
        return c;
    }

    /**
     * What validation knows beyond the specification itself.
     *
     * @param others         the other MirrorMaker 2 already on the platform
     * @param consumerGroups the consumer groups the playbook created; empty when unknown (that check is skipped)
     */
    public record ValidationContext(List<OtherMirrorMaker2> others, Set<String> consumerGroups) {
        public ValidationContext {
            others = others == null ? List.of() : List.copyOf(others);
            consumerGroups = consumerGroups == null ? Set.of() : Set.copyOf(consumerGroups);
        }

        /** Nothing known: only the specification's own consistency is checked. */
        public static ValidationContext none() {
            return new ValidationContext(List.of(), Set.of());
        }
    }

    /**
     * Another MirrorMaker 2, as far as sharing internal topics goes.
     *
     * @param connectClusterBootstrap the bootstrap servers of its connect cluster
     * @param internalTopics          its Connect cluster's storage topics (others may be listed too)
     */
    public record OtherMirrorMaker2(String name, String namespace, String connectClusterBootstrap, Set<String> internalTopics) {
        public OtherMirrorMaker2 {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
            internalTopics = internalTopics == null ? Set.of() : Set.copyOf(internalTopics);
        }

        /** Another MirrorMaker 2 known by its own specification. */
        public static OtherMirrorMaker2 of(MirrorMaker2Spec spec) {
            return new OtherMirrorMaker2(spec.name(), spec.namespace(), spec.connectClusterBootstrap(), spec.storageTopics());
        }

        /** "europe/mm2-backup". */
        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    /** A list of the mirrors' targets, in order, without repeats. */
    List<String> targets() {
        return new ArrayList<>(new LinkedHashSet<>(mirrors.stream().map(MirrorSpec::target).toList()));
    }
}
