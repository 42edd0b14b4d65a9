package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.MockCluster;
import io.mm2dr.kubernetes.testing.OperatorRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runner does when the operator API the cluster serves is not the one a playbook or an
 * inventory expects: a clear error naming what is served and what is needed, in check mode too
 * (a read of an unserved version answers 404, which must not read as "not created yet"); and the
 * API server's deprecation warnings, shown once per run.
 */
class OperatorApiGenerationsTest {
    @TempDir
    Path dir;

    private String[] stage(MockCluster c, String inventoryFlavor, String... more) {
        String[] base = {"-i", "inventories/kubernetes-" + inventoryFlavor + ".yaml", "-e", "k8s_kubeconfig=" + c.kubeconfig(),
            "-e", "producer_image=registry.example/loosehanger-datagen:1", "-e", "drill_record=" + dir.resolve("drill-record.json"),
            // no brokers behind this server's clusters: the restore proof is KubernetesDrillTest's
            "-e", "restore_check=false"};
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    @Test
    void checkModeAgainstAServerWithoutTheOperatorsApiFailsWithTheClearErrorAndWritesNothing() throws Exception {
        try (MockCluster c = MockCluster.start(dir, OperatorRelease.EVENTSTREAMS_13)) {
            c.clearRequests();
            Run check = RunnerHarness.run(stage(c, "strimzi", "--check", "playbooks/initial-setup.yaml"));
            assertEquals(2, check.exitCode(), check::all);
            assertTrue(check.all().contains("does not serve kafka.strimzi.io, the API of Strimzi"), check::all);
            assertTrue(check.all().contains("Strimzi 0.45 to 0.51 (v1beta2) or 0.49 and later, 1.x included (v1)"), check::all);
            assertFalse(check.all().contains("changed: [localhost]"), "stopped by the first task, before anything:\n" + check.all());
            assertTrue(check.all().contains("TASK [The topology is valid (before anything is touched)]"), check::all);
            assertEquals(List.of(), c.writes());
        }
    }

    @Test
    void aForcedGenerationTheServerDoesNotServeIsRefusedInCheckModeToo() throws Exception {
        try (MockCluster c = MockCluster.start(dir, OperatorRelease.STRIMZI_1_2)) {
            Run check = RunnerHarness.run(stage(c, "strimzi", "-e", "operator_api_version=v1beta2", "--check", "playbooks/initial-setup.yaml"));
            assertEquals(2, check.exitCode(), check::all);
            assertTrue(check.all().contains("operator_api_version asks for kafka.strimzi.io/v1beta2, but the API server"), check::all);
            assertTrue(check.all().contains("serves kafka.strimzi.io at v1 only"), check::all);
            assertEquals(List.of(), c.writes());
        }
    }

    @Test
    void aK8sTaskWithAnApiVersionTheServerDoesNotServeFailsInsteadOfReadingAbsent() throws Exception {
        try (MockCluster c = MockCluster.start(dir, OperatorRelease.STRIMZI_1_2)) {
            Path playbook = dir.resolve("topic.yaml");
            Files.writeString(playbook, """
                    - hosts: localhost
                      gather_facts: false
                      tasks:
                        - name: A topic written for Strimzi 0.4x
                          k8s:
                            kubeconfig: %s
                            definition:
                              apiVersion: kafka.strimzi.io/v1beta2
                              kind: KafkaTopic
                              metadata: {name: orders, namespace: default, labels: {strimzi.io/cluster: c1}}
                              spec: {partitions: 3, replicas: 1}
                    """.formatted(c.kubeconfig()));
            for (boolean checkMode : List.of(true, false)) {
                Run r = checkMode ? RunnerHarness.run("--check", playbook.toString()) : RunnerHarness.run(playbook.toString());
                assertEquals(2, r.exitCode(), r::all);
                assertTrue(r.all().contains("kafka.strimzi.io/v1beta2 is not served by the API server (it serves kafka.strimzi.io at v1 only)"), r::all);
                assertTrue(r.all().contains("write apiVersion: kafka.strimzi.io/v1"), r::all);
            }
            assertEquals(List.of(), c.writes());
        }
    }

    @Test
    void aMirrorMakerTheV1ApiCannotExpressIsOneClearTaskFailureWithNothingWritten() throws Exception {
        try (MockCluster c = MockCluster.start(dir, OperatorRelease.STRIMZI_1_2)) {
            Path playbook = dir.resolve("two-targets.yaml");
            Files.writeString(playbook, """
                    - hosts: localhost
                      gather_facts: false
                      vars: {platform: kubernetes, flavor: strimzi, k8s_kubeconfig: %s}
                      tasks:
                        - name: one MirrorMaker 2 into two clusters
                          mirror_maker2:
                            name: mm2-two
                            namespace: default
                            connect_cluster: eu
                            clusters:
                              - {alias: na, bootstrap: "na:9093", brokers: 3}
                              - {alias: eu, bootstrap: "eu:9093", brokers: 3}
                              - {alias: sa, bootstrap: "sa:9093", brokers: 3}
                            mirrors:
                              - {source: na, target: eu, topics: "LH.*"}
                              - {source: na, target: sa, topics: "LH.*"}
                            replication_factor: 3
                            heartbeats: {enabled: false}
                    """.formatted(c.kubeconfig()));
            c.clearRequests();
            Run r = RunnerHarness.run(playbook.toString());
            assertEquals(2, r.exitCode(), r::all);
            String msg = String.valueOf(r.result("one MirrorMaker 2 into two clusters").get("msg"));
            assertTrue(msg.contains("the v1 KafkaMirrorMaker2 API has one target"), msg);
            assertFalse(r.all().contains("Exception"), "one sentence, no stack trace:\n" + r.all());
            assertEquals(List.of(), c.writes());
        }
    }

    @Test
    void theServersDeprecationWarningIsShownOncePerRun() throws Exception {
        // Strimzi 0.51 serves v1 and a deprecated v1beta2: the runner writes v1 and sees no warning, unless the inventory forces v1beta2
        try (MockCluster c = MockCluster.start(dir, OperatorRelease.STRIMZI_0_51)) {
            c.controllers().readyDelay(10);
            Run v1 = RunnerHarness.run(stage(c, "strimzi", "playbooks/initial-setup.yaml"));
            assertEquals(0, v1.exitCode(), v1::all);
            assertFalse(v1.all().contains("the API server warns"), v1::all);
        }
        try (MockCluster c = MockCluster.start(dir, OperatorRelease.STRIMZI_0_51)) {
            c.controllers().readyDelay(10);
            Run forced = RunnerHarness.run(stage(c, "strimzi", "-e", "operator_api_version=v1beta2", "playbooks/initial-setup.yaml"));
            assertEquals(0, forced.exitCode(), forced::all);
            assertFalse(c.warnings().isEmpty(), "the server sent Warning headers");
            Matcher m = Pattern.compile("\\[WARNING\\]: the API server warns: ([^\\n]*)").matcher(forced.all());
            List<String> shown = new java.util.ArrayList<>();
            while (m.find()) {
                shown.add(m.group(1).trim());
            }
            assertFalse(shown.isEmpty(), forced::all);
            assertTrue(shown.stream().allMatch(w -> w.contains("v1beta2")), shown::toString);
            assertEquals(shown.stream().distinct().count(), shown.size(), "each warning once per run: " + shown);
        }
    }
}
