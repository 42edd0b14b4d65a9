package io.mm2dr.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.kafka.PartitionCheck.Duplicates;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The comparison rules on in-memory sequences: each mutation is found and named; the untouched copy is complete. */
class PartitionCheckTest {
    private static final TopicPartition TP = new TopicPartition("LH.ORDERS", 0);

    static ConsumerRecord<byte[], byte[]> rec(long offset, String key, String value, long ts, String header) {
        RecordHeaders h = new RecordHeaders();
        if (header != null) {
            h.add(new RecordHeader("origin", header.getBytes(StandardCharsets.UTF_8)));
        }
        h.add(new RecordHeader("nullable", null));
        return new ConsumerRecord<>(TP.topic(), 0, offset, ts, TimestampType.CREATE_TIME, -1, -1,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                h, Optional.empty());
    }

    static List<ConsumerRecord<byte[], byte[]>> source() {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            out.add(rec(i, "k" + (i % 7), i == 20 ? null : "order-" + i, 1_700_000_000_000L + i * 1000, "store-" + (i % 3)));
        }
        return out;
    }

    /** Re-numbers offsets as a restored copy would (offsets are never compared). */
    static List<ConsumerRecord<byte[], byte[]>> shifted(List<ConsumerRecord<byte[], byte[]>> in) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = in.get(i);
            out.add(new ConsumerRecord<>(r.topic(), r.partition(), 1000 + i, r.timestamp(), r.timestampType(), -1, -1, r.key(), r.value(),
                    r.headers(), Optional.empty()));
        }
        return out;
    }

    static PartitionCheck compare(List<ConsumerRecord<byte[], byte[]>> s, List<ConsumerRecord<byte[], byte[]>> t, Duplicates d, boolean feedInChunks) {
        return feed(new PartitionCheck(TP, d, 1000), s, t, feedInChunks);
    }

    /** Feeds both sides to the check, all at once or a few records at a time, then says both ended. */
    static PartitionCheck feed(PartitionCheck c, List<ConsumerRecord<byte[], byte[]>> s, List<ConsumerRecord<byte[], byte[]>> t, boolean feedInChunks) {
        int i = 0;
        int j = 0;
        while (i < s.size() || j < t.size()) {
            int step = feedInChunks ? 3 : 1_000_000;
            for (int n = 0; n < step && i < s.size(); n++) {
                c.addSource(s.get(i++));
            }
            for (int n = 0; n < step + 1 && j < t.size(); n++) {
                c.addTarget(t.get(j++));
            }
            c.ends(i == s.size(), j == t.size());
            c.advance();
        }
        c.ends(true, true);
        c.advance();
        return c;
    }

    static Stream<Arguments> mutations() {
        return Stream.of(
                Arguments.of("a missing record", (UnaryOperator<List<ConsumerRecord<byte[], byte[]>>>) l -> { l.remove(10); return l; },
                        10L, "a record is missing on the target"),
                Arguments.of("a changed key", (UnaryOperator<List<ConsumerRecord<byte[], byte[]>>>) l -> { l.set(12, rec(12, "other", "order-12", 1_700_000_012_000L, "store-0")); return l; },
                        12L, "the key differs"),
                Arguments.of("a changed value", (UnaryOperator<List<ConsumerRecord<byte[], byte[]>>>) l -> { l.set(13, rec(13, "k6", "ORDER-13", 1_700_000_013_000L, "store-1")); return l; },
                        13L, "the value differs"),
                Arguments.of("a changed timestamp", (UnaryOperator<List<ConsumerRecord<byte[], byte[]>>>) l -> { l.set(14, rec(14, "k0", "order-14", 1_700_000_014_001L, "store-2")); return l; },
                        14L, "the timestamp differs"),
                Arguments.of("a changed header", (UnaryOperator<List<ConsumerRecord<byte[], byte[]>>>) l -> { l.set(15, rec(15, "k1", "order-15", 1_700_000_015_000L, "store-9")); return l; },
                        15L, "the headers differs"),
                Arguments.of("two records swapped", (UnaryOperator<List<ConsumerRecord<byte[], byte[]>>>) l -> { var a = l.get(30); l.set(30, l.get(31)); l.set(31, a); return l; },
                        30L, "two records are swapped on the target"),
                Arguments.of("an extra record", (UnaryOperator<List<ConsumerRecord<byte[], byte[]>>>) l -> { l.add(25, rec(0, "new", "extra", 1L, null)); return l; },
                        25L, "an extra record on the target"),
                Arguments.of("an extra record at the end", (UnaryOperator<List<ConsumerRecord<byte[], byte[]>>>) l -> { l.add(rec(0, "new", "extra", 1L, null)); return l; },
                        50L, "an extra record on the target, after the last source record"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void eachMutationIsFoundAndNamed(String name, UnaryOperator<List<ConsumerRecord<byte[], byte[]>>> mutate, long position, String what) {
        for (boolean chunks : new boolean[] {false, true}) {
            PartitionCheck c = compare(source(), shifted(mutate.apply(new ArrayList<>(source()))), Duplicates.ALLOW, chunks);
            assertFalse(c.complete(), name);
            assertEquals(what, c.difference().what(), name);
            assertEquals(position, c.difference().position(), name);
        }
    }

    /** The source up to a recorded point (its first 40 records), the target holding the source's later records too. */
    static PartitionCheck compareUpToRecordedPoint(List<ConsumerRecord<byte[], byte[]>> target, boolean chunks) {
        PartitionCheck c = new PartitionCheck(TP, Duplicates.FAIL, 1000);
        c.sourceBounded();
        List<ConsumerRecord<byte[], byte[]>> s = source().subList(0, 40);
        int j = 0;
        for (int i = 0; i < s.size(); i++) {
            c.addSource(s.get(i));
            for (int n = 0; n < (chunks ? 1 : 1000) && j < target.size(); n++) {
                c.addTarget(target.get(j++));
            }
            c.ends(i == s.size() - 1, j == target.size());
            c.advance();
        }
        while (j < target.size()) {
            c.addTarget(target.get(j++));
        }
        c.ends(true, true);
        c.advance();
        return c;
    }

    @Test
    void upToARecordedPointLaterRecordsOnTheTargetAreNotDifferences() {
        for (boolean chunks : new boolean[] {false, true}) {
            PartitionCheck c = compareUpToRecordedPoint(shifted(source()), chunks);
            assertTrue(c.complete(), String.valueOf(c.difference()));
            assertEquals(40, c.restored());
            PartitionCheck partial = compareUpToRecordedPoint(shifted(source().subList(0, 35)), chunks);
            assertFalse(partial.complete(), "the target has not got the recorded point's records yet");
            assertNull(partial.difference());
        }
    }

    /** The mutations before the recorded point (after it, nothing is compared: the case above). */
    static Stream<Arguments> mutationsBeforeTheRecordedPoint() {
        return mutations().filter(a -> (Long) a.get()[2] < 40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutationsBeforeTheRecordedPoint")
    void upToARecordedPointMutationsBeforeItAreStillFound(String name, UnaryOperator<List<ConsumerRecord<byte[], byte[]>>> mutate, long position, String what) {
        for (boolean chunks : new boolean[] {false, true}) {
            PartitionCheck c = compareUpToRecordedPoint(shifted(mutate.apply(new ArrayList<>(source()))), chunks);
            assertFalse(c.complete(), name);
            assertEquals(what, c.difference().what(), name);
            assertEquals(position, c.difference().position(), name);
        }
    }

    /** A copy that outlived its source cluster: what the lost source had, then the recreated source's records. */
    static List<ConsumerRecord<byte[], byte[]>> afterEarlierHistory(List<ConsumerRecord<byte[], byte[]>> copy) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            out.add(rec(i, "old" + i, "lost-" + i, 1_600_000_000_000L + i, null));
        }
        out.addAll(copy);
        return out;
    }

    static PartitionCheck compareAfterEarlierHistory(List<ConsumerRecord<byte[], byte[]>> s, List<ConsumerRecord<byte[], byte[]>> t, boolean chunks) {
        PartitionCheck c = new PartitionCheck(TP, Duplicates.FAIL, 1000);
        c.earlierHistory();
        return feed(c, s, t, chunks);
    }

    @Test
    void aCopyThatOutlivedItsSourceIsCompleteAfterItsEarlierHistoryWhenAllowed() {
        for (boolean chunks : new boolean[] {false, true}) {
            PartitionCheck c = compareAfterEarlierHistory(source(), shifted(afterEarlierHistory(source())), chunks);
            assertTrue(c.complete(), String.valueOf(c.difference()));
            assertEquals(12, c.earlierRecords());
            assertEquals(50, c.restored());
            // without allowing it, the earlier history is a difference at the first record
            PartitionCheck strict = compare(source(), shifted(afterEarlierHistory(source())), Duplicates.FAIL, chunks);
            assertFalse(strict.complete());
            assertEquals(0, strict.difference().position());
            // only earlier history: the source's first record never comes
            PartitionCheck none = compareAfterEarlierHistory(source(), shifted(afterEarlierHistory(List.of())), chunks);
            assertFalse(none.complete());
            assertEquals("the source's first record is not on the target, after 12 earlier records (earlier_history: allow)", none.difference().what());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutationsAfterTheFirstRecord")
    void afterEarlierHistoryMutationsAreStillFound(String name, UnaryOperator<List<ConsumerRecord<byte[], byte[]>>> mutate, long position, String what) {
        for (boolean chunks : new boolean[] {false, true}) {
            PartitionCheck c = compareAfterEarlierHistory(source(), shifted(afterEarlierHistory(mutate.apply(new ArrayList<>(source())))), chunks);
            assertFalse(c.complete(), name);
            assertEquals(what, c.difference().what(), name);
            assertEquals(position, c.difference().position(), name);
        }
    }

    /** The mutations past the first record (a first record that differs is where the earlier history would end). */
    static Stream<Arguments> mutationsAfterTheFirstRecord() {
        return mutations().filter(a -> (Long) a.get()[2] > 0);
    }

    @Test
    void anUntouchedCopyIsCompleteWhateverItsOffsets() {
        PartitionCheck c = compare(source(), shifted(source()), Duplicates.FAIL, true);
        assertTrue(c.complete());
        assertNull(c.difference());
        assertEquals(50, c.restored());
        assertEquals(0, c.missing());
    }

    @Test
    void aPartialCopyIsIncompleteWithoutADifference() {
        PartitionCheck c = compare(source(), shifted(source().subList(0, 30)), Duplicates.FAIL, true);
        assertFalse(c.complete());
        assertNull(c.difference(), "missing records at the end are not yet restored, not different");
        assertEquals(20, c.missing());
    }

    @Test
    void recordsReSentByMirrorMakerAreAllowedOrRefused() {
        List<ConsumerRecord<byte[], byte[]>> t = new ArrayList<>(source().subList(0, 40));
        t.addAll(source().subList(25, 50)); // re-sent from offset 25 after a failure
        PartitionCheck allowed = compare(source(), shifted(t), Duplicates.ALLOW, true);
        assertTrue(allowed.complete(), String.valueOf(allowed.difference()));
        assertEquals(15, allowed.duplicates());
        PartitionCheck refused = compare(source(), shifted(t), Duplicates.FAIL, true);
        assertFalse(refused.complete());
        assertTrue(refused.difference().what().startsWith("a record is on the target twice"), refused.difference().what());
    }

    @Test
    void recordsDeletedByRetentionOnTheTargetAreReportedWithTheirCause() {
        PartitionCheck c = new PartitionCheck(TP, Duplicates.FAIL, 100);
        c.targetLogStart(7);
        source().forEach(c::addSource);
        shifted(source().subList(7, 50)).forEach(c::addTarget);
        c.ends(true, true);
        c.advance();
        assertFalse(c.complete());
        assertEquals(7, c.deletedByRetention());
        assertTrue(String.valueOf(c.report(false).get("cause")).contains("deleted on the target by its retention"));
    }

    @Test
    void recordsReSentAtTheVeryEndStillLeaveTheRestoreComplete() {
        List<ConsumerRecord<byte[], byte[]>> t = new ArrayList<>(source());
        t.addAll(source().subList(47, 50));
        PartitionCheck c = compare(source(), shifted(t), Duplicates.ALLOW, false);
        assertTrue(c.complete(), String.valueOf(c.difference()));
        assertEquals(3, c.duplicates());
    }
}
