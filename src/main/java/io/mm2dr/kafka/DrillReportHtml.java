package io.mm2dr.kafka;

import static io.mm2dr.kafka.DrillCharts.esc;
import static io.mm2dr.kafka.DrillRecord.decimal;
import static io.mm2dr.kafka.DrillRecord.map;
import static io.mm2dr.kafka.DrillRecord.number;
import static io.mm2dr.kafka.DrillRecord.seconds;

import io.mm2dr.kafka.DrillCharts.Band;
import io.mm2dr.kafka.DrillCharts.Bar;
import io.mm2dr.kafka.DrillCharts.Point;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The drill report ({@link DrillRecord.Report}'s data) as one self-contained HTML page: four key
 * figures (data lost, recovery time, partitions proven, records read twice), the drill's timeline,
 * the data lost per topic, the recovery time step by step, the restore's proof per partition
 * (differences highlighted) and the records read twice per group.
 *
 * <p>Nothing is fetched: the style is inline, the pictures are inline SVG ({@link DrillCharts}), there
 * is no script, and a Content-Security-Policy forbids loading anything. Every value from the record
 * is escaped. The record holds no credential (clusters by alias only), nor does the page: it shows
 * counts and names, never a record's contents.
 */
public final class DrillReportHtml {
    static final String LOSS = "#d64545";
    static final String RECOVERY = "#3a6fd8";
    static final String PROVEN = "#2e9d5b";
    static final String REREAD = "#d9962b";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** The drill's own events, as people say them. */
    private static final Map<String, String> EVENT_LABELS = Map.of(
            DrillRecord.REGION_LOST, "region lost",
            DrillRecord.RECREATION_STARTED, "recreation started",
            DrillRecord.RESTORE_PROVEN, "restore proven",
            DrillRecord.APPLICATIONS_RESUMED, "applications resumed",
            DrillRecord.NEW_BACKUP_STARTED, "new backup started",
            "now", "now");
    /** The steps of the recovery, named by the event that ends them. */
    private static final Map<String, String> STEP_LABELS = Map.of(
            DrillRecord.RESTORE_PROVEN, "recreate the primary and restore its data",
            DrillRecord.APPLICATIONS_RESUMED, "restore the positions, resume the applications",
            "now", "in progress");

    private DrillReportHtml() {
    }

    static String label(String event) {
        return EVENT_LABELS.getOrDefault(event, event.replace('_', ' '));
    }

    /** The page for the report; {@code generatedAt} is shown as the time of the report. */
    public static String render(DrillRecord.Report report, Instant generatedAt) {
        Map<String, Object> d = report.data();
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>DR drill report</title>\n<style>").append(DrillReportStyle.CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(h, d, generatedAt);
        figures(h, d);
        timeline(h, d);
        dataLost(h, d);
        recovery(h, d);
        restoreProof(h, d);
        readTwice(h, d);
        h.append("<footer>Written by runner's <code>drill_report</code> from the drill record <code>").append(esc(d.get("record")))
                .append("</code>. Self-contained: no script, nothing loaded from anywhere.</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, Map<String, Object> d, Instant generatedAt) {
        h.append("<header>\n<h1>Disaster-recovery drill</h1>\n<p class=\"sub\">");
        if (d.get("primary") != null) {
            h.append("primary <b>").append(esc(d.get("primary"))).append("</b> lost, recovered from the backup <b>")
                    .append(esc(d.get("backup"))).append("</b> &middot; ");
        }
        h.append("report of ").append(esc(TIME.format(generatedAt))).append("</p>\n</header>\n");
    }

    private static void figure(StringBuilder h, String id, String kind, String label, String value, String unit, String note) {
        h.append("<div class=\"card ").append(kind).append("\" id=\"").append(id).append("\">\n<div class=\"label\">").append(esc(label))
                .append("</div>\n<div class=\"value\">").append(esc(value));
        if (unit != null) {
            h.append(" <small>").append(esc(unit)).append("</small>");
        }
        h.append("</div>\n<div class=\"note\">").append(esc(note)).append("</div>\n</div>\n");
    }

    private static void figures(StringBuilder h, Map<String, Object> d) {
        h.append("<section class=\"figures\">\n");
        Map<String, Object> lost = map(d.get("data_lost"));
        if (lost.isEmpty()) {
            figure(h, "fig-data-lost", "unknown", "Data lost", "unknown", null, "nothing was captured before the loss");
        } else {
            long records = number(lost.get("records_lost"));
            long topics = map(lost.get("topics")).values().stream().filter(t -> number(map(t).get("records_lost")) > 0).count();
            figure(h, "fig-data-lost", records == 0 ? "good" : "loss", "Data lost", count(records), records == 1 ? "record" : "records",
                    records == 0 ? "the backup held every record" : "the last " + seconds(decimal(lost.get("seconds_lost"))) + " s of events, "
                            + topics + (topics == 1 ? " topic" : " topics"));
        }
        if (d.get("recovery_seconds") != null) {
            figure(h, "fig-rto", "recovery", "Recovery time", seconds(decimal(d.get("recovery_seconds"))), "s",
                    "from recreation started to applications resumed");
        } else if (d.get("time_so_far_seconds") != null) {
            figure(h, "fig-rto", "recovery", "Recovery time so far", seconds(decimal(d.get("time_so_far_seconds"))), "s",
                    "the applications have not resumed yet");
        } else {
            figure(h, "fig-rto", "unknown", "Recovery time", "not started", null, "no recreation_started event");
        }
        Map<String, Object> proof = map(d.get("restore_proof"));
        long total = number(proof.get("partitions_total"));
        long proven = number(proof.get("partitions_proven"));
        if (total > 0) {
            figure(h, "fig-proven", proven == total ? "good" : "loss", "Restore proven", proven + " / " + total, "partitions",
                    proven == total ? "the same on both sides, record by record" : (total - proven) + " partition(s) differ");
        } else {
            figure(h, "fig-proven", "unknown", "Restore proven", proof.isEmpty() ? "not yet" : "not compared", null,
                    proof.isEmpty() ? "no restore_proven event" : "no partition was compared record by record");
        }
        if (d.get("records_read_twice") != null) {
            long twice = number(d.get("records_read_twice"));
            long groups = map(d.get("records_read_twice_by_group")).size();
            figure(h, "fig-read-twice", twice == 0 ? "good" : "reread", "Read twice", count(twice), twice == 1 ? "record" : "records",
                    "by " + groups + (groups == 1 ? " consumer group" : " consumer groups") + " after the restore");
        } else {
            figure(h, "fig-read-twice", "unknown", "Read twice", "unknown", null, "no restored positions yet");
        }
        h.append("</section>\n");
    }

    private static void timeline(StringBuilder h, Map<String, Object> d) {
        h.append("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
        List<Point> points = new ArrayList<>();
        Map<String, Object> events = map(d.get("events"));
        Long lostAt = null;
        for (Map.Entry<String, Object> e : events.entrySet()) {
            Instant at = instant(e.getValue());
            if (at == null) {
                continue;
            }
            String colour = switch (e.getKey()) {
                case DrillRecord.REGION_LOST -> LOSS;
                case DrillRecord.RESTORE_PROVEN, DrillRecord.APPLICATIONS_RESUMED, DrillRecord.NEW_BACKUP_STARTED -> PROVEN;
                default -> RECOVERY;
            };
            points.add(new Point(label(e.getKey()), at.toEpochMilli(), colour));
            if (e.getKey().equals(DrillRecord.REGION_LOST)) {
                lostAt = at.toEpochMilli();
            }
        }
        List<Band> bands = new ArrayList<>();
        Instant captured = instant(d.get("captured_at"));
        Map<String, Object> lost = map(d.get("data_lost"));
        if (captured != null && number(lost.get("records_lost")) > 0) {
            long span = Math.round(decimal(lost.get("seconds_lost")) * 1000);
            bands.add(new Band("data lost: the last " + seconds(span / 1000.0) + " s of events before the capture",
                    captured.toEpochMilli() - span, captured.toEpochMilli(), LOSS));
        }
        Instant started = instant(events.get(DrillRecord.RECREATION_STARTED));
        Instant resumed = instant(events.get(DrillRecord.APPLICATIONS_RESUMED));
        if (started != null && d.get("recovery_seconds") != null && resumed != null) {
            bands.add(new Band("recovery: " + seconds(decimal(d.get("recovery_seconds"))) + " s", started.toEpochMilli(), resumed.toEpochMilli(), RECOVERY));
        } else if (started != null && d.get("time_so_far_seconds") != null) {
            long end = started.toEpochMilli() + Math.round(decimal(d.get("time_so_far_seconds")) * 1000);
            bands.add(new Band("recovery so far: " + seconds(decimal(d.get("time_so_far_seconds"))) + " s", started.toEpochMilli(), end, RECOVERY));
            points.add(new Point("now", end, "#888888"));
        }
        if (points.isEmpty() && bands.isEmpty()) {
            h.append("<p class=\"empty\">No event recorded yet.</p>\n</section>\n");
            return;
        }
        long origin = lostAt != null ? lostAt : points.isEmpty() ? bands.get(0).from() : points.stream().mapToLong(Point::at).min().getAsLong();
        Instant originAt = Instant.ofEpochMilli(origin);
        h.append("<p class=\"caption\">Seconds from ").append(lostAt != null ? "the loss of the primary region" : "the first event")
                .append(" (").append(esc(TIME.format(originAt))).append(").</p>\n");
        h.append(DrillCharts.timeline(points, bands, origin, "The drill's timeline: " + points.size() + " events")).append('\n');
        h.append("<table class=\"events\"><thead><tr><th>event</th><th>at</th><th class=\"n\">").append(lostAt != null ? "from the loss" : "from the first event")
                .append("</th></tr></thead><tbody>\n");
        for (Point p : points) {
            h.append("<tr><td>").append(esc(p.label())).append("</td><td>").append(esc(TIME.format(Instant.ofEpochMilli(p.at()))))
                    .append("</td><td class=\"n\">").append(esc(DrillCharts.relative((p.at() - origin) / 1000.0))).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
    }

    private static void dataLost(StringBuilder h, Map<String, Object> d) {
        h.append("<section id=\"data-lost\">\n<h2>Data lost per topic</h2>\n");
        Map<String, Object> lost = map(d.get("data_lost"));
        if (lost.isEmpty()) {
            h.append("<p class=\"empty\">Unknown: nothing was captured before the primary was lost.</p>\n</section>\n");
            return;
        }
        List<Map.Entry<String, Object>> topics = new ArrayList<>(map(lost.get("topics")).entrySet());
        topics.sort((a, b) -> Long.compare(number(map(b.getValue()).get("records_lost")), number(map(a.getValue()).get("records_lost"))));
        h.append("<p class=\"caption\">Records produced on the primary that the backup did not have when it was lost, and the seconds of events they span.</p>\n");
        List<Bar> bars = new ArrayList<>();
        for (Map.Entry<String, Object> t : topics.subList(0, Math.min(30, topics.size()))) {
            Map<String, Object> tm = map(t.getValue());
            long n = number(tm.get("records_lost"));
            String text = count(n) + (n == 1 ? " record" : " records") + (n == 0 ? "" : " \u00b7 " + seconds(decimal(tm.get("seconds_lost"))) + " s");
            bars.add(new Bar(t.getKey(), n, text, t.getKey() + ": " + text));
        }
        if (!bars.isEmpty()) {
            h.append(DrillCharts.bars(bars, LOSS, "Records lost per topic")).append('\n');
        }
        h.append("<table><thead><tr><th>topic</th><th class=\"n\">records lost</th><th class=\"n\">seconds lost</th>")
                .append("<th class=\"n\">on the primary</th><th class=\"n\">on the backup</th></tr></thead><tbody>\n");
        for (Map.Entry<String, Object> t : topics) {
            Map<String, Object> tm = map(t.getValue());
            long n = number(tm.get("records_lost"));
            h.append("<tr").append(n > 0 ? " class=\"lost\"" : "").append(" data-topic=\"").append(esc(t.getKey())).append("\"><td>")
                    .append(esc(t.getKey())).append("</td><td class=\"n\">").append(count(n)).append("</td><td class=\"n\">")
                    .append(esc(seconds(decimal(tm.get("seconds_lost"))))).append("</td><td class=\"n\">").append(orDash(tm.get("records_on_primary")))
                    .append("</td><td class=\"n\">").append(Boolean.TRUE.equals(tm.get("missing_on_backup")) ? "missing" : orDash(tm.get("records_on_backup")))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
    }

    private static void recovery(StringBuilder h, Map<String, Object> d) {
        h.append("<section id=\"recovery\">\n<h2>Recovery time by step</h2>\n");
        List<?> steps = d.get("recovery_steps") instanceof List<?> l ? l : List.of();
        if (steps.isEmpty()) {
            h.append("<p class=\"empty\">").append(d.get("recovery_seconds") == null && d.get("time_so_far_seconds") == null
                    ? "The recovery has not started." : "No step recorded.").append("</p>\n</section>\n");
            return;
        }
        double total = steps.stream().mapToDouble(s -> decimal(map(s).get("seconds"))).sum();
        List<Bar> bars = new ArrayList<>();
        for (Object o : steps) {
            Map<String, Object> s = map(o);
            double sec = decimal(s.get("seconds"));
            String name = stepName(s);
            bars.add(new Bar(name, sec, seconds(sec) + " s", name + ": " + seconds(sec) + " s"));
        }
        h.append("<p class=\"caption\">From recreation started to applications resumed: ").append(esc(seconds(total))).append(" s.</p>\n");
        h.append(DrillCharts.stacked(bars, "The recovery time by step")).append('\n');
        h.append("<table><thead><tr><th>step</th><th>until</th><th class=\"n\">seconds</th><th class=\"n\">share</th></tr></thead><tbody>\n");
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> s = map(steps.get(i));
            double sec = decimal(s.get("seconds"));
            h.append("<tr class=\"step\"><td><span class=\"swatch\" style=\"background:")
                    .append(DrillCharts.STEP_COLOURS.get(i % DrillCharts.STEP_COLOURS.size())).append("\"></span>").append(esc(stepName(s)))
                    .append("</td><td>").append(esc(label(String.valueOf(s.get("to"))))).append("</td><td class=\"n\">").append(esc(seconds(sec)))
                    .append("</td><td class=\"n\">").append(total <= 0 ? "\u2013" : Math.round(sec / total * 100) + " %").append("</td></tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
    }

    private static String stepName(Map<String, Object> step) {
        String to = String.valueOf(step.get("to"));
        return STEP_LABELS.getOrDefault(to, "until " + label(to));
    }

    private static void restoreProof(StringBuilder h, Map<String, Object> d) {
        h.append("<section id=\"restore-proof\">\n<h2>Restore proof per partition</h2>\n");
        Map<String, Object> proof = map(d.get("restore_proof"));
        List<?> rows = proof.get("partitions") instanceof List<?> l ? l : List.of();
        if (rows.isEmpty()) {
            h.append("<p class=\"empty\">").append(proof.isEmpty() ? "The restore has not been proven yet."
                    : "The restore was marked proven without a record-by-record comparison (restore_check off).").append("</p>\n</section>\n");
            return;
        }
        long total = number(proof.get("partitions_total"));
        long proven = number(proof.get("partitions_proven"));
        h.append("<p class=\"caption\"><code>mirror_compare</code> compared every record (key, value, timestamp, headers) of the backup with the recreated primary: ")
                .append(proven).append(" of ").append(total).append(" partitions the same on both sides.</p>\n");
        h.append("<table class=\"proof\"><thead><tr><th>topic</th><th class=\"n\">partition</th><th class=\"n\">on the backup</th>")
                .append("<th class=\"n\">restored</th><th class=\"n\">missing</th><th class=\"n\">duplicates</th><th>result</th></tr></thead><tbody>\n");
        for (Object o : rows) {
            Map<String, Object> r = map(o);
            boolean same = Boolean.TRUE.equals(r.get("complete"));
            h.append("<tr class=\"").append(same ? "same" : "mismatch").append("\"><td>").append(esc(r.get("topic"))).append("</td><td class=\"n\">")
                    .append(esc(r.get("partition"))).append("</td><td class=\"n\">").append(count(number(r.get("source"))))
                    .append("</td><td class=\"n\">").append(count(number(r.get("restored")))).append("</td><td class=\"n\">")
                    .append(count(number(r.get("missing")))).append("</td><td class=\"n\">").append(count(number(r.get("duplicates"))))
                    .append("</td><td>").append(same ? "<span class=\"ok\">\u2713 the same</span>"
                            : "<span class=\"bad\">\u2717 " + esc(r.get("difference") == null ? "not complete" : r.get("difference")) + "</span>")
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n</section>\n");
    }

    private static void readTwice(StringBuilder h, Map<String, Object> d) {
        h.append("<section id=\"read-twice\">\n<h2>Records read twice per consumer group</h2>\n");
        if (d.get("records_read_twice") == null) {
            h.append("<p class=\"empty\">Unknown until the applications resume with their restored positions.</p>\n</section>\n");
            return;
        }
        Map<String, Object> byGroup = new LinkedHashMap<>(map(d.get("records_read_twice_by_group")));
        if (byGroup.isEmpty()) {
            h.append("<p class=\"empty\">No captured consumer group was restored.</p>\n</section>\n");
            return;
        }
        h.append("<p class=\"caption\">What each group had processed on the lost primary beyond the position it was restored to: it processes these records again.</p>\n");
        List<Bar> bars = new ArrayList<>();
        byGroup.forEach((g, n) -> bars.add(new Bar(g, number(n), count(number(n)) + (number(n) == 1 ? " record" : " records"), g + ": " + number(n))));
        h.append(DrillCharts.bars(bars, REREAD, "Records read twice per consumer group")).append('\n');
        h.append("<table><thead><tr><th>consumer group</th><th class=\"n\">records read twice</th></tr></thead><tbody>\n");
        byGroup.forEach((g, n) -> h.append("<tr data-group=\"").append(esc(g)).append("\"><td>").append(esc(g)).append("</td><td class=\"n\">")
                .append(count(number(n))).append("</td></tr>\n"));
        h.append("</tbody></table>\n</section>\n");
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String orDash(Object o) {
        return o instanceof Number n ? count(n.longValue()) : "\u2013";
    }

    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        try {
            return Instant.parse(String.valueOf(o));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
