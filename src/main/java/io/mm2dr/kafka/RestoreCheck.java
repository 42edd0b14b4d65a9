package io.mm2dr.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Proves a restore complete (DESIGN section 5): for every topic and partition, the target holds
 * the same sequence of (key, value, timestamp, timestamp type, headers) as the source. Offsets
 * are never compared. Both sides are streamed by one consumer each; a partition whose queue of
 * records not yet compared is full is paused, so memory does not grow with the number of records.
 * With a wait, the check keeps reading as MirrorMaker 2 copies. Every 2 s it reports its progress:
 * records compared of those the source holds, and partitions proven.
 */
public final class RestoreCheck implements AutoCloseable {
    /** Records queued per partition and side before that partition is paused. */
    private static final int QUEUE_LIMIT = 10_000;
    private static final Duration POLL = Duration.ofMillis(100);

    /** What to compare and how. */
    /**
     * What to compare and how. {@code targetPrefix} names the copies on the target as MirrorMaker
     * 2's replication policy does: empty for the identity policy (the same names), {@code
     * "<source alias><separator>"} for the default policy ({@code LH.ORDERS} on Europe is {@code
     * europe.LH.ORDERS} on North America).
     */
    /**
     * @param targetPrefix the copies' prefix (MirrorMaker 2's default policy), "" for the same names
     * @param recordedPoint compare only the records the source holds when the check starts (its end
     *                      offsets then, the recorded point), for a source still written to: the
     *                      target may hold later records too. False: everything the source holds,
     *                      its ends looked at again while waiting (a restore, from a source nobody writes to)
     * @param earlierHistory the target may begin with records from before the source's first one (a copy
     *                       that outlived its source cluster, recreated since): skipped, and counted
     */
    public record Options(List<String> topicNames, Pattern topicPattern, PartitionCheck.Duplicates duplicates, int duplicatesWindow,
                          Pattern sensitiveTopics, boolean waitForIt, Duration timeout, Duration pollInterval, String targetPrefix,
                          boolean recordedPoint, boolean earlierHistory) {
        public Options {
            targetPrefix = targetPrefix == null ? "" : targetPrefix;
        }

        public Options(List<String> topicNames, Pattern topicPattern, PartitionCheck.Duplicates duplicates, int duplicatesWindow,
                       Pattern sensitiveTopics, boolean waitForIt, Duration timeout, Duration pollInterval, String targetPrefix) {
            this(topicNames, topicPattern, duplicates, duplicatesWindow, sensitiveTopics, waitForIt, timeout, pollInterval, targetPrefix, false, false);
        }

        public Options(List<String> topicNames, Pattern topicPattern, PartitionCheck.Duplicates duplicates, int duplicatesWindow,
                       Pattern sensitiveTopics, boolean waitForIt, Duration timeout, Duration pollInterval) {
            this(topicNames, topicPattern, duplicates, duplicatesWindow, sensitiveTopics, waitForIt, timeout, pollInterval, "");
        }
    }

    /** The outcome: complete or not, per topic and partition, with the first difference if any. */
    public record Outcome(boolean complete, boolean differs, String summary, Map<String, Object> topics, Map<String, Object> firstDifference,
                          long sourceRecords, long restoredRecords, List<String> errors) {
    }

    private final KafkaConnection source;
    private final KafkaConnection target;
    private final Options options;
    private final Consumer<String> progress;
    private final BooleanSupplier cancelled;
    private Admin sourceAdmin;
    private Admin targetAdmin;
    private KafkaConsumer<byte[], byte[]> sourceConsumer;
    private KafkaConsumer<byte[], byte[]> targetConsumer;
    /** The source's end offsets when the check started, with {@link Options#recordedPoint()}; null otherwise. */
    private Map<TopicPartition, Long> recordedPoint;
    private final Map<TopicPartition, PartitionCheck> checks = new TreeMap<>(
            (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));

    public RestoreCheck(KafkaConnection source, KafkaConnection target, Options options, Consumer<String> progress, BooleanSupplier cancelled) {
        this.source = source;
        this.target = target;
        this.options = options;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    /** The copy of a source topic on the target. */
    private String onTarget(String topic) {
        return options.targetPrefix() + topic;
    }

    private List<TopicPartition> onTarget(List<TopicPartition> partitions) {
        return partitions.stream().map(tp -> new TopicPartition(onTarget(tp.topic()), tp.partition())).toList();
    }

    /** The source partition a partition of the target copies (for a name without the prefix: itself, never compared). */
    private TopicPartition fromTarget(TopicPartition tp) {
        String prefix = options.targetPrefix();
        return tp.topic().startsWith(prefix) ? new TopicPartition(tp.topic().substring(prefix.length()), tp.partition()) : tp;
    }

    /** Offsets of the target's copies, keyed by the source partitions they copy. */
    private Map<TopicPartition, Long> targetOffsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        endOffsets(targetAdmin, target, onTarget(partitions), spec).forEach((tp, offset) -> out.put(fromTarget(tp), offset));
        return out;
    }

    /** The recorded point (topic -> partition -> the source's end offset when the check started), or null without one. */
    public Map<String, Map<Integer, Long>> recordedPoint() {
        if (recordedPoint == null) {
            return null;
        }
        Map<String, Map<Integer, Long>> out = new TreeMap<>();
        recordedPoint.forEach((tp, offset) -> out.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).put(tp.partition(), offset));
        return out;
    }

    public Outcome run() throws InterruptedException {
        sourceAdmin = KafkaReads.admin(source);
        targetAdmin = KafkaReads.admin(target);
        long deadline = System.nanoTime() + (options.waitForIt() ? options.timeout().toNanos() : 0);
        List<String> errors = new ArrayList<>();
        Set<String> topics;
        while (true) {
            errors.clear();
            topics = topics(errors);
            if (errors.isEmpty() || !options.waitForIt() || System.nanoTime() >= deadline) {
                break;
            }
            progress.accept("waiting for the topics on " + target.describe() + ": " + String.join("; ", errors));
            if (!pause(options.pollInterval())) {
                throw new InterruptedException("interrupted");
            }
        }
        if (!errors.isEmpty()) {
            return new Outcome(false, true, String.join("; ", errors), Map.of(), null, 0, 0, List.copyOf(errors));
        }
        sourceConsumer = KafkaReads.newConsumer(source, consumerProperties(source));
        targetConsumer = KafkaReads.newConsumer(target, consumerProperties(target));
        List<TopicPartition> partitions = new ArrayList<>(checks.keySet());
        sourceConsumer.assign(partitions);
        targetConsumer.assign(onTarget(partitions));
        sourceConsumer.seekToBeginning(partitions);
        targetConsumer.seekToBeginning(onTarget(partitions));
        // the target's ends first: on a live source, the target must not look ahead of the source's snapshot
        Map<TopicPartition, Long> targetEnds = targetOffsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> sourceEnds = endOffsets(sourceAdmin, source, partitions, OffsetSpec.latest());
        if (options.recordedPoint()) {
            recordedPoint = Map.copyOf(sourceEnds);
            checks.values().forEach(PartitionCheck::sourceBounded);
        }
        Map<TopicPartition, Long> targetStarts = targetOffsets(partitions, OffsetSpec.earliest());
        targetStarts.forEach((tp, start) -> checks.get(tp).targetLogStart(start));
        Map<TopicPartition, Long> sourceStarts = endOffsets(sourceAdmin, source, partitions, OffsetSpec.earliest());
        long lastEnds = System.nanoTime();
        // the first progress line once there is something to say, not "0 of 0" at 0 s
        long lastProgress = System.nanoTime();
        long lastChange = System.nanoTime();
        long lastState = -1;
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new InterruptedException("interrupted");
            }
            boolean progressed = read(sourceConsumer, true) | read(targetConsumer, false);
            Map<TopicPartition, Long> sourcePositions = positions(sourceConsumer, source, partitions);
            Map<TopicPartition, Long> targetPositions = new LinkedHashMap<>();
            positions(targetConsumer, target, onTarget(partitions)).forEach((tp, position) -> targetPositions.put(fromTarget(tp), position));
            for (PartitionCheck c : checks.values()) {
                TopicPartition tp = c.partition();
                c.ends(sourcePositions.get(tp) >= sourceEnds.get(tp), targetPositions.get(tp) >= targetEnds.get(tp));
                c.advance();
            }
            flowControl();
            boolean allDone = checks.values().stream().allMatch(c -> c.complete() || c.difference() != null);
            boolean anyDifference = checks.values().stream().anyMatch(c -> c.difference() != null);
            boolean atEnds = true;
            for (PartitionCheck c : checks.values()) {
                TopicPartition tp = c.partition();
                atEnds &= sourcePositions.get(tp) >= sourceEnds.get(tp) && targetPositions.get(tp) >= targetEnds.get(tp)
                        && c.queuedSource() == 0 && c.queuedTarget() == 0;
            }
            long state = 0;
            for (PartitionCheck c : checks.values()) {
                state = state * 31 + c.restored() * 7 + c.sourceCount() * 3 + c.queuedTarget() + c.duplicates();
            }
            long now = System.nanoTime();
            if (state != lastState || progressed) {
                lastState = state;
                lastChange = now;
            }
            // without a wait, stop once nothing moves any more (records missing on the target keep a source queue full)
            boolean stalled = now - lastChange > TimeUnit.SECONDS.toNanos(3);
            if (allDone || anyDifference || (!options.waitForIt() && (atEnds || stalled))) {
                break;
            }
            if (options.waitForIt() && now >= deadline) {
                break;
            }
            if (now - lastProgress > TimeUnit.SECONDS.toNanos(2)) {
                lastProgress = now;
                progress.accept(progressLine(sourceStarts, sourceEnds));
            }
            if (atEnds || (!progressed && now - lastEnds > options.pollInterval().toNanos())) {
                // caught up with what both sides had: look again for what MirrorMaker 2 copied since
                if (atEnds && !pause(options.pollInterval())) {
                    throw new InterruptedException("interrupted");
                }
                targetEnds = targetOffsets(partitions, OffsetSpec.latest());
                if (recordedPoint == null) {
                    sourceEnds = endOffsets(sourceAdmin, source, partitions, OffsetSpec.latest());
                    sourceStarts = endOffsets(sourceAdmin, source, partitions, OffsetSpec.earliest());
                }
                targetOffsets(partitions, OffsetSpec.earliest()).forEach((tp, start) -> checks.get(tp).targetLogStart(start));
                lastEnds = System.nanoTime();
            }
        }
        return outcome();
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<byte[], byte[]> consumer, KafkaConnection c, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new java.util.HashMap<>();
        try {
            for (TopicPartition tp : partitions) {
                out.put(tp, consumer.position(tp));
            }
        } catch (RuntimeException e) {
            throw KafkaFailures.translate(e, c, "reading the topics' positions");
        }
        return out;
    }

    private boolean pause(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Polls one side and queues what it got; true if anything arrived. */
    private boolean read(KafkaConsumer<byte[], byte[]> consumer, boolean isSource) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(POLL);
        } catch (RuntimeException e) {
            throw KafkaFailures.translate(e, isSource ? source : target, "reading the topics");
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition read = new TopicPartition(r.topic(), r.partition());
            PartitionCheck c = checks.get(isSource ? read : fromTarget(read));
            if (isSource) {
                if (recordedPoint != null && r.offset() >= recordedPoint.get(read)) {
                    continue; // written after the recorded point
                }
                c.addSource(r);
            } else {
                c.addTarget(r);
            }
        }
        return !records.isEmpty();
    }

    /** Pauses the partitions with a full queue on a side, resumes them once half drained. */
    private void flowControl() {
        List<TopicPartition> pauseSource = new ArrayList<>();
        List<TopicPartition> resumeSource = new ArrayList<>();
        List<TopicPartition> pauseTarget = new ArrayList<>();
        List<TopicPartition> resumeTarget = new ArrayList<>();
        for (PartitionCheck c : checks.values()) {
            (c.queuedSource() >= QUEUE_LIMIT ? pauseSource : c.queuedSource() < QUEUE_LIMIT / 2 ? resumeSource : new ArrayList<TopicPartition>()).add(c.partition());
            (c.queuedTarget() >= QUEUE_LIMIT ? pauseTarget : c.queuedTarget() < QUEUE_LIMIT / 2 ? resumeTarget : new ArrayList<TopicPartition>()).add(c.partition());
        }
        sourceConsumer.pause(pauseSource);
        sourceConsumer.resume(resumeSource);
        targetConsumer.pause(onTarget(pauseTarget));
        targetConsumer.resume(onTarget(resumeTarget));
    }

    /**
     * "compared 1,200 of 5,000 records (24%), 2 of 6 partitions the same on both sides": records of
     * the source found on the target, of those the source holds (its offsets from start to end,
     * until a partition has been read to its end; transaction markers make that an upper bound).
     */
    private String progressLine(Map<TopicPartition, Long> sourceStarts, Map<TopicPartition, Long> sourceEnds) {
        long compared = 0;
        long total = 0;
        long same = 0;
        for (PartitionCheck c : checks.values()) {
            compared += c.restored();
            long span = sourceEnds.getOrDefault(c.partition(), 0L) - sourceStarts.getOrDefault(c.partition(), 0L);
            total += c.sourceDone() ? c.sourceCount() : Math.max(c.sourceCount(), span);
            same += c.complete() ? 1 : 0;
        }
        return progressLine(compared, total, same, checks.size());
    }

    static String progressLine(long compared, long total, long same, int partitions) {
        String percent = total == 0 ? "" : " (" + Math.min(100, compared * 100 / total) + "%)";
        return String.format(java.util.Locale.ROOT, "compared %,d of %,d records%s, %d of %d partitions the same on both sides",
                compared, total, percent, same, partitions);
    }

    // ------------------------------------------------------------------ which topics

    private Set<String> topics(List<String> errors) {
        checks.clear();
        Set<String> sourceTopics = listTopics(sourceAdmin, source);
        Set<String> targetTopics = listTopics(targetAdmin, target);
        Set<String> wanted = new TreeSet<>();
        if (options.topicNames() != null && !options.topicNames().isEmpty()) {
            wanted.addAll(options.topicNames());
            for (String t : wanted) {
                if (!sourceTopics.contains(t)) {
                    errors.add("topic " + t + " is not on the source " + source.describe());
                }
            }
        } else {
            for (String t : sourceTopics) {
                if (options.topicPattern().matcher(t).matches()) {
                    wanted.add(t);
                }
            }
            String prefix = options.targetPrefix();
            for (String t : targetTopics) {
                String copied = t.startsWith(prefix) ? t.substring(prefix.length()) : null;
                if (copied != null && options.topicPattern().matcher(copied).matches() && !sourceTopics.contains(copied)) {
                    errors.add("topic " + t + " is on the target only");
                }
            }
            if (wanted.isEmpty()) {
                errors.add("no topic of the source matches " + options.topicPattern().pattern());
            }
        }
        Set<String> both = new TreeSet<>();
        for (String t : wanted) {
            if (!targetTopics.contains(onTarget(t))) {
                if (sourceTopics.contains(t)) {
                    errors.add("topic " + t + " is on the source only (" + (onTarget(t).equals(t) ? "not restored yet"
                            : "its copy " + onTarget(t) + " is not on the target yet") + ")");
                }
            } else if (sourceTopics.contains(t)) {
                both.add(t);
            }
        }
        if (both.isEmpty()) {
            return both;
        }
        Map<String, TopicDescription> s = describe(sourceAdmin, source, both);
        Map<String, TopicDescription> d = describe(targetAdmin, target, both.stream().map(this::onTarget).toList());
        for (String t : both) {
            int sp = s.get(t).partitions().size();
            int tp = d.get(onTarget(t)).partitions().size();
            if (sp != tp) {
                errors.add("topic " + t + " has " + sp + " partitions on the source and " + tp + " on the target");
                continue;
            }
            for (int p = 0; p < sp; p++) {
                TopicPartition part = new TopicPartition(t, p);
                PartitionCheck check = new PartitionCheck(part, options.duplicates(), options.duplicatesWindow());
                if (options.earlierHistory()) {
                    check.earlierHistory();
                }
                checks.put(part, check);
            }
        }
        return both;
    }

    private static Set<String> listTopics(Admin admin, KafkaConnection c) {
        try {
            return new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw KafkaFailures.translate(e instanceof java.util.concurrent.TimeoutException
                    ? new org.apache.kafka.common.errors.TimeoutException(e.getMessage()) : e, c, "listing topics");
        }
    }

    private static Map<String, TopicDescription> describe(Admin admin, KafkaConnection c, Collection<String> topics) {
        try {
            return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw KafkaFailures.translate(e instanceof java.util.concurrent.TimeoutException
                    ? new org.apache.kafka.common.errors.TimeoutException(e.getMessage()) : e, c, "describing topics " + topics);
        }
    }

    /** Offsets as a read_committed consumer sees them (an open transaction ends the readable log). */
    static Map<TopicPartition, Long> endOffsets(Admin admin, KafkaConnection c, List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> q = new LinkedHashMap<>();
        partitions.forEach(tp -> q.put(tp, spec));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(q,
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                    .all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new LinkedHashMap<>();
            r.forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (Exception e) {
            throw KafkaFailures.translate(e instanceof java.util.concurrent.TimeoutException
                    ? new org.apache.kafka.common.errors.TimeoutException(e.getMessage()) : e, c, "reading offsets");
        }
    }

    // ------------------------------------------------------------------ the outcome

    private Outcome outcome() {
        Map<String, Object> topics = new TreeMap<>();
        Map<String, Object> first = null;
        long sourceRecords = 0;
        long restored = 0;
        long earlier = 0;
        boolean complete = true;
        boolean differs = false;
        for (PartitionCheck c : checks.values()) {
            String topic = c.partition().topic();
            boolean hide = options.sensitiveTopics() != null && options.sensitiveTopics().matcher(topic).matches();
            @SuppressWarnings("unchecked")
            Map<String, Object> t = (Map<String, Object>) topics.computeIfAbsent(topic, k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", 0L);
                m.put("restored", 0L);
                m.put("missing", 0L);
                m.put("duplicates", 0L);
                m.put("complete", true);
                m.put("partitions", new TreeMap<Integer, Object>());
                return m;
            });
            Map<String, Object> report = c.report(hide);
            @SuppressWarnings("unchecked")
            Map<Integer, Object> parts = (Map<Integer, Object>) t.get("partitions");
            parts.put(c.partition().partition(), report);
            t.put("source", (Long) t.get("source") + c.sourceCount());
            t.put("restored", (Long) t.get("restored") + c.restored());
            t.put("missing", (Long) t.get("missing") + c.missing());
            t.put("duplicates", (Long) t.get("duplicates") + c.duplicates());
            if (options.earlierHistory()) {
                t.merge("earlier_records", c.earlierRecords(), (a, b) -> (Long) a + (Long) b);
                earlier += c.earlierRecords();
            }
            t.put("complete", (Boolean) t.get("complete") && c.complete());
            sourceRecords += c.sourceCount();
            restored += c.restored();
            complete &= c.complete();
            if (c.difference() != null || c.deletedByRetention() > 0) {
                differs = true;
                if (first == null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> d = (Map<String, Object>) report.get("first_difference");
                    first = d != null ? d : Map.of("topic", topic, "partition", c.partition().partition(), "what", report.get("cause"));
                }
            }
        }
        // up to a recorded point, the target is a copy still being written, not a restore
        String what = recordedPoint == null ? "restore" : "copy up to the recorded point";
        String summary;
        if (complete) {
            summary = what + " complete: " + restored + (restored == 1 ? " record" : " records") + " in " + topics.size()
                    + (topics.size() == 1 ? " topic" : " topics") + " (" + checks.size() + (checks.size() == 1 ? " partition" : " partitions")
                    + "), the same on both sides" + (earlier == 0 ? "" : " (after " + earlier + " earlier records on the target, skipped)");
        } else if (first != null) {
            summary = what + " not complete: " + first.get("topic") + " partition " + first.get("partition")
                    + (first.get("position") != null ? " at position " + first.get("position") : "") + ": " + first.get("what");
        } else {
            summary = what + " not complete: " + restored + " of " + sourceRecords + " records " + (recordedPoint == null ? "restored" : "copied");
        }
        return new Outcome(complete, differs, summary, topics, first, sourceRecords, restored, List.of());
    }

    // ------------------------------------------------------------------ clients

    private static Properties consumerProperties(KafkaConnection c) {
        Properties p = c.clientProperties();
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", "10000");
        // with the queue limit, what bounds memory whatever the number of records
        p.put("fetch.max.bytes", String.valueOf(32 * 1024 * 1024));
        p.put("max.partition.fetch.bytes", String.valueOf(4 * 1024 * 1024));
        p.put("receive.buffer.bytes", String.valueOf(1024 * 1024));
        p.put("check.crcs", "false");
        p.put("isolation.level", "read_committed");
        p.put("client.id", "mm2dr-restore-check");
        return p;
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {sourceConsumer, targetConsumer, sourceAdmin, targetAdmin}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing is best effort
                }
            }
        }
    }
}
