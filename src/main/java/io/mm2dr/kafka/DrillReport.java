package io.mm2dr.kafka;

import static io.mm2dr.kafka.DrillRecord.APPLICATIONS_RESUMED;
import static io.mm2dr.kafka.DrillRecord.RECREATION_STARTED;
import static io.mm2dr.kafka.DrillRecord.RESTORE_PROVEN;
import static io.mm2dr.kafka.DrillRecord.decimal;
import static io.mm2dr.kafka.DrillRecord.map;
import static io.mm2dr.kafka.DrillRecord.number;
import static io.mm2dr.kafka.DrillRecord.seconds;

import io.mm2dr.kafka.DrillRecord.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report of a {@link DrillRecord} as of {@code now}: data lost (from the capture), recovery time (from
 * {@value DrillRecord#RECREATION_STARTED} to {@value DrillRecord#APPLICATIONS_RESUMED}, or so far) step by
 * step, the restore's proof per partition, and records read twice. {@link DrillReportHtml} draws it as a page.
 *
 * <p>Records read twice: per group and partition, the offset the group had committed on the
 * primary when captured minus the offset it was restored to ({@code events.applications_resumed.data.restored}),
 * when positive: records the consumer had processed before the loss and will process again. This
 * compares offsets of two clusters, so it holds only where the restored topic's offsets equal
 * the primary's (identity replication into a topic restored from offset 0 of an unpruned log).
 */
final class DrillReport {
    /** How many topics with losses the report's one line names before "and N more". */
    private static final int TOPICS_NAMED = 6;

    private final DrillRecord record;

    DrillReport(DrillRecord record) {
        this.record = record;
    }

    Report report(String shownPath, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        lines.add("Drill report (record " + shownPath + ")");
        data.put("record", shownPath);
        Map<String, Object> at = new LinkedHashMap<>();
        record.events().forEach((name, e) -> at.put(name, e instanceof Map<?, ?> m ? m.get("at") : null));
        data.put("events", at);
        data.put("captured_at", record.capture() == null ? null : record.capture().get("captured_at"));
        data.put("primary", record.capture() == null ? null : record.capture().get("primary"));
        data.put("backup", record.capture() == null ? null : record.capture().get("backup"));
        dataLost(data, lines);
        recovery(data, lines, now);
        restoreProof(data, lines);
        readTwice(data, lines);
        return new Report(data, lines, summary(data));
    }

    /** One line: data lost, recovery time, partitions proven, records read twice. */
    private static String summary(Map<String, Object> data) {
        List<String> parts = new ArrayList<>();
        Map<String, Object> lost = map(data.get("data_lost"));
        parts.add(lost.isEmpty() ? "data lost: unknown"
                : "data lost: " + number(lost.get("records_lost")) + " record(s)"
                + (number(lost.get("records_lost")) == 0 ? "" : " (" + seconds(decimal(lost.get("seconds_lost"))) + " s)"));
        if (data.get("recovery_seconds") != null) {
            parts.add("recovery: " + seconds(decimal(data.get("recovery_seconds"))) + " s");
        } else if (data.get("time_so_far_seconds") != null) {
            parts.add("recovery: " + seconds(decimal(data.get("time_so_far_seconds"))) + " s so far");
        } else {
            parts.add("recovery: not started");
        }
        Map<String, Object> proof = map(data.get("restore_proof"));
        if (number(proof.get("partitions_total")) > 0) {
            parts.add("restore proven: " + number(proof.get("partitions_proven")) + "/" + number(proof.get("partitions_total")) + " partitions");
        }
        parts.add("read twice: " + (data.get("records_read_twice") == null ? "unknown" : number(data.get("records_read_twice")) + " record(s)"));
        return String.join("; ", parts);
    }

    private void dataLost(Map<String, Object> data, List<String> lines) {
        if (record.capture() == null) {
            data.put("data_lost", null);
            lines.add("  data lost: unknown (nothing captured: run drill_report action=capture before the primary is deleted)");
            return;
        }
        Map<String, Object> topics = new TreeMap<>();
        long records = 0;
        double seconds = 0;
        List<String> named = new ArrayList<>();
        for (Map.Entry<String, Object> t : map(record.capture().get("topics")).entrySet()) {
            Map<String, Object> tm = map(t.getValue());
            long lost = number(tm.get("records_lost"));
            double s = decimal(tm.get("seconds_lost"));
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("records_lost", lost);
            one.put("seconds_lost", s);
            one.put("records_on_primary", tm.get("records_on_primary"));
            one.put("records_on_backup", tm.get("records_on_backup"));
            one.put("missing_on_backup", Boolean.TRUE.equals(tm.get("missing_on_backup")));
            topics.put(t.getKey(), one);
            records += lost;
            seconds = Math.max(seconds, s);
            if (lost > 0) {
                named.add(t.getKey() + " " + lost + " / " + seconds(s) + " s");
            }
        }
        Map<String, Object> lost = new LinkedHashMap<>();
        lost.put("records_lost", records);
        lost.put("seconds_lost", seconds);
        lost.put("topics", topics);
        data.put("data_lost", lost);
        if (records == 0) {
            lines.add("  data lost: none (the backup held every record of " + topics.size() + " topic(s) when captured)");
            return;
        }
        String list = String.join(", ", named.subList(0, Math.min(TOPICS_NAMED, named.size())))
                + (named.size() > TOPICS_NAMED ? " and " + (named.size() - TOPICS_NAMED) + " more" : "");
        lines.add("  data lost: " + records + " record(s), the last " + seconds(seconds) + " s of events (" + list + ")");
    }

    private void recovery(Map<String, Object> data, List<String> lines, Instant now) {
        Instant started = record.at(RECREATION_STARTED);
        Instant resumed = record.at(APPLICATIONS_RESUMED);
        Double recovery = null;
        Double soFar = null;
        if (started == null) {
            lines.add("  recovery: not started (no " + RECREATION_STARTED + " event)");
        } else if (resumed != null && resumed.isBefore(started)) {
            lines.add("  recovery: unknown (the record's events are out of order: " + APPLICATIONS_RESUMED + " before " + RECREATION_STARTED + ")");
        } else if (resumed != null) {
            recovery = Duration.between(started, resumed).toMillis() / 1000.0;
            lines.add("  recovery: " + seconds(recovery) + " s from the start of recreation to applications resumed");
        } else {
            soFar = Math.max(0, Duration.between(started, now).toMillis()) / 1000.0;
            lines.add("  recovery: " + seconds(soFar) + " s so far since the start of recreation (applications not resumed yet)");
        }
        data.put("recovery_seconds", recovery);
        data.put("time_so_far_seconds", soFar);
        data.put("recovery_steps", started == null || recovery == null && soFar == null ? List.of() : steps(started, resumed, now));
    }

    /**
     * The recovery time step by step: from each event marked between {@value DrillRecord#RECREATION_STARTED}
     * and {@value DrillRecord#APPLICATIONS_RESUMED} (the drill's own and any other) to the next; while
     * the applications have not resumed, the last step runs until {@code now}.
     */
    private List<Map<String, Object>> steps(Instant started, Instant resumed, Instant now) {
        Instant end = resumed != null ? resumed : now.isBefore(started) ? started : now;
        List<Map.Entry<String, Instant>> marks = new ArrayList<>();
        for (String name : record.events().keySet()) {
            Instant t = record.at(name);
            if (t != null && !t.isBefore(started) && !t.isAfter(end) && !name.equals(APPLICATIONS_RESUMED)) {
                marks.add(Map.entry(name, t));
            }
        }
        marks.sort(Map.Entry.comparingByValue()); // stable: events marked at the same instant keep their order
        marks.add(Map.entry(resumed != null ? APPLICATIONS_RESUMED : "now", end));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; i + 1 < marks.size(); i++) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("from", marks.get(i).getKey());
            step.put("to", marks.get(i + 1).getKey());
            step.put("seconds", Duration.between(marks.get(i).getValue(), marks.get(i + 1).getValue()).toMillis() / 1000.0);
            steps.add(step);
        }
        return steps;
    }

    /**
     * The restore's proof, per partition, as {@code mirror_compare} found it when recreate-from-backup
     * marked {@value DrillRecord#RESTORE_PROVEN} ({@code data.topics}, its {@code topics} result): each
     * partition's source records, restored, missing and duplicates, whether it is the same on both
     * sides, and what differs first.
     */
    private void restoreProof(Map<String, Object> data, List<String> lines) {
        Map<String, Object> proven = record.event(RESTORE_PROVEN);
        if (proven == null) {
            data.put("restore_proof", null);
            return;
        }
        Map<String, Object> markData = map(proven.get("data"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, Object> t : new TreeMap<>(map(markData.get("topics"))).entrySet()) {
            Map<String, Object> parts = map(map(t.getValue()).get("partitions"));
            List<String> keys = new ArrayList<>(parts.keySet());
            keys.sort(java.util.Comparator.comparingLong(k -> k.matches("\\d+") ? Long.parseLong(k) : Long.MAX_VALUE));
            for (String k : keys) {
                Map<String, Object> p = map(parts.get(k));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("topic", t.getKey());
                row.put("partition", k.matches("\\d+") ? (Object) Long.parseLong(k) : k);
                for (String n : List.of("source", "restored", "missing", "duplicates")) {
                    row.put(n, number(p.get(n)));
                }
                row.put("complete", Boolean.TRUE.equals(p.get("complete")));
                Map<String, Object> first = map(p.get("first_difference"));
                // what differs and where, never the records' contents
                row.put("difference", first.isEmpty() ? p.get("cause")
                        : first.get("what") + (first.get("position") == null ? "" : " at position " + first.get("position")));
                rows.add(row);
            }
        }
        long same = rows.stream().filter(r -> Boolean.TRUE.equals(r.get("complete"))).count();
        Map<String, Object> proof = new LinkedHashMap<>();
        proof.put("proven", markData.get("proven") == null ? null : Boolean.valueOf(String.valueOf(markData.get("proven"))));
        proof.put("at", proven.get("at"));
        proof.put("partitions_total", rows.size());
        proof.put("partitions_proven", same);
        proof.put("partitions", rows);
        data.put("restore_proof", proof);
        if (!rows.isEmpty()) {
            lines.add("  restore proven: " + same + " of " + rows.size() + " partition(s) the same on both sides, record by record");
        }
    }

    private void readTwice(Map<String, Object> data, List<String> lines) {
        Map<String, Object> resumed = record.event(APPLICATIONS_RESUMED);
        Object fromMark = resumed == null ? null : map(resumed.get("data")).get("restored");
        // what consumer_group_restore noted when it committed, else what the mark was given
        Object restoredValue = resumed == null ? null : record.restored() != null ? record.restored() : fromMark;
        Map<String, Object> captured = record.capture() == null ? null : map(record.capture().get("groups"));
        if (restoredValue == null || captured == null) {
            data.put("records_read_twice", null);
            data.put("records_read_twice_by_group", null);
            lines.add("  read twice: unknown (" + (captured == null ? "no capture of the groups' offsets"
                    : "no restored offsets: mark " + APPLICATIONS_RESUMED + " with data.restored") + ")");
            return;
        }
        Map<String, Map<String, Long>> restored = restoredOffsets(restoredValue);
        Map<String, Long> onBackup = backupEnds(record.capture());
        Map<String, Object> byGroup = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Map<String, Long>> g : restored.entrySet()) {
            Map<String, Object> committed = map(captured.get(g.getKey()));
            long twice = 0;
            for (Map.Entry<String, Object> c : committed.entrySet()) {
                Long at = g.getValue().get(c.getKey());
                // only what the backup held can be read again: a record the group read on the lost
                // cluster that never reached the backup is lost, not read twice
                long readBefore = number(c.getValue());
                Long held = onBackup.get(c.getKey());
                long upTo = held == null ? readBefore : Math.min(readBefore, held);
                // a captured position the restore did not set: the consumer starts from the beginning (earliest)
                twice += Math.max(0, upTo - (at == null ? 0 : at));
            }
            if (captured.containsKey(g.getKey())) {
                byGroup.put(g.getKey(), twice);
                total += twice;
            }
        }
        data.put("records_read_twice", total);
        data.put("records_read_twice_by_group", byGroup);
        List<String> groups = byGroup.entrySet().stream().filter(e -> ((Long) e.getValue()) > 0).map(Map.Entry::getKey).toList();
        String which = byGroup.isEmpty() ? "no captured group was restored"
                : groups.isEmpty() ? byGroup.size() + " group(s)"
                : groups.size() == 1 ? "group " + groups.get(0)
                : "groups " + String.join(", ", groups.stream().map(g -> g + " " + byGroup.get(g)).toList());
        lines.add("  read twice: " + total + " record(s) (" + which + ")");
    }

    /**
     * Restored offsets per group as {"topic-partition": offset}, from either that mapping or the
     * {@code groups} result of {@code consumer_group_restore} ({group: {partitions: [{topic,
     * partition, restored_offset}]}}).
     */
    /**
     * The end offset of each partition on the backup when region-loss captured it ({@code TOPIC-n}
     * to offset; 0 for a partition the backup did not have); empty for a record without them.
     */
    static Map<String, Long> backupEnds(Map<String, Object> capture) {
        Map<String, Long> out = new TreeMap<>();
        if (capture == null) {
            return out;
        }
        for (Map.Entry<String, Object> t : map(capture.get("topics")).entrySet()) {
            for (Map.Entry<String, Object> p : map(map(t.getValue()).get("partitions")).entrySet()) {
                Object end = map(p.getValue()).get("backup_end");
                out.put(t.getKey() + "-" + p.getKey(), end instanceof Number n ? n.longValue() : 0L);
            }
        }
        return out;
    }

    static Map<String, Map<String, Long>> restoredOffsets(Object value) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Map.Entry<String, Object> g : map(value).entrySet()) {
            Map<String, Long> offsets = new TreeMap<>();
            Map<String, Object> gm = map(g.getValue());
            if (gm.get("partitions") instanceof List<?> parts) {
                for (Object o : parts) {
                    Map<String, Object> p = map(o);
                    if (p.get("topic") != null && p.get("partition") != null && p.get("restored_offset") instanceof Number n) {
                        offsets.put(p.get("topic") + "-" + p.get("partition"), n.longValue());
                    }
                }
            } else {
                gm.forEach((tp, offset) -> {
                    if (offset instanceof Number n) {
                        offsets.put(tp, n.longValue());
                    } else if (offset instanceof String s && s.matches("\\d+")) {
                        offsets.put(tp, Long.parseLong(s));
                    }
                });
            }
            out.put(g.getKey(), offsets);
        }
        return out;
    }
}
