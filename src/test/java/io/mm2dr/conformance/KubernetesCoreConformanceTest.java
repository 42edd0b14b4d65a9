package io.mm2dr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubernetes.core's own integration targets (src/test/resources/kubernetes-core, from the
 * collection's 2.4.0 tag, trimmed as its TRIMS.md says), run by the runner against the project's
 * Kubernetes test server as ansible-playbook runs them: each target is a role of a one-play
 * playbook, its asserts the expectation. {@link #PASSING} are the targets the runner passes whole:
 * all fourteen.
 */
class KubernetesCoreConformanceTest {
    static final Path TARGETS = Path.of("src/test/resources/kubernetes-core/targets");
    /** The targets that pass whole; each failing here is a regression. */
    static final List<String> PASSING = List.of("k8s_append_hash", "k8s_apply", "k8s_check_mode", "k8s_delete", "k8s_diff", "k8s_generate_name",
            "k8s_full", "k8s_info", "k8s_label_selectors", "k8s_lists", "k8s_merge_type", "k8s_patched", "k8s_scale", "k8s_template");

    /**
     * Targets that use the default kubeconfig, {@code ~/.kube/config}, and move it about (k8s_full
     * deletes it to see the module fail without one): run in a process of their own whose HOME is a
     * folder of the test's, with the test server's kubeconfig there and no other connection setting.
     */
    static final java.util.Set<String> OWN_HOME = java.util.Set.of("k8s_full");

    @TempDir
    static Path dir;
    static MockCluster cluster;

    @BeforeAll
    static void server() throws Exception {
        cluster = MockCluster.startDemo(Files.createDirectories(dir.resolve("server")));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Stream<String> targets() {
        // -Dkubernetes.core.target=A,B also runs those (to work on a target not passing yet)
        String more = System.getProperty("kubernetes.core.target", "");
        return Stream.concat(PASSING.stream(), Stream.of(more.split(",")).filter(t -> !t.isBlank()));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void targetPassesWhole(String target) throws Exception {
        assertTrue(Files.isDirectory(TARGETS.resolve(target)), target);
        Path playbook = dir.resolve(target + ".yaml");
        Files.writeString(playbook, "- hosts: localhost\n  connection: local\n  gather_facts: false\n  roles:\n    - " + target + "\n");
        if (OWN_HOME.contains(target)) {
            runWithOwnHome(target, playbook);
            return;
        }
        Run run = RunnerHarness.run("--roles-path", TARGETS.toAbsolutePath().toString(), "-e", "k8s_kubeconfig=" + cluster.kubeconfig(),
                // (the targets wait up to 400 s for a slow cluster; the test server's objects are ready within a
                // second; k8s_info asserts that a wait for an object that never appears lasts more than 30 s)
                "-e", "k8s_wait_timeout=" + (target.equals("k8s_info") ? 35 : 10),
                "--color", "never", playbook.toString());
        assertEquals(0, run.exitCode(), () -> target + ":\n" + run.out() + run.err());
        assertTrue(run.out().contains("failed=0"), run.out());
    }

    private static void runWithOwnHome(String target, Path playbook) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home-" + target));
        Files.createDirectories(home.resolve(".kube"));
        Files.copy(cluster.kubeconfig(), home.resolve(".kube/config"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.mm2dr.cli.Main",
                "--roles-path", TARGETS.toAbsolutePath().toString(), "-e", "k8s_wait_timeout=10", "--color", "never", playbook.toString())
                .redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().keySet().removeIf(k -> k.equals("KUBECONFIG") || k.startsWith("K8S_AUTH_"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES), target + " did not end:\n" + out);
        assertEquals(0, p.exitValue(), () -> target + ":\n" + out);
        assertTrue(out.contains("failed=0"), out);
        assertTrue(Files.isRegularFile(home.resolve(".kube/config")), "the target puts the kubeconfig back");
    }
}
