package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.MockCluster;
import io.mm2dr.kubernetes.testing.OperatorRelease;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a Strimzi / Event Streams expert expects of what the drill's playbooks write, on a mock API
 * server with a release's real CRD schemas (every custom resource checked: refused or pruned
 * fields fail the write): MirrorMaker 2's tasks from the partition count, no topic-config sync
 * where the topic operator owns the target's topics, least-privilege ACLs for MirrorMaker 2's
 * users (what MirrorMaker 2 of Kafka 4.x does, as proven on the sandbox's real authorizer by
 * {@link SandboxDrillTest}), Event Streams' persistent controllers and its licence warning, and the
 * warning about the restored CAs.
 */
class OperatorExpertKubernetesTest {
    private static final String NA = "north-america";
    private static final String EU = "europe";

    @TempDir
    Path dir;

    private MockCluster cluster;
    private OperatorRelease release;

    private ResourceDefinitionContext kind(String kind) {
        return new ResourceDefinitionContext.Builder().withGroup(release.group()).withVersion(release.preferredVersion()).withKind(kind)
                .withPlural(kind.equals("EventStreams") ? "eventstreams" : kind.toLowerCase() + "s").withNamespaced(true).build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> spec(String kind, String ns, String name) {
        GenericKubernetesResource r = cluster.client().genericKubernetesResources(kind(kind)).inNamespace(ns).withName(name).get();
        assertNotNull(r, kind + " " + ns + "/" + name);
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    private Run run(String playbook, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("-i", "inventories/kubernetes-" + release.flavor() + ".yaml",
                "-e", "k8s_kubeconfig=" + cluster.kubeconfig(), "-e", "producer_image=registry.example/loosehanger-datagen:1",
                "-e", "drill_record=" + dir.resolve("drill-record.json")));
        args.addAll(List.of(extra));
        args.add("playbooks/" + playbook);
        Run r = RunnerHarness.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), () -> playbook + " failed on " + release.title() + ":\n" + r.out() + r.err());
        cluster.settle();
        return r;
    }

    /** ACLs as {@code type:patternType:name=operations}, e.g. {@code topic:prefix:LH.=[Create, ...]}. */
    @SuppressWarnings("unchecked")
    private Map<String, Set<String>> acls(String ns, String user) {
        List<Map<String, Object>> acls = (List<Map<String, Object>>) ((Map<String, Object>) spec("KafkaUser", ns, user).get("authorization"))
                .get("acls");
        return acls.stream().collect(Collectors.toMap(a -> {
            Map<String, Object> res = (Map<String, Object>) a.get("resource");
            return res.get("type") + ":" + res.getOrDefault("patternType", "-") + ":" + res.getOrDefault("name", "");
        }, a -> Set.copyOf((List<String>) a.get("operations")), (x, y) -> {
            throw new AssertionError("the same resource twice in " + ns + "/" + user);
        }, java.util.TreeMap::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String... path) {
        for (String p : path) {
            o = ((Map<String, Object>) o).get(p);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mirror(Map<String, Object> mm2, int i) {
        return ((List<Map<String, Object>>) mm2.get("mirrors")).get(i);
    }

    private static final Set<String> MIRRORED = Set.of("Create", "Write", "Read", "Describe", "DescribeConfigs", "Alter");
    private static final Set<String> INTERNAL = Set.of("Create", "Write", "Read", "Describe", "DescribeConfigs");

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = OperatorRelease.class, names = {"STRIMZI_0_45", "STRIMZI_1_2", "EVENTSTREAMS_11", "EVENTSTREAMS_13"})
    void theDrillsResourcesAreWhatAnOperatorExpertExpects(OperatorRelease r) throws Exception {
        release = r;
        try (MockCluster c = MockCluster.start(dir, r)) {
            cluster = c;
            cluster.controllers().readyDelay(50);
            Run setup = run("initial-setup.yaml");
            assertEquals(List.of(), cluster.pruned(), "nothing pruned");

            // MirrorMaker 2: one task per mirrored partition (14), capped at mm2_tasks_max (8 on Kubernetes);
            // no topic-config sync into the backup's topics, which are KafkaTopics (the topic operator owns them)
            Map<String, Object> backup = mirror(spec("KafkaMirrorMaker2", EU, "mm2-backup"), 0);
            assertEquals(8, ((Number) map(backup, "sourceConnector").get("tasksMax")).intValue());
            assertEquals(false, map(backup, "sourceConnector", "config").get("sync.topic.configs.enabled"));

            // mm2-backup's user on the backup: what MirrorMaker 2 needs there, no wildcard, no All
            Map<String, Set<String>> target = acls(EU, "mm2-backup-target");
            assertEquals(Map.of(
                    "cluster:-:", Set.of("Describe", "DescribeConfigs"),
                    "group:literal:mm2-backup", Set.of("Read", "Describe"),
                    "group:prefix:consumer-", Set.of("Read", "Describe"),
                    "topic:literal:europe.heartbeats".replace("europe", NA), INTERNAL,
                    "topic:literal:heartbeats", INTERNAL,
                    "topic:literal:mm2-offset-syncs.north-america.internal", INTERNAL,
                    "topic:literal:north-america.checkpoints.internal", INTERNAL,
                    "topic:prefix:LH.", MIRRORED,
                    "topic:prefix:mm2-backup-", INTERNAL), target);
            // and what it reads the primary as: the mirrored topics, the mirrored groups
            Map<String, Set<String>> source = acls(NA, "mm2-backup-source");
            assertEquals(Set.of("cluster:-:", "group:prefix:consumer-", "topic:prefix:LH."), source.keySet());

            if (r.flavor().equals("eventstreams")) {
                Map<String, Object> es = spec("EventStreams", NA, "na-eventstreams");
                List<?> pools = (List<?>) map(es, "strimziOverrides").get("nodePools");
                Map<String, Object> controller = map(pools.get(1));
                assertEquals("controller", controller.get("name"));
                assertEquals(3, ((Number) controller.get("replicas")).intValue());
                assertEquals(List.of("controller"), controller.get("roles"));
                assertEquals(Map.of("type", "persistent-claim", "size", "10Gi", "deleteClaim", false), controller.get("storage"),
                        "persistent controllers of their own");
                assertEquals(Map.of("type", "ephemeral"), map(pools.get(0)).get("storage"));
                assertEquals(List.of("broker"), map(pools.get(0)).get("roles"));
                assertEquals(Map.of("endpoints", List.of(Map.of("name", "internal", "type", "internal"))), map(es, "adminApi"),
                        "no OpenShift routes on this server: internal endpoints");
                assertTrue(setup.all().contains("has no spec.license.license"), setup.all());
            }

            run("region-loss.yaml");
            Run recreate = run("recreate-from-backup.yaml");
            assertEquals(List.of(), cluster.pruned(), "nothing pruned");
            Map<String, Object> restore = mirror(spec("KafkaMirrorMaker2", NA, "mm2-restore"), 0);
            assertEquals(8, ((Number) map(restore, "sourceConnector").get("tasksMax")).intValue());
            assertEquals(false, map(restore, "sourceConnector", "config").get("sync.topic.configs.enabled"));
            Map<String, Set<String>> restoreTarget = acls(NA, "mm2-restore-target");
            assertEquals(MIRRORED, restoreTarget.get("topic:prefix:LH."));
            assertEquals(INTERNAL, restoreTarget.get("topic:literal:mm2-offset-syncs.europe.internal"));
            assertEquals(INTERNAL, restoreTarget.get("topic:literal:europe.checkpoints.internal"));
            assertEquals(INTERNAL, restoreTarget.get("topic:prefix:mm2-restore-"));
            assertFalse(restoreTarget.keySet().stream().anyMatch(k -> k.endsWith(":*")), restoreTarget.toString());
            assertEquals(Set.of("cluster:-:", "group:prefix:consumer-", "topic:prefix:LH."), acls(EU, "mm2-restore-source").keySet());
            assertTrue(recreate.all().contains("the operator will not renew them"), recreate.all());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = OperatorRelease.class, names = {"STRIMZI_1_2", "EVENTSTREAMS_11"})
    void sharedAggregateMirrorMakersGetTasksAndTheirOwnRightsOnly(OperatorRelease r) throws Exception {
        release = r;
        try (MockCluster c = MockCluster.start(dir, r)) {
            cluster = c;
            cluster.controllers().readyDelay(50);
            run("shared-aggregate.yaml");
            assertEquals(List.of(), cluster.pruned(), "nothing pruned");
            Map<String, Object> mm2 = spec("KafkaMirrorMaker2", EU, "mm2-europe");
            for (int i = 0; i < 2; i++) {
                Map<String, Object> m = mirror(mm2, i);
                assertEquals(8, ((Number) map(m, "sourceConnector").get("tasksMax")).intValue());
                // the copies (<region>.LH.ORDERS) are MirrorMaker 2's own, no KafkaTopic: it keeps their configs in sync
                assertEquals(true, map(m, "sourceConnector", "config").get("sync.topic.configs.enabled"));
            }
            Map<String, Set<String>> target = acls(EU, "mm2-aggregate-target");
            assertEquals(Set.of("cluster:-:", "group:literal:mm2-europe", "topic:literal:heartbeats", "topic:prefix:mm2-europe-",
                    "topic:prefix:mm2-offset-syncs.", "topic:prefix:north-america.", "topic:prefix:south-america."), target.keySet());
        }
    }

}
