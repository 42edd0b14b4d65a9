package io.mm2dr.kafka;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished drill's record, built as {@link ReadTwiceTest} builds its records (capture, the drill's
 * events in order, the restored positions), with a topic and a consumer group whose names are
 * hostile HTML, for the tests of the drill report's page. Its figures: 37 records lost (30 of
 * LH.ORDERS over 11.2 s, 7 of the hostile topic, none of LH.PAYMENTS); recovery 83 s (45 s to the
 * restore proven, 38 s to the applications resumed); 3 of 4 partitions proven; 40 records read
 * twice by consumer-southamerica, none by the hostile group.
 */
final class DrillReportSample {
    static final String HOSTILE_TOPIC = "<script>alert(\"topic\")</script>&'";
    static final String HOSTILE_GROUP = "\"><img src=x onerror=alert(1)>";
    static final String GROUP = "consumer-southamerica";
    static final Instant NOW = Instant.parse("2026-11-29T10:05:00Z");

    private DrillReportSample() {
    }

    private static Map<String, Object> partition(long backupEnd) {
        return Map.of("primary_start", 0, "primary_end", 100, "backup_start", 0, "backup_end", backupEnd);
    }

    private static Map<String, Object> topic(long lost, double seconds, long onPrimary, Long onBackup, Map<String, Object> partitions) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("records_on_primary", onPrimary);
        t.put("records_on_backup", onBackup);
        t.put("records_lost", lost);
        t.put("seconds_lost", seconds);
        if (onBackup == null) {
            t.put("missing_on_backup", true);
        }
        t.put("partitions", partitions);
        return t;
    }

    private static Map<String, Object> compared(long source, long restored, boolean complete, Map<String, Object> difference) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", source);
        p.put("restored", restored);
        p.put("missing", source - restored);
        p.put("duplicates", 0);
        p.put("complete", complete);
        if (difference != null) {
            p.put("first_difference", difference);
        }
        return p;
    }

    static DrillRecord record() {
        Map<String, Object> topics = new LinkedHashMap<>();
        topics.put("LH.ORDERS", topic(30, 11.2, 200, 170L, Map.of("0", partition(100), "1", partition(35))));
        topics.put("LH.PAYMENTS", topic(0, 0, 50, 50L, Map.of("0", partition(50))));
        topics.put(HOSTILE_TOPIC, topic(7, 4.5, 7, null, Map.of("0", partition(0))));
        Map<String, Object> capture = new LinkedHashMap<>();
        capture.put("captured_at", "2026-11-29T10:00:00.500Z");
        capture.put("primary", "north-america");
        capture.put("backup", "europe");
        capture.put("topics", topics);
        capture.put("groups", Map.of(GROUP, Map.of("LH.ORDERS-0", 60, "LH.ORDERS-1", 30), HOSTILE_GROUP, Map.of("LH.ORDERS-0", 45)));
        DrillRecord record = DrillRecord.empty();
        record.capture(capture);
        record.mark(DrillRecord.REGION_LOST, Instant.parse("2026-11-29T10:00:01Z"), Map.of());
        record.mark(DrillRecord.RECREATION_STARTED, Instant.parse("2026-11-29T10:00:20Z"), Map.of());
        Map<String, Object> proof = new LinkedHashMap<>();
        proof.put("LH.ORDERS", Map.of("partitions", Map.of("0", compared(100, 100, true, null), "1", compared(100, 100, true, null))));
        proof.put("LH.PAYMENTS", Map.of("partitions", Map.of("0", compared(50, 50, true, null))));
        proof.put(HOSTILE_TOPIC, Map.of("partitions", Map.of("0", compared(7, 3, false,
                Map.of("topic", HOSTILE_TOPIC, "partition", 0, "position", 3, "what", "missing record", "source", "secret-looking content")))));
        record.mark(DrillRecord.RESTORE_PROVEN, Instant.parse("2026-11-29T10:01:05Z"), Map.of("proven", true, "topics", proof));
        record.mark(DrillRecord.APPLICATIONS_RESUMED, Instant.parse("2026-11-29T10:01:43Z"), Map.of());
        record.restored(Map.of(
                GROUP, Map.of("partitions", List.of(
                        Map.of("topic", "LH.ORDERS", "partition", 0, "restored_offset", 40),
                        Map.of("topic", "LH.ORDERS", "partition", 1, "restored_offset", 10))),
                HOSTILE_GROUP, Map.of("partitions", List.of(Map.of("topic", "LH.ORDERS", "partition", 0, "restored_offset", 45)))));
        return record;
    }

    static DrillRecord.Report report() {
        return record().report("drill-record.json", NOW);
    }

    static String html() {
        return DrillReportHtml.render(report(), NOW);
    }
}
