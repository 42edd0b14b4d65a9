package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.sandbox.testing.SandboxData;
import io.mm2dr.sandbox.testing.SandboxRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared-aggregate scenario on the local sandbox: three regions, each with a cluster, a
 * producer and a consumer, and a MirrorMaker 2 copying the two other regions' topics to its
 * cluster with the prefixing policy (two flows into one cluster). In check mode, for real, and
 * again (nothing changes); the scenario's own proof, then an independent one: once the producers
 * stop, every copy holds exactly its source's records, read with plain consumers. A topic
 * configuration changed in one region reaches both copies. No output shows a secret.
 */
class SharedAggregateTest {
    private static final List<String[]> REGIONS = List.of(
            new String[] {"north-america", "na-eventstreams", "northamerica"},
            new String[] {"south-america", "sa-eventstreams", "southamerica"},
            new String[] {"europe", "eu-eventstreams", "europe"});

    @TempDir
    static Path tmp;

    private static SandboxRuns sandbox;

    @AfterAll
    static void down() {
        if (sandbox != null && Files.exists(sandbox.root())) {
            sandbox.sandbox("down");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRegionReceivesEveryRegionsEventsAndTopicConfigurationsFollow() throws Exception {
        sandbox = new SandboxRuns(tmp.resolve("sandbox"));
        Run run = sandbox.stage("shared-aggregate.yaml");

        // everything runs; each MirrorMaker 2 runs both flows into its cluster, each with its own Connect group
        Map<String, Map<String, Object>> status = sandbox.status();
        for (String[] r : REGIONS) {
            for (String o : List.of(r[1], "mm2-" + r[2], "datagen-host", "consumer-" + r[2])) {
                assertEquals("running", status.get(r[0] + "/" + o).get("state"), () -> r[0] + "/" + o + " is not running: " + status);
            }
            List<Map<String, Object>> connectors = (List<Map<String, Object>>) status.get(r[0] + "/mm2-" + r[2]).get("connectors");
            Set<String> flows = new java.util.TreeSet<>();
            for (Map<String, Object> c : connectors) {
                if (c.get("name").equals("MirrorSourceConnector")) {
                    assertEquals("RUNNING", c.get("state"), c::toString);
                    flows.add((String) c.get("flow"));
                }
            }
            Set<String> expected = new java.util.TreeSet<>();
            REGIONS.stream().filter(o -> !o[0].equals(r[0])).forEach(o -> expected.add(o[0] + "->" + r[0]));
            assertEquals(expected, flows, connectors::toString);
        }

        // the scenario's proof: six copies complete up to a recorded point, three consumers reading all regions
        String compareTask = "Every record of the other regions up to now is in {{ agg.region }} (as <region>.<topic>), compared record by record";
        int compared = 0;
        for (Object p : (List<Object>) run.report().get("plays")) {
            for (Object t : (List<Object>) ((Map<String, Object>) p).get("tasks")) {
                Map<String, Object> task = (Map<String, Object>) t;
                if (String.valueOf(task.get("name")).startsWith("aggregate_proof : Every record of the other regions")
                        || compareTask.equals(task.get("name"))) {
                    Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) task.get("hosts")).get("localhost")).get("result");
                    for (Map<String, Object> item : (List<Map<String, Object>>) result.get("results")) {
                        assertEquals(Boolean.TRUE, item.get("complete"), item::toString);
                        assertEquals(item.get("source_records"), item.get("restored_records"), item::toString);
                        assertTrue(((Number) item.get("source_records")).longValue() > 0, item::toString);
                        assertTrue(item.get("recorded_point") instanceof Map, item::toString);
                        compared++;
                    }
                }
            }
        }
        assertEquals(6, compared, "six copies compared: " + run.out());

        // a topic configuration changed in South America reaches its copies in North America and Europe
        String config = "{\"sync_region\": \"south-america\", \"sync_topic\": \"LH.DOORS\", \"sync_config\": {\"retention.ms\": \"123456789\"}}";
        Run sync = sandbox.play("aggregate-config-sync.yaml", "-e", config);
        assertEquals(0, sync.exitCode(), sync::all);
        assertEquals(1, sync.changed(), sync::all);
        Map<String, Object> synced = sync.result("Every copy of LH.DOORS (south-america.LH.DOORS) shows it");
        assertEquals(2, ((List<Object>) synced.get("copies")).size(), synced::toString);
        SandboxData data = new SandboxData(sandbox.root());
        assertEquals("123456789", data.topicConfig("south-america/sa-eventstreams", "LH.DOORS", "retention.ms"));
        assertEquals("123456789", data.topicConfig("north-america/na-eventstreams", "south-america.LH.DOORS", "retention.ms"));
        assertEquals("123456789", data.topicConfig("europe/eu-eventstreams", "south-america.LH.DOORS", "retention.ms"));
        Run syncAgain = sandbox.play("aggregate-config-sync.yaml", "-e", config);
        assertEquals(0, syncAgain.exitCode(), syncAgain::all);
        assertEquals(0, syncAgain.changed(), syncAgain::all);

        // independently: with the producers stopped, every copy holds exactly its source's records,
        // in order, by content (SHA-256 of keys, values, timestamps and headers), read with plain consumers
        for (String[] r : REGIONS) {
            long pid = ((Number) sandbox.status().get(r[0] + "/datagen-host").get("pid")).longValue();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        Map<String, Object> differences = new TreeMap<>();
        do {
            differences.clear();
            for (String[] source : REGIONS) {
                Map<String, SandboxData.Content> original = data.contents(source[0] + "/" + source[1], "LH\\..*");
                assertFalse(original.isEmpty());
                for (String[] target : REGIONS) {
                    if (target == source) {
                        continue;
                    }
                    Map<String, SandboxData.Content> copy = new TreeMap<>();
                    data.contents(target[0] + "/" + target[1], java.util.regex.Pattern.quote(source[0] + ".") + "LH\\..*")
                            .forEach((tp, c) -> copy.put(tp.substring(source[0].length() + 1), c));
                    if (!copy.equals(original)) {
                        differences.put(source[0] + "->" + target[0], "source " + original + ", copy " + copy);
                    }
                }
            }
            if (!differences.isEmpty()) {
                Thread.sleep(1000);
            }
        } while (!differences.isEmpty() && System.nanoTime() < deadline);
        assertTrue(differences.isEmpty(), () -> "copies that differ from their source: " + differences);

        // nothing secret in any output
        Set<String> secrets = sandbox.secretValues();
        assertFalse(secrets.isEmpty());
        String all = sandbox.outputs();
        for (String s : secrets) {
            assertFalse(all.contains(s), "a secret value appeared in the output");
        }
    }
}
