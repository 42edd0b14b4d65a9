package io.mm2dr.modules.kubernetes;

import io.mm2dr.kubernetes.testing.MockCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class with its own mock API server and fake controllers, started once for the class. */
abstract class OnMockCluster {
    @TempDir
    static Path dir;
    static MockCluster cluster;
    static KubePlaybooks playbooks;

    @BeforeAll
    static void startMockCluster() throws Exception {
        cluster = MockCluster.start(dir);
        playbooks = new KubePlaybooks(cluster, dir);
    }

    @AfterAll
    static void stopMockCluster() {
        cluster.close();
    }
}
