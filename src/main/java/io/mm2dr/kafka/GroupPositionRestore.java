package io.mm2dr.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.Checkpoint;

/**
 * Puts consumer groups on a restored cluster exactly where they were on the lost one, instead of
 * MirrorMaker 2's translated position, which is rounded down and can make a consumer re-read tens
 * of thousands of records per partition.
 *
 * <p>The backup cluster keeps, in MM2's checkpoints, the offset each group had committed on the
 * lost cluster (upstream). Where MM2's offset syncs prove the backup's offsets equal the lost
 * cluster's, that offset is a position on the backup too; the restored cluster's position is then
 * the same offset if the restored copy is aligned with the backup (the last record the group read
 * is at the same offset on both), or else the offset after the restored copy of that record, found
 * by content. Where neither can be proven, MM2's own position stays and the number of records the
 * group may read again is reported. Only groups without active members are moved.
 */
public final class GroupPositionRestore {

    /** One partition's decision. */
    public record Position(TopicPartition partition, long upstream, Long previous, Long restored, String method, long mayReread) {
        Map<String, Object> report() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", partition.topic());
            m.put("partition", partition.partition());
            m.put("upstream_offset", upstream);
            m.put("previous_offset", previous);
            m.put("restored_offset", restored);
            m.put("method", method);
            m.put("may_reread", mayReread);
            return m;
        }
    }

    private final KafkaConnection backup;
    private final KafkaConnection restored;
    private final String checkpointsTopic;
    private final String offsetSyncsTopic;
    private final Consumer<String> progress;

    public GroupPositionRestore(KafkaConnection backup, KafkaConnection restored, String checkpointsTopic, String offsetSyncsTopic,
                                Consumer<String> progress) {
        this.backup = backup;
        this.restored = restored;
        this.checkpointsTopic = checkpointsTopic;
        this.offsetSyncsTopic = offsetSyncsTopic;
        this.progress = progress;
    }

    /** Decides every matching group's positions and, unless {@code dryRun}, commits them; returns the report per group. */
    public Map<String, Object> restore(Pattern groups, boolean dryRun, List<String> warnings, boolean[] changed) {
        Map<String, Map<TopicPartition, Checkpoint>> checkpoints = checkpoints(groups);
        Map<String, Object> out = new TreeMap<>();
        if (checkpoints.isEmpty()) {
            warnings.add("no checkpoint in " + checkpointsTopic + " on " + backup.describe() + " for groups matching " + groups.pattern());
            return out;
        }
        Map<TopicPartition, Boolean> alignedWithLost = offsetSyncsAligned();
        try (Admin admin = KafkaReads.admin(restored)) {
            // every group is checked before any is moved: nothing is half done
            for (String group : checkpoints.keySet()) {
                ConsumerGroupDescription d = ConsumerGroups.description(admin, restored, group);
                if (d != null && !d.members().isEmpty()) {
                    throw new KafkaException("group " + group + " has " + d.members().size() + " active member(s) on " + restored.describe()
                            + ": stop its consumers (pause the application) before restoring its position; no group was moved");
                }
            }
            for (Map.Entry<String, Map<TopicPartition, Checkpoint>> g : checkpoints.entrySet()) {
                String group = g.getKey();
                progress.accept("restoring the position of group " + group);
                Map<TopicPartition, Long> current = ConsumerGroups.committed(admin, restored, group);
                List<Position> positions = new ArrayList<>();
                for (Checkpoint cp : g.getValue().values()) {
                    Position p = decide(cp, Boolean.TRUE.equals(alignedWithLost.get(cp.topicPartition())), current.get(cp.topicPartition()));
                    if (p.restored() == null) {
                        warnings.add("group " + group + ", " + p.partition() + ": no exact position could be proven and the restored cluster has none"
                                + " for it: the consumer will start where its auto.offset.reset says");
                    }
                    positions.add(p);
                }
                Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                for (Position p : positions) {
                    if (p.restored() != null && !p.restored().equals(p.previous())) {
                        commit.put(p.partition(), new OffsetAndMetadata(p.restored(), "restored by mm2dr from upstream offset " + p.upstream()));
                    }
                }
                if (!commit.isEmpty()) {
                    changed[0] = true;
                    if (!dryRun) {
                        KafkaReads.await(admin.alterConsumerGroupOffsets(group, commit).all(), restored, "committing the position of group " + group);
                    }
                }
                Map<String, Object> gm = new LinkedHashMap<>();
                gm.put("changed", !commit.isEmpty());
                gm.put("may_reread", positions.stream().mapToLong(Position::mayReread).filter(n -> n > 0).sum());
                gm.put("not_proven", positions.stream().filter(p -> !p.method().equals("aligned") && !p.method().equals("by content")).count());
                gm.put("partitions", positions.stream().sorted((a, b) -> a.partition().toString().compareTo(b.partition().toString()))
                        .map(Position::report).toList());
                out.put(group, gm);
            }
        }
        return out;
    }

    private Position decide(Checkpoint cp, boolean alignedWithLost, Long previous) {
        TopicPartition tp = cp.topicPartition();
        if (!topicOnRestored(tp.topic())) {
            throw new KafkaException("the checkpoint of " + cp.consumerGroupId() + " names topic " + tp.topic() + ", which the restored cluster does not have:"
                    + " consumer_group_restore needs MirrorMaker 2's identity replication policy (same topic names on every cluster)");
        }
        long upstream = cp.upstreamOffset();
        long translatedGap = Math.max(0, upstream - cp.downstreamOffset());
        if (!alignedWithLost) {
            return new Position(tp, upstream, previous, previous, "mirrormaker (backup offsets not proven equal to the lost cluster's)", translatedGap);
        }
        long onBackup = upstream; // proven: the backup's offsets are the lost cluster's
        if (onBackup == 0) {
            return new Position(tp, upstream, previous, 0L, "aligned", 0);
        }
        ConsumerRecord<byte[], byte[]> lastRead = KafkaReads.recordAt(backup, tp, onBackup - 1);
        if (lastRead == null) {
            return new Position(tp, upstream, previous, previous, "mirrormaker (the last record the group read is not on the backup)", translatedGap);
        }
        ConsumerRecord<byte[], byte[]> sameOffset = KafkaReads.recordAt(restored, tp, onBackup - 1);
        if (sameOffset != null && RecordContent.same(sameOffset, lastRead)) {
            return new Position(tp, upstream, previous, onBackup, "aligned", 0);
        }
        long found = findLast(tp, lastRead);
        if (found >= 0) {
            return new Position(tp, upstream, previous, found + 1, "by content", 0);
        }
        return new Position(tp, upstream, previous, previous, "mirrormaker (the last record the group read is not on the restored cluster)", translatedGap);
    }

    private java.util.Set<String> restoredTopics;

    private boolean topicOnRestored(String topic) {
        if (restoredTopics == null) {
            try (Admin admin = KafkaReads.admin(restored)) {
                restoredTopics = KafkaReads.await(admin.listTopics().names(), restored, "listing topics");
            }
        }
        return restoredTopics.contains(topic);
    }

    /** The offset of the last copy of a record on the restored cluster, streaming the partition; -1 if absent. */
    private long findLast(TopicPartition tp, ConsumerRecord<byte[], byte[]> wanted) {
        Map<TopicPartition, Long> start;
        Map<TopicPartition, Long> end;
        try (Admin admin = KafkaReads.admin(restored)) {
            start = KafkaReads.offsets(admin, restored, List.of(tp), OffsetSpec.earliest());
            end = KafkaReads.offsets(admin, restored, List.of(tp), OffsetSpec.latest());
        }
        long[] found = {-1};
        KafkaReads.readRange(restored, start, end, r -> {
            if (RecordContent.same(r, wanted)) {
                found[0] = r.offset();
            }
        });
        return found[0];
    }

    /** The newest checkpoint of each group and partition. */
    private Map<String, Map<TopicPartition, Checkpoint>> checkpoints(Pattern groups) {
        Map<String, Map<TopicPartition, Checkpoint>> out = new TreeMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = readAll(checkpointsTopic);
        if (records == null) {
            throw new KafkaException("the topic " + checkpointsTopic + " is not on the backup " + backup.describe()
                    + ": is it the cluster MirrorMaker 2 mirrored to, with groups, and is the source alias right?");
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Checkpoint cp;
            try {
                cp = Checkpoint.deserializeRecord(r);
            } catch (RuntimeException e) {
                continue;
            }
            if (groups.matcher(cp.consumerGroupId()).matches()) {
                out.computeIfAbsent(cp.consumerGroupId(), k -> new LinkedHashMap<>()).put(cp.topicPartition(), cp);
            }
        }
        return out;
    }

    /**
     * Per partition, whether every offset sync MM2 recorded maps an offset to itself: then the
     * backup's offsets are the lost cluster's. The offset-sync format: key (topic string,
     * partition int32), value (upstream int64, downstream int64).
     */
    private Map<TopicPartition, Boolean> offsetSyncsAligned() {
        Map<TopicPartition, Boolean> out = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = readAll(offsetSyncsTopic);
        for (ConsumerRecord<byte[], byte[]> r : records == null ? List.<ConsumerRecord<byte[], byte[]>>of() : records) {
            try {
                ByteBuffer k = ByteBuffer.wrap(r.key());
                byte[] topic = new byte[k.getShort()];
                k.get(topic);
                TopicPartition tp = new TopicPartition(new String(topic, StandardCharsets.UTF_8), k.getInt());
                ByteBuffer v = ByteBuffer.wrap(r.value());
                long upstream = v.getLong();
                long downstream = v.getLong();
                out.merge(tp, upstream == downstream, Boolean::logicalAnd);
            } catch (RuntimeException e) {
                // not an offset sync
            }
        }
        return out;
    }

    /** Every record of a topic of the backup, or null if it has no such topic. */
    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        Map<TopicPartition, Long> start;
        Map<TopicPartition, Long> end;
        try (Admin admin = KafkaReads.admin(backup)) {
            if (!KafkaReads.await(admin.listTopics().names(), backup, "listing topics").contains(topic)) {
                return null;
            }
            List<TopicPartition> parts = KafkaReads.await(admin.describeTopics(List.of(topic)).allTopicNames(), backup, "describing " + topic)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            start = KafkaReads.offsets(admin, backup, parts, OffsetSpec.earliest());
            end = KafkaReads.offsets(admin, backup, parts, OffsetSpec.latest());
        }
        KafkaReads.readRange(backup, start, end, out::add);
        return out;
    }
}
