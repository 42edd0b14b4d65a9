package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.sandbox.testing.SandboxData;
import io.mm2dr.sandbox.testing.SandboxRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A region of the shared aggregate lost and brought back, on the local sandbox: Europe's processes
 * killed and its data deleted while the two other regions keep producing, copying and consuming;
 * then shared-aggregate.yaml recreates it, and every copy is complete again. Checked independently
 * at the end, with the producers stopped: the copies between the surviving regions and of them in
 * the new Europe hold exactly their sources' records, and the survivors' copies of Europe hold what
 * they had of the lost cluster followed by every record of the new one, none skipped (which
 * MirrorMaker 2 does when it resumes a recreated source from the offsets it had in the lost one).
 */
@Tag("drill-faults")
class SharedAggregateLossTest {
    private static final String NA = "north-america";
    private static final String SA = "south-america";
    private static final String EU = "europe";
    private static final Map<String, String> CLUSTERS = Map.of(NA, "na-eventstreams", SA, "sa-eventstreams", EU, "eu-eventstreams");

    @TempDir
    static Path tmp;

    private static SandboxRuns sandbox;

    @AfterAll
    static void down() {
        if (sandbox != null && Files.exists(sandbox.root())) {
            sandbox.sandbox("down");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRegionLostAndBroughtBack() throws Exception {
        sandbox = new SandboxRuns(tmp.resolve("sandbox"));
        SandboxData data = new SandboxData(sandbox.root());
        Run setup = sandbox.play("shared-aggregate.yaml");
        assertEquals(0, setup.exitCode(), setup::all);

        Set<String> europe = sandbox.processes().stream().filter(p -> p.startsWith(EU + "/")).collect(Collectors.toSet());
        assertFalse(europe.isEmpty());
        Run loss = sandbox.play("aggregate-region-loss.yaml");
        assertEquals(0, loss.exitCode(), loss::all);
        for (String p : europe) {
            long pid = Long.parseLong(p.substring(p.lastIndexOf(':') + 1));
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), p + " still alive");
        }
        assertFalse(Files.exists(sandbox.root().resolve(EU)), "the lost region's data is still there");
        Map<String, Map<String, Object>> status = sandbox.status();
        for (String r : List.of(NA, SA)) {
            String shortName = r.replace("-", "");
            for (String o : List.of(CLUSTERS.get(r), "datagen-host", "consumer-" + shortName)) {
                assertEquals("running", status.get(r + "/" + o).get("state"), () -> r + "/" + o + ": " + status);
            }
            assertTrue(((Number) status.get(r + "/mm2-" + shortName).get("pid")).longValue() > 0, "the MirrorMaker 2 of " + r + " still runs");
        }
        String cost = (String) loss.result("What the loss cost").get("msg");
        assertTrue(cost.matches("europe had produced \\d+ records .*never reached north-america; \\d+ never reached south-america\\..*"), cost);
        assertTrue(loss.out().contains("copy up to the recorded point complete"), loss::out);

        // what the survivors hold of the lost cluster: frozen now
        Map<String, Map<String, SandboxData.Content>> lostCopies = new TreeMap<>();
        for (String r : List.of(NA, SA)) {
            lostCopies.put(r, data.contents(r + "/" + CLUSTERS.get(r), "europe\\.LH\\..*"));
            assertFalse(lostCopies.get(r).isEmpty());
        }

        // brought back: the new Europe's records are on both survivors after what they had of the lost one
        Run back = sandbox.play("shared-aggregate.yaml");
        assertEquals(0, back.exitCode(), back::all);
        assertTrue(back.out().contains("the source of europe->north-america was recreated since MirrorMaker 2 last ran"), back::out);
        long earlier = 0;
        for (String line : back.out().lines().filter(l -> l.contains("(item=europe -> ")).toList()) {
            assertTrue(line.contains("copy up to the recorded point complete"), line);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("after (\\d+) earlier records").matcher(line);
            assertTrue(m.find(), line);
            earlier += Long.parseLong(m.group(1));
        }
        long lostRecords = lostCopies.values().stream().flatMap(c -> c.values().stream()).mapToLong(SandboxData.Content::records).sum();
        assertEquals(lostRecords, earlier, "the earlier history skipped is what the survivors had of the lost cluster");
        Run again = sandbox.play("shared-aggregate.yaml");
        assertEquals(0, again.exitCode(), again::all);
        assertEquals(0, again.changed(), again::all);

        // independently, with the producers stopped
        for (String r : List.of(NA, SA, EU)) {
            ProcessHandle.of(((Number) sandbox.status().get(r + "/datagen-host").get("pid")).longValue()).ifPresent(ProcessHandle::destroy);
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        Map<String, String> differences = new TreeMap<>();
        do {
            differences.clear();
            for (String source : List.of(NA, SA, EU)) {
                Map<String, SandboxData.Content> original = data.contents(source + "/" + CLUSTERS.get(source), "LH\\..*");
                for (String target : List.of(NA, SA, EU)) {
                    if (target.equals(source)) {
                        continue;
                    }
                    Map<String, SandboxData.Content> copy = new TreeMap<>();
                    data.contents(target + "/" + CLUSTERS.get(target), java.util.regex.Pattern.quote(source + ".") + "LH\\..*")
                            .forEach((tp, c) -> copy.put(tp.substring(source.length() + 1), c));
                    if (source.equals(EU)) {
                        // what the survivor had of the lost cluster, then every record of the new one
                        Map<String, Long> expected = new TreeMap<>();
                        original.forEach((tp, c) -> expected.put(tp, c.records()
                                + lostCopies.get(target).getOrDefault(EU + "." + tp, new SandboxData.Content(0, "")).records()));
                        Map<String, Long> actual = new TreeMap<>();
                        copy.forEach((tp, c) -> actual.put(tp, c.records()));
                        if (!expected.equals(actual)) {
                            differences.put(source + "->" + target, "expected " + expected + ", copy " + actual);
                        }
                    } else if (!copy.equals(original)) {
                        differences.put(source + "->" + target, "source " + original + ", copy " + copy);
                    }
                }
            }
            if (!differences.isEmpty()) {
                Thread.sleep(1000);
            }
        } while (!differences.isEmpty() && System.nanoTime() < deadline);
        assertTrue(differences.isEmpty(), () -> "copies that differ from their source: " + differences);
    }
}
