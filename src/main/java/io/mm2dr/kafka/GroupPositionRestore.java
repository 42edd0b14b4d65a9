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
        return restore(groups, Map.of(), false, dryRun, warnings, changed);
    }

    /**
     * As {@link #restore(Pattern, boolean, List, boolean[])}, knowing which groups had committed
     * positions on the lost cluster ({@code expected}: group to topic partition to committed offset,
     * as the drill record captured them). A group with a position past offset 0 on a partition that
     * has no checkpoint on the backup cannot be restored exactly: that fails, naming the group,
     * before any group is moved, unless {@code allowUnproven}, where the partition is reported as not
     * proven with the records the group may read again. A captured position of 0 is restored as 0.
     */
    public Map<String, Object> restore(Pattern groups, Map<String, Map<TopicPartition, Long>> expected, boolean allowUnproven,
                                       boolean dryRun, List<String> warnings, boolean[] changed) {
        Map<String, Map<TopicPartition, Checkpoint>> found = Checkpoints.newest(backup, checkpointsTopic, groups);
        if (found == null && expected.isEmpty()) {
            throw new KafkaException("the topic " + checkpointsTopic + " is not on the backup " + backup.describe()
                    + ": is it the cluster MirrorMaker 2 mirrored to, with groups, and is the source alias right?");
        }
        Map<String, Map<TopicPartition, Checkpoint>> checkpoints = found == null ? new TreeMap<>() : found;
        Map<String, Object> out = new TreeMap<>();
        java.util.Set<String> all = new java.util.TreeSet<>(checkpoints.keySet());
        expected.keySet().stream().filter(g -> groups.matcher(g).matches()).forEach(all::add);
        if (all.isEmpty()) {
            warnings.add("no checkpoint in " + checkpointsTopic + " on " + backup.describe() + " for groups matching " + groups.pattern());
            return out;
        }
        // positions the backup cannot prove: refused before anything is moved, unless allowed
        Map<String, List<TopicPartition>> unprovable = new TreeMap<>();
        for (String group : all) {
            Map<TopicPartition, Checkpoint> cps = checkpoints.getOrDefault(group, Map.of());
            expected.getOrDefault(group, Map.of()).forEach((tp, offset) -> {
                if (offset > 0 && !cps.containsKey(tp)) {
                    unprovable.computeIfAbsent(group, k -> new ArrayList<>()).add(tp);
                }
            });
        }
        if (!unprovable.isEmpty() && !allowUnproven) {
            Map.Entry<String, List<TopicPartition>> first = unprovable.entrySet().iterator().next();
            long reread = 0;
            for (Map.Entry<String, List<TopicPartition>> g : unprovable.entrySet()) {
                for (TopicPartition tp : g.getValue()) {
                    reread += expected.get(g.getKey()).get(tp);
                }
            }
            throw new KafkaException("group " + first.getKey() + (unprovable.size() > 1 ? " (and " + (unprovable.size() - 1) + " more group(s))" : "")
                    + " had committed positions on the lost cluster but " + checkpointsTopic + " on " + backup.describe()
                    + " holds no checkpoint for " + first.getValue().size() + " of its partitions (" + Protection.named(first.getValue().stream()
                    .map(TopicPartition::toString).sorted().toList()) + "): MirrorMaker 2 had not checkpointed it when the region was lost,"
                    + " so its position cannot be restored; no group was moved (allow_unproven: true resumes it anyway, reading up to "
                    + reread + " record(s) again)");
        }
        Map<TopicPartition, Boolean> alignedWithLost = offsetSyncsAligned();
        // the last record each group read, on the backup and at the same offset on the restored cluster, read in one pass each
        Map<TopicPartition, Long> lastReadOffsets = new HashMap<>();
        for (Map<TopicPartition, Checkpoint> cps : checkpoints.values()) {
            for (Checkpoint cp : cps.values()) {
                if (cp.upstreamOffset() > 0 && Boolean.TRUE.equals(alignedWithLost.get(cp.topicPartition()))) {
                    lastReadOffsets.put(cp.topicPartition(), cp.upstreamOffset() - 1);
                }
            }
        }
        lastRead = new HashMap<>();
        sameOffset = new HashMap<>();
        // one offset per partition: where groups differ on a partition, decide() reads the others one by one
        lastRead.putAll(KafkaReads.recordsAt(backup, lastReadOffsets));
        sameOffset.putAll(KafkaReads.recordsAt(restored, lastReadOffsets));
        prefetched = lastReadOffsets;
        try (Admin admin = KafkaReads.admin(restored)) {
            // every group is checked before any is moved: nothing is half done
            for (String group : all) {
                ConsumerGroupDescription d = ConsumerGroups.description(admin, restored, group);
                if (d != null && !d.members().isEmpty()) {
                    throw new KafkaException("group " + group + " has " + d.members().size() + " active member(s) on " + restored.describe()
                            + ": stop its consumers (pause the application) before restoring its position; no group was moved");
                }
            }
            for (String group : all) {
                progress.accept("restoring the position of group " + group);
                Map<TopicPartition, Long> current = ConsumerGroups.committed(admin, restored, group);
                Map<TopicPartition, Checkpoint> cps = checkpoints.getOrDefault(group, Map.of());
                List<Position> positions = new ArrayList<>();
                for (Checkpoint cp : cps.values()) {
                    Position p = decide(cp, Boolean.TRUE.equals(alignedWithLost.get(cp.topicPartition())), current.get(cp.topicPartition()));
                    if (p.restored() == null) {
                        warnings.add("group " + group + ", " + p.partition() + ": no exact position could be proven and the restored cluster has none"
                                + " for it: the consumer will start where its auto.offset.reset says");
                    }
                    positions.add(p);
                }
                for (Map.Entry<TopicPartition, Long> e : expected.getOrDefault(group, Map.of()).entrySet()) {
                    TopicPartition tp = e.getKey();
                    if (cps.containsKey(tp)) {
                        continue;
                    }
                    if (e.getValue() == 0) {
                        positions.add(new Position(tp, 0, current.get(tp), 0L, "aligned", 0));   // nothing read: the start is exact
                    } else {
                        positions.add(new Position(tp, e.getValue(), current.get(tp), current.get(tp), "not proven (no checkpoint on the backup)",
                                e.getValue() - (current.get(tp) == null ? 0 : Math.min(current.get(tp), e.getValue()))));
                        warnings.add("group " + group + ", " + tp + ": no checkpoint on the backup; resumed where the restored cluster has it"
                                + " (" + (current.get(tp) == null ? "none: auto.offset.reset decides" : "offset " + current.get(tp)) + ")");
                    }
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
        boolean fetched = prefetched != null && Long.valueOf(onBackup - 1).equals(prefetched.get(tp));
        ConsumerRecord<byte[], byte[]> lastRead = fetched ? this.lastRead.get(tp) : KafkaReads.recordAt(backup, tp, onBackup - 1);
        if (lastRead == null) {
            return new Position(tp, upstream, previous, previous, "mirrormaker (the last record the group read is not on the backup)", translatedGap);
        }
        ConsumerRecord<byte[], byte[]> sameOffset = fetched ? this.sameOffset.get(tp) : KafkaReads.recordAt(restored, tp, onBackup - 1);
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
    private Map<TopicPartition, ConsumerRecord<byte[], byte[]>> lastRead;
    private Map<TopicPartition, ConsumerRecord<byte[], byte[]>> sameOffset;
    private Map<TopicPartition, Long> prefetched;

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
