package io.mm2dr.modules.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.sandbox.LocalCluster;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.testing.SandboxRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live topic's partitions on the local sandbox, a real broker: kafka_topic never lowers them and
 * raises them only when allowed, refusing before anything changes (in check mode too); the
 * topology check refuses a topology that would do either at the stage's first task, starting and
 * stopping nothing. One broker for the class (about 4 s).
 */
class TopicPartitionsSandboxTest {
    private static final String NA = "north-america";
    private static final String CLUSTER = "na-eventstreams";

    @TempDir
    static Path dir;
    static SandboxRuns sandbox;
    static int count;

    @BeforeAll
    static void startBroker() {
        sandbox = new SandboxRuns(dir.resolve("sandbox"));
        Run r = run("""
                - namespace: {name: north-america}
                - kafka_cluster: {name: na-eventstreams, namespace: north-america, brokers: 1}
                - kafka_topic: {name: LH.ORDERS, cluster: na-eventstreams, namespace: north-america, partitions: 3, replicas: 1}
                - kafka_topic: {name: T.GROW, cluster: na-eventstreams, namespace: north-america, partitions: 3, replicas: 1}
                """);
        assertEquals(0, r.exitCode(), r::all);
    }

    @AfterAll
    static void down() {
        if (sandbox != null && Files.exists(sandbox.root())) {
            sandbox.sandbox("down");
        }
    }

    static Run run(String tasks, String... extra) {
        try {
            Path p = dir.resolve("topics-" + (++count) + ".yaml");
            StringBuilder sb = new StringBuilder("- hosts: localhost\n  gather_facts: false\n  tasks:\n");
            tasks.stripIndent().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
            Files.writeString(p, sb.toString());
            return sandbox.play(p.toString(), extra);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The partitions the broker says the topic has, asked independently of the runner. */
    @SuppressWarnings("unchecked")
    static int brokerPartitions(String topic) throws Exception {
        Path secret = sandbox.root().resolve(NA).resolve("secrets").resolve(CLUSTER + "-sandbox-admin.json");
        String password = ((Map<String, String>) Sandbox.readMap(secret).get("data")).get("password");
        KafkaConnection c = new LocalCluster(Sandbox.readOnly(sandbox.root()), NA, CLUSTER).adminConnection(password);
        try (Admin admin = Admin.create(c.clientProperties())) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }

    static String grow(int partitions, String... more) {
        return """
                - name: topic
                  kafka_topic: {name: T.GROW, cluster: na-eventstreams, namespace: north-america, partitions: %d, replicas: 1%s}
                """.formatted(partitions, more.length == 0 ? "" : ", " + String.join(", ", more));
    }

    static void refused(String tasks, String message) throws Exception {
        for (String[] mode : List.of(new String[] {"--check"}, new String[0])) {
            Run r = run(tasks, mode);
            assertEquals(2, r.exitCode(), r::all);
            String msg = String.valueOf(r.result("topic").get("msg"));
            assertTrue(msg.contains(message), msg);
            assertEquals(3, brokerPartitions("T.GROW"), "refused before anything changed");
        }
    }

    @Test
    void kafkaTopicNeverLowersPartitionsAndRaisesThemOnlyWhenAllowed() throws Exception {
        refused(grow(2), "topic T.GROW has 3 partitions on na-eventstreams (north-america); Kafka cannot reduce them to 2");
        refused(grow(5), "topic T.GROW has 3 partitions on na-eventstreams (north-america); growing it to 5 moves keys to other"
                + " partitions for good and cannot be undone: set allow_partition_increase: true to do it");

        Run preview = run(grow(5, "allow_partition_increase: true"), "--check");
        assertEquals(0, preview.exitCode(), preview::all);
        assertEquals(1, preview.changed(), preview::all);
        assertEquals(3, brokerPartitions("T.GROW"), "check mode changed nothing");

        Run grown = run(grow(5, "allow_partition_increase: true"));
        assertEquals(0, grown.exitCode(), grown::all);
        assertEquals(1, grown.changed(), grown::all);
        assertEquals(5, brokerPartitions("T.GROW"));

        Run again = run(grow(5, "allow_partition_increase: true"));
        assertEquals(0, again.exitCode(), again::all);
        assertEquals(0, again.changed(), "idempotent: " + again.all());
        Run same = run(grow(5));
        assertEquals(0, same.exitCode(), same::all);
        assertEquals(0, same.changed(), "the count it has is no increase: " + same.all());
        assertEquals(5, brokerPartitions("T.GROW"));
    }

    @Test
    void theTopologyCheckRefusesAChangeToALiveTopicAtTheFirstTask(@TempDir Path copy) throws Exception {
        DrillCopy drill = DrillCopy.of(copy);
        Path check = drill.firstTaskOnly("initial-setup");
        Set<String> processes = sandbox.processes();

        Run same = sandbox.play(check.toString());
        assertEquals(0, same.exitCode(), same::all);
        Map<?, ?> seen = (Map<?, ?>) same.result("The topology is valid (before anything is touched)").get("live");
        assertEquals("1 existing topic(s) read", seen.get(NA + "/" + CLUSTER), seen::toString);
        assertEquals("not there", seen.get("europe/eu-eventstreams"), seen::toString);

        String orders = "{name: LH.ORDERS, partitions: 3}";
        int line = drill.lineOf("playbooks/vars/topology.yaml", orders, 1);
        drill.replace("playbooks/vars/topology.yaml", orders, "{name: LH.ORDERS, partitions: 5}");
        Run grow = sandbox.play(drill.playbook("initial-setup").toString());
        assertEquals(4, grow.exitCode(), grow::all);
        assertTrue(grow.err().contains("playbooks/vars/topology.yaml:" + line + ":23: topics[0].partitions 5: topic LH.ORDERS has 3"
                + " partitions on na-eventstreams (north-america); growing it to 5"), grow::all);
        Run growCheck = sandbox.play(drill.playbook("initial-setup").toString(), "--check");
        assertEquals(4, growCheck.exitCode(), growCheck::all);

        Run allowed = sandbox.play(check.toString(), "-e", "allow_partition_increase=true");
        assertEquals(0, allowed.exitCode(), allowed::all);

        drill.replace("playbooks/vars/topology.yaml", "{name: LH.ORDERS, partitions: 5}", "{name: LH.ORDERS, partitions: 2}");
        Run shrink = sandbox.play(drill.playbook("initial-setup").toString(), "-e", "allow_partition_increase=true");
        assertEquals(4, shrink.exitCode(), shrink::all);
        assertTrue(shrink.err().contains("topics[0].partitions 2: topic LH.ORDERS has 3 partitions on na-eventstreams (north-america);"
                + " Kafka cannot reduce them to 2"), shrink::all);

        assertEquals(3, brokerPartitions("LH.ORDERS"));
        assertEquals(processes, sandbox.processes(), "nothing was started or stopped");
        assertEquals(Set.of(NA), Set.copyOf(Sandbox.readOnly(sandbox.root()).namespaces()), "no region was created");
    }
}
