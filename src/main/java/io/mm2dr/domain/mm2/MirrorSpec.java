package io.mm2dr.domain.mm2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One direction of mirroring, from a source cluster to a target cluster.
 *
 * <p>Patterns are MirrorMaker 2's: comma-separated Java regular expressions, each matching a whole
 * name. A null {@code groups} means consumer groups are not mirrored (no checkpoint connector).
 *
 * @param topicsExclude             topics left out, or null
 * @param groups                    groups to mirror, or null for none
 * @param groupsExclude             groups left out, or null
 * @param sourceConnectorConfig     set on top of the generated source connector configuration
 * @param checkpointConnectorConfig set on top of the generated checkpoint connector configuration
 * @param heartbeatConnectorConfig  set on top of the generated heartbeat connector configuration
 */
public record MirrorSpec(
        String source,
        String target,
        String topics,
        String topicsExclude,
        String groups,
        String groupsExclude,
        Map<String, Object> sourceConnectorConfig,
        Map<String, Object> checkpointConnectorConfig,
        Map<String, Object> heartbeatConnectorConfig,
        Integer sourceTasksMax,
        Integer checkpointTasksMax) {

    public MirrorSpec {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(topics, "topics");
        sourceConnectorConfig = ordered(sourceConnectorConfig);
        checkpointConnectorConfig = ordered(checkpointConnectorConfig);
        heartbeatConnectorConfig = ordered(heartbeatConnectorConfig);
    }

    private static Map<String, Object> ordered(Map<String, Object> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** {@code north-america->europe}, as MirrorMaker 2 names a flow. */
    public String flow() {
        return source + "->" + target;
    }
}
