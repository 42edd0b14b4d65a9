package io.mm2dr.platform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mm2dr.domain.mm2.MirrorMaker2Spec;
import io.mm2dr.modules.domain.MirrorMaker2Arguments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.mirror.MirrorCheckpointConnector;
import org.apache.kafka.connect.mirror.MirrorMakerConfig;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.apache.kafka.connect.mirror.SourceAndTarget;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's MirrorMaker 2 (dedicated mode) honours a mirror's {@code tasks_max} and its
 * source connector overrides: checked with MirrorMaker 2's own configuration class, which turns
 * the dedicated-mode properties into each connector's configuration.
 */
class LocalMirrorMakerTasksTest {

    private static Map<String, Object> args(Integer tasksMax, Map<String, Object> sourceOverrides) {
        List<Object> clusters = new ArrayList<>();
        clusters.add(new LinkedHashMap<>(Map.of("alias", "north-america", "bootstrap", "127.0.0.1:9001", "user", "mm2-backup-source",
                "password_secret", Map.of("name", "mm2-backup-source"))));
        clusters.add(new LinkedHashMap<>(Map.of("alias", "europe", "bootstrap", "127.0.0.1:9002", "user", "mm2-backup-target",
                "password_secret", Map.of("name", "mm2-backup-target"))));
        Map<String, Object> mirror = new LinkedHashMap<>(Map.of("source", "north-america", "target", "europe", "topics", "LH\\..*",
                "groups", "consumer-.*"));
        if (tasksMax != null) {
            mirror.put("tasks_max", tasksMax.longValue());
        }
        if (sourceOverrides != null) {
            mirror.put("source_connector_config", sourceOverrides);
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", "mm2-backup");
        a.put("namespace", "europe");
        a.put("connect_cluster", "europe");
        a.put("clusters", clusters);
        a.put("mirrors", List.of(mirror));
        return a;
    }

    /** What MirrorMaker 2 itself makes of the sandbox's properties for one connector of the flow. */
    private static Map<String, String> connector(Map<String, String> properties, Class<?> connector) {
        Map<String, String> props = new HashMap<>(properties);
        // the passwords are references the sandbox resolves at start; MirrorMaker 2 only needs them to be text here
        props.replaceAll((k, v) -> v.replace("${secret:", "{secret:"));
        MirrorMakerConfig config = new MirrorMakerConfig(props);
        return config.connectorBaseConfig(new SourceAndTarget("north-america", "europe"), connector);
    }

    @Test
    void tasksMaxOfTheMirrorIsTheFlowsTasksMax() {
        Map<String, String> p = LocalMirrorMaker.properties(MirrorMaker2Arguments.read(args(8, null)));
        assertEquals("8", p.get("north-america->europe.tasks.max"));
        assertEquals("8", connector(p, MirrorSourceConnector.class).get("tasks.max"));
    }

    @Test
    void withoutTasksMaxMirrorMakerKeepsItsDefault() {
        Map<String, String> p = LocalMirrorMaker.properties(MirrorMaker2Arguments.read(args(null, null)));
        assertEquals(null, p.get("north-america->europe.tasks.max"));
        // MirrorMaker 2's own default for a connector: one task
        assertEquals("1", connector(p, MirrorSourceConnector.class).getOrDefault("tasks.max", "1"));
    }

    @Test
    void topicConfigSyncFollowsTheSourceConnectorOverride() {
        Map<String, String> on = LocalMirrorMaker.properties(MirrorMaker2Arguments.read(args(2, null)));
        assertEquals("true", connector(on, MirrorSourceConnector.class).get("sync.topic.configs.enabled"));
        Map<String, String> off = LocalMirrorMaker.properties(MirrorMaker2Arguments.read(args(2, Map.of("sync.topic.configs.enabled", false))));
        assertEquals("false", connector(off, MirrorSourceConnector.class).get("sync.topic.configs.enabled"));
        assertEquals("2", connector(off, MirrorCheckpointConnector.class).get("tasks.max"));
    }
}
