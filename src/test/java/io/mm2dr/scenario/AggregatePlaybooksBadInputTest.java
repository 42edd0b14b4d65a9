package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.sandbox.testing.SandboxRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared-aggregate scenario's extra playbooks and topic_config_wait refuse bad input with one
 * clear sentence, before touching anything: no process started, no stack trace.
 */
class AggregatePlaybooksBadInputTest {
    @TempDir
    Path tmp;

    private static void refusedWith(Run r, int exit, String sentence) {
        assertEquals(exit, r.exitCode(), r::all);
        assertTrue(r.all().contains(sentence), () -> "expected '" + sentence + "' in:\n" + r.all());
        assertFalse(r.all().contains("\tat io.mm2dr") || r.all().contains("Exception in thread"), r::all);
        assertEquals(0, r.changed(), r::all);
    }

    @Test
    void aRegionOrTopicOutsideTheTopologyIsRefused() {
        SandboxRuns sandbox = new SandboxRuns(tmp.resolve("sandbox"));
        refusedWith(sandbox.play("aggregate-config-sync.yaml", "-e", "sync_region=mars"), 2,
                "sync_region must be one of north-america, south-america, europe and sync_topic one of LH.ORDERS");
        refusedWith(sandbox.play("aggregate-config-sync.yaml", "-e", "sync_topic=LH.PAYMENTS"), 2,
                "sync_region must be one of north-america, south-america, europe");
        refusedWith(sandbox.play("aggregate-region-loss.yaml", "-e", "lost_region=mars"), 2,
                "lost_region must be one of north-america, south-america, europe");
        assertTrue(sandbox.processes().isEmpty());
    }

    @Test
    void aRegionThatIsNotThereCannotBeLost() {
        SandboxRuns sandbox = new SandboxRuns(tmp.resolve("sandbox"));
        refusedWith(sandbox.play("aggregate-region-loss.yaml"), 2,
                "aggregate-region-loss.yaml cannot run now: region europe does not exist; run shared-aggregate.yaml first");
        assertTrue(sandbox.processes().isEmpty());
    }

    @Test
    void topicConfigWaitRefusesAConfigurationThatIsNotValuesAndMissingClusters() throws Exception {
        Path playbook = tmp.resolve("wait.yaml");
        Files.writeString(playbook, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: Nested configuration
                      topic_config_wait:
                        topic: europe.LH.ORDERS
                        config: {retention.ms: {days: 3}}
                        clusters: [{alias: north-america, bootstrap: "127.0.0.1:1"}]
                """);
        refusedWith(RunnerHarness.run(playbook.toString()), 2, "config: the value of retention.ms must be a string or a number");
        Files.writeString(playbook, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: No clusters
                      topic_config_wait:
                        topic: europe.LH.ORDERS
                        config: {retention.ms: "1"}
                """);
        Run missing = RunnerHarness.run(playbook.toString());
        assertTrue(missing.exitCode() != 0, missing::all);
        assertTrue(missing.all().contains("clusters"), missing::all);
        assertTrue(missing.all().contains("wait.yaml"), () -> "the error names the file: " + missing.all());
    }
}
