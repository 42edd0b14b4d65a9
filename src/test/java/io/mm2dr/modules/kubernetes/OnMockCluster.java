package io.mm2dr.modules.kubernetes;

import io.mm2dr.kubernetes.testing.MockCluster;
import io.mm2dr.kubernetes.testing.MockClusterFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A test class with its own mock API server and fake controllers, started once for the class ({@link MockClusterFixture}). */
abstract class OnMockCluster {
    @RegisterExtension
    static final MockClusterFixture K8S = new MockClusterFixture();
    @TempDir
    static Path dir;
    static MockCluster cluster;
    static KubePlaybooks playbooks;

    @BeforeAll
    static void startMockCluster() throws Exception {
        cluster = K8S.cluster();
        playbooks = new KubePlaybooks(cluster, dir);
    }
}
