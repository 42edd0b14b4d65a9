package io.mm2dr.modules.kafka;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.files.AtomicFiles;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kafka.DrillRecord;
import io.mm2dr.kafka.DrillReportHtml;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.kafka.LossCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@code drill_report}: keeps the record of a disaster-recovery drill (a JSON file, see
 * {@link DrillRecord}) across its stages and reports on it.
 * <ul>
 * <li>{@code action: capture}, right before the primary region is deleted: what deleting it would
 * lose (records not yet on the backup and the seconds of events they span, per topic; see
 * {@link LossCapture} for the identity-replication assumption) and the committed offsets of the
 * primary's consumer groups. Always changed; check mode reads the clusters but writes nothing.</li>
 * <li>{@code action: mark}: records that an event happened now ({@code recreation_started},
 * {@code applications_resumed} with {@code data.restored}, ...); an event already marked is kept,
 * unchanged, so a stage run twice marks once. {@code reset: true} forgets the previous drill first.</li>
 * <li>{@code action: check}: read-only, never changed: fails, naming the stage to run first, when
 * {@code stage} cannot run where the drill stands (see {@link DrillRecord#refusal}); a stage run again
 * is allowed (it is a no-op).</li>
 * <li>{@code action: report}: never changed: data lost, recovery time (by step), the restore's proof,
 * records read twice. Without -v its one line ({@code msg}) is shown, with -v the whole result (the
 * report's {@code lines} among it). It also writes the report as a self-contained HTML page
 * ({@link DrillReportHtml}) to {@code html}, by default beside the record with the extension
 * {@code .html}; the page is output, as the console is, so the task stays unchanged; check mode
 * writes no page.</li>
 * </ul>
 */
final class DrillReportModule extends KafkaModule {
    private static final long SETTLE_POLL_MILLIS = 2000;
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("record", ArgType.PATH).required().description("the drill record, a JSON file (created with its folders, mode 0600)").add()
            .arg("action", ArgType.STR).required().choices("capture", "mark", "report", "check")
                    .description("capture what losing the primary would lose, mark an event, report on the drill, or check that a stage may run").add()
            .arg("stage", ArgType.STR).choices(DrillRecord.stages().toArray(String[]::new))
                    .description("check: the stage about to run; refused, naming the stage to run first, when the drill is not where it can run").add()
            .arg("primary", ArgType.DICT).description("capture: the primary cluster about to be lost: {alias, cluster: {name, namespace} | bootstrap, user, password | password_secret, ca_cert | ca_secret}").add()
            .arg("backup", ArgType.DICT).description("capture: the backup cluster MirrorMaker 2 feeds with the identity replication policy, same keys").add()
            .arg("topic_pattern", ArgType.STR).defaultValue(".*").description("capture: regex of topics (full match); Kafka's and MirrorMaker 2's internal topics never").add()
            .arg("groups", ArgType.STR).defaultValue(".*").description("capture: regex of consumer groups (full match) whose committed offsets are kept").add()
            .arg("event", ArgType.STR).description("mark: the event's name (recreation_started, applications_resumed, ...)").add()
            .arg("data", ArgType.DICT).description("mark: data kept with the event (applications_resumed: {restored: {group: {topic-partition: offset}}})").add()
            .arg("html", ArgType.PATH).description("report: where the HTML page of the report is written (default: beside the record, the extension .html)").add()
            .arg("settle", ArgType.INT).defaultValue(0).description("capture: up to this many seconds, the capture is taken again while a group's committed position"
                    + " has no checkpoint on the backup yet (a position committed for the first time a moment ago); 0 captures once").add()
            .arg("reset", ArgType.BOOL).defaultValue(false).description("capture, mark: forget every event and the capture first (a new drill)").add()
            .build();

    @Override
    public String name() {
        return "drill_report";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    ModuleResult run(Map<String, Object> args, ModuleContext ctx, Connections connections) {
        String shown = (String) args.get("record");
        Path file = Path.of(shown);
        String action = (String) args.get("action");
        boolean reset = Boolean.TRUE.equals(args.get("reset"));
        if (action.equals("check") != (args.get("stage") != null)) {
            throw new ArgumentError(action.equals("check") ? "action=check needs stage" : "stage applies to action=check only");
        }
        if (!action.equals("report") && args.get("html") != null) {
            throw new ArgumentError("html applies to action=report only");
        }
        if (!action.equals("capture") && ((Number) args.get("settle")).longValue() != 0) {
            throw new ArgumentError("settle applies to action=capture only");
        }
        if (!action.equals("mark") && (args.get("event") != null || args.get("data") != null)) {
            throw new ArgumentError("event and data apply to action=mark only");
        }
        if ((action.equals("report") || action.equals("check")) && reset) {
            throw new ArgumentError("reset applies to action=capture or action=mark, not " + action);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            return switch (action) {
                case "capture" -> capture(args, ctx, connections, file, shown, reset, now);
                case "mark" -> mark(args, ctx, file, shown, reset, now);
                case "check" -> check(file, shown, (String) args.get("stage"));
                default -> report(file, shown, (String) args.get("html"), ctx.checkMode(), now);
            };
        } catch (DrillRecord.RecordException e) {
            return ModuleResult.failed(e.getMessage()).put("record", shown).build();
        }
    }

    private static ModuleResult capture(Map<String, Object> args, ModuleContext ctx, Connections connections, Path file, String shown, boolean reset, Instant now) {
        if (args.get("primary") == null || args.get("backup") == null) {
            throw new ArgumentError("action=capture needs primary and backup");
        }
        KafkaConnection primary = connections.of(args.get("primary"), "primary");
        KafkaConnection backup = connections.of(args.get("backup"), "backup");
        DrillRecord record = loadOrEmpty(file); // a broken record fails before the clusters are read
        if (reset) {
            record.reset();
        }
        java.util.regex.Pattern topicPattern = MirrorCompareModule.pattern((String) args.get("topic_pattern"), "topic_pattern");
        java.util.regex.Pattern groupPattern = MirrorCompareModule.pattern((String) args.get("groups"), "groups");
        long settleMillis = ((Number) args.get("settle")).longValue() * 1000;
        if (settleMillis < 0) {
            throw new ArgumentError("settle must be 0 or more seconds, not " + args.get("settle"));
        }
        long started = System.nanoTime();
        Map<String, Object> captured = LossCapture.capture(primary, backup, topicPattern, groupPattern, now, ctx::progress);
        int captures = 1;
        while (unprotectedGroups(captured) > 0 && !ctx.cancelled()) {
            long left = settleMillis - (System.nanoTime() - started) / 1_000_000;
            if (left <= 0) {
                break;
            }
            ctx.progress(unprotectedGroups(captured) + " group(s) with a position " + backup.alias()
                    + " has not checkpointed yet: capturing again in a moment");
            if (!ctx.sleep(Math.min(SETTLE_POLL_MILLIS, left))) {
                break;
            }
            now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            captured = LossCapture.capture(primary, backup, topicPattern, groupPattern, now, ctx::progress);
            captures++;
        }
        record.capture(captured);
        if (!ctx.checkMode()) {
            record.save(file);
        }
        Map<?, ?> totals = (Map<?, ?>) captured.get("totals");
        long lost = ((Number) totals.get("records_lost")).longValue();
        long topics = ((Number) totals.get("topics")).longValue();
        ModuleResult.Builder r = ModuleResult.changed(true).put("record", shown).putAll(captured).put("captures", captures)
                .msg(lost + (lost == 1 ? " record" : " records") + " not yet on the backup (the last "
                        + DrillRecord.seconds(((Number) totals.get("seconds_lost")).doubleValue()) + " s of events) across "
                        + topics + (topics == 1 ? " topic" : " topics"));
        if (topics == 0) {
            r.warn("drill_report: no topic of " + primary.alias() + " matches topic_pattern '" + args.get("topic_pattern")
                    + "': nothing captured");
        }
        return r.build();
    }

    private static long unprotectedGroups(Map<String, Object> captured) {
        Object n = ((Map<?, ?>) captured.get("totals")).get("groups_unprotected");
        return n == null ? 0 : ((Number) n).longValue();
    }

    @SuppressWarnings("unchecked")
    private static ModuleResult mark(Map<String, Object> args, ModuleContext ctx, Path file, String shown, boolean reset, Instant now) {
        String event = (String) args.get("event");
        if (event == null || event.isBlank()) {
            throw new ArgumentError("action=mark needs event");
        }
        DrillRecord record = loadOrEmpty(file);
        boolean changed = reset && record.reset();
        // in check mode the marks of the same run before this one were not written: the stage check guards the order
        boolean added = record.mark(event, now, (Map<String, Object>) args.get("data"), !ctx.checkMode());
        changed |= added;
        if (changed && !ctx.checkMode()) {
            record.save(file);
        }
        Map<String, Object> e = record.event(event);
        return ModuleResult.changed(changed).put("record", shown).put("event", event).put("at", e.get("at")).put("data", e.get("data"))
                .msg(added ? "marked " + event + " at " + e.get("at") : event + " was already marked at " + e.get("at"))
                .build();
    }

    private static ModuleResult check(Path file, String shown, String stage) {
        DrillRecord record = DrillRecord.load(file);
        DrillRecord.Phase phase = record == null ? DrillRecord.Phase.NONE : record.phase();
        String refused = DrillRecord.refusal(record, stage);
        ModuleResult.Builder r = refused != null ? ModuleResult.failed(refused)
                : ModuleResult.ok().msg(phase.description() + ": " + stage + ".yaml may run");
        return r.put("record", shown).put("stage", stage).put("phase", phase.name().toLowerCase(java.util.Locale.ROOT))
                .put("next_stage", DrillRecord.nextStage(phase)).build();
    }

    private static ModuleResult report(Path file, String shown, String html, boolean checkMode, Instant now) {
        DrillRecord record = DrillRecord.load(file);
        // one line without -v, the whole result with -v
        ModuleResult.Builder r = ModuleResult.ok().put(HostResult.SUMMARY_KEY, true);
        if (record == null) {
            return r.put("record", shown).put("lines", List.of("no drill record at " + shown)).msg("no drill record at " + shown).build();
        }
        DrillRecord.Report report = record.report(shown, now);
        String page = html != null ? html : htmlBeside(shown);
        r.putAll(report.data()).put("lines", report.lines());
        if (checkMode) {
            return r.put("html", null).msg(report.summary() + " (check mode: no HTML page written)").build();
        }
        try {
            AtomicFiles.write(Path.of(page).toAbsolutePath(), DrillReportHtml.render(report, now).getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            return ModuleResult.failed("cannot write the drill report page " + page + ": " + e.getMessage()).put("record", shown).build();
        }
        return r.put("html", page).msg(report.summary() + "; page " + page).build();
    }

    /** The record's path with the extension .html: drill-record.json, drill-record.html. */
    static String htmlBeside(String record) {
        Path p = Path.of(record);
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String page = (dot > 0 ? name.substring(0, dot) : name) + ".html";
        return p.getParent() == null ? page : p.getParent().resolve(page).toString();
    }

    private static DrillRecord loadOrEmpty(Path file) {
        DrillRecord record = DrillRecord.load(file);
        return record == null ? DrillRecord.empty() : record;
    }
}
