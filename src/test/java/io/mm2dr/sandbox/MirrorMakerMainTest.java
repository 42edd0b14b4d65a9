package io.mm2dr.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.mirror.MirrorMakerConfig;
import org.apache.kafka.connect.mirror.SourceAndTarget;
import org.junit.jupiter.api.Test;

/**
 * Each flow into a cluster gets its own Connect group and topics, as MirrorMaker 2's own
 * configuration class then reads them: checked through {@link MirrorMakerConfig}, not by our
 * reading of its rules.
 */
class MirrorMakerMainTest {
    private static Map<String, String> twoFlowsInto(boolean own) {
        Map<String, String> p = new TreeMap<>();
        p.put("clusters", "europe, north-america, south-america");
        for (String c : List.of("europe", "north-america", "south-america")) {
            p.put(c + ".bootstrap.servers", c + ":9093");
        }
        p.put("north-america.group.id", "mm2-na");
        p.put("north-america.config.storage.topic", "mm2-na-configs");
        p.put("north-america.offset.storage.topic", "mm2-na-offsets");
        p.put("north-america.status.storage.topic", "mm2-na-status");
        for (String s : List.of("europe", "south-america")) {
            String f = s + "->north-america.";
            p.put(f + "enabled", "true");
            p.put(f + "topics", "LH\\..*");
            if (own) {
                p.put(f + "group.id", "mm2-na." + s);
                p.put(f + "config.storage.topic", "mm2-na-configs." + s);
                p.put(f + "offset.storage.topic", "mm2-na-offsets." + s);
                p.put(f + "status.storage.topic", "mm2-na-status." + s);
            }
        }
        p.put("europe->south-america.enabled", "false");
        return p;
    }

    @Test
    void withoutSettingsOfTheirOwnTheFlowsRunAsMirrorMakerRunsThem() {
        assertTrue(MirrorMakerMain.perFlow(twoFlowsInto(false), "north-america").isEmpty());
    }

    @Test
    void eachFlowIntoTheClusterIsAnInstanceWithItsOwnGroupAndTopics() {
        List<Map<String, String>> instances = MirrorMakerMain.perFlow(twoFlowsInto(true), "north-america");
        assertEquals(2, instances.size());
        String[] sources = {"europe", "south-america"};
        for (int i = 0; i < 2; i++) {
            MirrorMakerConfig config = new MirrorMakerConfig(instances.get(i));
            List<SourceAndTarget> pairs = config.clusterPairs().stream().filter(p -> p.target().equals("north-america")).toList();
            assertEquals(List.of(new SourceAndTarget(sources[i], "north-america")), pairs, "only its own flow runs into north-america");
            Map<String, String> worker = config.workerConfig(pairs.get(0));
            assertEquals("mm2-na." + sources[i], worker.get("group.id"));
            assertEquals("mm2-na-configs." + sources[i], worker.get("config.storage.topic"));
            assertEquals("mm2-na-offsets." + sources[i], worker.get("offset.storage.topic"));
            assertEquals("mm2-na-status." + sources[i], worker.get("status.storage.topic"));
            Map<String, String> connector = config.connectorBaseConfig(pairs.get(0), org.apache.kafka.connect.mirror.MirrorSourceConnector.class);
            assertFalse(connector.keySet().stream().anyMatch(k -> MirrorMakerMain.FLOW_WORKER_KEYS.contains(k)),
                    "the flow's Connect settings are not passed to its connectors: " + connector.keySet());
            assertEquals("LH\\..*", connector.get("topics"));
        }
    }
}
