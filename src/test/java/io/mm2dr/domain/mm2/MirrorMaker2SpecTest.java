package io.mm2dr.domain.mm2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.OperatorApi;
import io.mm2dr.domain.mm2.MirrorMaker2Spec.OtherMirrorMaker2;
import io.mm2dr.domain.mm2.MirrorMaker2Spec.ValidationContext;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.modules.domain.MirrorMaker2Arguments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MirrorMaker2SpecTest {
    private static final String NA_BOOTSTRAP = "na-eventstreams-kafka-bootstrap.north-america.svc:9093";
    private static final String EU_BOOTSTRAP = "eu-eventstreams-kafka-bootstrap.europe.svc:9093";
    private static final String IDENTITY = "org.apache.kafka.connect.mirror.IdentityReplicationPolicy";
    private static final String DEFAULT = "org.apache.kafka.connect.mirror.DefaultReplicationPolicy";

    /** A LinkedHashMap of key, value, key, value ... (so that key order is part of what is compared). */
    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The DR backup MirrorMaker 2 of DESIGN section 2, as a playbook writes it (ints arrive as Long from YAML). */
    private static Map<String, Object> drBackup() {
        List<Object> clusters = new ArrayList<>();
        clusters.add(ordered("alias", "north-america", "bootstrap", NA_BOOTSTRAP, "user", "mm2-backup",
                "password_secret", ordered("name", "mm2-backup"),
                "trusted_ca_secret", ordered("name", "na-eventstreams-cluster-ca-cert"), "brokers", 3L));
        clusters.add(ordered("alias", "europe", "bootstrap", EU_BOOTSTRAP, "user", "mm2-backup-target",
                "password_secret", ordered("name", "mm2-backup-target"),
                "trusted_ca_secret", ordered("name", "eu-eventstreams-cluster-ca-cert"), "brokers", 3L));
        List<Object> mirrors = new ArrayList<>();
        mirrors.add(ordered("source", "north-america", "target", "europe", "topics", "LH.*", "groups", "consumer-.*"));
        return ordered("name", "mm2-backup", "namespace", "europe", "connect_cluster", "europe",
                "clusters", clusters, "mirrors", mirrors,
                "replication_policy", "identity", "offset_syncs_location", "target",
                "heartbeats", ordered("enabled", true, "interval_seconds", 60L));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> m, String key) {
        return (List<Object>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> args, String key, int index) {
        return (Map<String, Object>) list(args, key).get(index);
    }

    private static Map<String, Object> with(Consumer<Map<String, Object>> change) {
        Map<String, Object> args = drBackup();
        change.accept(args);
        return args;
    }

    private static ValidationContext groups(String... names) {
        return new ValidationContext(List.of(), Set.of(names));
    }

    private static ValidationContext others(OtherMirrorMaker2... others) {
        return new ValidationContext(List.of(others), null);
    }

    // ---------------------------------------------------------------- validation

    static Stream<Arguments> mistakes() {
        ValidationContext none = ValidationContext.none();
        return Stream.of(
                Arguments.of("mirror from an undefined cluster",
                        with(a -> at(a, "mirrors", 0).put("source", "emea")), none, 1,
                        "mirrors[0].source", "'emea' is not a defined cluster (defined: north-america, europe)"),
                Arguments.of("mirror to an undefined cluster (so the connect cluster is nobody's target either)",
                        with(a -> at(a, "mirrors", 0).put("target", "asia")), none, 2,
                        "mirrors[0].target", "'asia' is not a defined cluster (defined: north-america, europe)"),
                Arguments.of("mirror into itself",
                        with(a -> at(a, "mirrors", 0).put("source", "europe")), none, 1,
                        "mirrors[0].target", "'europe' is also the source"),
                Arguments.of("duplicate cluster alias",
                        with(a -> list(a, "clusters").add(ordered("alias", "europe", "bootstrap", "other:9092"))), none, 1,
                        "clusters[2].alias", "'europe' is already the alias of clusters[1]"),
                Arguments.of("checkpoint connector with another replication policy",
                        with(a -> at(a, "mirrors", 0).put("checkpoint_connector_config", ordered("replication.policy.class", DEFAULT))), none, 1,
                        "mirrors[0].checkpoint_connector_config",
                        "replication.policy.class '" + DEFAULT + "' differs from the source connector's '" + IDENTITY + "'"),
                Arguments.of("source connector with another separator",
                        with(a -> at(a, "mirrors", 0).put("source_connector_config", ordered("replication.policy.separator", "_"))), none, 1,
                        "mirrors[0].source_connector_config",
                        "replication.policy.separator '_' differs from the checkpoint connector's '.'"),
                Arguments.of("connect cluster that is no mirror's target",
                        with(a -> a.put("connect_cluster", "north-america")), none, 1,
                        "connect_cluster", "'north-america' is not the target of any mirror (targets: europe)"),
                Arguments.of("storage topic shared with another MirrorMaker 2 on the same cluster",
                        drBackup(), others(new OtherMirrorMaker2("mm2-restore", "europe", EU_BOOTSTRAP, Set.of("mirrormaker2-cluster-configs"))), 1,
                        "internal_topics.config_storage", "'mirrormaker2-cluster-configs' is already used by MirrorMaker 2 europe/mm2-restore"),
                Arguments.of("replication factor above the target's brokers",
                        with(a -> at(a, "clusters", 1).put("brokers", 1L)), none, 1,
                        "replication_factor", "3 is above the 1 broker(s) of cluster 'europe'"),
                Arguments.of("replication factor above the brokers the platform really runs (3 declared, the sandbox runs 1)",
                        drBackup(), new ValidationContext(List.of(), Set.of(), Map.of("europe", 1)), 1,
                        "replication_factor", "3 is above the 1 broker(s) cluster 'europe' runs (3 declared: the platform runs 1)"),
                Arguments.of("replication factor above the source's brokers, offset syncs on the source",
                        with(a -> {
                            a.put("offset_syncs_location", "source");
                            at(a, "clusters", 0).put("brokers", 2L);
                        }), none, 1,
                        "replication_factor", "3 is above the 2 broker(s) of cluster 'north-america'"),
                Arguments.of("groups pattern that matches no group the playbook created",
                        drBackup(), groups("orders-app"), 1,
                        "mirrors[0].groups", "'consumer-.*' matches none of the consumer groups the playbook created (orders-app)"),
                Arguments.of("groups pattern whose only match is excluded",
                        with(a -> at(a, "mirrors", 0).put("groups_exclude", "consumer-south.*")), groups("consumer-southamerica"), 1,
                        "mirrors[0].groups", "matches none of the consumer groups the playbook created (consumer-southamerica)"),
                Arguments.of("invalid topics regex",
                        with(a -> at(a, "mirrors", 0).put("topics", "LH.[")), none, 1,
                        "mirrors[0].topics", "'LH.[' is not a valid regular expression (Unclosed character class"),
                Arguments.of("invalid groups regex",
                        with(a -> at(a, "mirrors", 0).put("groups", "consumer-(")), none, 1,
                        "mirrors[0].groups", "'consumer-(' is not a valid regular expression"),
                Arguments.of("negative replicas",
                        with(a -> a.put("replicas", -1L)), none, 1,
                        "replicas", "-1 is negative"),
                Arguments.of("bootstrap without a port",
                        with(a -> at(a, "clusters", 0).put("bootstrap", "na-eventstreams-kafka-bootstrap")), none, 1,
                        "clusters[0].bootstrap", "is not host:port[,host:port]"),
                Arguments.of("config on a cluster that is not the connect cluster",
                        with(a -> at(a, "clusters", 0).put("config", ordered("client.id", "x"))), none, 1,
                        "clusters[0].config", "only the connect cluster ('europe') takes config"),
                Arguments.of("the three storage topics must differ",
                        with(a -> a.put("internal_topics", ordered("config_storage", "mm2-configs", "offset_storage", "mm2-configs"))), none, 1,
                        "internal_topics.offset_storage", "'mm2-configs' is also the config_storage topic"),
                Arguments.of("same flow mirrored twice",
                        with(a -> list(a, "mirrors").add(ordered("source", "north-america", "target", "europe"))), none, 1,
                        "mirrors[1]", "north-america->europe is already mirrored by mirrors[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsRefusedNamingItsField(String mistake, Map<String, Object> args, ValidationContext context, int count,
            String field, String phrase) {
        List<SpecError> errors = MirrorMaker2Arguments.read(args).validate(context);
        assertEquals(count, errors.size(), () -> "errors: " + errors);
        SpecError error = errors.stream().filter(e -> e.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no error on " + field + " in " + errors));
        assertTrue(error.message().contains(phrase), () -> error.toString());
        assertEquals(field + ": " + error.message(), error.toString());
    }

    /** What the platform really runs wins over the declared count, both ways. */
    @Test
    void theLiveBrokerCountWinsOverTheDeclaredOne() {
        MirrorMaker2Spec declaredOne = MirrorMaker2Arguments.read(with(a -> at(a, "clusters", 1).put("brokers", 1L)));
        assertEquals(List.of(), declaredOne.validate(new ValidationContext(List.of(), Set.of(), Map.of("europe", 3))));
        assertEquals(1, declaredOne.validate(ValidationContext.none()).size());
    }

    @Test
    void allMistakesAreReportedTogether() {
        Map<String, Object> args = with(a -> {
            a.put("replicas", -2L);
            at(a, "mirrors", 0).put("source", "emea");
            at(a, "clusters", 1).put("brokers", 1L);
        });
        List<String> errors = MirrorMaker2Arguments.read(args).validate(ValidationContext.none()).stream().map(SpecError::toString).toList();
        assertEquals(List.of(
                "replicas: -2 is negative",
                "mirrors[0].source: 'emea' is not a defined cluster (defined: north-america, europe)",
                "replication_factor: 3 is above the 1 broker(s) of cluster 'europe'"), errors);
    }

    @Test
    void theDrBackupIsValidWhereverItIsRight() {
        MirrorMaker2Spec spec = MirrorMaker2Arguments.read(drBackup());
        assertEquals(List.of(), spec.validate(ValidationContext.none()));
        assertEquals(List.of(), spec.validate(null));
        assertEquals(List.of(), spec.validate(groups("consumer-southamerica", "orders-app")), "one created group matches");
        Set<String> same = Set.of("mirrormaker2-cluster-configs", "mirrormaker2-cluster-offsets", "mirrormaker2-cluster-status");
        assertEquals(List.of(), spec.validate(others(new OtherMirrorMaker2("mm2-backup", "europe", EU_BOOTSTRAP, same))),
                "itself, already applied, shares nothing with itself");
        assertEquals(List.of(), spec.validate(others(new OtherMirrorMaker2("mm2-restore", "north-america", NA_BOOTSTRAP, same))),
                "the same names on another Kafka cluster are fine");
        Map<String, Object> noSync = with(a -> a.put("sync_group_offsets", false));
        assertEquals(List.of(), MirrorMaker2Arguments.read(noSync).validate(groups("orders-app")), "groups only matter when offsets are synced");
    }

    @Test
    void anotherMirrorMaker2SharingStorageIsFoundByItsBootstrapInAnyOrder() {
        Map<String, Object> two = with(a -> at(a, "clusters", 1).put("bootstrap", "eu-0:9093,EU-1:9093"));
        MirrorMaker2Spec spec = MirrorMaker2Arguments.read(two);
        MirrorMaker2Spec restore = MirrorMaker2Arguments.read(with(a -> {
            a.put("name", "mm2-restore");
            at(a, "clusters", 1).put("bootstrap", "eu-1:9093, eu-0:9093");
        }));
        List<String> errors = spec.validate(others(OtherMirrorMaker2.of(restore))).stream().map(SpecError::field).toList();
        assertEquals(List.of("internal_topics.config_storage", "internal_topics.offset_storage", "internal_topics.status_storage"), errors);
    }

    // ---------------------------------------------------------------- parsing

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of(with(a -> at(a, "clusters", 1).put("bootstrapp", "x:1")),
                        "clusters[1].bootstrapp: unknown key (known: alias, bootstrap, user, password_secret, trusted_ca_secret, brokers, config)"),
                Arguments.of(with(a -> a.put("replicaz", 1L)), "unsupported argument 'replicaz' (did you mean 'replicas'?); supported arguments: checkpoint_interval_seconds, clusters,"),
                Arguments.of(with(a -> map(a, "heartbeats").put("every", 5L)),
                        "heartbeats.every: unknown key (known: enabled, interval_seconds)"),
                Arguments.of(with(a -> at(a, "clusters", 0).put("password_secret", ordered("nmae", "x"))),
                        "clusters[0].password_secret.nmae: unknown key (known: name, key)"),
                Arguments.of(with(a -> a.remove("name")), "missing required arguments: name"),
                Arguments.of(with(a -> at(a, "clusters", 0).remove("alias")), "clusters[0].alias: required key missing"),
                Arguments.of(with(a -> at(a, "mirrors", 0).remove("target")), "mirrors[0].target: required key missing"),
                Arguments.of(with(a -> a.remove("clusters")), "state is present but all of the following are missing: clusters"),
                Arguments.of(with(a -> at(a, "clusters", 0).remove("bootstrap")), "clusters[0].bootstrap: required key missing"),
                Arguments.of(with(a -> a.put("mirrors", List.of())), "argument 'mirrors' must not be empty"),
                Arguments.of(with(a -> at(a, "mirrors", 0).put("topics", " ")), "mirrors[0].topics: must not be empty"),
                Arguments.of(with(a -> at(a, "clusters", 0).remove("password_secret")), "clusters[0].password_secret: required when user is given"),
                Arguments.of(with(a -> a.put("replicas", "three")), "argument 'replicas' is of type str and we were unable to convert to int: three"),
                Arguments.of(with(a -> at(a, "clusters", 1).put("brokers", "three")), "clusters[1].brokers: expected an integer, got str 'three'"),
                Arguments.of(with(a -> a.put("exactly_once", "maybe")), "argument 'exactly_once' is of type str and we were unable to convert to bool: maybe"),
                Arguments.of(with(a -> map(a, "heartbeats").put("enabled", "maybe")), "heartbeats.enabled: expected a boolean, got str 'maybe'"),
                Arguments.of(with(a -> a.put("clusters", "na,eu")), "argument 'clusters' is of type str and we were unable to convert to list: na,eu"),
                Arguments.of(with(a -> list(a, "mirrors").set(0, "na->eu")), "mirrors[0]: expected a mapping, got str 'na->eu'"),
                Arguments.of(with(a -> a.put("replication_policy", "prefix")), "value of replication_policy must be one of: identity, default, got: prefix"),
                Arguments.of(with(a -> at(a, "clusters", 1).put("config", ordered("a", List.of()))),
                        "clusters[1].config.a: expected a string, number or boolean, got list"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unreadable")
    void unreadableArgumentsAreRefusedNamingTheirPath(Map<String, Object> args, String message) {
        // the argument specification's refusals (ArgumentError), and the few the typed specification makes itself (SpecException)
        RuntimeException e = assertThrows(RuntimeException.class, () -> MirrorMaker2Arguments.read(args));
        assertTrue(e instanceof ArgumentError || e instanceof SpecException, () -> e.toString());
        assertTrue(e.getMessage().startsWith(message), e::getMessage);
    }

    @Test
    void defaultsFillInWhatThePlaybookLeavesOut() {
        MirrorMaker2Spec spec = MirrorMaker2Arguments.read(ordered("name", "m", "namespace", "europe", "connect_cluster", "eu",
                "clusters", List.of(ordered("alias", "na", "bootstrap", "na:9092"), ordered("alias", "eu", "bootstrap", "eu:9092")),
                "mirrors", List.of(ordered("source", "na", "target", "eu"))));
        assertEquals(1, spec.replicas());
        assertEquals(null, spec.version());
        assertEquals(ReplicationPolicy.IDENTITY, spec.replicationPolicy());
        assertEquals(OffsetSyncsLocation.TARGET, spec.offsetSyncsLocation());
        assertEquals(new SyncSettings(60, true, 60, 60, 60), spec.sync());
        assertEquals(new Heartbeats(true, 60), spec.heartbeats());
        assertEquals(3, spec.replicationFactor());
        assertEquals(ConnectStorage.DEFAULTS, spec.storage());
        MirrorSpec mirror = spec.mirrors().get(0);
        assertEquals(".*", mirror.topics());
        assertEquals(null, mirror.groups());
        ClusterSpec na = spec.clusters().get(0);
        assertEquals(null, na.user());
        assertEquals(null, na.trustedCaSecret());
        assertEquals(List.of(), spec.validate(ValidationContext.none()));

        ClusterSpec backupSource = MirrorMaker2Arguments.read(drBackup()).clusters().get(0);
        assertEquals(new SecretKeyRef("mm2-backup", "password"), backupSource.passwordSecret());
        assertEquals(new SecretKeyRef("na-eventstreams-cluster-ca-cert", "ca.crt"), backupSource.trustedCaSecret());
        assertEquals(3, backupSource.brokers());
    }

    // ---------------------------------------------------------------- rendering

    /** The DR backup resource, written by hand from the rendering rules. */
    private static Map<String, Object> expectedDrBackup(String apiVersion) {
        Map<String, Object> northAmerica = ordered(
                "alias", "north-america",
                "bootstrapServers", NA_BOOTSTRAP,
                "authentication", ordered("type", "scram-sha-512", "username", "mm2-backup",
                        "passwordSecret", ordered("secretName", "mm2-backup", "password", "password")),
                "tls", ordered("trustedCertificates", List.of(ordered("secretName", "na-eventstreams-cluster-ca-cert", "certificate", "ca.crt"))));
        Map<String, Object> europe = ordered(
                "alias", "europe",
                "bootstrapServers", EU_BOOTSTRAP,
                "authentication", ordered("type", "scram-sha-512", "username", "mm2-backup-target",
                        "passwordSecret", ordered("secretName", "mm2-backup-target", "password", "password")),
                "tls", ordered("trustedCertificates", List.of(ordered("secretName", "eu-eventstreams-cluster-ca-cert", "certificate", "ca.crt"))),
                "config", ordered(
                        "config.storage.topic", "mirrormaker2-cluster-configs",
                        "offset.storage.topic", "mirrormaker2-cluster-offsets",
                        "status.storage.topic", "mirrormaker2-cluster-status",
                        "group.id", "mirrormaker2-cluster",
                        "config.storage.replication.factor", 3,
                        "offset.storage.replication.factor", 3,
                        "status.storage.replication.factor", 3));
        Map<String, Object> mirror = ordered(
                "sourceCluster", "north-america",
                "targetCluster", "europe",
                "topicsPattern", "LH.*",
                "groupsPattern", "consumer-.*",
                "sourceConnector", ordered("config", ordered(
                        "replication.policy.class", IDENTITY,
                        "offset-syncs.topic.location", "target",
                        "replication.factor", 3,
                        "offset-syncs.topic.replication.factor", 3,
                        "sync.topic.acls.enabled", false,
                        "sync.topic.configs.enabled", true,
                        "refresh.topics.interval.seconds", 60)),
                "checkpointConnector", ordered("config", ordered(
                        "replication.policy.class", IDENTITY,
                        "offset-syncs.topic.location", "target",
                        "checkpoints.topic.replication.factor", 3,
                        "emit.checkpoints.interval.seconds", 60,
                        "sync.group.offsets.enabled", true,
                        "sync.group.offsets.interval.seconds", 60,
                        "refresh.groups.interval.seconds", 60)),
                "heartbeatConnector", ordered("config", ordered(
                        "replication.policy.class", IDENTITY,
                        "heartbeats.topic.replication.factor", 3,
                        "emit.heartbeats.enabled", true,
                        "emit.heartbeats.interval.seconds", 60)));
        return ordered(
                "apiVersion", apiVersion,
                "kind", "KafkaMirrorMaker2",
                "metadata", ordered("name", "mm2-backup", "namespace", "europe"),
                "spec", ordered(
                        "replicas", 1,
                        "connectCluster", "europe",
                        "clusters", List.of(northAmerica, europe),
                        "mirrors", List.of(mirror)));
    }

    @Test
    void theDrBackupRendersAsTheKafkaMirrorMaker2ResourceForBothFlavors() {
        MirrorMaker2Spec spec = MirrorMaker2Arguments.read(drBackup());
        for (Flavor flavor : Flavor.values()) {
            Map<String, Object> expected = expectedDrBackup(OperatorApi.v1beta2(flavor).apiVersion());
            Map<String, Object> actual = spec.render(OperatorApi.v1beta2(flavor));
            assertEquals(expected, actual, flavor.word());
            assertEquals(expected.toString(), actual.toString(), flavor.word() + ": same key order");
        }
        assertEquals("eventstreams.ibm.com/v1beta2", spec.render(OperatorApi.v1beta2(Flavor.EVENTSTREAMS)).get("apiVersion"));
        assertEquals("kafka.strimzi.io/v1beta2", spec.render(OperatorApi.v1beta2(Flavor.STRIMZI)).get("apiVersion"));
    }

    @Test
    void theDrBackupRendersInTheV1ShapeWithATargetAndInlineSources() {
        // the v1 KafkaMirrorMaker2 of Strimzi 0.49+ / 1.x and Event Streams 13: spec.target is the connect cluster, with the
        // Connect group and storage topics as fields (forbidden in its config); each mirror names its source inline;
        // there is no heartbeat connector
        for (Flavor flavor : Flavor.values()) {
            Map<String, Object> v1 = MirrorMaker2Arguments.read(drBackup()).render(OperatorApi.v1(flavor));
            Map<String, Object> legacy = expectedDrBackup("unused");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> clusters = (List<Map<String, Object>>) map(legacy, "spec").get("clusters");
            @SuppressWarnings("unchecked")
            Map<String, Object> oldMirror = ((List<Map<String, Object>>) map(legacy, "spec").get("mirrors")).get(0);
            Map<String, Object> europe = clusters.get(1);
            Map<String, Object> target = ordered(
                    "alias", "europe",
                    "bootstrapServers", EU_BOOTSTRAP,
                    "groupId", "mirrormaker2-cluster",
                    "configStorageTopic", "mirrormaker2-cluster-configs",
                    "offsetStorageTopic", "mirrormaker2-cluster-offsets",
                    "statusStorageTopic", "mirrormaker2-cluster-status",
                    "authentication", europe.get("authentication"),
                    "tls", europe.get("tls"),
                    "config", ordered(
                            "config.storage.replication.factor", 3,
                            "offset.storage.replication.factor", 3,
                            "status.storage.replication.factor", 3));
            Map<String, Object> mirror = ordered(
                    "source", clusters.get(0),
                    "topicsPattern", "LH.*",
                    "groupsPattern", "consumer-.*",
                    "sourceConnector", oldMirror.get("sourceConnector"),
                    "checkpointConnector", oldMirror.get("checkpointConnector"));
            Map<String, Object> expected = ordered(
                    "apiVersion", flavor.group() + "/v1",
                    "kind", "KafkaMirrorMaker2",
                    "metadata", ordered("name", "mm2-backup", "namespace", "europe"),
                    "spec", ordered("replicas", 1, "target", target, "mirrors", List.of(mirror)));
            assertEquals(expected.toString(), v1.toString(), flavor.word());
        }
    }

    @Test
    void tasksMaxIsAtLeastOneAndNeverInAConnectorsConfig() {
        // the operators' CRDs: tasksMax minimum 1; "The following properties cannot be set: name, connector.class, tasks.max"
        Map<String, Object> args = with(a -> {
            at(a, "mirrors", 0).put("tasks_max", 0);
            at(a, "mirrors", 0).put("source_connector_config", ordered("tasks.max", 4));
        });
        List<String> errors = MirrorMaker2Arguments.read(args).validate(ValidationContext.none()).stream().map(SpecError::toString).toList();
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("mirrors[0].tasks_max: must be at least 1")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("mirrors[0].source_connector_config.tasks.max:") && e.contains("give tasks_max instead")),
                errors.toString());
    }

    @Test
    void aMirrorIntoAnotherClusterThanTheConnectClusterCannotBeRenderedAsV1() {
        Map<String, Object> args = with(a -> a.put("connect_cluster", "north-america"));
        SpecException e = assertThrows(SpecException.class, () -> MirrorMaker2Arguments.read(args).render(OperatorApi.v1(Flavor.STRIMZI)));
        assertTrue(e.getMessage().contains("one target"), e.getMessage());
    }

    @Test
    void renderingIsDeterministicWhateverTheNumberTypesOfTheInput() {
        Map<String, Object> longs = with(a -> {
            a.put("replicas", 2L);
            a.put("checkpoint_interval_seconds", 30L);
            at(a, "clusters", 1).put("config", ordered("tasks.max", 4L, "producer.override.linger.ms", "5"));
        });
        Map<String, Object> ints = with(a -> {
            a.put("replicas", 2);
            a.put("checkpoint_interval_seconds", "30");
            at(a, "clusters", 1).put("config", ordered("tasks.max", 4, "producer.override.linger.ms", "5"));
        });
        MirrorMaker2Spec spec = MirrorMaker2Arguments.read(longs);
        Map<String, Object> first = spec.render(OperatorApi.v1beta2(Flavor.EVENTSTREAMS));
        Map<String, Object> second = spec.render(OperatorApi.v1beta2(Flavor.EVENTSTREAMS));
        assertNotSame(first, second);
        assertEquals(first, second);
        assertEquals(first.toString(), second.toString());
        assertEquals(first, MirrorMaker2Arguments.read(ints).render(OperatorApi.v1beta2(Flavor.EVENTSTREAMS)));
        Map<String, Object> body = map(first, "spec");
        assertInstanceOf(Integer.class, body.get("replicas"));
        @SuppressWarnings("unchecked")
        Map<String, Object> europe = (Map<String, Object>) ((List<Object>) body.get("clusters")).get(1);
        assertInstanceOf(Integer.class, map(europe, "config").get("tasks.max"));
        assertEquals("5", map(europe, "config").get("producer.override.linger.ms"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @Test
    void optionsAndOverridesRenderWhereTheyBelong() {
        Map<String, Object> args = with(a -> {
            a.put("version", "4.1.0");
            a.put("exactly_once", true);
            a.put("replication_factor", 2L);
            a.put("replication_policy", "default");
            a.put("group_id", "mm2-restore");
            a.put("internal_topics", ordered("config_storage", "mm2-restore-configs"));
            a.put("heartbeats", ordered("enabled", false));
            Map<String, Object> na = at(a, "clusters", 0);
            na.remove("user");
            na.remove("password_secret");
            na.remove("trusted_ca_secret");
            Map<String, Object> mirror = at(a, "mirrors", 0);
            mirror.remove("groups");
            mirror.put("topics_exclude", "LH.SENSORS");
            mirror.put("source_connector_config", ordered("sync.topic.acls.enabled", true));
            mirror.put("tasks_max", 6L);
        });
        Map<String, Object> body = map(MirrorMaker2Arguments.read(args).render(OperatorApi.v1beta2(Flavor.STRIMZI)), "spec");
        assertEquals(List.of("version", "replicas", "connectCluster", "clusters", "mirrors"), List.copyOf(body.keySet()));
        assertEquals("4.1.0", body.get("version"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> clusters = (List<Map<String, Object>>) body.get("clusters");
        assertEquals(ordered("alias", "north-america", "bootstrapServers", NA_BOOTSTRAP), clusters.get(0), "plain listener, no authentication");
        assertEquals(ordered(
                "config.storage.topic", "mm2-restore-configs",
                "offset.storage.topic", "mirrormaker2-cluster-offsets",
                "status.storage.topic", "mirrormaker2-cluster-status",
                "group.id", "mm2-restore",
                "config.storage.replication.factor", 2,
                "offset.storage.replication.factor", 2,
                "status.storage.replication.factor", 2,
                "exactly.once.source.support", "enabled").toString(), map(clusters.get(1), "config").toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> mirror = ((List<Map<String, Object>>) body.get("mirrors")).get(0);
        assertEquals(List.of("sourceCluster", "targetCluster", "topicsPattern", "topicsExcludePattern", "sourceConnector"),
                List.copyOf(mirror.keySet()), "no groups: no checkpoint connector; no heartbeats: no heartbeat connector");
        assertEquals(ordered("tasksMax", 6, "config", ordered(
                "replication.policy.class", DEFAULT,
                "offset-syncs.topic.location", "target",
                "replication.factor", 2,
                "offset-syncs.topic.replication.factor", 2,
                "sync.topic.acls.enabled", true,
                "sync.topic.configs.enabled", true,
                "refresh.topics.interval.seconds", 60,
                "exactly.once.support", "required")).toString(), mirror.get("sourceConnector").toString());
    }

    // ---------------------------------------------------------------- internal topics

    @Test
    void internalTopicsOfTheDrBackup() {
        assertEquals(ordered(
                "config_storage", "mirrormaker2-cluster-configs",
                "offset_storage", "mirrormaker2-cluster-offsets",
                "status_storage", "mirrormaker2-cluster-status",
                "offset_syncs", "mm2-offset-syncs.north-america.internal",
                "offset_syncs_location", "target",
                "checkpoints", "north-america.checkpoints.internal",
                "heartbeats", "heartbeats").toString(), MirrorMaker2Arguments.read(drBackup()).internalTopics().toString());
    }

    @Test
    void internalTopicsFollowTheOffsetSyncsLocationStorageNamesAndSeparator() {
        Map<String, String> onSource = MirrorMaker2Arguments.read(with(a -> {
            a.put("offset_syncs_location", "source");
            a.put("replication_policy", "default");
            a.put("internal_topics", ordered("offset_storage", "restore-offsets"));
            at(a, "mirrors", 0).remove("groups");
        })).internalTopics();
        assertEquals("mm2-offset-syncs.europe.internal", onSource.get("offset_syncs"), "on the source, named after the target");
        assertEquals("source", onSource.get("offset_syncs_location"));
        assertEquals("restore-offsets", onSource.get("offset_storage"));
        assertEquals(null, onSource.get("checkpoints"), "no groups: no checkpoint connector, no checkpoints topic");
        assertEquals("heartbeats", onSource.get("heartbeats"));

        Map<String, String> separated = MirrorMaker2Arguments.read(with(a -> {
            a.put("replication_policy", "default");
            a.put("heartbeats", ordered("enabled", false));
            Map<String, Object> sep = ordered("replication.policy.separator", "_");
            at(a, "mirrors", 0).put("source_connector_config", sep);
            at(a, "mirrors", 0).put("checkpoint_connector_config", sep);
            at(a, "clusters", 1).put("config", ordered("status.storage.topic", "my-status"));
        })).internalTopics();
        assertEquals("mm2-offset-syncs_north-america_internal", separated.get("offset_syncs"));
        assertEquals("north-america_checkpoints_internal", separated.get("checkpoints"));
        assertEquals("my-status", separated.get("status_storage"), "the connect cluster's own config wins");
        assertEquals(null, separated.get("heartbeats"));
    }

    @Test
    void internalTopicsOfSeveralMirrorsCarryTheirFlow() {
        Map<String, Object> args = with(a -> {
            a.put("replication_policy", "default");
            list(a, "clusters").add(ordered("alias", "south-america", "bootstrap", "sa:9093"));
            list(a, "mirrors").add(ordered("source", "south-america", "target", "europe", "groups", "consumer-.*"));
        });
        MirrorMaker2Spec spec = MirrorMaker2Arguments.read(args);
        assertEquals(List.of(), spec.validate(ValidationContext.none()));
        Map<String, String> topics = spec.internalTopics();
        assertEquals(List.of("config_storage", "offset_storage", "status_storage",
                "offset_syncs.north-america->europe", "offset_syncs_location.north-america->europe",
                "checkpoints.north-america->europe", "heartbeats.north-america->europe",
                "offset_syncs.south-america->europe", "offset_syncs_location.south-america->europe",
                "checkpoints.south-america->europe", "heartbeats.south-america->europe"), List.copyOf(topics.keySet()));
        assertEquals("south-america.checkpoints.internal", topics.get("checkpoints.south-america->europe"));
        assertEquals("mm2-offset-syncs.south-america.internal", topics.get("offset_syncs.south-america->europe"));
        assertEquals(Set.of("mirrormaker2-cluster-configs", "mirrormaker2-cluster-offsets", "mirrormaker2-cluster-status"), spec.storageTopics());
    }
}
