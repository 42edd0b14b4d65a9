package io.mm2dr.domain.mm2;

/**
 * How often MirrorMaker 2 looks for new topics and groups, emits checkpoints and writes the
 * translated offsets of consumer groups to the target ({@code sync.group.offsets.enabled}).
 * Every interval is in seconds.
 */
public record SyncSettings(
        int checkpointIntervalSeconds,
        boolean syncGroupOffsets,
        int syncGroupOffsetsIntervalSeconds,
        int refreshTopicsIntervalSeconds,
        int refreshGroupsIntervalSeconds) {
}
