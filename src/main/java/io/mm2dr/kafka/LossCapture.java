package io.mm2dr.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * What deleting the primary region right now would lose: per topic and partition, the records of
 * the primary that are not yet on the backup and how many seconds of events they span, and the
 * committed offsets of the primary's consumer groups (to tell later how much a resumed consumer
 * reads twice).
 *
 * <p><b>Assumption: identity replication with offsets kept.</b> MirrorMaker 2 with the identity
 * replication policy writes each record of a primary partition to the partition of the same name
 * and number on the backup, in order; as long as nothing failed (no re-send after a crash, no
 * transaction markers or compacted gaps on the primary) the backup's offsets equal the primary's.
 * So the records not yet on the backup are the offsets from the backup's end to the primary's end:
 * {@code records_lost = max(0, primaryEnd - max(backupEnd, primaryStart))} (records the primary had
 * already deleted by retention are not on it to lose). A topic or partition missing on the backup
 * loses everything the primary holds. These are offset spans, i.e. record counts where offsets are
 * dense.
 *
 * <p>{@code seconds_lost} is the span of the records lost: from the first record of the primary
 * partition not on the backup to the newest one (record timestamps), not the time since the
 * backup's newest record, which also counts the time nothing was produced; 0 when no record is
 * lost. A topic's {@code seconds_lost} is the largest of its partitions'.
 */
public final class LossCapture {
    /** How many offsets before the end are read to find the last record (transaction markers take offsets too). */
    private static final long TAIL = 50;

    /** One partition on one cluster: its log start and end, and its newest record's timestamp (null when it has none). */
    public record Side(long start, long end, Long newest) {
    }

    private LossCapture() {
    }

    /** True for topics never to capture: Kafka's own ({@code __...}) and MirrorMaker 2's ({@code *.internal}, heartbeats). */
    public static boolean internal(String topic) {
        return topic.startsWith("__") || topic.endsWith(".internal") || topic.equals("heartbeats") || topic.endsWith(".heartbeats");
    }

    /** Records of the primary partition not on the backup; {@code backup} null when the backup lacks the partition. */
    public static long recordsLost(Side primary, Side backup) {
        long from = backup == null ? primary.start() : Math.max(backup.end(), primary.start());
        return Math.max(0, primary.end() - from);
    }

    /**
     * Milliseconds of events lost: newest primary timestamp minus newest backup timestamp; when the
     * backup has no record, newest primary minus {@code firstLost} (the timestamp of the first record
     * not on the backup, null if unknown); 0 when nothing is lost or the primary's timestamps are unknown.
     */
    public static long millisLost(Side primary, Side backup, Long firstLost) {
        if (recordsLost(primary, backup) == 0 || primary.newest() == null) {
            return 0;
        }
        if (firstLost != null) {
            return Math.max(0, primary.newest() - firstLost);
        }
        if (backup != null && backup.newest() != null) {
            return Math.max(0, primary.newest() - backup.newest());
        }
        return 0;
    }

    /**
     * Reads both clusters and returns the capture as stored in the drill record: {@code captured_at},
     * {@code primary}, {@code backup} (aliases only, never credentials), {@code topics}, {@code totals},
     * {@code groups}.
     */
    public static Map<String, Object> capture(KafkaConnection primary, KafkaConnection backup, Pattern topics, Pattern groups,
                                              Instant now, Consumer<String> progress) {
        return capture(primary, backup, topics, groups, Checkpoints.topic(primary.alias()), now, progress);
    }

    /**
     * As above; the groups' positions are also checked against MirrorMaker 2's checkpoints in
     * {@code checkpointsTopic} on the backup ({@code positions}: see {@link Protection#groups}): a
     * position with no checkpoint is lost with the region, as records are.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> capture(KafkaConnection primary, KafkaConnection backup, Pattern topics, Pattern groups,
                                              String checkpointsTopic, Instant now, Consumer<String> progress) {
        progress.accept("reading the topics and consumer groups of " + primary.alias());
        Map<TopicPartition, Side> onPrimary = new HashMap<>();
        Map<String, Integer> partitionCounts = new TreeMap<>();
        Map<String, Object> groupOffsets = new TreeMap<>();
        Map<String, Map<TopicPartition, Long>> committedByGroup = new TreeMap<>();
        try (Admin admin = KafkaReads.admin(primary)) {
            Set<String> names = new TreeSet<>(KafkaReads.await(admin.listTopics().names(), primary, "listing topics"));
            names.removeIf(t -> internal(t) || (topics != null && !topics.matcher(t).matches()));
            if (!names.isEmpty()) {
                Map<String, TopicDescription> described = KafkaReads.await(admin.describeTopics(names).allTopicNames(), primary,
                        "describing topics " + names);
                described.forEach((t, d) -> partitionCounts.put(t, d.partitions().size()));
                onPrimary.putAll(sides(admin, primary, partitions(partitionCounts)));
            }
            for (String g : ConsumerGroups.names(admin, primary, groups)) {
                Map<String, Object> offsets = new TreeMap<>();
                Map<TopicPartition, Long> tps = new HashMap<>();
                ConsumerGroups.committed(admin, primary, g).forEach((tp, offset) -> {
                    if (partitionCounts.containsKey(tp.topic())) {
                        offsets.put(tp.topic() + "-" + tp.partition(), offset);
                        tps.put(tp, offset);
                    }
                });
                groupOffsets.put(g, offsets);
                if (!tps.isEmpty()) {
                    committedByGroup.put(g, tps);
                }
            }
        }
        progress.accept("reading the same topics on " + backup.alias());
        Map<TopicPartition, Side> onBackup = new HashMap<>();
        Set<String> missing = new TreeSet<>();
        try (Admin admin = KafkaReads.admin(backup)) {
            Set<String> there = KafkaReads.await(admin.listTopics().names(), backup, "listing topics");
            Map<String, Integer> both = new TreeMap<>();
            partitionCounts.forEach((t, n) -> {
                if (there.contains(t)) {
                    both.put(t, n);
                } else {
                    missing.add(t);
                }
            });
            if (!both.isEmpty()) {
                Map<String, TopicDescription> described = KafkaReads.await(admin.describeTopics(both.keySet()).allTopicNames(), backup,
                        "describing topics " + both.keySet());
                both.replaceAll((t, n) -> Math.min(n, described.get(t).partitions().size()));
                onBackup.putAll(sides(admin, backup, partitions(both)));
            }
        }
        progress.accept("reading the newest records of " + onPrimary.size() + " partition(s) on both clusters");
        newest(primary, onPrimary);
        newest(backup, onBackup);
        Map<TopicPartition, Long> firstLost = firstLost(primary, onPrimary, onBackup);
        Map<String, Object> out = report(primary.alias(), backup.alias(), now, partitionCounts, onPrimary, onBackup, missing, firstLost, groupOffsets);
        if (!committedByGroup.isEmpty()) {
            progress.accept("reading MirrorMaker 2's checkpoints of the groups on " + backup.alias());
            Map<String, Map<TopicPartition, org.apache.kafka.connect.mirror.Checkpoint>> cps = Checkpoints.newest(backup, checkpointsTopic, groups);
            Map<TopicPartition, Long> starts = new HashMap<>();
            onPrimary.forEach((tp, side) -> starts.put(tp, side.start()));
            Map<String, Object> positions = Protection.groups(committedByGroup, cps == null ? Map.of() : cps, starts, null, null, backup.alias());
            out.put("positions", positions);
            Map<String, Object> totals = (Map<String, Object>) out.get("totals");
            totals.put("groups_unprotected", positions.values().stream().filter(g -> !Boolean.TRUE.equals(((Map<?, ?>) g).get("protected"))).count());
            totals.put("positions_may_reread", positions.values().stream().mapToLong(g -> ((Number) ((Map<?, ?>) g).get("may_reread")).longValue()).sum());
        }
        return out;
    }

    /** Every partition of the topics, from their partition counts. */
    static List<TopicPartition> partitions(Map<String, Integer> counts) {
        List<TopicPartition> out = new ArrayList<>();
        counts.forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                out.add(new TopicPartition(t, p));
            }
        });
        return out;
    }

    private static Map<TopicPartition, Side> sides(Admin admin, KafkaConnection c, List<TopicPartition> parts) {
        Map<TopicPartition, Side> out = new HashMap<>();
        if (parts.isEmpty()) {
            return out;
        }
        Map<TopicPartition, Long> starts = KafkaReads.offsets(admin, c, parts, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = KafkaReads.offsets(admin, c, parts, OffsetSpec.latest());
        parts.forEach(tp -> out.put(tp, new Side(starts.get(tp), ends.get(tp), null)));
        return out;
    }

    /** Fills in the timestamp of the last record of each non-empty partition (an empty one keeps null). */
    private static void newest(KafkaConnection c, Map<TopicPartition, Side> sides) {
        Map<TopicPartition, Long> from = new LinkedHashMap<>();
        Map<TopicPartition, Long> to = new LinkedHashMap<>();
        sides.forEach((tp, s) -> {
            if (s.end() > s.start()) {
                from.put(tp, Math.max(s.start(), s.end() - TAIL));
                to.put(tp, s.end());
            }
        });
        Map<TopicPartition, long[]> last = new HashMap<>(); // offset, timestamp
        KafkaReads.readRange(c, from, to, r -> {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            long[] seen = last.get(tp);
            if (r.timestamp() >= 0 && (seen == null || r.offset() > seen[0])) {
                last.put(tp, new long[] {r.offset(), r.timestamp()});
            }
        });
        last.forEach((tp, l) -> sides.computeIfPresent(tp, (k, s) -> new Side(s.start(), s.end(), l[1])));
    }

    /** Timestamps of the first record not on the backup, for every partition that loses records. */
    private static Map<TopicPartition, Long> firstLost(KafkaConnection c, Map<TopicPartition, Side> primary, Map<TopicPartition, Side> backup) {
        Map<TopicPartition, Long> from = new LinkedHashMap<>();
        Map<TopicPartition, Long> to = new LinkedHashMap<>();
        primary.forEach((tp, p) -> {
            Side b = backup.get(tp);
            if (recordsLost(p, b) > 0) {
                long first = b == null ? p.start() : Math.max(b.end(), p.start());
                from.put(tp, first);
                to.put(tp, Math.min(p.end(), first + TAIL));
            }
        });
        Map<TopicPartition, long[]> first = new HashMap<>();
        KafkaReads.readRange(c, from, to, r -> {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            long[] seen = first.get(tp);
            if (r.timestamp() >= 0 && (seen == null || r.offset() < seen[0])) {
                first.put(tp, new long[] {r.offset(), r.timestamp()});
            }
        });
        Map<TopicPartition, Long> out = new HashMap<>();
        first.forEach((tp, f) -> out.put(tp, f[1]));
        return out;
    }

    private static Map<String, Object> report(String primaryAlias, String backupAlias, Instant now, Map<String, Integer> counts,
                                              Map<TopicPartition, Side> onPrimary, Map<TopicPartition, Side> onBackup, Set<String> missing,
                                              Map<TopicPartition, Long> firstLost, Map<String, Object> groups) {
        Map<String, Object> topics = new TreeMap<>();
        long totalPrimary = 0;
        long totalBackup = 0;
        long totalLost = 0;
        long totalMillis = 0;
        for (Map.Entry<String, Integer> t : counts.entrySet()) {
            Map<String, Object> partitions = new LinkedHashMap<>();
            long recordsPrimary = 0;
            long recordsBackup = 0;
            long lost = 0;
            long millis = 0;
            for (int n = 0; n < t.getValue(); n++) {
                TopicPartition tp = new TopicPartition(t.getKey(), n);
                Side p = onPrimary.get(tp);
                Side b = onBackup.get(tp);
                long partLost = recordsLost(p, b);
                long partMillis = millisLost(p, b, firstLost.get(tp));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("primary_start", p.start());
                m.put("primary_end", p.end());
                m.put("primary_newest", iso(p.newest()));
                m.put("backup_start", b == null ? null : b.start());
                m.put("backup_end", b == null ? null : b.end());
                m.put("backup_newest", b == null ? null : iso(b.newest()));
                m.put("records_lost", partLost);
                m.put("seconds_lost", seconds(partMillis));
                partitions.put(String.valueOf(n), m);
                recordsPrimary += p.end() - p.start();
                recordsBackup += b == null ? 0 : b.end() - b.start();
                lost += partLost;
                millis = Math.max(millis, partMillis);
            }
            Map<String, Object> topic = new LinkedHashMap<>();
            topic.put("records_on_primary", recordsPrimary);
            topic.put("records_on_backup", recordsBackup);
            topic.put("records_lost", lost);
            topic.put("seconds_lost", seconds(millis));
            if (missing.contains(t.getKey())) {
                topic.put("missing_on_backup", true);
            }
            topic.put("partitions", partitions);
            topics.put(t.getKey(), topic);
            totalPrimary += recordsPrimary;
            totalBackup += recordsBackup;
            totalLost += lost;
            totalMillis = Math.max(totalMillis, millis);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("topics", counts.size());
        totals.put("records_on_primary", totalPrimary);
        totals.put("records_on_backup", totalBackup);
        totals.put("records_lost", totalLost);
        totals.put("seconds_lost", seconds(totalMillis));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("captured_at", now.toString());
        out.put("primary", primaryAlias);
        out.put("backup", backupAlias);
        out.put("topics", topics);
        out.put("totals", totals);
        out.put("groups", groups);
        return out;
    }

    private static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    static double seconds(long millis) {
        return millis / 1000.0;
    }
}
