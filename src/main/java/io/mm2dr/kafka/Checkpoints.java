package io.mm2dr.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.Checkpoint;

/**
 * MirrorMaker 2's checkpoints of a source cluster's consumer groups, as kept on the target
 * ({@code <source>.checkpoints.internal}): per group and partition, the newest one, which holds the
 * exact offset the group had committed upstream when MM2 last looked.
 */
public final class Checkpoints {
    private Checkpoints() {
    }

    /** The default checkpoints topic of a source alias. */
    public static String topic(String sourceAlias) {
        return sourceAlias + ".checkpoints.internal";
    }

    /**
     * The newest checkpoint of each matching group and partition in {@code topic} on {@code c}, or
     * null when the cluster has no such topic (MirrorMaker 2 never checkpointed there).
     */
    public static Map<String, Map<TopicPartition, Checkpoint>> newest(KafkaConnection c, String topic, Pattern groups) {
        Map<TopicPartition, Long> start;
        Map<TopicPartition, Long> end;
        try (Admin admin = KafkaReads.admin(c)) {
            if (!KafkaReads.await(admin.listTopics().names(), c, "listing topics").contains(topic)) {
                return null;
            }
            List<TopicPartition> parts = KafkaReads.await(admin.describeTopics(List.of(topic)).allTopicNames(), c, "describing " + topic)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            start = KafkaReads.offsets(admin, c, parts, OffsetSpec.earliest());
            end = KafkaReads.offsets(admin, c, parts, OffsetSpec.latest());
        }
        Map<String, Map<TopicPartition, Checkpoint>> out = new TreeMap<>();
        KafkaReads.readRange(c, start, end, (ConsumerRecord<byte[], byte[]> r) -> {
            Checkpoint cp;
            try {
                cp = Checkpoint.deserializeRecord(r);
            } catch (RuntimeException e) {
                return; // not a checkpoint
            }
            if (groups == null || groups.matcher(cp.consumerGroupId()).matches()) {
                out.computeIfAbsent(cp.consumerGroupId(), k -> new LinkedHashMap<>()).put(cp.topicPartition(), cp);
            }
        });
        return out;
    }
}
