package io.mm2dr.modules.domain;

import io.mm2dr.domain.mm2.ConnectStorage;
import io.mm2dr.domain.mm2.MirrorMaker2Spec;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import java.util.Map;

/**
 * The arguments of {@code mirror_maker2}, declared once as an {@link ArgSpec} with nested
 * options, so the engine reads and checks them as it does every module's: unknown keys, missing
 * required keys, types, choices and defaults, each refused with its full path
 * ({@code clusters[1].bootstrapp: unknown key ...}). {@link MirrorMaker2Spec#of} then builds the
 * typed specification from the validated values.
 */
public final class MirrorMaker2Arguments {
    private static final ConnectStorage STORAGE = ConnectStorage.DEFAULTS;

    private MirrorMaker2Arguments() {
    }

    /** The module's whole argument specification. */
    public static final ArgSpec SPEC = DomainModule.waitArgs(DomainModule.flavorArg(declare(ArgSpec.builder())), 600).build();

    private static ArgSpec secretRef(String defaultKey) {
        ArgSpec.Builder b = ArgSpec.builder();
        text(b, "name").required().description("the secret's name, in the MirrorMaker 2's namespace").add();
        text(b, "key").defaultValue(defaultKey).description("the key in the secret").add();
        return b.build();
    }

    private static ArgSpec cluster() {
        ArgSpec.Builder b = ArgSpec.builder();
        text(b, "alias").required().description("the name mirrors and connect_cluster use for it").add();
        text(b, "bootstrap").required().description("host:port[,host:port]").add();
        text(b, "user").description("the SCRAM-SHA-512 user; none: no authentication").add();
        b.arg("password_secret", ArgType.DICT).options(secretRef("password")).description("the secret with the user's password").add();
        b.arg("trusted_ca_secret", ArgType.DICT).options(secretRef("ca.crt"))
                .description("the CA certificate to trust (a TLS listener); none: a plain listener").add();
        b.arg("brokers", ArgType.INT).description("how many brokers it has, to check replication_factor against").add();
        b.arg("config", ArgType.DICT).description("extra Kafka Connect configuration (the connect cluster only)").add();
        return b.requiredBy("user", "password_secret").requiredBy("password_secret", "user").build();
    }

    private static ArgSpec mirror() {
        ArgSpec.Builder b = ArgSpec.builder();
        text(b, "source").required().description("the alias of the cluster copied from").add();
        text(b, "target").required().description("the alias of the cluster copied into").add();
        text(b, "topics").defaultValue(".*").description("topics to mirror: comma-separated regular expressions").add();
        text(b, "topics_exclude").description("topics left out").add();
        text(b, "groups").description("consumer groups whose offsets are translated; none: no checkpoint connector").add();
        text(b, "groups_exclude").description("groups left out").add();
        b.arg("source_connector_config", ArgType.DICT).description("set on top of the source connector's configuration").add();
        b.arg("checkpoint_connector_config", ArgType.DICT).description("set on top of the checkpoint connector's configuration").add();
        b.arg("heartbeat_connector_config", ArgType.DICT).description("set on top of the heartbeat connector's configuration").add();
        b.arg("tasks_max", ArgType.INT).description("the source connector's tasksMax").add();
        b.arg("checkpoint_tasks_max", ArgType.INT).description("the checkpoint connector's tasksMax").add();
        return b.build();
    }

    private static ArgSpec heartbeats() {
        ArgSpec.Builder b = ArgSpec.builder();
        b.arg("enabled", ArgType.BOOL).defaultValue(true).description("run the heartbeat connector").add();
        b.arg("interval_seconds", ArgType.INT).defaultValue(60).description("emit.heartbeats.interval.seconds").add();
        return b.build();
    }

    private static ArgSpec internalTopics() {
        ArgSpec.Builder b = ArgSpec.builder();
        text(b, "config_storage").defaultValue(STORAGE.configStorageTopic()).description("the Connect cluster's config topic").add();
        text(b, "offset_storage").defaultValue(STORAGE.offsetStorageTopic()).description("the Connect cluster's offset topic").add();
        text(b, "status_storage").defaultValue(STORAGE.statusStorageTopic()).description("the Connect cluster's status topic").add();
        return b.build();
    }

    /** The 19 arguments of the specification, then consumer_groups and state. */
    private static ArgSpec.Builder declare(ArgSpec.Builder b) {
        text(b, "name").required().description("the KafkaMirrorMaker2's name").add();
        text(b, "namespace").required().description("its namespace").add();
        b.arg("replicas", ArgType.INT).defaultValue(1).description("Connect workers").add();
        text(b, "version").description("the Kafka version; none: the operator's default").add();
        text(b, "connect_cluster").description("the alias of the cluster the Connect cluster runs against (a mirror's target)").add();
        b.arg("clusters", ArgType.LIST).elements(ArgType.DICT).options(cluster()).notEmpty()
                .description("the Kafka clusters it talks to").add();
        b.arg("mirrors", ArgType.LIST).elements(ArgType.DICT).options(mirror()).notEmpty()
                .description("the flows, each from a source to a target cluster").add();
        text(b, "replication_policy").choices("identity", "default").defaultValue("identity").description("identity keeps the topics' names; default prefixes them with the source's alias").add();
        text(b, "offset_syncs_location").choices("target", "source").defaultValue("target").description("the cluster its offset-syncs topic is on").add();
        b.arg("checkpoint_interval_seconds", ArgType.INT).defaultValue(60).description("emit.checkpoints.interval.seconds: how often group positions are checkpointed").add();
        b.arg("sync_group_offsets", ArgType.BOOL).defaultValue(true).description("sync.group.offsets.enabled: commit the translated positions on the target").add();
        b.arg("sync_group_offsets_interval_seconds", ArgType.INT).defaultValue(60).description("sync.group.offsets.interval.seconds").add();
        b.arg("refresh_topics_interval_seconds", ArgType.INT).defaultValue(60).description("refresh.topics.interval.seconds: how often new topics are found").add();
        b.arg("refresh_groups_interval_seconds", ArgType.INT).defaultValue(60).description("refresh.groups.interval.seconds: how often new groups are found").add();
        b.arg("heartbeats", ArgType.DICT).options(heartbeats()).applyDefaults().description("the heartbeat connector").add();
        b.arg("exactly_once", ArgType.BOOL).defaultValue(false).description("exactly-once delivery of the source connector (Connect's exactly.once.source.support)").add();
        b.arg("replication_factor", ArgType.INT).defaultValue(3).description("of every topic it creates").add();
        b.arg("internal_topics", ArgType.DICT).options(internalTopics()).applyDefaults().description("the Connect cluster's internal topics").add();
        text(b, "group_id").defaultValue(STORAGE.groupId()).description("the Connect cluster's group").add();
        b.arg("consumer_groups", ArgType.LIST).elements(ArgType.STR)
                .description("the consumer groups the playbook created, to check the groups patterns against").add();
        b.arg("state", ArgType.STR).choices("present", "absent").defaultValue("present").description("present, or absent").add();
        return b.requiredIf("state", "present", "connect_cluster", "clusters", "mirrors");
    }

    /** A text argument: as everywhere in a MirrorMaker 2 specification, an empty text is refused. */
    private static ArgSpec.ArgBuilder text(ArgSpec.Builder b, String name) {
        return b.arg(name, ArgType.STR).notEmpty();
    }

    /**
     * Reads a specification from arguments as a playbook gives them: validates them against
     * {@link #SPEC} ({@link io.mm2dr.engine.module.ArgumentError} naming the path when they do
     * not fit), then builds it.
     */
    public static MirrorMaker2Spec read(Map<String, Object> args) {
        return MirrorMaker2Spec.of(SPEC.validate(args));
    }
}
