package io.mm2dr.platform.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kafka.testing.KafkaClusters;
import io.mm2dr.kafka.testing.KafkaClusters.Cluster;
import io.mm2dr.kafka.testing.KafkaClusters.Security;
import io.mm2dr.kubernetes.testing.MockCluster;
import io.mm2dr.kubernetes.testing.OperatorRelease;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Kafka modules reach a cluster on Kubernetes by reference ({@code cluster: {name, namespace}}),
 * on Strimzi 1.2 (a {@code v1} Kafka reporting {@code status.listeners}) and Event Streams 11 (a
 * {@code v1beta2} EventStreams reporting {@code status.kafkaListeners}):
 * its address and CA read from what the operator reports in the resource's status (Strimzi's
 * {@code status.listeners}, Event Streams' {@code status.kafkaListeners}). The test server's fake
 * operator runs a real broker (SASL_SSL, SCRAM, a certificate issued by the CA in the cluster's
 * secrets) for each cluster a playbook makes, and reports its loopback address there; the modules
 * then read, compare and fail through those addresses as they would through a route or a load balancer.
 */
class ClusterEndpointsTest {
    @TempDir
    static Path dir;
    /** The brokers the data planes started, closed at the end. */
    static final Map<String, Cluster> BROKERS = new ConcurrentHashMap<>();

    @AfterAll
    static void stopBrokers() {
        BROKERS.values().forEach(Cluster::close);
    }

    @ParameterizedTest
    @EnumSource(value = OperatorRelease.class, names = {"STRIMZI_1_2", "EVENTSTREAMS_11"})
    void modulesReachTheBrokersThroughTheAddressesInTheClustersStatus(OperatorRelease release) throws Exception {
        String flavor = release.name().startsWith("EVENTSTREAMS") ? "eventstreams" : "strimzi";
        try (MockCluster k8s = MockCluster.start(Files.createDirectories(dir.resolve(release.name())), release)) {
            k8s.controllers().readyDelay(10);
            k8s.controllers().dataPlane((ns, name, ca) -> BROKERS.computeIfAbsent(release + "/" + ns + "/" + name,
                    k -> KafkaClusters.start(name, Security.SCRAM_TLS, ca)));
            Path setup = playbook("setup-" + release, """
                    - namespace: {name: region-a}
                    - kafka_cluster: {name: primary, namespace: region-a, brokers: 1}
                    - kafka_cluster: {name: copy, namespace: region-a, brokers: 1}
                    """);
            Run made = run(k8s, flavor, setup);
            assertEquals(0, made.exitCode(), made::all);
            Cluster primary = BROKERS.get(release + "/region-a/primary");
            Cluster copy = BROKERS.get(release + "/region-a/copy");
            assertTrue(primary != null && copy != null, "the data plane runs a broker per cluster: " + BROKERS.keySet());
            // what the fake operator reports is what the real CRD's status schema allows
            String kind = flavor.equals("eventstreams") ? "EventStreams" : "Kafka";
            int validated = 0;
            for (var ctx : release.servedContexts()) {
                var stored = ctx.getKind().equals(kind) ? k8s.client().genericKubernetesResources(ctx).inNamespace("region-a").withName("primary").get() : null;
                if (stored == null) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> object = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(stored, Map.class);
                Object status = object.get("status");
                assertTrue(String.valueOf(status).contains(primary.bootstrap()), "the status reports the broker's address: " + status);
                var report = release.schemas().validate(object);
                assertTrue(report.clean(), () -> "the status the fake operator wrote: " + report);
                validated++;
            }
            assertTrue(validated > 0, "the cluster resource was read back");
            for (Cluster c : List.of(primary, copy)) {
                c.createTopic("LH.ORDERS", 2, Map.of());
                c.produce("LH.ORDERS", List.of(
                        new ProducerRecord<>("LH.ORDERS", 0, 1000L, bytes("k1"), bytes("order 1")),
                        new ProducerRecord<>("LH.ORDERS", 1, 1001L, bytes("k2"), bytes("order 2"))));
            }
            String admin = "user: " + KafkaClusters.ADMIN_USER + ", password: " + KafkaClusters.ADMIN_PASSWORD;
            Path checks = playbook("checks-" + release, """
                    - name: compare
                      mirror_compare:
                        source: {cluster: {name: primary, namespace: region-a}, ADMIN}
                        target: {cluster: {name: copy, namespace: region-a, listener: tls}, ADMIN}
                        topics: [LH.ORDERS]
                    - name: no such listener
                      consumer_group_info: {cluster: {cluster: {name: primary, namespace: region-a, listener: nosuch}, ADMIN}}
                      ignore_errors: true
                    - name: no such cluster
                      consumer_group_info: {cluster: {cluster: {name: gone, namespace: region-a}, ADMIN}}
                      ignore_errors: true
                    - name: both
                      consumer_group_info: {cluster: {cluster: {name: primary, namespace: region-a}, bootstrap: "x:1", ADMIN}}
                      ignore_errors: true
                    """.replace("ADMIN", admin));
            Run r = run(k8s, flavor, checks, "-vvv");
            assertEquals(0, r.exitCode(), () -> r.all() + "\nthe brokers: primary " + primary.bootstrap() + ", copy " + copy.bootstrap()
                    + "\nas the server holds the clusters:\n" + k8s.state());
            Map<String, Object> compared = r.result("compare");
            assertEquals(Boolean.FALSE, compared.get("failed"), r.all());
            assertEquals(Boolean.TRUE, compared.get("complete"), r.all());
            assertEquals(2, ((Number) compared.get("source_records")).intValue(), () -> "both records read through TLS:\n" + compared);
            assertEquals(2, ((Number) compared.get("restored_records")).intValue(), () -> "both records read through TLS:\n" + compared);
            assertTrue(String.valueOf(r.result("no such listener").get("msg"))
                    .contains("has no listener 'nosuch' in its status (its listeners: tls)"), r.all());
            assertTrue(String.valueOf(r.result("no such cluster").get("msg")).contains("region-a/gone"), r.all());
            assertTrue(String.valueOf(r.result("both").get("msg")).contains("not both"), r.all());
            assertFalse(r.all().contains(KafkaClusters.ADMIN_PASSWORD), "the password never shows");
        }
    }

    private static Run run(MockCluster k8s, String flavor, Path playbook, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("-e", "k8s_kubeconfig=" + k8s.kubeconfig(), "-e", "platform=kubernetes",
                "-e", "flavor=" + flavor));
        args.addAll(List.of(more));
        args.add(playbook.toString());
        return RunnerHarness.run(args.toArray(String[]::new));
    }

    private static Path playbook(String name, String tasks) throws Exception {
        StringBuilder sb = new StringBuilder("- hosts: localhost\n  gather_facts: false\n  tasks:\n");
        tasks.stripIndent().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
        Path p = dir.resolve(name + ".yaml");
        Files.writeString(p, sb.toString());
        return p;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
