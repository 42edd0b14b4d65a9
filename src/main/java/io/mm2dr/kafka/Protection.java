package io.mm2dr.kafka;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.Checkpoint;

/**
 * Whether a backup cluster protects a primary right now: what losing the primary at this moment
 * could be recovered from the backup.
 *
 * <p>The backup <b>protects</b> the primary when
 * <ul>
 * <li>every topic of the primary (matching the pattern; Kafka's and MirrorMaker 2's own never) is
 * on the backup with all its partitions, and every partition that holds records on the primary
 * holds records on the backup (MirrorMaker 2 is copying it); records not copied yet are reported
 * as {@code records_behind}, the data a loss now would cost, not as a lack of protection; and</li>
 * <li>every consumer group of the primary (matching the pattern) that has committed a position
 * past the start of a partition has a MirrorMaker 2 checkpoint for that partition on the backup:
 * without it the group's position is lost with the primary and the restored consumer starts where
 * its {@code auto.offset.reset} says. A checkpoint older than the group's position is protection
 * with a cost: the records between the two are read again ({@code may_reread}).</li>
 * </ul>
 */
public final class Protection {
    /** How many unprotected partitions a message names before "and N more". */
    private static final int NAMED = 4;

    /** The check's outcome: protected or not, the report (result keys), and one line per gap. */
    public record Result(boolean isProtected, Map<String, Object> report, List<String> gaps, String summary) {
    }

    private Protection() {
    }

    public static Result check(KafkaConnection primary, KafkaConnection backup, Pattern topics, Pattern groups, String checkpointsTopic) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<TopicPartition, Long> starts = new HashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        Map<String, Map<TopicPartition, Long>> committed = new TreeMap<>();
        try (Admin admin = KafkaReads.admin(primary)) {
            Set<String> names = new TreeSet<>(KafkaReads.await(admin.listTopics().names(), primary, "listing topics"));
            names.removeIf(t -> LossCapture.internal(t) || (topics != null && !topics.matcher(t).matches()));
            if (!names.isEmpty()) {
                KafkaReads.await(admin.describeTopics(names).allTopicNames(), primary, "describing topics " + names)
                        .forEach((t, d) -> counts.put(t, d.partitions().size()));
                List<TopicPartition> parts = LossCapture.partitions(counts);
                starts.putAll(KafkaReads.offsets(admin, primary, parts, OffsetSpec.earliest()));
                ends.putAll(KafkaReads.offsets(admin, primary, parts, OffsetSpec.latest()));
            }
            for (String g : ConsumerGroups.names(admin, primary, groups)) {
                Map<TopicPartition, Long> offsets = new HashMap<>(ConsumerGroups.committed(admin, primary, g));
                offsets.keySet().removeIf(tp -> !counts.containsKey(tp.topic()));
                if (!offsets.isEmpty()) {
                    committed.put(g, offsets);
                }
            }
        }
        Map<String, Integer> backupCounts = new TreeMap<>();
        Map<TopicPartition, Long> backupEnds = new HashMap<>();
        try (Admin admin = KafkaReads.admin(backup)) {
            Set<String> there = KafkaReads.await(admin.listTopics().names(), backup, "listing topics");
            Set<String> both = new TreeSet<>(counts.keySet());
            both.retainAll(there);
            if (!both.isEmpty()) {
                Map<String, TopicDescription> d = KafkaReads.await(admin.describeTopics(both).allTopicNames(), backup, "describing topics " + both);
                d.forEach((t, desc) -> backupCounts.put(t, desc.partitions().size()));
                backupEnds.putAll(KafkaReads.offsets(admin, backup, LossCapture.partitions(backupCounts), OffsetSpec.latest()));
            }
        }
        Map<String, Map<TopicPartition, Checkpoint>> checkpoints = committed.isEmpty() ? Map.of()
                : Checkpoints.newest(backup, checkpointsTopic, groups);

        List<String> gaps = new ArrayList<>();
        Map<String, Object> topicReport = new TreeMap<>();
        long behind = 0;
        int mirrored = 0;
        for (Map.Entry<String, Integer> t : counts.entrySet()) {
            String topic = t.getKey();
            Integer onBackup = backupCounts.get(topic);
            long topicBehind = 0;
            List<String> notCopied = new ArrayList<>();
            for (int p = 0; p < t.getValue(); p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                long end = ends.getOrDefault(tp, 0L);
                long start = starts.getOrDefault(tp, 0L);
                Long backupEnd = backupEnds.get(tp);
                topicBehind += Math.max(0, end - Math.max(start, backupEnd == null ? 0 : backupEnd));
                if (end > start && (backupEnd == null || backupEnd == 0)) {
                    notCopied.add(String.valueOf(p));
                }
            }
            boolean ok = onBackup != null && onBackup >= t.getValue() && notCopied.isEmpty();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("partitions", t.getValue());
            m.put("partitions_on_backup", onBackup == null ? 0 : onBackup);
            m.put("records_behind", topicBehind);
            m.put("mirrored", ok);
            topicReport.put(topic, m);
            behind += topicBehind;
            if (ok) {
                mirrored++;
            } else if (onBackup == null) {
                gaps.add("topic " + topic + " is not on " + backup.alias());
            } else if (onBackup < t.getValue()) {
                gaps.add("topic " + topic + " has " + onBackup + " of its " + t.getValue() + " partitions on " + backup.alias());
            } else {
                gaps.add("topic " + topic + ": partition(s) " + String.join(", ", notCopied) + " have records on " + primary.alias()
                        + " and none on " + backup.alias() + " yet");
            }
        }
        Map<String, Object> groupReport = groups(committed, checkpoints == null ? Map.of() : checkpoints, starts, ends, gaps, backup.alias());
        int protectedGroups = (int) groupReport.values().stream().filter(g -> Boolean.TRUE.equals(((Map<?, ?>) g).get("protected"))).count();
        long mayReread = groupReport.values().stream().mapToLong(g -> ((Number) ((Map<?, ?>) g).get("may_reread")).longValue()).sum();

        Map<String, Object> report = new LinkedHashMap<>();
        boolean isProtected = gaps.isEmpty();
        report.put("protected", isProtected);
        report.put("topics", topicReport);
        report.put("groups", groupReport);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("topics", counts.size());
        totals.put("topics_mirrored", mirrored);
        totals.put("records_behind", behind);
        totals.put("groups", groupReport.size());
        totals.put("groups_protected", protectedGroups);
        totals.put("may_reread", mayReread);
        report.put("totals", totals);
        report.put("gaps", gaps);
        String summary = mirrored + "/" + counts.size() + " topic(s) mirrored (" + behind + " record(s) not copied yet), "
                + protectedGroups + "/" + groupReport.size() + " group(s) with a checkpoint on every partition"
                + (mayReread > 0 ? " (" + mayReread + " record(s) would be read again)" : "");
        return new Result(isProtected, report, gaps, summary);
    }

    /**
     * Per group: which committed partitions have a checkpoint on the backup, and what a loss now
     * would cost it: partitions without a checkpoint ({@code unprotected}), and records it would
     * read again ({@code may_reread}: committed minus checkpointed upstream offset where there is a
     * checkpoint; committed minus the log start where there is none). A position at or before the
     * log start needs no checkpoint, but where the partition holds records ({@code logEnds}, if
     * given) the group is about to read past it, and its new position will have no checkpoint for
     * up to MirrorMaker 2's interval: such a partition is not protected yet ({@code at_start}).
     * Adds one gap line per group that is not protected.
     */
    public static Map<String, Object> groups(Map<String, Map<TopicPartition, Long>> committed,
                                             Map<String, Map<TopicPartition, Checkpoint>> checkpoints,
                                             Map<TopicPartition, Long> logStarts, Map<TopicPartition, Long> logEnds,
                                             List<String> gaps, String backupAlias) {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Map<TopicPartition, Long>> g : committed.entrySet()) {
            Map<TopicPartition, Checkpoint> cps = checkpoints.getOrDefault(g.getKey(), Map.of());
            List<String> unprotected = new ArrayList<>();
            List<String> atStart = new ArrayList<>();
            long reread = 0;
            int needing = 0;
            for (Map.Entry<TopicPartition, Long> p : g.getValue().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::toString))).toList()) {
                long start = logStarts.getOrDefault(p.getKey(), 0L);
                long offset = p.getValue();
                if (offset <= start) {
                    if (logEnds != null && logEnds.getOrDefault(p.getKey(), 0L) > start && !cps.containsKey(p.getKey())) {
                        atStart.add(p.getKey().toString());   // records to read: its next position has no checkpoint yet
                    }
                    continue; // nothing read that a loss could make it read again
                }
                needing++;
                Checkpoint cp = cps.get(p.getKey());
                if (cp == null) {
                    unprotected.add(p.getKey().toString());
                    reread += offset - start;
                } else {
                    reread += Math.max(0, offset - cp.upstreamOffset());
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("protected", unprotected.isEmpty() && atStart.isEmpty());
            m.put("partitions", g.getValue().size());
            m.put("partitions_with_position", needing);
            m.put("partitions_checkpointed", needing - unprotected.size());
            m.put("unprotected", unprotected);
            m.put("at_start", atStart);
            m.put("may_reread", reread);
            out.put(g.getKey(), m);
            if (!unprotected.isEmpty() && gaps != null) {
                gaps.add("group " + g.getKey() + " has no checkpoint on " + backupAlias + " for " + unprotected.size() + " of its "
                        + needing + " positioned partition(s) (" + named(unprotected) + ")");
            }
            if (!atStart.isEmpty() && gaps != null) {
                gaps.add("group " + g.getKey() + " has not read past the start of " + atStart.size() + " partition(s) that hold records ("
                        + named(atStart) + "): its next position there has no checkpoint yet");
            }
        }
        return out;
    }

    static String named(List<String> items) {
        return String.join(", ", items.subList(0, Math.min(NAMED, items.size())))
                + (items.size() > NAMED ? " and " + (items.size() - NAMED) + " more" : "");
    }
}
