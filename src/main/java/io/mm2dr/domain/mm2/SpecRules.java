package io.mm2dr.domain.mm2;

import io.mm2dr.domain.mm2.MirrorMaker2Spec.OtherMirrorMaker2;
import io.mm2dr.domain.mm2.MirrorMaker2Spec.ValidationContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The rules a MirrorMaker 2 specification must follow before anything is applied. Each rule adds
 * a {@link SpecError} naming the argument at fault; all rules run, whatever the others found.
 */
final class SpecRules {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern TOPIC_CHARS = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");
    /** How MirrorMaker 2 splits a list value ({@code ConfigDef.Type.LIST}). */
    private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*,\\s*");
    /** MirrorMaker 2's {@code groups.exclude} when none is given. */
    static final String MM2_DEFAULT_GROUPS_EXCLUDE = "console-consumer-.*, connect-.*, __.*";

    private final MirrorMaker2Spec spec;
    private final ValidationContext context;
    private final List<SpecError> errors = new ArrayList<>();

    private SpecRules(MirrorMaker2Spec spec, ValidationContext context) {
        this.spec = spec;
        this.context = context;
    }

    static List<SpecError> check(MirrorMaker2Spec spec, ValidationContext context) {
        SpecRules rules = new SpecRules(spec, context);
        rules.names();
        rules.numbers();
        rules.clusters();
        rules.connectCluster();
        for (int i = 0; i < spec.mirrors().size(); i++) {
            rules.mirror(i, spec.mirrors().get(i));
        }
        rules.replicationFactorWithinBrokers();
        rules.internalTopics();
        return List.copyOf(rules.errors);
    }

    private void error(String field, String message) {
        errors.add(new SpecError(field, message));
    }

    private void names() {
        if (spec.name().length() > 253 || !DNS_SUBDOMAIN.matcher(spec.name()).matches()) {
            error("name", "'" + spec.name() + "' is not a valid Kubernetes name (lowercase letters, digits, '-' and '.')");
        }
        if (spec.namespace().length() > 63 || !DNS_LABEL.matcher(spec.namespace()).matches()) {
            error("namespace", "'" + spec.namespace() + "' is not a valid Kubernetes namespace (lowercase letters, digits and '-', at most 63)");
        }
    }

    private void numbers() {
        if (spec.replicas() < 0) {
            error("replicas", spec.replicas() + " is negative");
        }
        if (spec.replicationFactor() < 1 && spec.replicationFactor() != -1) {
            error("replication_factor", spec.replicationFactor() + " must be at least 1 (or -1 for the brokers' default)");
        }
        SyncSettings s = spec.sync();
        atLeastOne("checkpoint_interval_seconds", s.checkpointIntervalSeconds());
        atLeastOne("sync_group_offsets_interval_seconds", s.syncGroupOffsetsIntervalSeconds());
        atLeastOne("refresh_topics_interval_seconds", s.refreshTopicsIntervalSeconds());
        atLeastOne("refresh_groups_interval_seconds", s.refreshGroupsIntervalSeconds());
        atLeastOne("heartbeats.interval_seconds", spec.heartbeats().intervalSeconds());
    }

    private void atLeastOne(String field, int seconds) {
        if (seconds < 1) {
            error(field, seconds + " must be at least 1 second");
        }
    }

    private void clusters() {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < spec.clusters().size(); i++) {
            ClusterSpec c = spec.clusters().get(i);
            String at = "clusters[" + i + "]";
            Integer first = seen.putIfAbsent(c.alias(), i);
            if (first != null) {
                error(at + ".alias", "'" + c.alias() + "' is already the alias of clusters[" + first + "]");
            }
            if (!TOPIC_CHARS.matcher(c.alias()).matches()) {
                error(at + ".alias", "'" + c.alias() + "' may only contain letters, digits, '.', '_' and '-' (it becomes part of topic names)");
            }
            if (!isBootstrap(c.bootstrap())) {
                error(at + ".bootstrap", "'" + c.bootstrap() + "' is not host:port[,host:port]");
            }
            if (c.brokers() != null && c.brokers() < 1) {
                error(at + ".brokers", c.brokers() + " must be at least 1");
            }
            if (!c.config().isEmpty() && !c.alias().equals(spec.connectCluster())) {
                error(at + ".config", "only the connect cluster ('" + spec.connectCluster() + "') takes config, and '" + c.alias() + "' is not it");
            }
        }
    }

    private static boolean isBootstrap(String text) {
        for (String part : text.split(",", -1)) {
            var m = HOST_PORT.matcher(part.trim());
            if (!m.matches()) {
                return false;
            }
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                return false;
            }
        }
        return true;
    }

    private boolean defined(String alias) {
        return spec.cluster(alias).isPresent();
    }

    private String definedAliases() {
        return spec.clusters().stream().map(ClusterSpec::alias).distinct().collect(Collectors.joining(", "));
    }

    private void connectCluster() {
        String alias = spec.connectCluster();
        if (!defined(alias)) {
            error("connect_cluster", "'" + alias + "' is not a defined cluster (defined: " + definedAliases() + ")");
        } else if (!spec.targets().contains(alias)) {
            error("connect_cluster", "'" + alias + "' is not the target of any mirror (targets: " + String.join(", ", spec.targets())
                    + "); MirrorMaker 2 must run next to its target cluster");
        }
    }

    private void mirror(int i, MirrorSpec m) {
        String at = "mirrors[" + i + "]";
        for (String side : List.of("source", "target")) {
            String alias = side.equals("source") ? m.source() : m.target();
            if (!defined(alias)) {
                error(at + "." + side, "'" + alias + "' is not a defined cluster (defined: " + definedAliases() + ")");
            }
        }
        if (m.source().equals(m.target())) {
            error(at + ".target", "'" + m.target() + "' is also the source: a cluster cannot mirror into itself");
        }
        if (m.sourceTasksMax() != null && m.sourceTasksMax() < 1) {
            error(at + ".tasks_max", "must be at least 1, got " + m.sourceTasksMax());
        }
        if (m.checkpointTasksMax() != null && m.checkpointTasksMax() < 1) {
            error(at + ".checkpoint_tasks_max", "must be at least 1, got " + m.checkpointTasksMax());
        }
        for (var config : List.of(Map.entry("source_connector_config", m.sourceConnectorConfig()),
                Map.entry("checkpoint_connector_config", m.checkpointConnectorConfig()),
                Map.entry("heartbeat_connector_config", m.heartbeatConnectorConfig()))) {
            if (config.getValue().containsKey("tasks.max")) {
                error(at + "." + config.getKey() + ".tasks.max", "the operators refuse tasks.max in a connector's config: give "
                        + (config.getKey().startsWith("checkpoint") ? "checkpoint_tasks_max" : "tasks_max") + " instead");
            }
        }
        for (int j = 0; j < i; j++) {
            if (spec.mirrors().get(j).flow().equals(m.flow())) {
                error(at, m.flow() + " is already mirrored by mirrors[" + j + "]");
                break;
            }
        }
        Pattern topics = pattern(at + ".topics", m.topics());
        pattern(at + ".topics_exclude", m.topicsExclude());
        Pattern groups = pattern(at + ".groups", m.groups());
        Pattern groupsExclude = pattern(at + ".groups_exclude", m.groupsExclude() == null ? MM2_DEFAULT_GROUPS_EXCLUDE : m.groupsExclude());
        if (topics != null && m.topics().isBlank()) {
            error(at + ".topics", "an empty pattern mirrors no topic");
        }
        if (m.groups() == null && m.groupsExclude() != null) {
            error(at + ".groups_exclude", "has no effect without groups (no group is mirrored)");
        }
        if (m.groups() != null) {
            sameAsSourceConnector(at, m);
            groupsMatchCreatedGroups(at, m, groups, groupsExclude);
        }
    }

    /** The pattern as MirrorMaker 2 compiles it (a comma-separated list of regexes), or null if absent or invalid. */
    private Pattern pattern(String field, String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        List<String> parts = trimmed.isEmpty() ? List.of() : Arrays.asList(LIST_SEPARATOR.split(trimmed, -1));
        try {
            return Pattern.compile(String.join("|", parts));
        } catch (PatternSyntaxException e) {
            error(field, "'" + text + "' is not a valid regular expression (" + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + ")");
            return null;
        }
    }

    /** The checkpoint connector must translate names and read offset syncs as the source connector writes them. */
    private void sameAsSourceConnector(String at, MirrorSpec m) {
        Map<String, Object> source = spec.sourceConnectorConfig(m);
        Map<String, Object> checkpoint = spec.checkpointConnectorConfig(m);
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("replication.policy.class", ReplicationPolicy.DEFAULT.className());
        defaults.put("replication.policy.separator", ".");
        defaults.put("offset-syncs.topic.location", MirrorMaker2Spec.MM2_DEFAULT_OFFSET_SYNCS_LOCATION);
        for (Map.Entry<String, String> d : defaults.entrySet()) {
            String key = d.getKey();
            String s = String.valueOf(source.getOrDefault(key, d.getValue())).trim();
            String c = String.valueOf(checkpoint.getOrDefault(key, d.getValue())).trim();
            if (s.equals(c)) {
                continue;
            }
            if (m.checkpointConnectorConfig().containsKey(key) || !m.sourceConnectorConfig().containsKey(key)) {
                error(at + ".checkpoint_connector_config", key + " '" + c + "' differs from the source connector's '" + s + "'");
            } else {
                error(at + ".source_connector_config", key + " '" + s + "' differs from the checkpoint connector's '" + c + "'");
            }
        }
    }

    private void groupsMatchCreatedGroups(String at, MirrorSpec m, Pattern include, Pattern exclude) {
        Set<String> created = context.consumerGroups();
        Object enabled = spec.checkpointConnectorConfig(m).get("sync.group.offsets.enabled");
        if (include == null || created.isEmpty() || !Boolean.parseBoolean(String.valueOf(enabled))) {
            return;
        }
        boolean any = created.stream().anyMatch(g -> include.matcher(g).matches() && (exclude == null || !exclude.matcher(g).matches()));
        if (!any) {
            error(at + ".groups", "'" + m.groups() + "' matches none of the consumer groups the playbook created ("
                    + String.join(", ", new TreeSet<>(created)) + ")");
        }
    }

    /** Every cluster where MirrorMaker 2 creates topics with {@code replication_factor}. */
    private void replicationFactorWithinBrokers() {
        int rf = spec.replicationFactor();
        if (rf < 1) {
            return;
        }
        Set<String> aliases = new LinkedHashSet<>();
        aliases.add(spec.connectCluster());
        for (MirrorSpec m : spec.mirrors()) {
            aliases.add(m.target());
            Object location = spec.sourceConnectorConfig(m).get("offset-syncs.topic.location");
            if ("source".equals(String.valueOf(location))) {
                aliases.add(m.source());
            }
        }
        for (String alias : aliases) {
            // what the platform really runs wins over what the specification declares
            Integer live = context.liveBrokers().get(alias);
            if (live != null && live >= 1 && rf > live) {
                int declared = spec.cluster(alias).map(ClusterSpec::brokers).filter(java.util.Objects::nonNull).orElse(live);
                error("replication_factor", rf + " is above the " + live + " broker(s) cluster '" + alias + "' runs"
                        + (declared != live ? " (" + declared + " declared: the platform runs " + live + ")" : ""));
                continue;
            }
            spec.cluster(alias).filter(c -> live == null && c.brokers() != null && c.brokers() >= 1 && rf > c.brokers()).ifPresent(c ->
                    error("replication_factor", rf + " is above the " + c.brokers() + " broker(s) of cluster '" + alias + "'"));
        }
    }

    private void internalTopics() {
        Map<String, String> topics = spec.internalTopics();
        List<String> fields = List.of("config_storage", "offset_storage", "status_storage");
        for (int i = 0; i < fields.size(); i++) {
            String name = topics.get(fields.get(i));
            String field = "internal_topics." + fields.get(i);
            if (name.length() > 249 || name.equals(".") || name.equals("..") || !TOPIC_CHARS.matcher(name).matches()) {
                error(field, "'" + name + "' is not a valid Kafka topic name (letters, digits, '.', '_' and '-', at most 249)");
            }
            for (int j = 0; j < i; j++) {
                if (name.equals(topics.get(fields.get(j)))) {
                    error(field, "'" + name + "' is also the " + fields.get(j) + " topic; Kafka Connect needs three different topics");
                }
            }
        }
        Set<String> mine = bootstrapServers(spec.connectClusterBootstrap());
        if (mine.isEmpty()) {
            return;
        }
        for (OtherMirrorMaker2 other : context.others()) {
            boolean itself = other.name().equals(spec.name()) && other.namespace().equals(spec.namespace());
            if (itself || !mine.equals(bootstrapServers(other.connectClusterBootstrap()))) {
                continue;
            }
            for (String f : fields) {
                String name = topics.get(f);
                if (other.internalTopics().contains(name)) {
                    error("internal_topics." + f, "'" + name + "' is already used by MirrorMaker 2 " + other
                            + " on the same Kafka cluster (" + spec.connectClusterBootstrap() + ")");
                }
            }
        }
    }

    /** Bootstrap servers compared as a set of host:port, hosts case-insensitive. */
    private static Set<String> bootstrapServers(String bootstrap) {
        if (bootstrap == null) {
            return Set.of();
        }
        return Arrays.stream(bootstrap.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
