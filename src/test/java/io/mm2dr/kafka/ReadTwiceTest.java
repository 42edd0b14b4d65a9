package io.mm2dr.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The drill report's "records read twice" counts only what the restored consumer can read again:
 * between where the restore put the group and where the group had read on the lost cluster, but
 * never past what the backup held when the region was lost. Records the group had read that never
 * reached the backup (MirrorMaker 2 stopped or behind) are lost data, not records read twice; the
 * fault suite's independent count from the consumer's own log showed the difference when
 * MirrorMaker 2 was killed just before the loss.
 */
class ReadTwiceTest {

    private static Map<String, Object> partition(long backupEnd) {
        return Map.of("primary_start", 0, "primary_end", 100, "backup_start", 0, "backup_end", backupEnd);
    }

    private static long readTwice(Map<String, Object> capture) {
        DrillRecord record = DrillRecord.empty();
        record.capture(capture);
        record.mark(DrillRecord.REGION_LOST, Instant.parse("2026-11-29T10:00:00Z"), Map.of());
        record.mark(DrillRecord.RECREATION_STARTED, Instant.parse("2026-11-29T10:01:00Z"), Map.of());
        record.mark(DrillRecord.RESTORE_PROVEN, Instant.parse("2026-11-29T10:01:30Z"), Map.of());
        record.mark(DrillRecord.APPLICATIONS_RESUMED, Instant.parse("2026-11-29T10:02:00Z"), Map.of());
        record.restored(Map.of("consumer", Map.of("partitions", List.of(
                Map.of("topic", "LH.ORDERS", "partition", 0, "restored_offset", 40),
                Map.of("topic", "LH.ORDERS", "partition", 1, "restored_offset", 10)))));
        return ((Number) record.report("record.json", Instant.parse("2026-11-29T10:03:00Z")).data().get("records_read_twice")).longValue();
    }

    @Test
    void onlyWhatTheBackupHeldIsReadTwice() {
        Map<String, Object> groups = Map.of("consumer", Map.of("LH.ORDERS-0", 60, "LH.ORDERS-1", 30));
        // the backup had everything the group read: 20 + 20
        assertEquals(40, readTwice(Map.of("topics", Map.of("LH.ORDERS", Map.of("partitions", Map.of("0", partition(100), "1", partition(100)))),
                "groups", groups)));
        // the backup had partition 0 up to 50 only (10 read records lost there) and partition 1 up to 5, before the restored position
        assertEquals(10, readTwice(Map.of("topics", Map.of("LH.ORDERS", Map.of("partitions", Map.of("0", partition(50), "1", partition(5)))),
                "groups", groups)));
        // a record without the backup's ends (an older drill record): the captured positions as they are
        assertEquals(40, readTwice(Map.of("groups", groups)));
    }
}
