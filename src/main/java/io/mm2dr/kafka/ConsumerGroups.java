package io.mm2dr.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Consumer groups of a cluster: their state, members, committed offsets, end offsets and lag. */
public final class ConsumerGroups {
    private ConsumerGroups() {
    }

    public static List<String> names(Admin admin, KafkaConnection c, Pattern groups) {
        List<String> out = new ArrayList<>();
        for (GroupListing g : KafkaReads.await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all(), c, "listing consumer groups")) {
            if (groups == null || groups.matcher(g.groupId()).matches()) {
                out.add(g.groupId());
            }
        }
        out.sort(null);
        return out;
    }

    public static Map<TopicPartition, Long> committed(Admin admin, KafkaConnection c, String group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = KafkaReads.await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), c, "reading the offsets of group " + group);
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        offsets.forEach((tp, om) -> {
            if (om != null) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    /** The group's description, or null when the cluster has no such group. */
    public static ConsumerGroupDescription description(Admin admin, KafkaConnection c, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, java.util.concurrent.TimeUnit.SECONDS).get(group);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return null;
            }
            throw KafkaFailures.translate(e, c, "describing group " + group);
        } catch (java.util.concurrent.TimeoutException e) {
            throw KafkaFailures.translate(new org.apache.kafka.common.errors.TimeoutException(e.getMessage()), c, "describing group " + group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while describing group " + group, e);
        }
    }

    /** Every matching group: state, members, and per partition its committed offset, end offset and lag. */
    public static Map<String, Object> describe(KafkaConnection c, Pattern groups, Pattern topics) {
        Map<String, Object> out = new TreeMap<>();
        try (Admin admin = KafkaReads.admin(c)) {
            for (String g : names(admin, c, groups)) {
                ConsumerGroupDescription d = description(admin, c, g);
                if (d == null) {
                    continue;
                }
                Map<TopicPartition, Long> committed = committed(admin, c, g);
                committed.keySet().removeIf(tp -> topics != null && !topics.matcher(tp.topic()).matches());
                Map<TopicPartition, Long> ends = committed.isEmpty() ? Map.of()
                        : KafkaReads.offsets(admin, c, committed.keySet(), OffsetSpec.latest());
                List<Object> partitions = new ArrayList<>();
                long lag = 0;
                for (TopicPartition tp : committed.keySet().stream().sorted((a, b) -> a.topic().equals(b.topic())
                        ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic())).toList()) {
                    long end = ends.getOrDefault(tp, 0L);
                    long l = Math.max(0, end - committed.get(tp));
                    lag += l;
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("topic", tp.topic());
                    p.put("partition", tp.partition());
                    p.put("committed", committed.get(tp));
                    p.put("end", end);
                    p.put("lag", l);
                    partitions.add(p);
                }
                Map<String, Object> gm = new LinkedHashMap<>();
                gm.put("state", d.groupState() == null ? "unknown" : d.groupState().toString());
                gm.put("members", d.members().size());
                gm.put("lag", lag);
                gm.put("partitions", partitions);
                out.put(g, gm);
            }
        }
        return out;
    }
}
