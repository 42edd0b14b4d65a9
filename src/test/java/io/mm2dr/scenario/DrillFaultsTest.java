package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.sandbox.testing.SandboxData;
import io.mm2dr.sandbox.testing.SandboxRuns;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill under the conditions a CI pipeline and a bad day bring, on real brokers, MirrorMaker 2
 * and demo apps (the {@code drill-faults} profile: {@code mvn -B verify -Pdrill-faults}):
 * <ul>
 * <li>the five stages back to back, with no pause, three drills in a row on one sandbox;</li>
 * <li>kill -9 at a seeded random point of each stage (of the runner itself, a broker, MirrorMaker 2
 * or an app), then the stage run again, which must recover.</li>
 * </ul>
 * Every drill ends with an independent check, with plain Kafka clients and the consumer's own log:
 * the restored primary holds exactly the backup's records, partition by partition, by content; the
 * consumer resumed exactly where consumer_group_restore put it; the records it read twice agree
 * with the drill report; the drill record's events are in order and its recovery time positive.
 */
@Tag("drill-faults")
class DrillFaultsTest {
    private static final String NA = "north-america";
    private static final String SA = "south-america";
    private static final String EU = "europe";
    private static final String CONSUMER = "consumer-southamerica";
    private static final String TOPICS = "LH\\..*";
    private static final List<String> STAGES = List.of("initial-setup.yaml", "region-loss.yaml", "recreate-from-backup.yaml",
            "resume-applications.yaml", "setup-new-backup.yaml");

    @TempDir
    Path tmp;

    private SandboxRuns sandbox;

    @AfterEach
    void down() {
        if (sandbox != null && Files.exists(sandbox.root())) {
            sandbox.sandbox("down");
        }
    }

    @Test
    void theStagesBackToBackThreeTimesInARow() throws Exception {
        sandbox = new SandboxRuns(tmp.resolve("sandbox"));
        for (int drill = 1; drill <= 3; drill++) {
            int n = drill;
            Checks checks = new Checks();
            for (String stage : STAGES) {
                checks.before(stage);
                Run r = sandbox.play(stage);
                assertEquals(0, r.exitCode(), () -> "drill " + n + ": " + stage + " failed back to back:\n" + r.all());
                checks.after(stage, r);
            }
            checks.end();
        }
    }

    @Test
    void killedAtARandomPointOfEachStageTheRerunRecovers() throws Exception {
        long seed = Long.getLong("drill.seed", System.nanoTime());
        System.out.println("DrillFaultsTest seed: " + seed + " (rerun with -Ddrill.seed=" + seed + ")");
        Random random = new Random(seed);
        sandbox = new SandboxRuns(tmp.resolve("sandbox"));
        // how long each stage takes back to back, roughly: a kill lands somewhere inside it (or just after)
        Map<String, Integer> seconds = Map.of("initial-setup.yaml", 35, "region-loss.yaml", 8, "recreate-from-backup.yaml", 25,
                "resume-applications.yaml", 12, "setup-new-backup.yaml", 15);
        Checks checks = new Checks();
        for (String stage : STAGES) {
            List<String> victims = new ArrayList<>(List.of("runner"));
            for (String p : sandbox.processes()) {
                victims.add(p.substring(0, p.lastIndexOf(':')));
            }
            String victim = victims.get(random.nextInt(victims.size()));
            long delay = 500 + (long) (random.nextDouble() * seconds.get(stage) * 1000);
            String what = stage + ": kill -9 of " + victim + " after " + delay + " ms (seed " + seed + ")";
            System.out.println("DrillFaultsTest " + what);
            checks.before(stage);
            Process runner = runnerProcess(stage);
            Thread.sleep(delay);
            if (victim.equals("runner")) {
                runner.destroyForcibly();
            } else {
                kill(victim);
            }
            assertTrue(runner.waitFor(10, TimeUnit.MINUTES), what + ": the killed stage never ended");
            Run again = sandbox.play(stage);
            if (again.exitCode() != 0 && again.out().contains("cannot run now")) {
                throw new AssertionError(what + ": the rerun was refused:\n" + again.all());
            }
            assertEquals(0, again.exitCode(), () -> what + ": the rerun did not recover:\n" + again.all());
            checks.after(stage, again);
        }
        checks.end();
    }

    /** The stage run by the runner in a process of its own, so that it can be killed. */
    private Process runnerProcess(String stage) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = tmp.resolve(stage + ".killed.out");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.mm2dr.cli.Main", "--sandbox",
                sandbox.root().toString(), "playbooks/" + stage)
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(new File("/dev/null")).start();
    }

    /** kill -9 of a sandbox process, named as {@link SandboxRuns#processes()} names it (without the pid). */
    private void kill(String name) throws Exception {
        for (String p : sandbox.processes()) {
            if (p.startsWith(name + ":")) {
                ProcessHandle h = ProcessHandle.of(Long.parseLong(p.substring(p.lastIndexOf(':') + 1))).orElse(null);
                if (h != null) {
                    h.destroyForcibly();
                    h.onExit().get(20, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** What each stage must have done, checked from the outside; one instance per drill. */
    private final class Checks {
        private final SandboxData data = new SandboxData(tmp.resolve("sandbox"));
        private int consumerLogBeforeResume;
        private long readTwiceBefore;
        private Map<String, Object> restoredGroups;
        private Map<String, Object> report;

        void before(String stage) {
            if (stage.equals("resume-applications.yaml")) {
                List<String> log = data.consumerLog(SA, CONSUMER);
                consumerLogBeforeResume = log.size();
                readTwiceBefore = SandboxData.readTwice(log);
            }
        }

        @SuppressWarnings("unchecked")
        void after(String stage, Run r) throws Exception {
            switch (stage) {
                case "recreate-from-backup.yaml" -> {
                    // the restored primary holds exactly the backup's records, by content (the producer and mm2-backup are paused)
                    Map<String, SandboxData.Content> backup = data.contents(EU + "/eu-eventstreams", TOPICS);
                    Map<String, SandboxData.Content> primary = data.contents(NA + "/na-eventstreams", TOPICS);
                    assertEquals(14, backup.size(), backup::toString);
                    assertEquals(backup, primary, "the restored primary differs from the backup");
                    assertTrue(backup.values().stream().mapToLong(SandboxData.Content::records).sum() > 0, backup::toString);
                }
                case "resume-applications.yaml" -> {
                    Map<String, Object> restore = r.result("Put the consumer groups exactly where they were on the lost primary");
                    if (restore != null && restore.get("groups") instanceof Map<?, ?> g && !g.isEmpty()) {
                        restoredGroups = (Map<String, Object>) g;
                    }
                    report = r.result("Drill report");
                }
                default -> {
                }
            }
        }

        @SuppressWarnings("unchecked")
        void end() throws Exception {
            // where consumer_group_restore put the groups, as the drill record noted it when it committed them (a rerun
            // after the consumer resumed has nothing left to restore)
            Map<String, Object> record = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                    tmp.resolve("sandbox").resolve("drill-record.json").toFile(), Map.class);
            if (record.get("restored") instanceof Map<?, ?> noted) {
                restoredGroups = (Map<String, Object>) noted;
            }
            assertTrue(restoredGroups != null && restoredGroups.containsKey(CONSUMER), "the consumer's group was restored: " + restoredGroups);
            // the consumer started each partition exactly where the restore put it
            Map<String, Long> expected = new java.util.TreeMap<>();
            for (Map<String, Object> p : (List<Map<String, Object>>) ((Map<String, Object>) restoredGroups.get(CONSUMER)).get("partitions")) {
                expected.put(p.get("topic") + "-" + p.get("partition"), ((Number) p.get("restored_offset")).longValue());
            }
            assertEquals(14, expected.size(), expected::toString);
            Map<String, Long> started = Map.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                started = SandboxData.startingOffsets(data.consumerLog(SA, CONSUMER), consumerLogBeforeResume);
                if (started.keySet().containsAll(expected.keySet())) {
                    break;
                }
                Thread.sleep(500);
            }
            Map<String, Long> first = new java.util.TreeMap<>();
            for (String tp : expected.keySet()) {
                first.put(tp, started.get(tp));
            }
            assertEquals(expected, first, "where the consumer started after the resume (its own log)");

            // the drill record: events in order, a positive recovery time, and read twice as the consumer's log shows it
            assertTrue(report != null, "the drill report");
            double recovery = ((Number) report.get("recovery_seconds")).doubleValue();
            assertTrue(recovery > 0, report::toString);
            Map<String, Object> events = (Map<String, Object>) report.get("events");
            Instant previous = Instant.EPOCH;
            for (String e : List.of("region_lost", "recreation_started", "restore_proven", "applications_resumed")) {
                Instant at = Instant.parse(String.valueOf(events.get(e)));
                assertFalse(at.isBefore(previous), "events out of order: " + events);
                previous = at;
            }
            long reported = ((Number) report.get("records_read_twice")).longValue();
            // the consumer may also have read, between the capture and the loss, records the capture did not see committed
            double window = java.time.Duration.between(Instant.parse(String.valueOf(report.get("captured_at"))),
                    Instant.parse(String.valueOf(events.get("region_lost")))).toMillis() / 1000.0;
            long slack = (long) Math.ceil(window * 10) + 10;   // 10 events/s, plus one poll's batch
            long independent = 0;
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                independent = SandboxData.readTwice(data.consumerLog(SA, CONSUMER)) - readTwiceBefore;
                if (independent >= reported) {
                    break;
                }
                Thread.sleep(500);
            }
            long counted = independent;
            assertTrue(counted >= reported && counted <= reported + slack,
                    () -> "records read twice: the report says " + reported + ", the consumer's log shows " + counted + " (slack " + slack + ")");
        }
    }
}
