package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.sandbox.testing.SandboxRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waits that explain themselves, on one sandbox of real brokers, MirrorMaker 2 and demo apps
 * (set up once): MirrorMaker 2 whose task fails (its user may no longer write the mirrored
 * topics) fails the wait with the task's state and trace, shows as failed in {@code sandbox
 * status}, and is restarted once the cause is gone; with the backup broker stopped, the wait fails
 * at once naming it; the demo apps stop on SIGTERM by themselves, with the consumer's position
 * committed, also when their cluster is gone. The order matters: each test leaves the sandbox as
 * the next one needs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxWaitsTest {
    private static final String NA = "north-america";
    private static final String EU = "europe";
    private static final String SA = "south-america";
    private static final String GROUP = "consumer-southamerica";
    private static final Pattern RECORD = Pattern.compile("\\] (LH\\.[A-Z]+)-(\\d+)@(\\d+) ");

    @TempDir
    static Path tmp;

    private static SandboxRuns sandbox;

    @BeforeAll
    static void setUp() {
        sandbox = new SandboxRuns(tmp.resolve("sandbox"));
        Run setup = sandbox.play("initial-setup.yaml");
        assertEquals(0, setup.exitCode(), setup::all);
    }

    @AfterAll
    static void down() {
        if (sandbox != null && Files.exists(sandbox.root())) {
            // nothing secret in any output of the runs
            String all = sandbox.outputs();
            for (String secret : sandbox.secretValues()) {
                assertFalse(all.contains(secret), "a secret value appeared in an output");
            }
            sandbox.sandbox("down");
        }
    }

    /** A playbook of the given tasks, with the drill's variables. */
    private static Run play(String name, String tasks) throws Exception {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, """
                - hosts: localhost
                  gather_facts: false
                  vars_files: [%s/playbooks/vars/topology.yaml]
                  tasks:
                %s""".formatted(Path.of("").toAbsolutePath(), tasks.indent(4)));
        return sandbox.play(file.toString());
    }

    /** The backup MirrorMaker 2's user on the backup cluster, with the given ACLs on the mirrored topics. */
    private static String backupTargetUser(String mirroredTopicOperations) {
        return """
                - name: The backup MirrorMaker 2's user on the backup cluster
                  kafka_user:
                    name: "{{ mirror_maker.backup.target_user }}"
                    cluster: "{{ clusters.backup.name }}"
                    namespace: "{{ clusters.backup.namespace }}"
                    acls:
                      - {resource: {type: topic, name: "mm2-", patternType: prefix}, operations: [All]}
                      - {resource: {type: topic, name: "{{ regions.primary }}.", patternType: prefix}, operations: [All]}
                      - {resource: {type: topic, name: heartbeats, patternType: literal}, operations: [All]}
                      - {resource: {type: topic, name: "{{ topic_prefix }}", patternType: prefix}, operations: %s}
                      - {resource: {type: group, name: "*", patternType: literal}, operations: [All]}
                      - {resource: {type: cluster}, operations: [Describe, DescribeConfigs, Create]}
                """.formatted(mirroredTopicOperations);
    }

    private static final String RESTART_BACKUP_MM2 = """
            - name: Pause the backup MirrorMaker 2
              application: {kind: KafkaMirrorMaker2, name: "{{ mirror_maker.backup.name }}", namespace: "{{ regions.backup }}", state: paused}
            - name: Resume the backup MirrorMaker 2
              application: {kind: KafkaMirrorMaker2, name: "{{ mirror_maker.backup.name }}", namespace: "{{ regions.backup }}", state: running, wait_timeout: 300}
            """;

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void aFailedTaskFailsTheWaitWithItsTraceShowsInStatusAndIsRestartedOnceRepaired() throws Exception {
        // the backup MirrorMaker 2 may no longer write the mirrored topics: its task fails on its first send
        Run failed = play("revoke", backupTargetUser("[Read, Describe, DescribeConfigs, AlterConfigs, Create]") + RESTART_BACKUP_MM2);
        assertEquals(2, failed.exitCode(), failed::all);
        String message = String.valueOf(failed.result("Resume the backup MirrorMaker 2").get("msg"));
        // the source connector runs two tasks here (mm2_tasks_max): whichever sends first fails first
        assertTrue(java.util.regex.Pattern.compile("MirrorMaker 2 " + EU + "/mm2-backup failed: its task MirrorSourceConnector-\\d+ is FAILED: "
                + "org\\.apache\\.kafka\\.connect\\.errors\\.ConnectException: .*").matcher(message).matches(), message);
        assertTrue(message.contains("TopicAuthorizationException"), message);
        assertFalse(message.contains("\n") || message.contains("\tat "), "not one sentence: " + message);
        // it said what it saw while it waited
        assertTrue(failed.out().contains("waiting for MirrorMaker 2 " + EU + "/mm2-backup: "), failed::all);

        Map<String, Object> row = sandbox.status().get(EU + "/mm2-backup");
        assertEquals("failed", row.get("state"), row::toString);
        assertTrue(String.valueOf(row.get("detail")).matches("(?s)task MirrorSourceConnector-\\d+ FAILED: .*"), row::toString);
        List<Map<String, Object>> connectors = (List<Map<String, Object>>) row.get("connectors");
        Map<String, Object> source = connectors.stream().filter(c -> "MirrorSourceConnector".equals(c.get("name"))).findFirst().orElseThrow();
        Map<String, Object> task = ((List<Map<String, Object>>) source.get("tasks")).stream().filter(t -> "FAILED".equals(t.get("state")))
                .findFirst().orElseThrow(() -> new AssertionError("no failed task: " + row));
        assertTrue(String.valueOf(task.get("trace")).contains("TopicAuthorizationException"), row::toString);
        Run text = sandbox.sandbox("status");
        assertTrue(text.out().lines().anyMatch(l -> l.contains("mm2-backup") && l.contains(" failed ") && l.contains("MirrorSourceConnector")), text::all);

        // the right given back, running it again restarts the failed MirrorMaker 2, which then copies
        Run repaired = play("repair", backupTargetUser("[All]") + """
                - name: The backup MirrorMaker 2, running
                  application: {kind: KafkaMirrorMaker2, name: "{{ mirror_maker.backup.name }}", namespace: "{{ regions.backup }}", state: running}
                """);
        assertEquals(0, repaired.exitCode(), repaired::all);
        assertEquals(List.of(EU + "/mm2-backup"), ((List<String>) repaired.result("The backup MirrorMaker 2, running").get("actions")).stream()
                .filter(a -> a.endsWith(" updated (restarted)")).map(a -> a.substring(a.indexOf(' ') + 1, a.indexOf(" updated"))).toList(), repaired::all);
        assertEquals("running", sandbox.status().get(EU + "/mm2-backup").get("state"));
    }

    @Test
    @Order(2)
    void aStoppedBackupBrokerFailsTheWaitAtOnceNamingIt() throws Exception {
        kill(EU + "/kafka/eu-eventstreams/broker.pid");
        Run run = play("restart-without-backup", RESTART_BACKUP_MM2);
        assertEquals(2, run.exitCode(), run::all);
        String message = String.valueOf(run.result("Resume the backup MirrorMaker 2").get("msg"));
        assertTrue(message.startsWith("MirrorMaker 2 " + EU + "/mm2-backup cannot run: the Kafka cluster eu-eventstreams of region "
                + EU + " (the cluster it writes to) is down"), message);
        assertFalse(message.contains("within"), "it waited for the timeout: " + message);

        Map<String, Object> row = sandbox.status().get(EU + "/mm2-backup");
        assertEquals("waiting", row.get("state"), row::toString);
        assertTrue(String.valueOf(row.get("detail")).contains("eu-eventstreams of region " + EU), row::toString);
    }

    @Test
    @Order(3)
    void theDemoAppsStopOnSigtermWithTheConsumersPositionCommittedAlsoWhenTheirClusterIsGone() throws Exception {
        String apps = """
                - name: The applications
                  application: {kind: "{{ item.kind }}", name: "{{ item.name }}", namespace: "{{ regions.applications }}", state: "{{ want }}"}
                  loop:
                    - {kind: KafkaConnect, name: "{{ apps.producer.name }}"}
                    - {kind: Deployment, name: "{{ apps.consumer.name }}"}
                """;
        Path consumerLog = sandbox.root().resolve(SA + "/apps/" + GROUP + "/" + GROUP + ".log");
        Path producerLog = sandbox.root().resolve(SA + "/apps/datagen-host/datagen-host.log");
        awaitRecordLines(consumerLog, 1);

        Run paused = play("pause-apps", "- set_fact: {want: paused}\n" + apps);
        assertEquals(0, paused.exitCode(), paused::all);
        // each stopped by itself (the sandbox kills what has not stopped 5 s after SIGTERM): its last line is there
        assertTrue(last(producerLog).matches(".*\\[datagen-host] stopped after \\d+ events"), last(producerLog));
        assertTrue(last(consumerLog).matches(".*\\[" + GROUP + "] stopped after \\d+ records"), last(consumerLog));
        // the group's committed position is right after the last record the consumer logged, on every partition
        Map<TopicPartition, Long> read = new HashMap<>();
        for (String line : Files.readAllLines(consumerLog)) {
            Matcher m = RECORD.matcher(line);
            if (m.find()) {
                read.merge(new TopicPartition(m.group(1), Integer.parseInt(m.group(2))), Long.parseLong(m.group(3)) + 1, Math::max);
            }
        }
        assertFalse(read.isEmpty());
        Map<TopicPartition, Long> committed = committed();
        read.forEach((tp, next) -> assertEquals(next, committed.get(tp), "committed position of " + tp));

        // resumed, then their cluster lost: they still stop by themselves, without waiting for it
        int lines = Files.readAllLines(consumerLog).size();
        Run resumed = play("resume-apps", "- set_fact: {want: running}\n" + apps);
        assertEquals(0, resumed.exitCode(), resumed::all);
        awaitRecordLines(consumerLog, lines + 1);
        kill(NA + "/kafka/na-eventstreams/broker.pid");
        Run pausedAgain = play("pause-apps-again", "- set_fact: {want: paused}\n" + apps);
        assertEquals(0, pausedAgain.exitCode(), pausedAgain::all);
        assertTrue(last(producerLog).matches(".*\\[datagen-host] stopped after \\d+ events.*"), last(producerLog));
        assertTrue(last(consumerLog).matches(".*\\[" + GROUP + "] stopped after \\d+ records"), last(consumerLog));
    }

    // ------------------------------------------------------------------------------------------

    private static void kill(String pidFile) throws Exception {
        String p = sandbox.processes().stream().filter(s -> s.startsWith(pidFile + ":")).findFirst().orElseThrow(() -> new AssertionError(
                pidFile + " is not running: " + sandbox.processes()));
        ProcessHandle h = ProcessHandle.of(Long.parseLong(p.substring(p.lastIndexOf(':') + 1))).orElseThrow();
        h.destroyForcibly();
        h.onExit().get(20, TimeUnit.SECONDS);
    }

    /** Waits (at most a minute) until the log holds a record line after its first {@code lines} lines. */
    private static void awaitRecordLines(Path log, int lines) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            List<String> all = Files.readAllLines(log);
            if (all.subList(Math.min(lines - 1, all.size()), all.size()).stream().anyMatch(l -> RECORD.matcher(l).find())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no record read after line " + lines + " of " + log);
    }

    /** The last line the application itself logged (not its Kafka client's). */
    private static String last(Path log) throws Exception {
        String app = log.getFileName().toString().replace(".log", "");
        List<String> all = Files.readAllLines(log).stream().filter(l -> l.contains("Z [" + app + "] ")).toList();
        return all.isEmpty() ? "" : all.get(all.size() - 1);
    }

    /** The consumer group's committed offsets on the primary, read as its administrator. */
    @SuppressWarnings("unchecked")
    private static Map<TopicPartition, Long> committed() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> secret = json.readValue(sandbox.root().resolve(NA + "/secrets/na-eventstreams-sandbox-admin.json").toFile(), Map.class);
        Map<String, Map<String, Integer>> ports = json.readValue(sandbox.root().resolve("ports.json").toFile(), Map.class);
        String password = ((Map<String, String>) secret.get("data")).get("password");
        // TLS, trusting the cluster CA of the secret the operators name
        Map<String, Object> ca = json.readValue(sandbox.root().resolve(NA + "/secrets/na-eventstreams-cluster-ca-cert.json").toFile(), Map.class);
        Properties p = new KafkaConnection("primary", "127.0.0.1:" + ports.get(NA + "/na-eventstreams").get("client"), "admin", password,
                ((Map<String, String>) ca.get("data")).get("ca.crt")).clientProperties();
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, Long> out = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp, o.offset());
                }
            });
            assertNotEquals(0, out.size());
            return out;
        }
    }
}
