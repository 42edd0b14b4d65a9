package io.mm2dr.platform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How MirrorMaker 2's Connect status records are read: the latest state per connector and task,
 * only those written since the process started, a FAILED one with the first line of its trace
 * and its root cause, and which flows and clusters matter to a process.
 */
class MirrorMakerWatchTest {
    private static final String TRACE = "org.apache.kafka.connect.errors.ConnectException: Unrecoverable exception from producer send callback\n"
            + "\tat org.apache.kafka.connect.runtime.WorkerSourceTask.maybeThrowProducerSendException(WorkerSourceTask.java:348)\n"
            + "\tat java.base/java.lang.Thread.run(Thread.java:840)\n"
            + "Caused by: org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [LH.ORDERS]\n";

    @TempDir
    Path dir;

    private MirrorMakerWatch watch(Map<String, String> config, long since) {
        return new MirrorMakerWatch(Sandbox.readOnly(dir), config, "europe", Map.of("", "mm2-backup-status"), c -> null, since);
    }

    private static String value(String state, String trace) {
        return "{\"state\":\"" + state + "\",\"trace\":" + (trace == null ? "null" : "\"" + trace.replace("\n", "\\n").replace("\t", "\\t") + "\"")
                + ",\"worker_id\":\"localhost/north-america->europe/1\",\"generation\":3}";
    }

    @Test
    void latestStatesSinceTheStartAndTheFirstFailureWithItsCause() {
        try (MirrorMakerWatch w = watch(Map.of(), 1000)) {
            // an earlier process's failure is not this one's
            w.take("status-task-MirrorSourceConnector-0", value("FAILED", "old"), 999);
            Map<String, MirrorMakerWatch.Status> s = w.poll(java.time.Duration.ZERO);
            assertTrue(s.isEmpty(), s::toString);
            assertEquals("no connector has reported a state yet", MirrorMakerWatch.describe(s));

            w.take("status-connector-MirrorHeartbeatConnector", value("RUNNING", null), 1001);
            w.take("status-task-MirrorHeartbeatConnector-0", value("RUNNING", null), 1001);
            w.take("status-connector-MirrorSourceConnector", value("RUNNING", null), 1002);
            w.take("status-task-MirrorSourceConnector-0", value("RUNNING", null), 1003);
            w.take("status-topic-LH.ORDERS:connector-MirrorSourceConnector", "{\"topic\":{}}", 1004);
            w.take("status-task-MirrorCheckpointConnector-0", value("RUNNING", null), 1004);
            assertFalse(MirrorMakerWatch.allRunning(s), "the checkpoint connector has not reported");
            assertEquals("MirrorSourceConnector RUNNING, task 0 RUNNING; MirrorCheckpointConnector not reported, task 0 RUNNING; "
                    + "MirrorHeartbeatConnector RUNNING, task 0 RUNNING", MirrorMakerWatch.describe(s));
            w.take("status-connector-MirrorCheckpointConnector", value("RUNNING", null), 1005);
            assertTrue(MirrorMakerWatch.allRunning(s), s::toString);
            assertNull(MirrorMakerWatch.firstFailed(s));

            w.take("status-task-MirrorSourceConnector-0", value("FAILED", TRACE), 1006);
            assertFalse(MirrorMakerWatch.allRunning(s));
            MirrorMakerWatch.Status failed = MirrorMakerWatch.firstFailed(s);
            assertEquals("task MirrorSourceConnector-0", failed.what());
            assertEquals("org.apache.kafka.connect.errors.ConnectException: Unrecoverable exception from producer send callback"
                    + " (caused by org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [LH.ORDERS])",
                    failed.cause());
            assertTrue(MirrorMakerWatch.describe(s).startsWith("MirrorSourceConnector RUNNING, task 0 FAILED; "), MirrorMakerWatch.describe(s));

            // a connector removed (tombstone) is no longer shown
            w.take("status-connector-MirrorHeartbeatConnector", null, 1007);
            assertFalse(MirrorMakerWatch.describe(s).contains("MirrorHeartbeatConnector UNASSIGNED"));
        }
    }

    @Test
    void flowsWithTheirOwnStatusTopicsRunEachAndAFlowWithoutGroupsHasNoCheckpointConnector() {
        Map<String, String> config = Map.of("north-america->europe.enabled", "true", "south-america->europe.enabled", "true",
                "north-america->europe.emit.checkpoints.enabled", "false", "south-america->europe.emit.checkpoints.enabled", "false");
        Map<String, String> topics = Map.of("north-america->europe", "mm2-eu-status.north-america", "south-america->europe", "mm2-eu-status.south-america");
        try (MirrorMakerWatch w = new MirrorMakerWatch(Sandbox.readOnly(dir), config, "europe", topics, c -> null, 0)) {
            for (String flow : List.of("north-america->europe", "south-america->europe")) {
                for (String c : List.of("MirrorSourceConnector", "MirrorHeartbeatConnector")) {
                    assertFalse(w.running(w.poll(java.time.Duration.ZERO)), "not every flow runs yet");
                    w.take(flow, "status-connector-" + c, value("RUNNING", null), 1);
                    w.take(flow, "status-task-" + c + "-0", value("RUNNING", null), 1);
                }
            }
            Map<String, MirrorMakerWatch.Status> s = w.poll(java.time.Duration.ZERO);
            assertTrue(w.running(s), s::toString);
            assertFalse(MirrorMakerWatch.allRunning(s, topics.keySet()), "with checkpoints, their connector would be missing");
            assertEquals("north-america->europe MirrorSourceConnector RUNNING, task 0 RUNNING; north-america->europe MirrorHeartbeatConnector RUNNING,"
                    + " task 0 RUNNING; south-america->europe MirrorSourceConnector RUNNING, task 0 RUNNING; south-america->europe"
                    + " MirrorHeartbeatConnector RUNNING, task 0 RUNNING", MirrorMakerWatch.describe(s));
            // the same connector name in two flows: two states, one failure named with its flow
            w.take("south-america->europe", "status-task-MirrorSourceConnector-0", value("FAILED", TRACE), 2);
            assertFalse(w.running(s));
            assertEquals("task MirrorSourceConnector-0 of the flow south-america->europe", MirrorMakerWatch.firstFailed(s).what());
        }
    }

    @Test
    void aTraceOfOneLineIsItsOwnCause() {
        MirrorMakerWatch.Status s = new MirrorMakerWatch.Status("MirrorCheckpointConnector", null, "FAILED",
                "org.apache.kafka.common.config.ConfigException: Invalid value", 1);
        assertEquals("connector MirrorCheckpointConnector", s.what());
        assertEquals("org.apache.kafka.common.config.ConfigException: Invalid value", s.cause());
    }

    @Test
    void theFlowsIntoTheConnectClusterAndTheirClusters() {
        Map<String, String> config = Map.of(
                "clusters", "north-america, europe",
                "north-america->europe.enabled", "true",
                "europe->north-america.enabled", "false",
                "north-america.bootstrap.servers", "na-eventstreams-kafka-bootstrap.north-america.svc:9093",
                "europe.bootstrap.servers", "eu-eventstreams-kafka-bootstrap.europe.svc:9093");
        try (MirrorMakerWatch w = watch(config, 0)) {
            assertEquals(List.of("north-america->europe"), w.flows().stream().map(f -> f[0] + "->" + f[1]).toList());
            List<MirrorMakerWatch.Cluster> clusters = w.clusters();
            assertEquals(List.of("europe", "north-america"), clusters.stream().map(MirrorMakerWatch.Cluster::alias).toList());
            assertEquals("Kafka cluster eu-eventstreams of region europe", clusters.get(0).describe());
            // neither cluster was ever created in this sandbox
            assertEquals("the Kafka cluster eu-eventstreams of region europe (the cluster it writes to) does not exist in the sandbox",
                    w.brokerDown());
        }
    }
}
