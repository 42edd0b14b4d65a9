package io.mm2dr.modules.kubernetes;

import io.mm2dr.kubernetes.testing.ClusterTarget;
import io.mm2dr.kubernetes.testing.MockCluster;
import io.mm2dr.kubernetes.testing.MockClusterFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The module contract against fabric8's mock API server with fake controllers. */
class MockClusterModulesTest extends KubernetesModulesContract {
    @RegisterExtension
    static final MockClusterFixture K8S = new MockClusterFixture();
    @TempDir
    static Path dir;
    static MockCluster cluster;
    static KubePlaybooks playbooks;

    @BeforeAll
    static void start() throws Exception {
        cluster = K8S.cluster();
        playbooks = new KubePlaybooks(cluster, dir);
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
        return "contract-" + name;
    }
}
