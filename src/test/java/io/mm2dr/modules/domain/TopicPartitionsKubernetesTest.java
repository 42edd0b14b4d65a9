package io.mm2dr.modules.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.FakeControllers;
import io.mm2dr.kubernetes.testing.MockCluster;
import io.mm2dr.kubernetes.testing.MockClusterFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live topic's partitions on Kubernetes (the KafkaTopic resource's spec.partitions): kafka_topic
 * never lowers them and raises them only when allowed, refusing before anything is written (in
 * check mode too); the topology check refuses a topology that would do either, at the stage's
 * first task.
 */
class TopicPartitionsKubernetesTest {
    @RegisterExtension
    static final MockClusterFixture K8S = new MockClusterFixture().readyDelay(20);
    @TempDir
    static Path dir;
    static MockCluster cluster;
    static int count;

    @BeforeAll
    static void start() throws Exception {
        cluster = K8S.cluster();
    }

    static Run run(String tasks, String... extra) {
        try {
            Path p = dir.resolve("topics-" + (++count) + ".yaml");
            StringBuilder sb = new StringBuilder("- hosts: localhost\n  gather_facts: false\n  vars: {platform: kubernetes}\n  tasks:\n");
            tasks.stripIndent().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
            Files.writeString(p, sb.toString());
            List<String> args = new ArrayList<>(List.of("-e", "k8s_kubeconfig=" + cluster.kubeconfig()));
            args.addAll(List.of(extra));
            args.add(p.toString());
            return RunnerHarness.run(args.toArray(String[]::new));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String topic(String namespace, int partitions, String... more) {
        return """
                - name: topic
                  kafka_topic: {name: LH.ORDERS, cluster: c1, namespace: %s, partitions: %d, replicas: 3%s}
                """.formatted(namespace, partitions, more.length == 0 ? "" : ", " + String.join(", ", more));
    }

    static int specPartitions(String namespace, String resource) {
        GenericKubernetesResource r = cluster.client().genericKubernetesResources(
                FakeControllers.rdc("eventstreams.ibm.com", "v1beta2", "KafkaTopic", "kafkatopics")).inNamespace(namespace).withName(resource).get();
        return ((Number) ((Map<?, ?>) r.getAdditionalProperties().get("spec")).get("partitions")).intValue();
    }

    /** The topic task is refused, in check mode and for real, with this in its message, and nothing is written. */
    static void refused(String tasks, String message) {
        for (String[] mode : List.of(new String[] {"--check"}, new String[0])) {
            cluster.settle();
            cluster.clearRequests();
            Run r = run(tasks, mode);
            assertEquals(2, r.exitCode(), r::all);
            String msg = String.valueOf(r.result("topic").get("msg"));
            assertTrue(msg.contains(message), msg);
            assertEquals(List.of(), cluster.writes(), "refused before anything was written");
        }
    }

    @Test
    void kafkaTopicNeverLowersPartitionsAndRaisesThemOnlyWhenAllowed() {
        Run created = run("- namespace: {name: grow}\n" + topic("grow", 3));
        assertEquals(0, created.exitCode(), created::all);
        assertEquals(3, specPartitions("grow", "lh.orders"));

        refused(topic("grow", 2), "topic LH.ORDERS has 3 partitions on c1 (grow); Kafka cannot reduce them to 2");
        refused(topic("grow", 5), "topic LH.ORDERS has 3 partitions on c1 (grow); growing it to 5 moves keys to other partitions for good"
                + " and cannot be undone: set allow_partition_increase: true to do it");
        assertEquals(3, specPartitions("grow", "lh.orders"));

        cluster.settle();
        cluster.clearRequests();
        Run preview = run(topic("grow", 5, "allow_partition_increase: true"), "--check");
        assertEquals(0, preview.exitCode(), preview::all);
        assertEquals(1, preview.changed(), preview::all);
        assertEquals(List.of(), cluster.writes());

        Run grown = run(topic("grow", 5, "allow_partition_increase: true"));
        assertEquals(0, grown.exitCode(), grown::all);
        assertEquals(1, grown.changed(), grown::all);
        assertEquals(5, specPartitions("grow", "lh.orders"));
        cluster.settle();
        cluster.clearRequests();
        Run again = run(topic("grow", 5, "allow_partition_increase: true"));
        assertEquals(0, again.exitCode(), again::all);
        assertEquals(0, again.changed(), "idempotent: " + again.all());
        assertEquals(List.of(), cluster.writes());
        Run same = run(topic("grow", 5));
        assertEquals(0, same.changed(), "the count it has is no increase: " + same.all());
    }

    @Test
    void theTopologyCheckRefusesAChangeToALiveTopicAtTheFirstTask(@TempDir Path copy) {
        Run live = run("""
                - namespace: {name: north-america}
                - kafka_topic: {name: LH.ORDERS, cluster: na-eventstreams, namespace: north-america, partitions: 3, replicas: 3}
                """);
        assertEquals(0, live.exitCode(), live::all);
        DrillCopy drill = DrillCopy.of(copy);
        Path check = drill.firstTaskOnly("initial-setup");
        String kube = "k8s_kubeconfig=" + cluster.kubeconfig();

        Run same = RunnerHarness.run("-e", "platform=kubernetes", "-e", kube, check.toString());
        assertEquals(0, same.exitCode(), same::all);
        Map<?, ?> seen = (Map<?, ?>) same.result("The topology is valid (before anything is touched)").get("live");
        assertEquals("1 existing topic(s) read", seen.get("north-america/na-eventstreams"), seen::toString);
        assertEquals("not there", seen.get("europe/eu-eventstreams"), seen::toString);

        String orders = "{name: LH.ORDERS, partitions: 3}";
        int line = drill.lineOf("playbooks/vars/topology.yaml", orders, 1);
        drill.replace("playbooks/vars/topology.yaml", orders, "{name: LH.ORDERS, partitions: 5}");
        cluster.settle();
        cluster.clearRequests();
        Run grow = RunnerHarness.run("-e", "platform=kubernetes", "-e", kube, drill.playbook("initial-setup").toString());
        assertEquals(4, grow.exitCode(), grow::all);
        assertTrue(grow.err().contains("playbooks/vars/topology.yaml:" + line + ":23: topics[0].partitions 5: topic LH.ORDERS has 3"
                + " partitions on na-eventstreams (north-america); growing it to 5"), grow::all);
        assertEquals(List.of(), cluster.writes(), "nothing was written");

        Run allowed = RunnerHarness.run("-e", "platform=kubernetes", "-e", kube, "-e", "allow_partition_increase=true", check.toString());
        assertEquals(0, allowed.exitCode(), allowed::all);

        drill.replace("playbooks/vars/topology.yaml", "{name: LH.ORDERS, partitions: 5}", "{name: LH.ORDERS, partitions: 2}");
        Run shrink = RunnerHarness.run("-e", "platform=kubernetes", "-e", kube, "-e", "allow_partition_increase=true", "--check",
                check.toString());
        assertEquals(4, shrink.exitCode(), shrink::all);
        assertTrue(shrink.err().contains("topics[0].partitions 2: topic LH.ORDERS has 3 partitions on na-eventstreams (north-america);"
                + " Kafka cannot reduce them to 2"), shrink::all);
        assertEquals(List.of(), cluster.writes(), "nothing was written");
        assertEquals(3, specPartitions("north-america", "lh.orders"));
    }
}
