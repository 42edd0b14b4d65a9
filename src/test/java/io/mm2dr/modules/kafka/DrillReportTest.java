package io.mm2dr.modules.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kafka.LossCapture;
import io.mm2dr.kafka.LossCapture.Side;
import io.mm2dr.kafka.testing.KafkaClusters;
import io.mm2dr.kafka.testing.KafkaClusters.Cluster;
import io.mm2dr.kafka.testing.KafkaClusters.Security;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.connect.mirror.Checkpoint;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drill_report} through the playbook runner against real brokers: a primary (PLAINTEXT) and
 * a backup (SCRAM-SHA-512), the backup holding the first 70 of the primary's 100 records of a
 * two-partition topic, at the same offsets and with the same timestamps, as MirrorMaker 2 with
 * the identity policy would have written them before the primary region was lost.
 */
class DrillReportTest {
    static final String ORDERS = "DrillReportTest.ORDERS";
    static final String DOORS = "DrillReportTest.DOORS";
    static final String CONSUMER = "DrillReportTest-consumer";
    static final String AUDIT = "DrillReportTest-audit";
    static final long BASE_TS = 1_700_000_000_000L;

    @TempDir
    static Path dir;
    static Cluster primary;
    static Cluster backup;
    static int count;

    /** Partition 0 gets a record every 250 ms, partition 1 every 400 ms. */
    static long timestamp(int i) {
        return BASE_TS + i * (i % 2 == 0 ? 250L : 400L);
    }

    @BeforeAll
    static void drill() throws Exception {
        primary = KafkaClusters.shared("shared-plaintext", Security.PLAINTEXT);
        backup = KafkaClusters.shared("shared-scram", Security.SCRAM);
        Map<String, String> keep = Map.of("retention.ms", "-1");
        primary.createTopic(ORDERS, 2, keep);
        backup.createTopic(ORDERS, 2, keep);
        List<ProducerRecord<byte[], byte[]>> orders = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            orders.add(new ProducerRecord<>(ORDERS, i % 2, timestamp(i), bytes("k" + i), bytes("order " + i)));
        }
        primary.produce(ORDERS, orders);
        backup.produce(ORDERS, orders.subList(0, 70)); // what MM2 had mirrored: 35 per partition, same offsets
        // a topic MM2 never mirrored: all of it is lost
        primary.createTopic(DOORS, 1, keep);
        List<ProducerRecord<byte[], byte[]>> doors = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            doors.add(new ProducerRecord<>(DOORS, 0, BASE_TS + i * 1000L, null, bytes("door " + i)));
        }
        primary.produce(DOORS, doors);
        // MirrorMaker 2's own topics are never data
        for (String internal : List.of("DrillReportTest.checkpoints.internal", "DrillReportTest.heartbeats")) {
            primary.createTopic(internal, 1, keep);
            primary.produce(internal, List.of(new ProducerRecord<>(internal, 0, BASE_TS, null, bytes("x"))));
        }
        primary.admin().alterConsumerGroupOffsets(CONSUMER, Map.of(
                new TopicPartition(ORDERS, 0), new OffsetAndMetadata(30),
                new TopicPartition(ORDERS, 1), new OffsetAndMetadata(32),
                new TopicPartition(DOORS, 0), new OffsetAndMetadata(4))).all().get();
        primary.admin().alterConsumerGroupOffsets(AUDIT, Map.of(new TopicPartition(ORDERS, 0), new OffsetAndMetadata(50))).all().get();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, Object> conn(Cluster c, String alias) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alias", alias);
        m.put("bootstrap", c.bootstrap());
        if (c.security() == Security.SCRAM) {
            m.put("user", KafkaClusters.ADMIN_USER);
            m.put("password", KafkaClusters.ADMIN_PASSWORD);
        }
        return m;
    }

    static Run play(Path record, String tasks, String... extra) {
        try {
            Path p = dir.resolve("drill-" + (++count) + ".yaml");
            StringBuilder sb = new StringBuilder("- hosts: localhost\n  gather_facts: false\n  tasks:\n");
            tasks.stripIndent().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
            Files.writeString(p, sb.toString());
            Map<String, Object> vars = Map.of("primary", conn(primary, "north-america"), "backup", conn(backup, "europe"),
                    "record", record.toString());
            List<String> args = new ArrayList<>(List.of("--sandbox", dir.resolve("sandbox").toString(), "-e", new ObjectMapper().writeValueAsString(vars)));
            args.addAll(List.of(extra));
            args.add(p.toString());
            return RunnerHarness.run(args.toArray(String[]::new));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static final String CAPTURE = """
            - name: capture
              drill_report:
                record: "{{ record }}"
                action: capture
                primary: "{{ primary }}"
                backup: "{{ backup }}"
                topic_pattern: 'DrillReportTest\\..*'
                groups: 'DrillReportTest-cons.*'
            """;

    static String mark(String event, String data) {
        return """
                - name: mark
                  drill_report:
                    record: "{{ record }}"
                    action: mark
                    event: %s
                """.formatted(event) + (data == null ? "" : "    data: " + data + "\n");
    }

    static final String REPORT = """
            - name: report
              drill_report: {record: "{{ record }}", action: report}
            """;

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "a mapping expected: " + o);
        return (Map<String, Object>) o;
    }

    static Map<String, Object> path(Map<String, Object> m, String... keys) {
        Map<String, Object> cur = m;
        for (String k : keys) {
            cur = map(cur.get(k));
        }
        return cur;
    }

    static long num(Object o) {
        assertNotNull(o);
        return ((Number) o).longValue();
    }

    static double dec(Object o) {
        assertNotNull(o);
        return ((Number) o).doubleValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readRecord(Path record) throws Exception {
        return new ObjectMapper().readValue(record.toFile(), Map.class);
    }

    @Test
    void aDrillFromCaptureToReport() throws Exception {
        Path record = dir.resolve("stages/drill/drill-record.json");
        Instant startedAt = Instant.now();

        Run capture = play(record, CAPTURE);
        assertEquals(0, capture.exitCode(), capture.out() + capture.err());
        assertEquals(1, capture.changed());
        Map<String, Object> r = capture.result("capture");
        Map<String, Object> orders = path(r, "topics", ORDERS);
        assertEquals(30, num(orders.get("records_lost")));
        assertEquals(100, num(orders.get("records_on_primary")));
        assertEquals(70, num(orders.get("records_on_backup")));
        assertEquals(11.2, dec(orders.get("seconds_lost")), 1e-9, "the largest of the partitions' spans");
        Map<String, Object> p0 = path(orders, "partitions", "0");
        Map<String, Object> p1 = path(orders, "partitions", "1");
        assertEquals(15, num(p0.get("records_lost")));
        assertEquals(7.0, dec(p0.get("seconds_lost")), 1e-9, "the lost records' span: (98 - 70) x 250 ms");
        assertEquals(15, num(p1.get("records_lost")));
        assertEquals(11.2, dec(p1.get("seconds_lost")), 1e-9, "(99 - 71) x 400 ms");
        assertEquals(Instant.ofEpochMilli(timestamp(98)).toString(), p0.get("primary_newest"));
        assertEquals(Instant.ofEpochMilli(timestamp(68)).toString(), p0.get("backup_newest"));
        assertEquals(50, num(p0.get("primary_end")));
        assertEquals(35, num(p0.get("backup_end")));
        Map<String, Object> doors = path(r, "topics", DOORS);
        assertEquals(true, doors.get("missing_on_backup"));
        assertEquals(10, num(doors.get("records_lost")));
        assertEquals(9.0, dec(doors.get("seconds_lost")), 1e-9, "all of the partition's time span");
        assertEquals(List.of(DOORS, ORDERS), new ArrayList<>(map(r.get("topics")).keySet()), "no internal topic is captured");
        Map<String, Object> totals = map(r.get("totals"));
        assertEquals(40, num(totals.get("records_lost")));
        assertEquals(11.2, dec(totals.get("seconds_lost")), 1e-9);
        assertEquals(2, num(totals.get("topics")));
        assertEquals("north-america", r.get("primary"));
        assertEquals("europe", r.get("backup"));
        assertEquals(Map.of(CONSUMER, Map.of(ORDERS + "-0", 30, ORDERS + "-1", 32, DOORS + "-0", 4)), r.get("groups"),
                "only the matching group, with its committed offsets");
        assertEquals("40 records not yet on the backup (the last 11.2 s of events) across 2 topics", r.get("msg"));
        assertTrue(Files.exists(record), "the record is written, its folders created");
        assertEquals(r.get("totals"), path(readRecord(record), "capture").get("totals"));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(record)));
        }
        try (var files = Files.list(record.getParent())) {
            assertEquals(List.of(record.getFileName().toString()), files.map(f -> f.getFileName().toString()).toList(),
                    "no temporary file left beside the record");
        }

        Run regionLost = play(record, mark("region_lost", null));
        assertEquals(0, regionLost.exitCode(), regionLost.out());
        assertEquals(1, regionLost.changed());

        String before = Files.readString(record);
        Run checkMark = play(record, mark("recreation_started", null), "--check");
        assertEquals(0, checkMark.exitCode(), checkMark.out());
        assertEquals(1, checkMark.changed(), "check mode says the event would be marked");
        assertEquals(before, Files.readString(record), "check mode writes nothing");

        Run first = play(record, mark("recreation_started", null));
        assertEquals(0, first.exitCode(), first.out());
        assertEquals(1, first.changed());
        Object at = path(readRecord(record), "events", "recreation_started").get("at");
        assertNotNull(at);
        Thread.sleep(20);
        Run second = play(record, mark("recreation_started", null));
        assertEquals(0, second.exitCode(), second.out());
        assertEquals(0, second.changed(), "a stage run twice marks once:\n" + second.out());
        assertEquals(at, path(readRecord(record), "events", "recreation_started").get("at"), "the first mark is kept");
        assertEquals(at, second.result("mark").get("at"));

        assertEquals(0, play(record, mark("restore_proven", null)).exitCode());
        Run resumed = play(record, mark("applications_resumed",
                "{restored: {" + CONSUMER + ": {'" + ORDERS + "-0': 25, '" + ORDERS + "-1': 34, '" + DOORS + "-0': 1}}}"));
        assertEquals(0, resumed.exitCode(), resumed.out());
        assertEquals(1, resumed.changed());
        Instant endedAt = Instant.now();

        for (String[] mode : new String[][] {{}, {"--check"}}) {
            Run report = play(record, REPORT, mode);
            String context = String.join(" ", mode) + "\n" + report.out() + report.err();
            assertEquals(0, report.exitCode(), context);
            assertEquals(0, report.changed(), "a report changes nothing: " + context);
            Map<String, Object> rep = report.result("report");
            // 25 -> 30 on partition 0; partition 1 was restored past its commit (34 > 32): none there; DOORS was
            // not on the backup at the loss, so the records the group read there are lost, not read twice
            assertEquals(5, num(rep.get("records_read_twice")), context);
            assertEquals(Map.of(CONSUMER, 5), rep.get("records_read_twice_by_group"));
            double recovery = dec(rep.get("recovery_seconds"));
            assertTrue(recovery >= 0 && recovery <= Duration.between(startedAt, endedAt).toMillis() / 1000.0, "recovery " + recovery);
            assertNull(rep.get("time_so_far_seconds"));
            Map<String, Object> lost = map(rep.get("data_lost"));
            assertEquals(40, num(lost.get("records_lost")));
            assertEquals(11.2, dec(lost.get("seconds_lost")), 1e-9);
            assertEquals(30, num(path(lost, "topics", ORDERS).get("records_lost")));
            List<?> lines = (List<?>) rep.get("lines");
            assertEquals("Drill report (record " + record + ")", lines.get(0));
            assertEquals("  data lost: 40 record(s), the last 11.2 s of events (" + DOORS + " 10 / 9 s, " + ORDERS + " 30 / 11.2 s)", lines.get(1));
            assertTrue(String.valueOf(lines.get(2)).matches("  recovery: [0-9.]+ s from the start of recreation to applications resumed"),
                    String.valueOf(lines.get(2)));
            assertEquals("  read twice: 5 record(s) (group " + CONSUMER + ")", lines.get(3));
            // without -v one line sums it up, as ansible-playbook shows a msg; the whole result only with -v
            String summary = "data lost: 40 record(s) (11.2 s); recovery: " + io.mm2dr.kafka.DrillRecord.seconds(recovery) + " s; read twice: 5 record(s)";
            Path page = record.resolveSibling("drill-record.html");
            String shown = mode.length == 0 ? summary + "; page " + page : summary + " (check mode: no HTML page written)";
            assertEquals(shown, rep.get("msg"), context);
            assertTrue(report.out().contains("\nok: [localhost] => " + shown + "\n"), context);
            assertFalse(report.out().contains("read twice: 5 record(s) (group"), "the report's lines only with -v: " + context);
            if (mode.length == 0) {
                assertEquals(page.toString(), rep.get("html"));
                String html = Files.readString(page);
                assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("id=\"fig-read-twice\""), "the HTML page beside the record");
                assertFalse(html.contains(KafkaClusters.ADMIN_PASSWORD) || html.contains(backup.bootstrap()), "no credential in the page");
            } else {
                assertNull(rep.get("html"), "check mode writes no page");
            }
        }
        Path elsewhere = dir.resolve("pages/report.html");
        Run verbose = play(record, """
                - name: report
                  drill_report: {record: "{{ record }}", action: report, html: "%s"}
                """.formatted(elsewhere), "-v");
        assertEquals(0, verbose.exitCode(), verbose.out());
        assertTrue(Files.readString(elsewhere).contains("Disaster-recovery drill"), "html: the page where it is asked for");
        assertTrue(verbose.out().contains("ok: [localhost] => {\"") && verbose.out().contains("\"lines\": [\"Drill report (record "),
                "-v shows the whole result: " + verbose.out());
        assertFalse(Files.readString(record).contains(KafkaClusters.ADMIN_PASSWORD));
    }

    static String check(String stage) {
        return """
                - name: check
                  drill_report: {record: "{{ record }}", action: check, stage: %s}
                """.formatted(stage);
    }

    /**
     * The stages' order, from the record alone: each stage allowed only where the drill stands
     * (run again, a stage is allowed), every other refused with one sentence naming the stage to
     * run first; a drill event out of order is refused and the record left as it was; after a
     * complete drill, region-loss starts a new one.
     */
    @Test
    void stagesAndEventsKeepTheDrillsOrder() throws Exception {
        Path record = dir.resolve("order/drill-record.json");
        List<String> stages = List.of("initial-setup", "region-loss", "recreate-from-backup", "resume-applications", "setup-new-backup");
        // where the drill stands after each event, and which stages may run there
        List<String[]> walk = List.of(
                new String[] {null, "initial-setup,region-loss", "region-loss"},
                new String[] {"region_lost", "region-loss,recreate-from-backup", "recreate-from-backup"},
                new String[] {"recreation_started", "recreate-from-backup", "recreate-from-backup"},
                new String[] {"restore_proven", "recreate-from-backup,resume-applications", "resume-applications"},
                new String[] {"applications_resumed", "resume-applications,setup-new-backup", "setup-new-backup"},
                new String[] {"new_backup_started", "initial-setup,region-loss,setup-new-backup", "region-loss"});
        List<String> marked = new ArrayList<>();
        for (String[] step : walk) {
            if (step[0] != null) {
                // every later event is refused first, the record untouched
                for (String later : List.of("restore_proven", "applications_resumed", "new_backup_started")) {
                    int at = List.of("region_lost", "recreation_started", "restore_proven", "applications_resumed", "new_backup_started").indexOf(step[0]);
                    int l = List.of("region_lost", "recreation_started", "restore_proven", "applications_resumed", "new_backup_started").indexOf(later);
                    if (l > at) {
                        String before = Files.exists(record) ? Files.readString(record) : null;
                        Run early = play(record, mark(later, null));
                        assertEquals(2, early.exitCode(), later + " before " + step[0] + " must be refused:\n" + early.out());
                        assertTrue(early.out().contains("cannot mark " + later), early.out());
                        assertEquals(before, Files.exists(record) ? Files.readString(record) : null, "a refused mark leaves the record as it was");
                    }
                }
                Run m = play(record, mark(step[0], null));
                assertEquals(0, m.exitCode(), m.out());
                assertEquals(1, m.changed(), m.out());
                marked.add(step[0]);
            }
            List<String> allowed = List.of(step[1].split(","));
            for (String stage : stages) {
                Run c = play(record, check(stage));
                assertEquals(0, c.changed(), "a check changes nothing: " + c.out());
                if (allowed.contains(stage)) {
                    assertEquals(0, c.exitCode(), stage + " after " + marked + ":\n" + c.out());
                } else {
                    assertEquals(2, c.exitCode(), stage + " must be refused after " + marked + ":\n" + c.out());
                    String msg = String.valueOf(c.result("check").get("msg"));
                    assertTrue(msg.startsWith(stage + ".yaml cannot run now: ") && msg.matches(".*; run " + step[2] + "\\.yaml (again )?first"), msg);
                }
            }
        }
        // times never go backwards: every event at or after the one before
        Map<String, Object> events = path(readRecord(record), "events");
        Instant previous = Instant.EPOCH;
        for (String e : marked) {
            Instant at = Instant.parse(String.valueOf(map(events.get(e)).get("at")));
            assertFalse(at.isBefore(previous), e + " is earlier than the event before it: " + events);
            previous = at;
        }
        // a complete drill: region-loss's mark starts a new one
        Run again = play(record, mark("region_lost", null));
        assertEquals(1, again.changed(), again.out());
        assertEquals(List.of("region_lost"), List.copyOf(path(readRecord(record), "events").keySet()));
        Run report = play(record, REPORT);
        assertTrue(String.valueOf(report.result("report").get("msg")).contains("recovery: not started"), report.out());
    }

    /**
     * The race region-loss.yaml closes: a consumer commits a position for the first time after the
     * backup's protection was proven and before the capture. Without settle the capture records a
     * position the backup cannot restore; with it the capture is taken again until MirrorMaker 2's
     * checkpoint (written here 8 s later) is there.
     */
    @Test
    void settleCapturesAgainUntilAFreshPositionIsCheckpointed() throws Exception {
        String group = "DrillReportTest-settle";
        TopicPartition orders0 = new TopicPartition(ORDERS, 0);
        primary.admin().alterConsumerGroupOffsets(group, Map.of(orders0, new OffsetAndMetadata(30))).all().get();
        String checkpoints = "settle-na.checkpoints.internal";
        backup.createTopic(checkpoints, 1, Map.of("cleanup.policy", "compact"));
        String task = """
                - name: capture
                  drill_report:
                    record: "{{ record }}"
                    action: capture
                    primary: "{{ primary | combine({'alias': 'settle-na'}) }}"
                    backup: "{{ backup }}"
                    topic_pattern: 'DrillReportTest\\..*'
                    groups: 'DrillReportTest-settle'
                    settle: %d
                """;
        Path record = dir.resolve("settle/drill-record.json");

        Run once = play(record, task.formatted(0));
        assertEquals(0, once.exitCode(), once.out() + once.err());
        Map<String, Object> first = once.result("capture");
        assertEquals(1L, num(map(first.get("totals")).get("groups_unprotected")), first::toString);
        assertEquals(1L, num(first.get("captures")), first::toString);

        Thread mirrorMaker = new Thread(() -> {
            try {
                Thread.sleep(8000); // the first capture (under a second) finds no checkpoint
                byte[][] cp = checkpoint(group, orders0, 30, 30);
                backup.produce(checkpoints, List.of(new ProducerRecord<>(checkpoints, 0, cp[0], cp[1])));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        mirrorMaker.start();
        Run settled = play(record, task.formatted(60));
        mirrorMaker.join();
        assertEquals(0, settled.exitCode(), settled.out() + settled.err());
        Map<String, Object> last = settled.result("capture");
        assertEquals(0L, num(map(last.get("totals")).get("groups_unprotected")), last::toString);
        assertTrue(num(last.get("captures")) >= 2, () -> "captured again once the checkpoint came: " + last);
        assertEquals(Boolean.TRUE, path(last, "positions", group).get("protected"), last::toString);
        assertEquals(last.get("totals"), path(readRecord(record), "capture").get("totals"), "the record holds the last capture");

        Run wrongPlace = play(record, REPORT.replace("action: report}", "action: report, settle: 5}"));
        assertEquals(2, wrongPlace.exitCode(), wrongPlace.out());
        assertTrue(wrongPlace.out().contains("settle applies to action=capture only"), wrongPlace.out());
    }

    /** A checkpoint record as MirrorMaker 2 writes it (key and value), checked by its own reader. */
    static byte[][] checkpoint(String group, TopicPartition tp, long upstream, long downstream) {
        Struct key = new Struct(Checkpoint.KEY_SCHEMA);
        key.set(Checkpoint.CONSUMER_GROUP_ID_KEY, group);
        key.set(Checkpoint.TOPIC_KEY, tp.topic());
        key.set(Checkpoint.PARTITION_KEY, tp.partition());
        ByteBuffer k = ByteBuffer.allocate(Checkpoint.KEY_SCHEMA.sizeOf(key));
        Checkpoint.KEY_SCHEMA.write(k, key);
        Struct header = new Struct(Checkpoint.HEADER_SCHEMA);
        header.set(Checkpoint.VERSION_KEY, Checkpoint.VERSION);
        Struct value = new Struct(Checkpoint.VALUE_SCHEMA_V0);
        value.set(Checkpoint.UPSTREAM_OFFSET_KEY, upstream);
        value.set(Checkpoint.DOWNSTREAM_OFFSET_KEY, downstream);
        value.set(Checkpoint.METADATA_KEY, "");
        ByteBuffer v = ByteBuffer.allocate(Checkpoint.HEADER_SCHEMA.sizeOf(header) + Checkpoint.VALUE_SCHEMA_V0.sizeOf(value));
        Checkpoint.HEADER_SCHEMA.write(v, header);
        Checkpoint.VALUE_SCHEMA_V0.write(v, value);
        byte[][] out = {k.array(), v.array()};
        Checkpoint read = Checkpoint.deserializeRecord(new ConsumerRecord<>("t", 0, 0L, out[0], out[1]));
        assertEquals(new Checkpoint(group, tp, upstream, downstream, ""), read, "MirrorMaker 2 reads what it would have written");
        return out;
    }

    @Test
    void captureInCheckModeWritesNoFile() {
        Path record = dir.resolve("check/drill-record.json");
        Run check = play(record, CAPTURE, "--check");
        assertEquals(0, check.exitCode(), check.out() + check.err());
        assertEquals(1, check.changed(), "check mode says it would capture");
        assertEquals(40, num(map(check.result("capture").get("totals")).get("records_lost")), "and what it would capture");
        assertFalse(Files.exists(record), "check mode writes no record");
        assertFalse(Files.exists(record.getParent()), "nor its folder");
    }

    @Test
    void noRecordYetIsReportedNotFailed() {
        Path record = dir.resolve("nowhere/drill-record.json");
        Run report = play(record, REPORT);
        assertEquals(0, report.exitCode(), report.out() + report.err());
        assertEquals(0, report.changed());
        assertEquals("no drill record at " + record, report.result("report").get("msg"));
        assertTrue(report.out().contains("ok: [localhost] => no drill record at " + record + "\n"), report.out());
        assertFalse(Files.exists(record));
    }

    @Test
    void noPasswordInTheRecordOrTheOutput() throws Exception {
        Path record = dir.resolve("secrets/drill-record.json");
        Run run = play(record, CAPTURE + """
                  register: captured
                - name: show
                  debug: {var: captured}
                """ + mark("region_lost", null) + mark("recreation_started", null) + REPORT, "-vvv");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        String text = Files.readString(record);
        assertTrue(text.contains("\"backup\" : \"europe\""), "the backup is recorded by alias: " + text);
        assertFalse(text.contains(KafkaClusters.ADMIN_PASSWORD), "no password in the record: " + text);
        assertFalse(text.contains(backup.bootstrap()), "nor connection details: " + text);
        assertFalse(run.all().contains(KafkaClusters.ADMIN_PASSWORD), "no password in any output:\n" + run.all());
    }

    @Test
    void lossArithmetic() {
        Side primaryPart = new Side(0, 50, 30_000L);
        assertEquals(15, LossCapture.recordsLost(primaryPart, new Side(0, 35, 20_000L)));
        assertEquals(10_000, LossCapture.millisLost(primaryPart, new Side(0, 35, 20_000L), null));
        assertEquals(1_000, LossCapture.millisLost(primaryPart, new Side(0, 35, 20_000L), 29_000L),
                "the span of the lost records, not the time since the backup's newest (nothing may have been produced in between)");
        assertEquals(0, LossCapture.recordsLost(primaryPart, new Side(0, 50, 30_000L)), "caught up");
        assertEquals(0, LossCapture.millisLost(primaryPart, new Side(0, 50, 29_000L), null), "nothing lost, no time lost");
        assertEquals(0, LossCapture.recordsLost(primaryPart, new Side(0, 60, 40_000L)), "never negative");
        assertEquals(50, LossCapture.recordsLost(primaryPart, null), "missing on the backup: everything");
        assertEquals(25_000, LossCapture.millisLost(primaryPart, null, 5_000L));
        assertEquals(50, LossCapture.recordsLost(primaryPart, new Side(0, 0, null)), "empty backup partition");
        assertEquals(30, LossCapture.recordsLost(new Side(20, 50, 30_000L), null), "what retention removed from the primary is not there to lose");
        assertEquals(0, LossCapture.millisLost(new Side(0, 0, null), null, null), "empty primary");
        assertTrue(LossCapture.internal("__consumer_offsets") && LossCapture.internal("mm2-offset-syncs.eu.internal")
                && LossCapture.internal("heartbeats") && LossCapture.internal("eu.heartbeats") && !LossCapture.internal("LH.ORDERS"));
    }
}
