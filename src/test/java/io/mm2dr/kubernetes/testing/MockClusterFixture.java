package io.mm2dr.kubernetes.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one lifecycle of a {@link MockCluster} in a test class: started once before the class's
 * first test (and before its own {@code @BeforeAll} methods, which may use it), closed after its
 * last, its folder (the kubeconfig) removed. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MockClusterFixture K8S = new MockClusterFixture().readyDelay(50);
 * }</pre>
 */
public final class MockClusterFixture implements BeforeAllCallback, AfterAllCallback {
    private Integer readyDelayMillis;
    private Path dir;
    private MockCluster cluster;

    /** The fake controllers mark resources ready after this delay (their default otherwise). */
    public MockClusterFixture readyDelay(int millis) {
        this.readyDelayMillis = millis;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("mock-cluster-");
        cluster = MockCluster.start(dir);
        if (readyDelayMillis != null) {
            cluster.controllers().readyDelay(readyDelayMillis);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            cluster = null;
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
                dir = null;
            }
        }
    }

    /** The running mock cluster; only between the class's first and last test. */
    public MockCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the mock cluster runs only while its test class does: register the fixture on a static field");
        }
        return cluster;
    }
}
