package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.sandbox.testing.SandboxRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the local sandbox: a broker killed (status shows it; initial-setup brings it back),
 * and MirrorMaker 2 killed while the primary is being restored (the run fails clearly, the
 * compare does not declare the restore complete, and running the stage again recovers).
 */
class SandboxFaultTest {
    private static final String NA = "north-america";

    @TempDir
    static Path tmp;

    private static SandboxRuns sandbox;

    @AfterAll
    static void down() {
        if (sandbox != null && Files.exists(sandbox.root())) {
            sandbox.sandbox("down");
        }
    }

    private static long pid(String suffix) {
        Optional<String> p = sandbox.processes().stream().filter(s -> s.contains(suffix)).findFirst();
        return p.map(s -> Long.parseLong(s.substring(s.lastIndexOf(':') + 1))).orElse(-1L);
    }

    private static void kill(long pid) throws Exception {
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.destroyForcibly();
        h.onExit().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aKilledBrokerShowsInStatusAndComesBackWithInitialSetup() throws Exception {
        sandbox = new SandboxRuns(tmp.resolve("sandbox"));
        Run setup = sandbox.play("initial-setup.yaml");
        assertEquals(0, setup.exitCode(), setup::all);

        long broker = pid(NA + "/kafka/na-eventstreams/broker.pid");
        assertTrue(broker > 0, sandbox.processes()::toString);
        kill(broker);
        Map<String, Object> row = sandbox.status().get(NA + "/na-eventstreams");
        assertEquals("stopped", row.get("state"), row::toString);
        Run text = sandbox.sandbox("status");
        assertTrue(text.out().lines().anyMatch(l -> l.contains("na-eventstreams") && l.contains("stopped")), text::all);

        Run again = sandbox.play("initial-setup.yaml");
        assertEquals(0, again.exitCode(), again::all);
        assertTrue(again.out().contains("starting Kafka cluster " + NA + "/na-eventstreams"), again::all);
        assertTrue(again.changed() >= 1, again::all);
        assertEquals("running", sandbox.status().get(NA + "/na-eventstreams").get("state"));
        assertTrue(pid(NA + "/kafka/na-eventstreams/broker.pid") > 0);

        mirrorMakerKilledDuringTheRestore();
    }

    private void mirrorMakerKilledDuringTheRestore() throws Exception {
        Run loss = sandbox.play("region-loss.yaml");
        assertEquals(0, loss.exitCode(), loss::all);

        CompletableFuture<Run> recreate = CompletableFuture.supplyAsync(() -> sandbox.play("recreate-from-backup.yaml", "-e", "restore_check_timeout=120"));
        long mm2 = -1;
        long deadline = System.currentTimeMillis() + 120_000;
        while (mm2 < 0 && !recreate.isDone() && System.currentTimeMillis() < deadline) {
            mm2 = pid(NA + "/mm2/mm2-restore/mm2-restore.pid");
            Thread.sleep(100);
        }
        assertTrue(mm2 > 0, () -> "mm2-restore never started: " + (recreate.isDone() ? recreate.join().all() : "timeout"));
        kill(mm2);
        Run failed = recreate.get(5, TimeUnit.MINUTES);
        assertNotEquals(0, failed.exitCode(), failed::all);
        assertTrue(failed.out().contains("MirrorMaker 2 " + NA + "/mm2-restore stopped"), failed::all);

        // with MirrorMaker 2 gone, the compare does not declare the restore complete
        Path compare = tmp.resolve("compare.yaml");
        Files.writeString(compare, """
                - hosts: localhost
                  gather_facts: false
                  vars_files: [%s/playbooks/vars/topology.yaml]
                  tasks:
                    - name: Compare
                      mirror_compare:
                        source: "{{ restore_check_clusters.backup }}"
                        target: "{{ restore_check_clusters.primary }}"
                        topic_pattern: "{{ topic_pattern }}"
                """.formatted(Path.of("").toAbsolutePath()));
        Run incomplete = sandbox.play(compare.toString());
        assertEquals(Boolean.FALSE, incomplete.result("Compare").get("complete"), incomplete::all);

        // running the stage again restarts MirrorMaker 2 and completes the restore
        Run recovered = sandbox.play("recreate-from-backup.yaml");
        assertEquals(0, recovered.exitCode(), recovered::all);
        assertEquals(Boolean.TRUE, recovered.result("Wait until the restore is complete, record by record").get("complete"), recovered::all);
    }
}
