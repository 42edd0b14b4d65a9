package io.mm2dr.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record of one disaster-recovery drill, kept as a JSON file across the stages: what deleting
 * the primary would lose ({@code capture}, see {@link LossCapture}), and when each stage reached a
 * point worth timing ({@code events.<name> = {at, data}}). From it the drill report is computed:
 * data lost, recovery time, records read twice.
 *
 * <pre>{@code
 * {
 *   "events": {"recreation_started": {"at": "2025-05-01T10:00:00Z", "data": {}}, ...},
 *   "capture": {"captured_at": ..., "primary": "na", "backup": "eu", "topics": {...}, "totals": {...},
 *               "groups": {"consumer-southamerica": {"LH.ORDERS-0": 1234}}}
 * }
 * }</pre>
 *
 * <p>The file holds no credentials: connections are recorded by alias only. It is written to a
 * temporary file beside it and moved into place, readable by its owner only where the file system
 * is POSIX.
 */
public final class DrillRecord {
    /** region-loss deleted the primary region. */
    public static final String REGION_LOST = "region_lost";
    /** The event that starts the recovery clock. */
    public static final String RECREATION_STARTED = "recreation_started";
    /** recreate-from-backup proved the restore complete. */
    public static final String RESTORE_PROVEN = "restore_proven";
    /** The event that stops it; its {@code data.restored} holds the groups' restored positions. */
    public static final String APPLICATIONS_RESUMED = "applications_resumed";
    /** setup-new-backup restarted the backup: the drill is over. */
    public static final String NEW_BACKUP_STARTED = "new_backup_started";
    /** The drill's events, in the only order they can happen; other event names are free. */
    public static final List<String> DRILL_EVENTS = List.of(REGION_LOST, RECREATION_STARTED, RESTORE_PROVEN, APPLICATIONS_RESUMED,
            NEW_BACKUP_STARTED);

    /** Where a drill stands, from its record. */
    public enum Phase {
        /** No drill in progress: the estate as initial-setup leaves it. */
        NONE("no drill is in progress"),
        /** region-loss captured the loss but did not finish deleting the region. */
        LOSING("region-loss.yaml started but did not finish"),
        LOST("the primary region was lost and has not been recreated"),
        RECREATING("recreate-from-backup.yaml started but has not finished (the restore is not proven complete)"),
        RESTORED("the restore was proven complete and the applications are still paused"),
        RESUMED("the applications resumed and the backup is still paused (it holds the old history)"),
        /** setup-new-backup ran: the drill is over, the estate protected again. */
        COMPLETE("the last drill is complete");

        private final String description;

        Phase(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** The drill's stages, in order, with the phases each may run in (a stage run again is a no-op). */
    private static final Map<String, java.util.Set<Phase>> STAGES = new java.util.LinkedHashMap<>();

    static {
        STAGES.put("initial-setup", java.util.EnumSet.of(Phase.NONE, Phase.LOSING, Phase.COMPLETE));
        STAGES.put("region-loss", java.util.EnumSet.of(Phase.NONE, Phase.LOSING, Phase.LOST, Phase.COMPLETE));
        STAGES.put("recreate-from-backup", java.util.EnumSet.of(Phase.LOST, Phase.RECREATING, Phase.RESTORED));
        STAGES.put("resume-applications", java.util.EnumSet.of(Phase.RESTORED, Phase.RESUMED));
        STAGES.put("setup-new-backup", java.util.EnumSet.of(Phase.RESUMED, Phase.COMPLETE));
    }

    public static java.util.Set<String> stages() {
        return STAGES.keySet();
    }

    /** Jackson, set up at the first read or write of a record (registering the drill modules does not load it). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        private Json() {
        }
    }
    /** The drill record file cannot be read or written; the message is fit to show as is. */
    public static final class RecordException extends RuntimeException {
        public RecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The report: its data (result keys), its lines for a human and its one-line summary. */
    public record Report(Map<String, Object> data, List<String> lines, String summary) {
    }

    private final Map<String, Object> events;
    private Map<String, Object> capture;
    /** The groups' positions as consumer_group_restore committed them (its {@code groups} result), or null. */
    private Map<String, Object> restored;

    private DrillRecord(Map<String, Object> events, Map<String, Object> capture) {
        this.events = events;
        this.capture = capture;
    }

    public static DrillRecord empty() {
        return new DrillRecord(new LinkedHashMap<>(), null);
    }

    /** The record in the file, or null when there is no file. */
    @SuppressWarnings("unchecked")
    public static DrillRecord load(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        Map<String, Object> root;
        try {
            root = Json.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new RecordException("the drill record " + file + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + "): fix or remove it", e);
        } catch (IOException e) {
            throw new RecordException("cannot read the drill record " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !(root.getOrDefault("events", Map.of()) instanceof Map<?, ?> ev)
                || (root.get("capture") != null && !(root.get("capture") instanceof Map))) {
            throw new RecordException("the drill record " + file + " is not a drill record (expected {events: {...}, capture: {...}})", null);
        }
        DrillRecord record = new DrillRecord(new LinkedHashMap<>((Map<String, Object>) ev), (Map<String, Object>) root.get("capture"));
        if (root.get("restored") instanceof Map<?, ?> r) {
            record.restored = (Map<String, Object>) r;
        }
        return record;
    }

    /** Writes the record: parent folders created, a temporary file moved into place, mode 0600 where POSIX. */
    public void save(Path file) {
        Path target = file.toAbsolutePath();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("events", events);
        if (capture != null) {
            root.put("capture", capture);
        }
        if (restored != null) {
            root.put("restored", restored);
        }
        try {
            io.mm2dr.engine.files.AtomicFiles.write(target, (Json.MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8),
                    io.mm2dr.engine.files.AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new RecordException("cannot write the drill record " + file + ": " + e, e);
        }
    }

    /** Forgets every event and the capture (a new drill); true if there was anything to forget. */
    public boolean reset() {
        boolean had = !events.isEmpty() || capture != null || restored != null;
        events.clear();
        capture = null;
        restored = null;
        return had;
    }

    /** The event of that name ({at, data}), or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> event(String name) {
        return events.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /**
     * Marks the event at {@code at}, unless it is marked already; true if it was added. The drill's
     * own events ({@link #DRILL_EVENTS}) keep their order: one whose predecessors are not all marked
     * is refused, and none is marked earlier than the events before it (so no recovery time is ever
     * negative). {@value #REGION_LOST} after a complete drill starts a new one.
     */
    public boolean mark(String name, Instant at, Map<String, Object> data) {
        return mark(name, at, data, true);
    }

    /**
     * As {@link #mark(String, Instant, Map)}; with {@code strict} false the predecessors are not
     * required (check mode, where the marks before it in the same run were not written).
     */
    public boolean mark(String name, Instant at, Map<String, Object> data, boolean strict) {
        int index = DRILL_EVENTS.indexOf(name);
        if (index == 0 && events.containsKey(NEW_BACKUP_STARTED)) {
            Instant ended = at(NEW_BACKUP_STARTED);
            Object captured = capture == null ? null : capture.get("captured_at");
            boolean staleCapture = captured == null || ended == null || Instant.parse(String.valueOf(captured)).isBefore(ended);
            events.clear();
            restored = null;
            if (staleCapture) {
                capture = null;
            }
        }
        if (events.containsKey(name)) {
            return false;
        }
        Instant latest = null;
        if (index >= 0) {
            for (int i = 0; i < index && strict; i++) {
                if (!events.containsKey(DRILL_EVENTS.get(i))) {
                    throw new RecordException("cannot mark " + name + ": the drill record has no " + DRILL_EVENTS.get(i)
                            + " (the stages ran out of order: " + phase().description() + ")", null);
                }
            }
            for (int i = index + 1; i < DRILL_EVENTS.size(); i++) {
                if (events.containsKey(DRILL_EVENTS.get(i))) {
                    throw new RecordException("cannot mark " + name + ": " + DRILL_EVENTS.get(i) + " is marked already", null);
                }
            }
            for (String other : events.keySet()) {
                Instant t = at(other);
                if (t != null && (latest == null || t.isAfter(latest))) {
                    latest = t;
                }
            }
        }
        Instant when = latest != null && latest.isAfter(at) ? latest : at;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("at", when.toString());
        e.put("data", data == null ? Map.of() : data);
        events.put(name, e);
        return true;
    }

    /** Where the drill stands: the newest of its events marked (a capture alone: region-loss did not finish). */
    public Phase phase() {
        if (events.containsKey(NEW_BACKUP_STARTED)) {
            return Phase.COMPLETE;
        }
        if (events.containsKey(APPLICATIONS_RESUMED)) {
            return Phase.RESUMED;
        }
        if (events.containsKey(RESTORE_PROVEN)) {
            return Phase.RESTORED;
        }
        if (events.containsKey(RECREATION_STARTED)) {
            return Phase.RECREATING;
        }
        if (events.containsKey(REGION_LOST)) {
            return Phase.LOST;
        }
        return capture != null ? Phase.LOSING : Phase.NONE;
    }

    /** The stage due next in this phase (a stage that did not finish is due again). */
    public static String nextStage(Phase phase) {
        return switch (phase) {
            case NONE, COMPLETE, LOSING -> "region-loss";
            case LOST, RECREATING -> "recreate-from-backup";
            case RESTORED -> "resume-applications";
            case RESUMED -> "setup-new-backup";
        };
    }

    /**
     * Null when {@code stage} may run in the phase of {@code record} (null: no record, no drill);
     * otherwise the one sentence that refuses it, naming the stage to run first.
     */
    public static String refusal(DrillRecord record, String stage) {
        java.util.Set<Phase> allowed = STAGES.get(stage);
        if (allowed == null) {
            throw new IllegalArgumentException("unknown stage " + stage + " (stages: " + String.join(", ", STAGES.keySet()) + ")");
        }
        Phase phase = record == null ? Phase.NONE : record.phase();
        if (allowed.contains(phase)) {
            return null;
        }
        String next = nextStage(phase);
        String when = record == null ? null : record.latestEventAt();
        return stage + ".yaml cannot run now: " + phase.description() + (when == null ? "" : " (last step at " + when + ")")
                + "; run " + next + ".yaml " + (phase == Phase.LOSING || phase == Phase.RECREATING ? "again " : "") + "first";
    }

    private String latestEventAt() {
        Instant latest = null;
        for (String e : events.keySet()) {
            Instant t = at(e);
            if (t != null && (latest == null || t.isAfter(latest))) {
                latest = t;
            }
        }
        return latest == null ? null : latest.toString();
    }

    /** The committed offsets of the groups the capture read on the primary: group, topic partition, offset. */
    public Map<String, Map<org.apache.kafka.common.TopicPartition, Long>> capturedGroups() {
        Map<String, Map<org.apache.kafka.common.TopicPartition, Long>> out = new TreeMap<>();
        if (capture == null) {
            return out;
        }
        map(capture.get("groups")).forEach((group, offsets) -> {
            Map<org.apache.kafka.common.TopicPartition, Long> m = new LinkedHashMap<>();
            map(offsets).forEach((tp, offset) -> {
                int dash = tp.lastIndexOf('-');
                if (dash > 0 && offset instanceof Number n && tp.substring(dash + 1).matches("\\d+")) {
                    m.put(new org.apache.kafka.common.TopicPartition(tp.substring(0, dash), Integer.parseInt(tp.substring(dash + 1))), n.longValue());
                }
            });
            out.put(group, m);
        });
        return out;
    }

    /**
     * Notes the groups' positions as consumer_group_restore committed them, as soon as it did: a
     * stage cut short after the restore and run again (the consumer resumed, nothing to restore)
     * still reports what the consumer reads twice.
     */
    public void restored(Map<String, Object> groups) {
        this.restored = groups;
    }

    public Map<String, Object> restored() {
        return restored;
    }

    public void capture(Map<String, Object> captured) {
        this.capture = captured;
    }

    public Map<String, Object> capture() {
        return capture;
    }

    // ------------------------------------------------------------------ the report

    /**
     * The drill report as of {@code now}: data lost, recovery time and records read twice (see
     * {@link DrillReport}).
     */
    public Report report(String shownPath, Instant now) {
        return new DrillReport(this).report(shownPath, now);
    }

    /** The events by name, each {at, data}, in the order marked. */
    Map<String, Object> events() {
        return events;
    }

    /** When that event was marked, or null. */
    Instant at(String event) {
        Map<String, Object> e = event(event);
        if (e == null || e.get("at") == null) {
            return null;
        }
        try {
            return Instant.parse(String.valueOf(e.get("at")));
        } catch (DateTimeParseException ex) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<Object, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        return Map.of();
    }

    static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    static double decimal(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    /** "7.5", "83", "0.25": seconds to a tenth (to the millisecond below one second), without a needless ".0". */
    public static String seconds(double s) {
        String text = String.format(Locale.ROOT, s < 1 ? "%.3f" : "%.1f", s).replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
