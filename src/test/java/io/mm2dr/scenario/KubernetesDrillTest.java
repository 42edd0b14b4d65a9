package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kafka.testing.KafkaClusters;
import io.mm2dr.kafka.testing.KafkaClusters.Cluster;
import io.mm2dr.kafka.testing.KafkaClusters.Security;
import io.mm2dr.kubernetes.testing.FakeControllers;
import io.mm2dr.kubernetes.testing.MockCluster;
import io.mm2dr.kubernetes.testing.OperatorRelease;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole backup/restore cycle on the kubernetes platform, against the mock API server playing
 * one operator release (its discovery, its served versions, its real CRD schemas: an object it
 * would refuse or prune fails the write) with fake operators, for each flavor and API generation:
 * every stage in check mode (nothing changes), then for real, then again (nothing changes), with
 * the resources asserted after each stage. With its proof (restore_check, on Strimzi 1.2), the
 * fake operators run the clusters on real brokers and
 * MirrorMaker 2 ({@link FakeControllers#dataPlane}), and the capture, the record-by-record
 * comparison and the exact resume run through the addresses the clusters' status reports.
 */
class KubernetesDrillTest {
    private static final String NA = "north-america";
    private static final String SA = "south-america";
    private static final String EU = "europe";

    @TempDir
    Path dir;

    private MockCluster cluster;
    private String flavor;
    private OperatorRelease release;
    /** Everything every run showed or wrote, scanned for secret values at the end. */
    private final StringBuilder outputs = new StringBuilder();
    /**
     * The release whose drill runs with its restore proof (restore_check, the inventories'
     * default): Strimzi 1.2, the v1 generation (status.listeners, the v1 KafkaMirrorMaker2). The
     * others run with restore_check=false: each proof costs one and a half to two and a half
     * minutes of the suite's time. Event Streams' status.kafkaListeners (v1beta2) is read through
     * real brokers by ClusterEndpointsTest.
     */
    private static final java.util.Set<OperatorRelease> PROVEN = java.util.EnumSet.of(OperatorRelease.STRIMZI_1_2);
    /** Whether this drill proves its restore against real brokers (the fake operators' data plane). */
    private boolean proof;
    /** The data plane's brokers, by namespace/name, while their cluster resource exists. */
    private final Map<String, Cluster> brokers = new java.util.concurrent.ConcurrentHashMap<>();

    private ResourceDefinitionContext kind(String kind) {
        return release.context(kind);
    }

    private boolean v1() {
        return release.context("KafkaTopic").getVersion().equals("v1");
    }

    /** ACLs as {@code type:patternType:name=operations}, e.g. {@code topic:prefix:LH.=[Create, ...]}. */
    @SuppressWarnings("unchecked")
    private Map<String, java.util.Set<String>> acls(String ns, String user) {
        List<Map<String, Object>> acls = (List<Map<String, Object>>) ((Map<String, Object>) spec(get("KafkaUser", ns, user)).get("authorization"))
                .get("acls");
        return acls.stream().collect(java.util.stream.Collectors.toMap(a -> {
            Map<String, Object> res = (Map<String, Object>) a.get("resource");
            return res.get("type") + ":" + res.getOrDefault("patternType", "-") + ":" + res.getOrDefault("name", "");
        }, a -> java.util.Set.copyOf((List<String>) a.get("operations")), (x, y) -> {
            throw new AssertionError("the same resource twice in " + ns + "/" + user);
        }, java.util.TreeMap::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Object o, String... path) {
        for (String p : path) {
            o = ((Map<String, Object>) o).get(p);
        }
        return (Map<String, Object>) o;
    }

    private static final java.util.Set<String> MIRRORED = java.util.Set.of("Create", "Write", "Read", "Describe", "DescribeConfigs", "Alter");
    private static final java.util.Set<String> INTERNAL = java.util.Set.of("Create", "Write", "Read", "Describe", "DescribeConfigs");

    /** A mirror's source alias, as either generation writes it. */
    @SuppressWarnings("unchecked")
    private String sourceOf(Map<String, Object> mirror) {
        return v1() ? (String) ((Map<String, Object>) mirror.get("source")).get("alias") : (String) mirror.get("sourceCluster");
    }

    /** A KafkaMirrorMaker2's target (its Connect cluster) alias, as either generation writes it. */
    @SuppressWarnings("unchecked")
    private String targetOf(Map<String, Object> spec, Map<String, Object> mirror) {
        return v1() ? (String) ((Map<String, Object>) spec.get("target")).get("alias") : (String) mirror.get("targetCluster");
    }

    @SuppressWarnings("unchecked")
    private String connectClusterOf(Map<String, Object> spec) {
        return v1() ? (String) ((Map<String, Object>) spec.get("target")).get("alias") : (String) spec.get("connectCluster");
    }

    private GenericKubernetesResource get(String kind, String ns, String name) {
        return cluster.client().genericKubernetesResources(kind(kind)).inNamespace(ns).withName(name).get();
    }

    private List<String> names(String kind, String ns) {
        return cluster.client().genericKubernetesResources(kind(kind)).inNamespace(ns).list().getItems().stream()
                .map(r -> r.getMetadata().getName()).sorted().toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    private String password(String ns, String user) {
        Secret s = cluster.client().secrets().inNamespace(ns).withName(user).get();
        assertNotNull(s, "no secret " + ns + "/" + user);
        return s.getData().get("password");
    }

    /**
     * Check mode with --diff and -vvv (no write, no change; its diffs and verbose output are
     * scanned for secrets with everything else), then the real run, then a second run that
     * changes nothing.
     */
    private Run stage(String playbook) {
        String[] base = {"-i", "inventories/kubernetes-" + flavor + ".yaml", "-e", "k8s_kubeconfig=" + cluster.kubeconfig(),
            "-e", "producer_image=registry.example/loosehanger-datagen:1", "-e", "drill_record=" + dir.resolve("drill-record.json"),
            "-e", proof ? "{\"backup_intervals\": {\"checkpoint\": 1, \"sync_group_offsets\": 1, \"refresh_groups\": 1, \"heartbeat\": 60},"
                    + " \"loss_protection_timeout\": 180}"
                    : "restore_check=false"};
        cluster.settle();
        Map<String, String> before = cluster.state();
        cluster.clearRequests();
        Run check = RunnerHarness.run(concat(base, "--check", "--diff", "-vvv", "playbooks/" + playbook));
        assertEquals(0, check.exitCode(), () -> playbook + " in check mode failed:\n" + check.out() + check.err());
        assertEquals(List.of(), cluster.writes(), playbook + ": check mode sent writes");
        cluster.settle();
        assertEquals(List.of(), MockCluster.differences(before, cluster.state()), playbook + ": check mode changed the cluster");

        Run first = RunnerHarness.run(concat(base, "playbooks/" + playbook));
        assertEquals(0, first.exitCode(), () -> playbook + " failed:\n" + first.out() + first.err());
        assertTrue(first.changed() > 0, () -> playbook + " changed nothing:\n" + first.out());

        cluster.settle();
        cluster.clearRequests();
        Run second = RunnerHarness.run(concat(base, "playbooks/" + playbook));
        assertEquals(0, second.exitCode(), () -> playbook + " failed the second time:\n" + second.out() + second.err());
        assertEquals(0, second.changed(), () -> playbook + " is not idempotent:\n" + second.out());
        assertEquals(List.of(), cluster.writes(), playbook + ": the second run wrote to the cluster");
        for (Run r : List.of(check, first, second)) {
            outputs.append(r.all()).append('\n');
        }
        scanForSecrets();
        // nothing refused (a 422 would have failed the run) and nothing a real server would have pruned silently
        assertEquals(List.of(), cluster.refusals(), playbook + ": writes the API server refused");
        assertEquals(List.of(), cluster.pruned(), playbook + ": fields the API server would prune");
        return first;
    }

    /** No value of any secret on the cluster, base64 or decoded, appears in any output or report. */
    private void scanForSecrets() {
        String all = outputs.toString();
        for (Secret s : cluster.client().secrets().inAnyNamespace().list().getItems()) {
            if (s.getData() == null) {
                continue;
            }
            s.getData().forEach((key, value) -> {
                String decoded = new String(java.util.Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8);
                assertFalse(all.contains(value), "the value of " + s.getMetadata().getName() + "/" + key + " (base64) leaked");
                assertFalse(all.contains(decoded), "the value of " + s.getMetadata().getName() + "/" + key + " leaked");
            });
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * The data plane: a real broker (SASL_SSL, SCRAM, the authorizer on) for each cluster resource,
     * stopped when the resource is gone (its namespace deleted), a new one for a recreated cluster.
     */
    private void dataPlane() {
        cluster.controllers().dataPlane(new FakeControllers.DataPlane() {
            @Override
            public Cluster broker(String ns, String name, io.mm2dr.sandbox.Certificates.Authority ca) {
                return brokers.computeIfAbsent(ns + "/" + name, key -> KafkaClusters.start(name, Security.SCRAM_TLS, ca));
            }

            @Override
            public void stopped(String ns, String name) {
                Cluster gone = brokers.remove(ns + "/" + name);
                if (gone != null) {
                    gone.close();
                }
            }
        });
    }

    private Cluster broker(String ns, String name) {
        Cluster b = brokers.get(ns + "/" + name);
        assertNotNull(b, () -> "no broker for " + ns + "/" + name + ": " + brokers.keySet());
        return b;
    }

    /**
     * What the applications would have done by the time of the loss: records on every partition
     * of the primary's topics, and the consumer's committed positions (3 of the 5 records of each
     * partition read). Returns the positions.
     */
    private Map<TopicPartition, Long> applicationsAtWork(Cluster primary) throws Exception {
        Map<TopicPartition, Long> committed = new java.util.TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        java.util.Set<String> topics = primary.admin().listTopics().names().get().stream().filter(t -> t.startsWith("LH.")).collect(java.util.stream.Collectors.toSet());
        assertEquals(6, topics.size(), topics::toString);
        for (var d : primary.admin().describeTopics(topics).allTopicNames().get().values()) {
            List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
            for (var p : d.partitions()) {
                for (int i = 0; i < 5; i++) {
                    records.add(new ProducerRecord<>(d.name(), p.partition(), ("k" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            (d.name() + "-" + p.partition() + " event " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                committed.put(new TopicPartition(d.name(), p.partition()), 3L);
            }
            primary.produce(d.name(), records);
        }
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> positions = new java.util.HashMap<>();
        committed.forEach((tp, o) -> positions.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(o)));
        primary.admin().alterConsumerGroupOffsets(GROUP, positions).all().get();
        return committed;
    }

    private static final String GROUP = "consumer-southamerica";

    /** The cluster's listener named external, null when it has none. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> externalListener(String ns, String name) {
        Map<String, Object> clusterSpec = spec(get(flavor.equals("strimzi") ? "Kafka" : "EventStreams", ns, name));
        Map<String, Object> kafka = flavor.equals("strimzi") ? at(clusterSpec, "kafka") : at(clusterSpec, "strimziOverrides", "kafka");
        return ((List<Map<String, Object>>) kafka.get("listeners")).stream().filter(l -> "external".equals(l.get("name"))).findFirst().orElse(null);
    }

    /** Every release, the proof on Strimzi 1.2 (see {@link #PROVEN}). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(OperatorRelease.class)
    void theWholeDrill(OperatorRelease installed) throws Exception {
        drill(installed, PROVEN.contains(installed));
    }


    @SuppressWarnings("unchecked")
    private void drill(OperatorRelease installed, boolean withProof) throws Exception {
        release = installed;
        flavor = installed.flavor();
        proof = withProof;
        try (MockCluster c = MockCluster.start(dir, installed)) {
            cluster = c;
            cluster.controllers().readyDelay(10);
            if (proof) {
                dataPlane();
            }
            KubernetesClient k = cluster.client();

            // 1. initial setup
            Run setup = stage("initial-setup.yaml");
            Map<TopicPartition, Long> consumed = Map.of();
            long produced = 0;
            if (proof) {
                assertEquals(Boolean.TRUE, setup.result("The backup protects the estate (every topic mirrored, every group's position checkpointed)")
                        .get("protected"), setup::all);
                consumed = applicationsAtWork(broker(NA, "na-eventstreams"));
                produced = consumed.size() * 5L;
                // the external listener the proof reaches the brokers through, on both clusters
                for (String[] c2 : new String[][] {{NA, "na-eventstreams"}, {EU, "eu-eventstreams"}}) {
                    Map<String, Object> external = externalListener(c2[0], c2[1]);
                    assertNotNull(external, () -> c2[1] + " has no external listener");
                    assertEquals(flavor.equals("strimzi") ? "loadbalancer" : "route", external.get("type"), external::toString);
                    assertEquals(true, external.get("tls"), external::toString);
                }
            }
            String clusterKind = flavor.equals("strimzi") ? "Kafka" : "EventStreams";
            assertNotNull(get(clusterKind, NA, "na-eventstreams"));
            assertNotNull(get(clusterKind, EU, "eu-eventstreams"));
            assertEquals(List.of("lh.cancellations", "lh.customers", "lh.doors", "lh.orders", "lh.sensors", "lh.stock"), names("KafkaTopic", NA));
            assertEquals(names("KafkaTopic", NA), names("KafkaTopic", EU).stream().filter(n -> n.startsWith("lh.")).toList(),
                    "the backup topics are on the backup cluster");
            Map<String, Object> orders = spec(get("KafkaTopic", NA, "lh.orders"));
            assertEquals("LH.ORDERS", orders.get("topicName"));
            assertEquals(3, ((Number) orders.get("partitions")).intValue());
            assertEquals(List.of("consumer-southamerica", "datagen-producer", "mm2-backup-source", "na-admin"), names("KafkaUser", NA));
            GenericKubernetesResource backup = get("KafkaMirrorMaker2", EU, "mm2-backup");
            Map<String, Object> mirror = ((List<Map<String, Object>>) spec(backup).get("mirrors")).get(0);
            assertEquals(NA, sourceOf(mirror));
            assertEquals(EU, targetOf(spec(backup), mirror));
            assertEquals("LH\\..*", mirror.get("topicsPattern"));
            assertEquals("consumer-.*", mirror.get("groupsPattern"));
            Map<String, Object> checkpoint = (Map<String, Object>) ((Map<String, Object>) mirror.get("checkpointConnector")).get("config");
            assertEquals("org.apache.kafka.connect.mirror.IdentityReplicationPolicy", checkpoint.get("replication.policy.class"));
            assertEquals(true, checkpoint.get("sync.group.offsets.enabled"));
            assertEquals("target", checkpoint.get("offset-syncs.topic.location"));
            if (v1()) {
                assertNull(mirror.get("heartbeatConnector"), "v1 has no heartbeat connector");
            } else {
                Map<String, Object> heartbeat = (Map<String, Object>) ((Map<String, Object>) mirror.get("heartbeatConnector")).get("config");
                assertEquals(60, ((Number) heartbeat.get("emit.heartbeats.interval.seconds")).intValue());
            }
            Map<String, Object> connect = spec(get("KafkaConnect", SA, "datagen-host"));
            Map<String, Object> connectConfig = (Map<String, Object>) connect.get("config");
            if (v1()) {
                assertEquals("datagen-host", connect.get("groupId"));
                assertEquals("datagen-host-configs", connect.get("configStorageTopic"));
                assertFalse(connectConfig.containsKey("group.id"), "v1 forbids group.id in the config");
            } else {
                assertEquals("datagen-host", connectConfig.get("group.id"));
            }
            assertEquals(release.context("KafkaTopic").getVersion(), ((String) get("KafkaTopic", NA, "lh.orders").getApiVersion()).split("/")[1]);
            List<String> backups = k.secrets().inNamespace(SA).list().getItems().stream().map(s -> s.getMetadata().getName())
                    .filter(n -> n.startsWith("backup-na-")).sorted().toList();
            assertEquals(List.of("backup-na-consumer-southamerica", "backup-na-datagen-producer", "backup-na-mm2-backup-source",
                    "backup-na-na-admin", "backup-na-na-eventstreams-clients-ca", "backup-na-na-eventstreams-clients-ca-cert",
                    "backup-na-na-eventstreams-cluster-ca", "backup-na-na-eventstreams-cluster-ca-cert"), backups);
            String adminPassword = password(NA, "na-admin");
            String stateTopicUid = get("KafkaTopic", EU, "mm2-backup-configs").getMetadata().getUid();
            String caCert = k.secrets().inNamespace(NA).withName("na-eventstreams-cluster-ca-cert").get().getData().get("ca.crt");
            assertEquals(1, ((Number) spec(get("KafkaConnect", SA, "datagen-host")).get("replicas")).intValue());
            assertEquals(1, k.apps().deployments().inNamespace(SA).withName("consumer-southamerica").get().getSpec().getReplicas());

            // what an operator expert expects: one task per mirrored partition (14), capped at mm2_tasks_max (8 on
            // Kubernetes); no topic-config sync into the backup's topics, which are KafkaTopics (the topic operator owns them)
            assertEquals(8, ((Number) at(mirror, "sourceConnector").get("tasksMax")).intValue());
            assertEquals(false, at(mirror, "sourceConnector", "config").get("sync.topic.configs.enabled"));
            // mm2-backup's user on the backup: what MirrorMaker 2 needs there, no wildcard, no All
            assertEquals(Map.of(
                    "cluster:-:", java.util.Set.of("Describe", "DescribeConfigs"),
                    "group:literal:mm2-backup", java.util.Set.of("Read", "Describe"),
                    "group:prefix:consumer-", java.util.Set.of("Read", "Describe"),
                    "topic:literal:" + NA + ".heartbeats", INTERNAL,
                    "topic:literal:heartbeats", INTERNAL,
                    "topic:literal:mm2-offset-syncs.north-america.internal", INTERNAL,
                    "topic:literal:north-america.checkpoints.internal", INTERNAL,
                    "topic:prefix:LH.", MIRRORED,
                    "topic:prefix:mm2-backup-", INTERNAL), acls(EU, "mm2-backup-target"));
            // and what it reads the primary as: the mirrored topics, the mirrored groups
            assertEquals(java.util.Set.of("cluster:-:", "group:prefix:consumer-", "topic:prefix:LH."), acls(NA, "mm2-backup-source").keySet());
            if (flavor.equals("eventstreams")) {
                Map<String, Object> es = spec(get("EventStreams", NA, "na-eventstreams"));
                List<?> pools = (List<?>) at(es, "strimziOverrides").get("nodePools");
                Map<String, Object> controller = at(pools.get(1));
                assertEquals("controller", controller.get("name"));
                assertEquals(3, ((Number) controller.get("replicas")).intValue());
                assertEquals(List.of("controller"), controller.get("roles"));
                assertEquals(Map.of("type", "persistent-claim", "size", "10Gi", "deleteClaim", false), controller.get("storage"),
                        "persistent controllers of their own");
                assertEquals(Map.of("type", "ephemeral"), at(pools.get(0)).get("storage"));
                assertEquals(List.of("broker"), at(pools.get(0)).get("roles"));
                assertEquals(Map.of("endpoints", List.of(Map.of("name", "internal", "type", "internal"))), at(es, "adminApi"),
                        "no OpenShift routes on this server: internal endpoints");
                assertTrue(setup.all().contains("has no spec.license.license"), setup.all());
            }
            if (v1()) {
                assertTrue(setup.all().contains("has no heartbeat connector"), "v1 loses the heartbeats, and says so:\n" + setup.all());
            }

            // 2. region loss
            Run loss = stage("region-loss.yaml");
            assertNull(k.namespaces().withName(NA).get());
            if (proof) {
                Map<String, Object> atLoss = loss.result("The backup protects the estate at the moment of the loss (abrupt_loss loses it as it is)");
                assertEquals(Boolean.TRUE, atLoss.get("protected"), atLoss::toString);
                Map<String, Object> capture = loss.result("What the backup does not have yet, for the drill report");
                assertEquals(produced, ((Number) at(capture, "totals").get("records_on_primary")).longValue(), capture::toString);
                assertEquals(0L, ((Number) at(capture, "totals").get("groups_unprotected")).longValue(), capture::toString);
                cluster.controllers().awaitIdle();
                assertFalse(brokers.containsKey(NA + "/na-eventstreams"), "the lost region's broker stopped: " + brokers.keySet());
            } else {
                assertTrue(loss.all().contains("restore_check is false"), loss::all);
            }
            assertTrue(cluster.state().keySet().stream().noneMatch(key -> key.contains("values:[" + NA + "]")),
                    "nothing left in north-america");

            // 3. recreate from backup
            Run recreate = stage("recreate-from-backup.yaml");
            Map<String, Object> restoreMirror = ((List<Map<String, Object>>) spec(get("KafkaMirrorMaker2", NA, "mm2-restore")).get("mirrors")).get(0);
            assertEquals(8, ((Number) at(restoreMirror, "sourceConnector").get("tasksMax")).intValue());
            assertEquals(false, at(restoreMirror, "sourceConnector", "config").get("sync.topic.configs.enabled"));
            Map<String, java.util.Set<String>> restoreTarget = acls(NA, "mm2-restore-target");
            assertEquals(MIRRORED, restoreTarget.get("topic:prefix:LH."));
            assertEquals(INTERNAL, restoreTarget.get("topic:literal:mm2-offset-syncs.europe.internal"));
            assertEquals(INTERNAL, restoreTarget.get("topic:literal:europe.checkpoints.internal"));
            assertEquals(INTERNAL, restoreTarget.get("topic:prefix:mm2-restore-"));
            assertFalse(restoreTarget.keySet().stream().anyMatch(key -> key.endsWith(":*")), restoreTarget.toString());
            assertEquals(java.util.Set.of("cluster:-:", "group:prefix:consumer-", "topic:prefix:LH."), acls(EU, "mm2-restore-source").keySet());
            assertTrue(recreate.all().contains("the operator will not renew them"), recreate.all());
            GenericKubernetesResource pausedMm2 = get("KafkaMirrorMaker2", EU, "mm2-backup");
            assertEquals(0, ((Number) spec(pausedMm2).get("replicas")).intValue());
            assertEquals("1", pausedMm2.getMetadata().getAnnotations().get("mm2dr.io/paused-replicas"));
            GenericKubernetesResource pausedProducer = get("KafkaConnect", SA, "datagen-host");
            assertEquals(0, ((Number) spec(pausedProducer).get("replicas")).intValue());
            assertEquals("1", pausedProducer.getMetadata().getAnnotations().get("mm2dr.io/paused-replicas"));
            var consumer = k.apps().deployments().inNamespace(SA).withName("consumer-southamerica").get();
            assertEquals(0, consumer.getSpec().getReplicas());
            assertEquals("1", consumer.getMetadata().getAnnotations().get("mm2dr.io/paused-replicas"));
            String domain = flavor.equals("strimzi") ? "strimzi.io" : "eventstreams.ibm.com";
            Secret restoredCa = k.secrets().inNamespace(NA).withName("na-eventstreams-cluster-ca-cert").get();
            assertEquals(caCert, restoredCa.getData().get("ca.crt"), "the old CA, not a new one");
            assertEquals("Kafka", restoredCa.getMetadata().getLabels().get(domain + "/kind"));
            assertEquals("na-eventstreams", restoredCa.getMetadata().getLabels().get(domain + "/cluster"));
            assertEquals("0", restoredCa.getMetadata().getAnnotations().get(domain + "/ca-cert-generation"));
            assertEquals("0", k.secrets().inNamespace(NA).withName("na-eventstreams-clients-ca").get()
                    .getMetadata().getAnnotations().get(domain + "/ca-key-generation"));
            Map<String, Object> cas = flavor.equals("strimzi") ? spec(get("Kafka", NA, "na-eventstreams"))
                    : (Map<String, Object>) spec(get("EventStreams", NA, "na-eventstreams")).get("strimziOverrides");
            assertEquals(Map.of("generateCertificateAuthority", false), cas.get("clusterCa"));
            assertEquals(Map.of("generateCertificateAuthority", false), cas.get("clientsCa"));
            Map<String, Object> auth = (Map<String, Object>) spec(get("KafkaUser", NA, "na-admin")).get("authentication");
            assertEquals(Map.of("valueFrom", Map.of("secretKeyRef", Map.of("name", "na-admin-password", "key", "password"))), auth.get("password"));
            assertEquals(adminPassword, password(NA, "na-admin"), "the user has its old password");
            GenericKubernetesResource restore = get("KafkaMirrorMaker2", NA, "mm2-restore");
            Map<String, Object> back = ((List<Map<String, Object>>) spec(restore).get("mirrors")).get(0);
            assertEquals(EU, sourceOf(back));
            assertEquals(NA, targetOf(spec(restore), back));
            assertEquals(NA, connectClusterOf(spec(restore)));
            assertTrue(names("KafkaTopic", NA).contains("mm2-restore-configs"), names("KafkaTopic", NA).toString());

            if (proof) {
                Map<String, Object> compare = recreate.result("Wait until the restore is complete, record by record");
                assertEquals(Boolean.TRUE, compare.get("complete"), compare::toString);
                assertEquals(produced, ((Number) compare.get("source_records")).longValue(), compare::toString);
                assertEquals(produced, ((Number) compare.get("restored_records")).longValue(), compare::toString);
                // independently of the runner: the new primary's broker holds every record, in order
                Cluster recreated = broker(NA, "na-eventstreams");
                for (String topic : consumed.keySet().stream().map(TopicPartition::topic).distinct().toList()) {
                    var records = recreated.readAll(topic);
                    for (TopicPartition tp : consumed.keySet().stream().filter(tp -> tp.topic().equals(topic)).toList()) {
                        List<String> values = records.stream().filter(r -> r.partition() == tp.partition())
                                .map(r -> r.offset() + ":" + new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).toList();
                        List<String> expected = java.util.stream.IntStream.range(0, 5).mapToObj(i -> i + ":" + tp + " event " + i).toList();
                        assertEquals(expected, values, tp::toString);
                    }
                }
            }

            // 4. resume the applications
            Run resume = stage("resume-applications.yaml");
            if (proof) {
                // the group exactly where it was on the lost primary, as the new primary's broker holds it
                Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> now = broker(NA, "na-eventstreams").admin()
                        .listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> positions = new java.util.TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
                now.forEach((tp, o) -> positions.put(tp, o.offset()));
                assertEquals(consumed, positions, resume::all);
            } else {
                assertTrue(resume.all().contains("restore_check is false"), resume::all);
            }
            assertNull(get("KafkaMirrorMaker2", NA, "mm2-restore"));
            assertFalse(names("KafkaTopic", NA).stream().anyMatch(n -> n.startsWith("mm2-") || n.contains("checkpoints")),
                    names("KafkaTopic", NA).toString());
            assertFalse(names("KafkaUser", NA).contains("mm2-restore-target"));
            assertFalse(names("KafkaUser", EU).contains("mm2-restore-source"));
            GenericKubernetesResource producer = get("KafkaConnect", SA, "datagen-host");
            assertEquals(1, ((Number) spec(producer).get("replicas")).intValue());
            assertNull(producer.getMetadata().getAnnotations() == null ? null
                    : producer.getMetadata().getAnnotations().get("mm2dr.io/paused-replicas"));
            assertEquals(1, k.apps().deployments().inNamespace(SA).withName("consumer-southamerica").get().getSpec().getReplicas());
            assertEquals(0, ((Number) spec(get("KafkaMirrorMaker2", EU, "mm2-backup")).get("replicas")).intValue(),
                    "the backup stays paused until its own stage");

            // 5. a new backup
            Run newBackup = stage("setup-new-backup.yaml");
            if (proof) {
                assertEquals(Boolean.TRUE, newBackup.result("The backup protects the estate again (every topic mirrored, every group's position checkpointed)")
                        .get("protected"), newBackup::all);
                // the drill is over: the listener it added is gone from both clusters
                assertNull(externalListener(NA, "na-eventstreams"));
                assertNull(externalListener(EU, "eu-eventstreams"));
            }
            GenericKubernetesResource running = get("KafkaMirrorMaker2", EU, "mm2-backup");
            assertEquals(1, ((Number) spec(running).get("replicas")).intValue());
            assertEquals(6, names("KafkaTopic", EU).stream().filter(n -> n.startsWith("lh.")).count());
            GenericKubernetesResource state = get("KafkaTopic", EU, "mm2-backup-configs");
            assertNotNull(state, "mm2-backup has its state topics again");
            assertFalse(stateTopicUid.equals(state.getMetadata().getUid()), "mm2-backup's state was reset, not kept");
            assertTrue(running.getMetadata().getAnnotations() == null
                    || !running.getMetadata().getAnnotations().containsKey("mm2dr.io/paused-replicas"));
        } finally {
            cluster = null;
            brokers.values().forEach(Cluster::close);
            brokers.clear();
        }
    }

    /** The shared-aggregate scenario on each flavor, in both API generations (v1beta2 and v1), against the real CRD schemas. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = OperatorRelease.class, names = {"STRIMZI_0_45", "STRIMZI_1_2", "EVENTSTREAMS_11", "EVENTSTREAMS_13"})
    @SuppressWarnings("unchecked")
    void sharedAggregateTopicsAcrossThreeRegions(OperatorRelease installed) throws Exception {
        release = installed;
        flavor = installed.flavor();
        try (MockCluster c = MockCluster.start(dir, release)) {
            cluster = c;
            cluster.controllers().readyDelay(10);
            stage("shared-aggregate.yaml");
            assertEquals(java.util.Set.of("cluster:-:", "group:prefix:mm2-europe", "topic:literal:heartbeats", "topic:prefix:mm2-europe-",
                    "topic:prefix:mm2-offset-syncs.", "topic:prefix:north-america.", "topic:prefix:south-america."),
                    acls(EU, "mm2-aggregate-target").keySet());
            for (String[] region : new String[][] {{NA, "northamerica"}, {SA, "southamerica"}, {EU, "europe"}}) {
                GenericKubernetesResource mm2 = get("KafkaMirrorMaker2", region[0], "mm2-" + region[1]);
                assertNotNull(mm2, "a MirrorMaker 2 in " + region[0]);
                List<Map<String, Object>> mirrors = (List<Map<String, Object>>) spec(mm2).get("mirrors");
                assertEquals(2, mirrors.size());
                for (Map<String, Object> m : mirrors) {
                    assertEquals(region[0], targetOf(spec(mm2), m));
                    Map<String, Object> source = (Map<String, Object>) ((Map<String, Object>) m.get("sourceConnector")).get("config");
                    assertEquals("org.apache.kafka.connect.mirror.DefaultReplicationPolicy", source.get("replication.policy.class"));
                }
                assertEquals(region[0], connectClusterOf(spec(mm2)));
                for (Map<String, Object> m : mirrors) {
                    assertEquals(8, ((Number) at(m, "sourceConnector").get("tasksMax")).intValue());
                    // the copies (<region>.LH.ORDERS) are MirrorMaker 2's own, no KafkaTopic: it keeps their configs in sync
                    assertEquals(true, at(m, "sourceConnector", "config").get("sync.topic.configs.enabled"));
                    assertEquals("10", String.valueOf(at(m, "sourceConnector", "config").get("sync.topic.configs.interval.seconds")));
                }
                assertEquals(1, cluster.client().apps().deployments().inNamespace(region[0]).withName("consumer-" + region[1])
                        .get().getSpec().getReplicas());
            }
            // a topic configuration changed in one region: through its KafkaTopic (the topic operator owns it),
            // the other topics and the rest of its configuration as they were
            stage("aggregate-config-sync.yaml");
            Map<String, Object> config = (Map<String, Object>) spec(get("KafkaTopic", EU, "lh.orders")).get("config");
            assertEquals("259200000", String.valueOf(config.get("retention.ms")), config::toString);
            assertEquals("536870912", String.valueOf(config.get("retention.bytes")), config::toString);
            assertEquals("-1", String.valueOf(((Map<String, Object>) spec(get("KafkaTopic", EU, "lh.doors")).get("config")).get("retention.ms")),
                    "another topic keeps the topology's retention");
        } finally {
            cluster = null;
        }
    }
}
