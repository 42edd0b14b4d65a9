package io.mm2dr.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.Heartbeat;

/** MirrorMaker 2's heartbeats on a cluster: the newest one from a given source. */
public final class Heartbeats {
    /** How many of the newest heartbeats of each partition are looked at. */
    private static final long TAIL = 2000;

    public record Newest(long timestamp, String target, long read) {
    }

    private Heartbeats() {
    }

    /** The newest heartbeat from {@code source} (to {@code target} if given), or null if there is none. */
    public static Newest newest(KafkaConnection c, String topic, String source, String target) {
        Map<TopicPartition, Long> starts;
        Map<TopicPartition, Long> ends;
        try (Admin admin = KafkaReads.admin(c)) {
            if (!KafkaReads.await(admin.listTopics().names(), c, "listing topics").contains(topic)) {
                return null;
            }
            TopicDescription d = KafkaReads.await(admin.describeTopics(List.of(topic)).allTopicNames(), c, "describing " + topic).get(topic);
            List<TopicPartition> parts = d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            starts = KafkaReads.offsets(admin, c, parts, OffsetSpec.earliest());
            ends = KafkaReads.offsets(admin, c, parts, OffsetSpec.latest());
        }
        Map<TopicPartition, Long> from = new LinkedHashMap<>();
        ends.forEach((tp, end) -> from.put(tp, Math.max(starts.get(tp), end - TAIL)));
        long[] best = {-1};
        String[] bestTarget = {null};
        long[] read = {0};
        KafkaReads.readRange(c, from, ends, r -> {
            read[0]++;
            Heartbeat h;
            try {
                h = Heartbeat.deserializeRecord(r);
            } catch (RuntimeException e) {
                return; // not a heartbeat
            }
            if (h.sourceClusterAlias().equals(source) && (target == null || h.targetClusterAlias().equals(target)) && h.timestamp() > best[0]) {
                best[0] = h.timestamp();
                bestTarget[0] = h.targetClusterAlias();
            }
        });
        return best[0] < 0 ? null : new Newest(best[0], bestTarget[0], read[0]);
    }

    /**
     * The timestamp of the newest record of a topic (MM2's checkpoints of a source: written only
     * while MM2 can read the source's consumer groups), or -1 if the topic is absent or empty.
     */
    public static long newestRecord(KafkaConnection c, String topic) {
        Map<TopicPartition, Long> starts;
        Map<TopicPartition, Long> ends;
        try (Admin admin = KafkaReads.admin(c)) {
            if (!KafkaReads.await(admin.listTopics().names(), c, "listing topics").contains(topic)) {
                return -1;
            }
            TopicDescription d = KafkaReads.await(admin.describeTopics(List.of(topic)).allTopicNames(), c, "describing " + topic).get(topic);
            List<TopicPartition> parts = d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            starts = KafkaReads.offsets(admin, c, parts, OffsetSpec.earliest());
            ends = KafkaReads.offsets(admin, c, parts, OffsetSpec.latest());
        }
        Map<TopicPartition, Long> from = new LinkedHashMap<>();
        ends.forEach((tp, end) -> from.put(tp, Math.max(starts.get(tp), end - 50)));
        long[] newest = {-1};
        KafkaReads.readRange(c, from, ends, r -> newest[0] = Math.max(newest[0], r.timestamp()));
        return newest[0];
    }
}
