package io.mm2dr.modules.kubernetes;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mm2dr.kubernetes.testing.ClusterTarget;
import io.mm2dr.kubernetes.testing.RealCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module contract against the real cluster {@code KUBECONFIG} points at. Opt-in: runs only
 * with {@code mvn -B verify -Preal-cluster}; otherwise it is reported as skipped, with the reason.
 * It creates namespaces named {@code mm2dr-test-*} and deletes them at the end.
 */
class RealClusterModulesTest extends KubernetesModulesContract {
    @TempDir
    static Path dir;
    static RealCluster cluster;
    static KubePlaybooks playbooks;

    /** Checked before each test, so that each one is reported as skipped, with the reason. */
    @BeforeEach
    void onlyWhenAskedFor() {
        assumeTrue(Boolean.getBoolean("runner.realCluster"),
                "real-cluster tests are opt-in: run 'mvn -B verify -Preal-cluster' with KUBECONFIG set");
        String kubeconfig = System.getenv("KUBECONFIG");
        assumeTrue(kubeconfig != null && !kubeconfig.isBlank(), "KUBECONFIG is not set: no real cluster to test against");
        if (cluster == null) {
            cluster = new RealCluster(Path.of(kubeconfig.split(java.io.File.pathSeparator)[0]));
            playbooks = new KubePlaybooks(cluster, dir);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    ClusterTarget cluster() {
        return cluster;
    }

    @Override
    KubePlaybooks playbooks() {
        return playbooks;
    }

    @Override
    String ns(String name) {
        return cluster.prefix() + name;
    }
}
