package io.mm2dr.modules.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.ClusterTarget;
import io.mm2dr.kubernetes.testing.MockCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs playbooks against a cluster the way the module tests need: in check mode, then twice. */
final class KubePlaybooks {
    private final ClusterTarget cluster;
    private final Path dir;
    private int count;

    KubePlaybooks(ClusterTarget cluster, Path dir) {
        this.cluster = cluster;
        this.dir = dir;
    }

    /** Writes a playbook of one play on localhost with these tasks. */
    Path playbook(String tasks) {
        try {
            Path p = dir.resolve("play-" + (++count) + ".yaml");
            StringBuilder sb = new StringBuilder("- hosts: localhost\n  gather_facts: false\n  tasks:\n");
            tasks.stripIndent().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
            Files.writeString(p, sb.toString());
            return p;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    Run run(Path playbook, String... extra) {
        List<String> args = new ArrayList<>(List.of("-e", "k8s_kubeconfig=" + cluster.kubeconfig()));
        args.addAll(List.of(extra));
        args.add(playbook.toString());
        return RunnerHarness.run(args.toArray(String[]::new));
    }

    /**
     * The module-test contract: a check-mode run that sends no write and leaves the server's
     * state as it was; then a run that changes {@code expectedChanged} tasks; then a run that
     * changes nothing. Returns the first real run.
     */
    Run idempotent(Path playbook, int expectedChanged, String... extra) {
        return idempotent(playbook, expectedChanged, expectedChanged, extra);
    }

    /** As above, where check mode can foresee only {@code checkChanged} of the changes (a task acts on what an earlier one creates). */
    Run idempotent(Path playbook, int expectedChanged, int checkChanged, String... extra) {
        cluster.settle();
        Map<String, String> before = cluster.state();
        cluster.clearRequests();
        List<String> checkArgs = new ArrayList<>(List.of(extra));
        checkArgs.addAll(List.of("--check", "--diff"));
        Run check = run(playbook, checkArgs.toArray(String[]::new));
        assertEquals(0, check.exitCode(), () -> "check-mode run failed:\n" + check.out() + check.err());
        assertEquals(List.of(), cluster.writes(), "check mode sent writes");
        cluster.settle();
        assertEquals(List.of(), MockCluster.differences(before, cluster.state()), "check mode changed the server's state");
        assertEquals(checkChanged, check.changed(), () -> "check mode should report what would change:\n" + check.out());

        Run first = run(playbook, extra);
        assertEquals(0, first.exitCode(), () -> "first run failed:\n" + first.out() + first.err());
        assertEquals(expectedChanged, first.changed(), () -> "first run:\n" + first.out());
        assertTrue(cluster.writes().size() >= expectedChanged || cluster.writes().isEmpty() && !(cluster instanceof MockCluster),
                "the first run wrote nothing");

        cluster.clearRequests();
        Run second = run(playbook, extra);
        assertEquals(0, second.exitCode(), () -> "second run failed:\n" + second.out() + second.err());
        assertEquals(0, second.changed(), () -> "second run should change nothing:\n" + second.out());
        assertEquals(List.of(), cluster.writes(), "the second run wrote to the server");
        return first;
    }
}
