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
 * playbook's arguments once validated ({@link #of}), checked for the mistakes that make a disaster-recovery
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
     * The specification from the {@code mirror_maker2} module's arguments once validated by its
     * argument specification (snake_case keys as a playbook writes them, defaults filled in,
     * integers as Long, nested options as maps and lists of maps; see
     * {@code io.mm2dr.modules.domain.MirrorMaker2Arguments}). What that cannot express is checked
     * here: an integer too large for an int and a configuration value that is not a scalar throw
     * {@link SpecException} naming the path; everything else is left to {@link #validate}.
     */
    public static MirrorMaker2Spec of(Map<String, Object> args) {
        List<ClusterSpec> clusters = new ArrayList<>();
        List<Map<String, Object>> given = maps(args.get("clusters"));
        for (int i = 0; i < given.size(); i++) {
            clusters.add(cluster("clusters[" + i + "]", given.get(i)));
        }
        List<MirrorSpec> mirrors = new ArrayList<>();
        given = maps(args.get("mirrors"));
        for (int i = 0; i < given.size(); i++) {
            mirrors.add(mirror("mirrors[" + i + "]", given.get(i)));
        }
        SyncSettings sync = new SyncSettings(
                integer(args, "", "checkpoint_interval_seconds"),
                (Boolean) args.get("sync_group_offsets"),
                integer(args, "", "sync_group_offsets_interval_seconds"),
                integer(args, "", "refresh_topics_interval_seconds"),
                integer(args, "", "refresh_groups_interval_seconds"));
        Map<String, Object> hb = map(args.get("heartbeats"));
        Map<String, Object> topics = map(args.get("internal_topics"));
        ConnectStorage storage = new ConnectStorage((String) topics.get("config_storage"), (String) topics.get("offset_storage"),
                (String) topics.get("status_storage"), (String) args.get("group_id"));
        return new MirrorMaker2Spec(
                (String) args.get("name"),
                (String) args.get("namespace"),
                integer(args, "", "replicas"),
                (String) args.get("version"),
                (String) args.get("connect_cluster"),
                clusters,
                mirrors,
                ReplicationPolicy.valueOf(((String) args.get("replication_policy")).toUpperCase(Locale.ROOT)),
                OffsetSyncsLocation.valueOf(((String) args.get("offset_syncs_location")).toUpperCase(Locale.ROOT)),
                sync,
                new Heartbeats((Boolean) hb.get("enabled"), integer(hb, "heartbeats", "interval_seconds")),
                (Boolean) args.get("exactly_once"),
                integer(args, "", "replication_factor"),
                storage);
    }

    private static ClusterSpec cluster(String path, Map<String, Object> c) {
        return new ClusterSpec(
                (String) c.get("alias"),
                (String) c.get("bootstrap"),
                (String) c.get("user"),
                secret(c.get("password_secret")),
                secret(c.get("trusted_ca_secret")),
                c.get("brokers") == null ? null : integer(c, path, "brokers"),
                scalars(c, path, "config"));
    }

    private static SecretKeyRef secret(Object value) {
        Map<String, Object> s = map(value);
        return s.isEmpty() ? null : new SecretKeyRef((String) s.get("name"), (String) s.get("key"));
    }

    private static MirrorSpec mirror(String path, Map<String, Object> m) {
        return new MirrorSpec(
                (String) m.get("source"),
                (String) m.get("target"),
                (String) m.get("topics"),
                (String) m.get("topics_exclude"),
                (String) m.get("groups"),
                (String) m.get("groups_exclude"),
                scalars(m, path, "source_connector_config"),
                scalars(m, path, "checkpoint_connector_config"),
                scalars(m, path, "heartbeat_connector_config"),
                m.get("tasks_max") == null ? null : integer(m, path, "tasks_max"),
                m.get("checkpoint_tasks_max") == null ? null : integer(m, path, "checkpoint_tasks_max"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    private static String field(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A validated integer (a Long) as an int, refused when too large for one. */
    private static int integer(Map<String, Object> m, String path, String key) {
        long n = ((Number) m.get(key)).longValue();
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new SpecException(field(path, key), "expected an integer, got " + n + ", which is too large");
        }
        return (int) n;
    }

    /**
     * A map of configuration keys to scalars, in the playbook's order, or an empty map when absent.
     * Whole numbers become Integer (Long when too large for an int), so that rendering is stable.
     */
    private static Map<String, Object> scalars(Map<String, Object> m, String path, String key) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (m.get(key) instanceof Map<?, ?> given) {
            for (Map.Entry<?, ?> e : given.entrySet()) {
                String name = String.valueOf(e.getKey());
                out.put(name, scalar(field(path, key) + "." + name, e.getValue()));
            }
        }
        return out;
    }

    private static Object scalar(String field, Object v) {
        if (v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Double) {
            return v;
        }
        if (v instanceof Long || v instanceof Short || v instanceof Byte) {
            long n = ((Number) v).longValue();
            return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? (Object) (int) n : (Object) n;
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        throw new SpecException(field, "expected a string, number or boolean, got "
                + (v instanceof Map ? "dict" : v instanceof List ? "list" : v == null ? "null" : v.getClass().getSimpleName()));
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
    public record ValidationContext(List<OtherMirrorMaker2> others, Set<String> consumerGroups, Map<String, Integer> liveBrokers) {
        public ValidationContext {
            others = others == null ? List.of() : List.copyOf(others);
            consumerGroups = consumerGroups == null ? Set.of() : Set.copyOf(consumerGroups);
            liveBrokers = liveBrokers == null ? Map.of() : Map.copyOf(liveBrokers);
        }

        public ValidationContext(List<OtherMirrorMaker2> others, Set<String> consumerGroups) {
            this(others, consumerGroups, Map.of());
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
