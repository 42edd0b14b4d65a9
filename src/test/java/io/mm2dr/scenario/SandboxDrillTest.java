package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.sandbox.testing.SandboxRuns;
import io.mm2dr.sandbox.testing.TlsProbe;
import java.security.cert.X509Certificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole drill on the local sandbox, as a newcomer or a CI pipeline runs it, with real brokers,
 * real MirrorMaker 2 and the demo apps as processes: every stage in check mode (no process started
 * or stopped), for real, and again (nothing changes); what each stage must have done, asserted
 * from the outside; then {@code sandbox down} leaves no process and no file, and no output ever
 * showed a password or key.
 */
class SandboxDrillTest {
    private static final String NA = "north-america";
    private static final String SA = "south-america";
    private static final String EU = "europe";
    private static final String GROUP = "consumer-southamerica";

    @TempDir
    static Path tmp;

    private static SandboxRuns sandbox;

    @AfterAll
    static void down() {
        if (sandbox != null && Files.exists(sandbox.root())) {
            sandbox.sandbox("down");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWholeDrill() throws Exception {
        sandbox = new SandboxRuns(tmp.resolve("sandbox"));

        // 1. initial setup: three regions, two clusters, the apps, the backup MirrorMaker 2
        // out of order on a sandbox with nothing in it: refused, naming the stage to run first
        SandboxRuns fresh = new SandboxRuns(tmp.resolve("fresh"));
        fresh.refused("region-loss.yaml", "initial-setup.yaml");
        fresh.refused("recreate-from-backup.yaml", "region-loss.yaml");
        fresh.refused("resume-applications.yaml", "region-loss.yaml");
        assertTrue(fresh.processes().isEmpty());

        Run setup = sandbox.stage("initial-setup.yaml");
        Map<String, Map<String, Object>> status = sandbox.status();
        for (String o : List.of(NA + "/na-eventstreams", EU + "/eu-eventstreams", EU + "/mm2-backup", SA + "/datagen-host", SA + "/" + GROUP)) {
            assertEquals("running", status.get(o).get("state"), () -> o + " is not running: " + status);
        }

        // TLS: the primary's broker presents a chain that verifies against the ca.crt of its cluster
        // CA secret, for the addresses clients use (hostname verification on), and for openssl
        String caBefore = sandbox.clusterCaCertificate(NA, "na-eventstreams");
        int naPort = sandbox.clientPort(NA + "/na-eventstreams");
        X509Certificate brokerBefore = verifiedBrokerCertificate(naPort, caBefore);
        // sandbox status says when each CA and the broker's certificate expire (Strimzi's 365 days)
        Map<String, Object> certificates = (Map<String, Object>) status.get(NA + "/na-eventstreams").get("certificates");
        assertEquals(Set.of("cluster_ca", "clients_ca", "broker"), certificates.keySet(), certificates::toString);
        for (Object c : certificates.values()) {
            long days = java.time.temporal.ChronoUnit.DAYS.between(java.time.LocalDate.now(java.time.ZoneOffset.UTC),
                    java.time.LocalDate.parse((String) ((Map<String, Object>) c).get("expires")));
            assertTrue(days >= 364 && days <= 366, () -> "expiry " + c);
        }

        // initial-setup ended only once the backup protected the estate: every topic, every position
        Map<String, Object> protection = setup.result("The backup protects the estate (every topic mirrored, every group's position checkpointed)");
        assertEquals(Boolean.TRUE, protection.get("protected"), protection::toString);
        Map<String, Object> consumerGroup = (Map<String, Object>) ((Map<String, Object>) protection.get("groups")).get(GROUP);
        assertEquals(consumerGroup.get("partitions_with_position"), consumerGroup.get("partitions_checkpointed"), protection::toString);
        assertTrue(((Number) consumerGroup.get("partitions_with_position")).intValue() > 0, protection::toString);

        // out of order, before any drill: refused, naming the stage to run first
        sandbox.refused("recreate-from-backup.yaml", "region-loss.yaml");
        sandbox.refused("resume-applications.yaml", "region-loss.yaml");
        sandbox.refused("setup-new-backup.yaml", "region-loss.yaml");

        // 2. the primary region is lost: its processes killed, its folder gone; the loss recorded first
        Set<String> naProcesses = sandbox.processes().stream().filter(p -> p.startsWith(NA + "/")).collect(java.util.stream.Collectors.toSet());
        assertFalse(naProcesses.isEmpty());
        Run loss = sandbox.stage("region-loss.yaml");
        // a rehearsal loses a protected estate: every position committed by then checkpointed first
        Map<String, Object> atLoss = loss.result("The backup protects the estate at the moment of the loss (abrupt_loss loses it as it is)");
        assertEquals(Boolean.TRUE, atLoss.get("protected"), atLoss::toString);
        assertTrue(sandbox.processes().stream().noneMatch(p -> p.startsWith(NA + "/")), () -> "processes of the lost region left: " + sandbox.processes());
        for (String p : naProcesses) {
            long pid = Long.parseLong(p.substring(p.lastIndexOf(':') + 1));
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), p + " still alive");
        }
        assertFalse(Files.exists(sandbox.root().resolve(NA)), "the lost region's data is still there");
        Map<String, Object> capture = loss.result("What the backup does not have yet, for the drill report");
        assertEquals(6, ((Map<String, Object>) capture.get("topics")).size(), capture::toString);
        long produced = ((Number) ((Map<String, Object>) capture.get("totals")).get("records_on_primary")).longValue();
        assertTrue(produced > 0, capture::toString);

        sandbox.refused("initial-setup.yaml", "recreate-from-backup.yaml");
        sandbox.refused("resume-applications.yaml", "recreate-from-backup.yaml");
        sandbox.refused("setup-new-backup.yaml", "recreate-from-backup.yaml");

        // 3. recreate from the backup: waits until every record the backup held is on the new primary
        Run recreate = sandbox.stage("recreate-from-backup.yaml");
        Map<String, Object> compare = recreate.result("Wait until the restore is complete, record by record");
        assertEquals(Boolean.TRUE, compare.get("complete"), compare::toString);
        assertEquals(compare.get("source_records"), compare.get("restored_records"), compare::toString);
        assertTrue(((Number) compare.get("source_records")).longValue() > 0, compare::toString);
        assertEquals("paused", sandbox.status().get(SA + "/" + GROUP).get("state"));
        // the CA restored before the cluster was recreated: the new broker's certificate is new, and
        // issued by the same CA, so every client that trusted the lost cluster trusts this one
        assertEquals(caBefore, sandbox.clusterCaCertificate(NA, "na-eventstreams"), "the recreated cluster has another CA");
        X509Certificate brokerAfter = verifiedBrokerCertificate(naPort, caBefore);
        assertFalse(java.util.Arrays.equals(brokerBefore.getEncoded(), brokerAfter.getEncoded()), "the recreated broker kept the lost one's certificate");

        sandbox.refused("initial-setup.yaml", "resume-applications.yaml");
        sandbox.refused("region-loss.yaml", "resume-applications.yaml");
        sandbox.refused("setup-new-backup.yaml", "resume-applications.yaml");

        // 4. resume: the group exactly where it was on the lost primary, then the apps
        Run resume = sandbox.stage("resume-applications.yaml");
        Map<String, Object> restored = resume.result("Put the consumer groups exactly where they were on the lost primary");
        assertEquals(0, ((Number) restored.get("not_proven")).intValue(), restored::toString);
        Map<String, Object> group = (Map<String, Object>) ((Map<String, Object>) restored.get("groups")).get(GROUP);
        List<Map<String, Object>> partitions = (List<Map<String, Object>>) group.get("partitions");
        assertEquals(14, partitions.size(), group::toString);
        long position = 0;
        for (Map<String, Object> p : partitions) {
            assertEquals(p.get("upstream_offset"), p.get("restored_offset"), () -> "not at its recorded position: " + p);
            position += ((Number) p.get("restored_offset")).longValue();
        }
        assertTrue(position > 0, "the group would start from the beginning: " + group);
        Map<String, Object> report = resume.result("Drill report");
        assertTrue(report.get("recovery_seconds") instanceof Number, report::toString);
        assertTrue(report.get("records_read_twice") instanceof Number, report::toString);
        Map<String, Map<String, Object>> after = sandbox.status();
        assertEquals("running", after.get(SA + "/" + GROUP).get("state"));
        assertEquals("running", after.get(SA + "/datagen-host").get("state"));
        assertTrue(sandbox.processes().stream().noneMatch(p -> p.contains("mm2-restore")), "mm2-restore still runs");

        sandbox.refused("initial-setup.yaml", "setup-new-backup.yaml");
        sandbox.refused("region-loss.yaml", "setup-new-backup.yaml");
        sandbox.refused("recreate-from-backup.yaml", "setup-new-backup.yaml");

        // 5. a fresh backup, protected again
        Run newBackup = sandbox.stage("setup-new-backup.yaml");
        assertEquals(Boolean.TRUE, newBackup.result("The backup protects the estate again (every topic mirrored, every group's position checkpointed)")
                .get("protected"));
        sandbox.refused("recreate-from-backup.yaml", "region-loss.yaml");
        sandbox.refused("resume-applications.yaml", "region-loss.yaml");
        assertEquals("running", sandbox.status().get(EU + "/mm2-backup").get("state"));

        // nothing secret in any output, report or log of a run
        Set<String> secrets = sandbox.secretValues();
        assertFalse(secrets.isEmpty());
        String all = sandbox.outputs();
        for (String s : secrets) {
            assertFalse(all.contains(s), "a secret value appeared in the output");
        }

        // nor in the logs of the brokers, MirrorMaker 2 and the apps; secret files are the user's only
        try (java.util.stream.Stream<Path> files = Files.walk(sandbox.root())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".log") && !f.toString().contains("/data/")) {   // not Kafka's segments: MirrorMaker 2 keeps its config in a topic
                    String log = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                    for (String s : secrets) {
                        assertFalse(log.contains(s), "a secret value appeared in " + f);
                    }
                }
                String folder = f.getParent().getFileName().toString();
                if (folder.equals("secrets") || folder.equals("tls") || name.endsWith(".properties") && !f.toString().contains("/data/")) {
                    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f::toString);
                }
            }
        }
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(sandbox.root())));

        // sandbox down: no process, no file
        Set<String> running = sandbox.processes();
        assertFalse(running.isEmpty());
        Run down = sandbox.sandbox("down");
        assertEquals(0, down.exitCode(), down::all);
        for (String p : running) {
            long pid = Long.parseLong(p.substring(p.lastIndexOf(':') + 1));
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), p + " still alive after sandbox down");
        }
        assertFalse(Files.exists(sandbox.root()), "sandbox down left files");
    }

    /**
     * The certificate the broker at the port presents, after checking that its chain verifies
     * against the CA for each name clients use, with the JDK (as Kafka clients do) and with
     * openssl s_client when it is installed.
     */
    private static X509Certificate verifiedBrokerCertificate(int port, String caPem) throws Exception {
        X509Certificate leaf = null;
        for (String name : List.of("127.0.0.1", "localhost", "na-eventstreams-kafka-bootstrap.north-america.svc")) {
            X509Certificate[] chain = TlsProbe.handshake("127.0.0.1", port, name, caPem);
            assertEquals("CN=na-eventstreams-kafka,O=io.strimzi", chain[0].getSubjectX500Principal().getName());
            assertEquals("CN=cluster-ca v0,O=io.strimzi", chain[0].getIssuerX500Principal().getName());
            leaf = chain[0];
        }
        Boolean openssl = SandboxRuns.opensslVerifies(port, caPem, tmp);
        if (openssl == null) {
            System.out.println("SandboxDrillTest: openssl is not installed; the chain was verified with the JDK only");
        } else {
            assertTrue(openssl, "openssl s_client does not verify the broker's chain against the CA secret's ca.crt");
        }
        return leaf;
    }
}
