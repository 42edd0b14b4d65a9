package io.mm2dr.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker that stops while starting: the failure gives the first ERROR of this start and its
 * cause, not the end of the log (which only shows the shutdown), nor an ERROR of an earlier start.
 */
class BrokerStartFailureTest {
    @TempDir
    Path dir;

    @Test
    void aBrokerThatStopsWhileStartingNamesTheFirstErrorOfThisStart() throws Exception {
        try (Sandbox sandbox = Sandbox.lock(dir.resolve("sandbox"))) {
            LocalCluster cluster = new LocalCluster(sandbox, "europe", "eu-eventstreams");
            Certificates.Authority ca = Certificates.newAuthority("cluster-ca", 0, Duration.ofDays(365), 2048);
            String password = "an-administrator-password";
            cluster.create(password, cluster.issueBrokerCertificate(ca), ca.certPem());
            try {
                // a first start that works (the storage formatted), stopped
                cluster.start();
                cluster.awaitAnswering(cluster.adminConnection(password), 120_000, m -> { });
                cluster.process().stop(5);
                // an earlier ERROR in the log is not this start's
                Files.writeString(cluster.process().logFile(), "2026-11-30T01:00:00,000 ERROR [Old] an error of an earlier start\n",
                        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                // then a setting Kafka refuses
                Files.writeString(cluster.dir().resolve("server.properties"), "log.segment.bytes=sixteen-megabytes\n",
                        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                cluster.start();
                SandboxException e = assertThrows(SandboxException.class,
                        () -> cluster.awaitAnswering(cluster.adminConnection(password), 120_000, m -> { }));
                String message = e.getMessage();
                assertTrue(message.startsWith("the broker of eu-eventstreams in europe stopped while starting: "), message);
                assertTrue(message.contains("sixteen-megabytes") && message.contains("log.segment.bytes"), message);
                assertFalse(message.contains("an error of an earlier start"), message);
                assertFalse(message.contains(password), message);
            } finally {
                cluster.process().stop(0);
            }
        }
    }
}
