package io.mm2dr.kafka;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Compares one partition's source and restored (target) sequences of records, by content and
 * never by offset, as records arrive from both sides. Memory stays bounded: only records not yet
 * compared are queued (the reader pauses a full queue), plus a fixed window of fingerprints of
 * the last matched records, used to recognise records written twice (MirrorMaker 2 re-sends after
 * a failure without exactly-once).
 */
public final class PartitionCheck {
    /** What to do with records the target holds twice. */
    public enum Duplicates { ALLOW, FAIL }

    /** The first difference found, final. */
    public record Difference(long position, String what, ConsumerRecord<byte[], byte[]> source, ConsumerRecord<byte[], byte[]> target) {
    }

    private final TopicPartition partition;
    private final Duplicates duplicatesPolicy;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> source = new ArrayDeque<>();
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> target = new ArrayDeque<>();
    private final long[] window;
    private final int windowSize;
    private long matched;
    private long sourceRead;
    private long targetRead;
    private long duplicates;
    private long skippedAtStart;
    private long replayFrom = -1;
    private boolean sourceDone;
    private boolean targetDone;
    private boolean targetTruncated;
    private boolean sourceBounded;
    private boolean earlierHistory;
    private long earlierRecords;
    private long targetLogStart;
    private Difference difference;

    public PartitionCheck(TopicPartition partition, Duplicates duplicates, int window) {
        this.partition = partition;
        this.duplicatesPolicy = duplicates;
        this.windowSize = Math.max(1, window);
        this.window = new long[this.windowSize * 2];
    }

    public TopicPartition partition() {
        return partition;
    }

    public void addSource(ConsumerRecord<byte[], byte[]> r) {
        source.addLast(r);
        sourceRead++;
    }

    public void addTarget(ConsumerRecord<byte[], byte[]> r) {
        target.addLast(r);
        targetRead++;
    }

    public int queuedSource() {
        return source.size();
    }

    public int queuedTarget() {
        return target.size();
    }

    /**
     * The source is compared up to a recorded point only: the target's records after the last
     * source record are later ones, not differences, and the partition is complete once every
     * source record is matched.
     */
    public void sourceBounded() {
        this.sourceBounded = true;
    }

    /**
     * The target may begin with records from before the source's first one: the copy of a source
     * cluster that was lost and recreated keeps what the lost one had. They are skipped, and the
     * comparison starts at the first target record equal to the source's first.
     */
    public void earlierHistory() {
        this.earlierHistory = true;
    }

    /** Records at the start of the target skipped as earlier history. */
    public long earlierRecords() {
        return earlierRecords;
    }

    /** Whether each side has been read to its current end (more may come while waiting). */
    public void ends(boolean sourceAtEnd, boolean targetAtEnd) {
        this.sourceDone = sourceAtEnd;
        this.targetDone = targetAtEnd;
    }

    /** The target's log start offset is past 0: its first records may have been deleted by retention. */
    public void targetLogStart(long offset) {
        this.targetLogStart = offset;
        this.targetTruncated = offset > 0;
    }

    /** Compares as far as the queued records allow. */
    public void advance() {
        compare();
        if (difference == null && earlierHistory && matched == 0 && earlierRecords > 0 && sourceDone && targetDone && target.isEmpty()
                && !source.isEmpty()) {
            difference = new Difference(0, "the source's first record is not on the target, after " + earlierRecords
                    + " earlier records (earlier_history: allow)", source.peekFirst(), null);
        }
        if (difference == null && skippedAtStart > 0 && sourceDone && targetDone && source.isEmpty() && target.isEmpty()) {
            // records deleted by the target's retention never come back: that is final
            difference = new Difference(0, skippedAtStart + " of the first records were deleted on the target by its retention (log start offset "
                    + targetLogStart + "): give restored topics retention.ms=-1 or the source's retention", null, null);
        }
    }

    private void compare() {
        while (difference == null) {
            if (replayFrom >= 0) {
                if (!replayStep()) {
                    return;
                }
                continue;
            }
            if (source.isEmpty() || target.isEmpty()) {
                if (source.isEmpty() && sourceDone && !target.isEmpty()) {
                    if (sourceBounded) {
                        return; // records written after the recorded point
                    }
                    extraAtEnd();
                    continue;
                }
                return;
            }
            ConsumerRecord<byte[], byte[]> s = source.peekFirst();
            ConsumerRecord<byte[], byte[]> t = target.peekFirst();
            if (earlierHistory && matched == 0 && skippedAtStart == 0 && !RecordContent.same(s, t)) {
                target.pollFirst(); // before the source's first record: what the copy had from an earlier source
                earlierRecords++;
                continue;
            }
            if (RecordContent.same(s, t)) {
                remember(RecordContent.fingerprint(s));
                source.pollFirst();
                target.pollFirst();
                matched++;
                continue;
            }
            if (matched == 0 && targetTruncated) {
                // the target lost its first records to retention: find where it starts in the source
                source.pollFirst();
                skippedAtStart++;
                continue;
            }
            long found = findInWindow(RecordContent.fingerprint(t));
            if (found >= 0) {
                // the target repeats records it already has: MM2 re-sent them
                if (duplicatesPolicy == Duplicates.FAIL) {
                    difference = new Difference(matched, "a record is on the target twice (MirrorMaker 2 re-sent it; duplicates: fail)", null, t);
                    return;
                }
                replayFrom = found;
                continue;
            }
            if (!classify(s, t)) {
                return; // need one more record on a side to say what differs
            }
        }
    }

    /** One step of walking over a run of records the target repeats; false when it must wait for more. */
    private boolean replayStep() {
        if (replayFrom >= matched) {
            replayFrom = -1;
            return true;
        }
        if (target.isEmpty()) {
            return false;
        }
        long[] fp = RecordContent.fingerprint(target.peekFirst());
        int slot = (int) (replayFrom % windowSize);
        if (window[slot * 2] == fp[0] && window[slot * 2 + 1] == fp[1]) {
            target.pollFirst();
            duplicates++;
            replayFrom++;
            return true;
        }
        // the repeated run ended before catching up: compare normally from here
        replayFrom = -1;
        return true;
    }

    private void extraAtEnd() {
        ConsumerRecord<byte[], byte[]> t = target.peekFirst();
        if (matched == 0 && skippedAtStart > 0) {
            difference = new Difference(0, "the target's first record is not in the source at all", null, t);
            skippedAtStart = 0;
            return;
        }
        long found = findInWindow(RecordContent.fingerprint(t));
        if (found >= 0 && duplicatesPolicy == Duplicates.ALLOW) {
            replayFrom = found;
            return;
        }
        difference = new Difference(matched, found >= 0
                ? "a record is on the target twice (MirrorMaker 2 re-sent it; duplicates: fail)"
                : "an extra record on the target, after the last source record", null, t);
    }

    /** Names the first difference, looking one record ahead on each side; false if a side has no next record yet. */
    private boolean classify(ConsumerRecord<byte[], byte[]> s, ConsumerRecord<byte[], byte[]> t) {
        ConsumerRecord<byte[], byte[]> s1 = second(source);
        ConsumerRecord<byte[], byte[]> t1 = second(target);
        boolean sourceKnown = s1 != null || sourceDone;
        boolean targetKnown = t1 != null || targetDone;
        if (!sourceKnown || !targetKnown) {
            return false;
        }
        String what;
        if (s1 != null && t1 != null && RecordContent.same(t, s1) && RecordContent.same(t1, s)) {
            what = "two records are swapped on the target";
        } else if (s1 != null && RecordContent.same(t, s1)) {
            what = "a record is missing on the target";
        } else if (t1 != null && RecordContent.same(t1, s)) {
            what = "an extra record on the target";
        } else {
            List<String> parts = RecordContent.differences(s, t);
            what = "the " + String.join(" and ", parts) + (parts.size() == 1 ? " differs" : " differ");
        }
        difference = new Difference(matched, what, s, t);
        return true;
    }

    private static ConsumerRecord<byte[], byte[]> second(ArrayDeque<ConsumerRecord<byte[], byte[]>> q) {
        if (q.size() < 2) {
            return null;
        }
        var it = q.iterator();
        it.next();
        return it.next();
    }

    private void remember(long[] fp) {
        int slot = (int) (matched % windowSize);
        window[slot * 2] = fp[0];
        window[slot * 2 + 1] = fp[1];
    }

    /** The source position of the newest remembered record with this fingerprint, or -1. */
    private long findInWindow(long[] fp) {
        long oldest = Math.max(0, matched - windowSize);
        for (long pos = matched - 1; pos >= oldest; pos--) {
            int slot = (int) (pos % windowSize);
            if (window[slot * 2] == fp[0] && window[slot * 2 + 1] == fp[1]) {
                return pos;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ results

    public Difference difference() {
        return difference;
    }

    /** Every source record is on the target, in order, and nothing else (duplicates aside, when allowed). */
    public boolean complete() {
        if (sourceBounded) {
            return difference == null && sourceDone && source.isEmpty() && replayFrom < 0 && skippedAtStart == 0;
        }
        return difference == null && sourceDone && targetDone && source.isEmpty() && target.isEmpty() && replayFrom < 0
                && skippedAtStart == 0;
    }

    /** The source was read up to the end offset last looked at. */
    public boolean sourceDone() {
        return sourceDone;
    }

    public long sourceCount() {
        return sourceRead;
    }

    /** Source records found on the target so far. */
    public long restored() {
        return matched;
    }

    /** Source records read and not (yet) found on the target. */
    public long missing() {
        return sourceRead - matched;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Source records at the start that the target does not have any more (deleted by its retention). */
    public long deletedByRetention() {
        return skippedAtStart;
    }

    public Map<String, Object> report(boolean hideContent) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", sourceRead);
        m.put("restored", matched);
        m.put("missing", sourceRead - matched);
        m.put("duplicates", duplicates);
        if (earlierHistory) {
            m.put("earlier_records", earlierRecords);
        }
        m.put("complete", complete());
        if (skippedAtStart > 0) {
            m.put("deleted_by_retention", skippedAtStart);
            m.put("cause", skippedAtStart + " of the first records were deleted on the target by its retention (log start offset "
                    + targetLogStart + "): give restored topics retention.ms=-1 or the source's retention");
        }
        if (difference != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("topic", partition.topic());
            d.put("partition", partition.partition());
            d.put("position", difference.position());
            d.put("what", difference.what());
            if (difference.source() != null) {
                d.put("source", RecordContent.describe(difference.source(), hideContent));
            }
            if (difference.target() != null) {
                d.put("target", RecordContent.describe(difference.target(), hideContent));
            }
            m.put("first_difference", d);
        }
        return m;
    }
}
