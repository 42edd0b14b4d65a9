package io.mm2dr.kafka.testing;

import io.mm2dr.kafka.testing.KafkaClusters.Cluster;
import io.mm2dr.kafka.testing.KafkaClusters.Security;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one lifecycle of a Kafka cluster of a test class's own ({@link KafkaClusters#start}):
 * started once before the class's first test (and before its own {@code @BeforeAll} methods,
 * which may fill it), closed after its last. A class that only reads can take a JVM-wide
 * {@link KafkaClusters#shared} cluster instead. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaClusterFixture NA = new KafkaClusterFixture("na", Security.PLAINTEXT);
 * }</pre>
 */
public final class KafkaClusterFixture implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final Security security;
    private Cluster cluster;

    public KafkaClusterFixture(String name, Security security) {
        this.name = name;
        this.security = security;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = KafkaClusters.start(name, security);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            try {
                cluster.close();
            } finally {
                cluster = null;
            }
        }
    }

    /** The running cluster; only between the class's first and last test. */
    public Cluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the Kafka cluster " + name + " runs only while its test class does: register the fixture on a static field");
        }
        return cluster;
    }
}
