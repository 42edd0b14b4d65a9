package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.sandbox.testing.SandboxRuns;
import io.mm2dr.sandbox.testing.TlsProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CA restore is for, shown by its absence: the drill with {@code -e restore_ca=false}
 * recreates the primary with new certificate authorities. The restore itself still completes
 * (its clients read the new CA from the new secrets), but the applications, which kept the trust
 * they were given at set-up (their copy of the old CA certificate), refuse the new broker: the
 * stage that resumes them fails, each saying which certificate it refuses and which CA it trusts,
 * instead of reporting success. {@link SandboxDrillTest} shows the other half: with the restore,
 * the same applications resume.
 */
@Tag("drill-faults")
class CaRestoreSkippedTest {
    private static final String NA = "north-america";
    private static final String SA = "south-america";

    @TempDir
    Path tmp;

    private SandboxRuns sandbox;

    @AfterEach
    void down() {
        if (sandbox != null && Files.exists(sandbox.root())) {
            sandbox.sandbox("down");
        }
    }

    @Test
    void withoutTheCaRestoreTheApplicationsRefuseTheRecreatedClusterAndTheResumeFails() throws Exception {
        sandbox = new SandboxRuns(tmp.resolve("sandbox"));
        Run setup = sandbox.play("initial-setup.yaml");
        assertEquals(0, setup.exitCode(), setup::all);
        String oldCa = sandbox.clusterCaCertificate(NA, "na-eventstreams");
        assertEquals(oldCa, sandbox.clusterCaCertificate(SA, "na-eventstreams"), "the applications' copy of the primary's CA certificate");
        int port = sandbox.clientPort(NA + "/na-eventstreams");

        Run loss = sandbox.play("region-loss.yaml");
        assertEquals(0, loss.exitCode(), loss::all);
        Run recreate = sandbox.play("recreate-from-backup.yaml", "-e", "restore_ca=false");
        assertEquals(0, recreate.exitCode(), () -> "the restore itself does not need the old CA:\n" + recreate.all());

        String newCa = sandbox.clusterCaCertificate(NA, "na-eventstreams");
        assertNotEquals(oldCa, newCa, "without the CA restore the recreated cluster must have a new CA");
        TlsProbe.handshake("127.0.0.1", port, "127.0.0.1", newCa);
        assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> TlsProbe.handshake("127.0.0.1", port, "127.0.0.1", oldCa),
                "a client with the old trust must fail the handshake");

        Run resume = sandbox.play("resume-applications.yaml");
        assertNotEquals(0, resume.exitCode(), () -> "the applications cannot work, the stage must fail:\n" + resume.all());
        String out = resume.out();
        for (String app : List.of("Deployment " + SA + "/consumer-southamerica", "KafkaConnect " + SA + "/datagen-host")) {
            List<String> lines = out.lines().filter(l -> l.contains(app + " cannot work: ")).toList();
            assertFalse(lines.isEmpty(), () -> app + " must fail saying why:\n" + resume.all());
            String why = lines.get(0);
            // both CAs are "CN=cluster-ca v0, O=io.strimzi": their fingerprints tell them apart
            String oldFingerprint = io.mm2dr.sandbox.Certificates.fingerprint(io.mm2dr.sandbox.Certificates.parse(oldCa)).substring(0, 23);
            String newFingerprint = io.mm2dr.sandbox.Certificates.fingerprint(io.mm2dr.sandbox.Certificates.parse(newCa)).substring(0, 23);
            assertTrue(why.contains("presents the certificate CN=na-eventstreams-kafka, O=io.strimzi issued by CN=cluster-ca v0, O=io.strimzi"
                    + " (SHA-256 " + newFingerprint), why);
            assertTrue(why.contains("a CA this application does not trust: it trusts only CN=cluster-ca v0, O=io.strimzi (SHA-256 " + oldFingerprint), why);
            assertTrue(why.contains("reuse_ca"), why);
            assertFalse(why.contains("\tat ") || why.contains("Exception:"), "one sentence, no stack trace: " + why);
        }
        assertTrue(resume.reportStats("localhost").get("failed") > 0, () -> "the report must count the failure: " + resume.report());

        Set<String> secrets = sandbox.secretValues();
        String all = sandbox.outputs();
        for (String s : secrets) {
            assertFalse(all.contains(s), "a secret value appeared in the output");
        }
    }
}
