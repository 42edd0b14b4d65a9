package io.mm2dr.domain.mm2;

import java.util.Objects;

/**
 * The Kafka Connect cluster behind a MirrorMaker 2: its group and the three topics where it keeps
 * connector configurations, source offsets and statuses, on the connect cluster. Two MirrorMaker 2
 * on the same Kafka cluster must not share them.
 */
public record ConnectStorage(String configStorageTopic, String offsetStorageTopic, String statusStorageTopic, String groupId) {
    /** Strimzi's defaults. */
    public static final ConnectStorage DEFAULTS = new ConnectStorage(
            "mirrormaker2-cluster-configs", "mirrormaker2-cluster-offsets", "mirrormaker2-cluster-status", "mirrormaker2-cluster");

    public ConnectStorage {
        Objects.requireNonNull(configStorageTopic, "configStorageTopic");
        Objects.requireNonNull(offsetStorageTopic, "offsetStorageTopic");
        Objects.requireNonNull(statusStorageTopic, "statusStorageTopic");
        Objects.requireNonNull(groupId, "groupId");
    }
}
