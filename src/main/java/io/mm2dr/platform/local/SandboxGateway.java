package io.mm2dr.platform.local;

import io.mm2dr.domain.KafkaAppSpec;
import io.mm2dr.domain.mm2.MirrorMaker2Spec;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.platform.TaskScope;
import io.mm2dr.sandbox.Certificates;
import io.mm2dr.sandbox.LocalCluster;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.SandboxException;
import io.mm2dr.sandbox.SandboxProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The one way the local platform touches its sandbox: namespace folders, secret files, broker
 * processes and their configuration, topics, credentials and ACLs through the administrator
 * client, and the workloads' processes and state files. It reads too (secrets announced to the
 * redactor as they are read), but what matters is that nothing else writes.
 *
 * <p>Check mode lives here and only here: when it is on (or the sandbox is open read-only), every
 * write returns at once having done nothing, waits do not wait, and {@link #unmet} turns a missing
 * prerequisite into a warning (an earlier task only announced it) instead of a failure. The
 * platform decides what to write by pure comparison and reports the outcome the same way in both
 * modes.
 */
final class SandboxGateway {
    /** How long a broker gets to shut down after SIGTERM (a controlled shutdown) before SIGKILL. */
    private static final int GRACE_SECONDS = 10;
    /** The secret keys that name things (a user): not redacted. CA certificates are, like every secret value. */
    private static final Set<String> PUBLIC_KEYS = Set.of("username", "user");

    private final Sandbox sandbox;
    private final boolean checkMode;
    private final TaskScope scope;
    private final AdminClients admins;

    SandboxGateway(Sandbox sandbox, TaskScope scope, AdminClients admins) {
        this.sandbox = sandbox;
        this.checkMode = scope.checkMode() || !sandbox.writable();
        this.scope = scope;
        this.admins = admins;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    boolean checkMode() {
        return checkMode;
    }

    TaskScope scope() {
        return scope;
    }

    /**
     * A prerequisite of the desired state is missing (a secret to copy, a namespace, a running
     * cluster): a failure with {@code message}, or in check mode the warning to report, since an
     * earlier task of the same check run may only have announced it.
     */
    String unmet(String message) {
        if (!checkMode) {
            throw new SandboxException(message);
        }
        return "check mode: " + message + " (an earlier task would make it)";
    }

    // ---- namespaces --------------------------------------------------------------------------

    void createNamespace(String name) {
        if (!checkMode) {
            Sandbox.writeJson(sandbox.namespaceDir(name).resolve("namespace.json"), Map.of("name", name, "created_at", Instant.now().toString()));
        }
    }

    /** Kills the namespace's processes and deletes its folder; returns the processes that were (would be) killed. */
    List<String> deleteNamespace(String name) {
        Path dir = sandbox.namespaceDir(name);
        List<String> alive = new ArrayList<>();
        List<SandboxProcess> processes = SandboxProcess.under(dir);
        for (SandboxProcess p : processes) {
            if (p.alive()) {
                alive.add(p.dir().getFileName() + "/" + p.name());
            }
        }
        if (!checkMode) {
            SandboxProcess.stopAll(processes, 0);
            Sandbox.deleteTree(dir);
        }
        return alive;
    }

    // ---- secrets -----------------------------------------------------------------------------

    private Path secretFile(String namespace, String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.startsWith(".")) {
            throw new SandboxException("invalid name '" + name + "'");
        }
        return sandbox.namespaceDir(namespace).resolve("secrets").resolve(name + ".json");
    }

    /** A secret file as stored (name, type, labels, annotations, data), or null; its values go to the redactor. */
    @SuppressWarnings("unchecked")
    Map<String, Object> readSecret(String namespace, String name) {
        Map<String, Object> s = Sandbox.readMap(secretFile(namespace, name));
        if (s != null) {
            ((Map<String, Object>) s.getOrDefault("data", Map.of())).forEach((k, v) -> announce(k, String.valueOf(v)));
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    Map<String, String> secretData(String namespace, String name) {
        Map<String, Object> s = readSecret(namespace, name);
        return s == null ? null : (Map<String, String>) s.get("data");
    }

    private void announce(String key, String value) {
        if (!PUBLIC_KEYS.contains(key)) {
            scope.secrets().accept(value);
        }
    }

    /** Writes a secret file; returns its data as now stored, empty in check mode (nothing is). */
    Optional<Map<String, String>> writeSecret(String namespace, String name, Map<String, String> data, String type,
                                              Map<String, String> labels, Map<String, String> annotations) {
        data.forEach(this::announce);
        Path file = secretFile(namespace, name);
        if (checkMode) {
            return Optional.empty();
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("namespace", namespace);
        s.put("type", type == null ? "Opaque" : type);
        s.put("labels", labels == null ? Map.of() : labels);
        s.put("annotations", annotations == null ? Map.of() : annotations);
        s.put("data", data);
        Sandbox.writeJson(file, s);
        return Optional.of(data);
    }

    void deleteSecret(String namespace, String name) {
        Path file = secretFile(namespace, name);
        if (checkMode) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            throw new SandboxException("cannot delete " + file + ": " + e.getMessage());
        }
    }

    // ---- brokers -----------------------------------------------------------------------------

    /** Stops the cluster's broker (a controlled shutdown first) and deletes its data. */
    void deleteCluster(LocalCluster cluster) {
        if (!checkMode) {
            cluster.process().stop(GRACE_SECONDS);
            Sandbox.deleteTree(cluster.dir());
        }
    }

    /**
     * Writes the cluster's broker configuration and data folder (a new cluster id) for this
     * administrator password, with a broker certificate issued by the cluster CA.
     */
    void createCluster(LocalCluster cluster, String adminPassword, Certificates.Authority clusterCa) {
        scope.secrets().accept(adminPassword);
        if (!checkMode) {
            Certificates.Issued broker = cluster.issueBrokerCertificate(clusterCa);
            scope.secrets().accept(broker.keyPem());
            cluster.create(adminPassword, broker, clusterCa.certPem());
        }
    }

    /** Issues the broker a new certificate from the cluster CA and stops it (the caller starts it again to serve it). */
    void renewBrokerCertificate(LocalCluster cluster, String adminPassword, Certificates.Authority clusterCa) {
        if (!checkMode) {
            Certificates.Issued broker = cluster.issueBrokerCertificate(clusterCa);
            scope.secrets().accept(broker.keyPem());
            cluster.process().stop(GRACE_SECONDS);
            cluster.writeTls(broker, clusterCa.certPem());
            cluster.writeServerProperties(adminPassword);
        }
    }

    /**
     * Starts the cluster's broker and waits until it answers its administrator; without a timeout
     * ({@code wait: false}) it does not wait: a later task with a wait does, while other brokers start.
     */
    void startCluster(LocalCluster cluster, String adminPassword, Duration timeout) throws InterruptedException {
        if (checkMode) {
            return;
        }
        cluster.start();
        warmUpTls(cluster.caCertificate());
        if (timeout == null) {
            return;
        }
        scope.progress().accept("starting Kafka cluster " + cluster.namespace() + "/" + cluster.name() + " (log: " + cluster.process().logFile() + ")");
        awaitAnswering(cluster, adminPassword, timeout);
    }

    /**
     * Loads and links this JVM's TLS client (trust store from PEM, a TLS 1.3 client hello) on a
     * background thread while the broker starts, so that the first handshake with it does not pay
     * for that (about a second in a fresh JVM on a small machine).
     */
    private static void warmUpTls(String caPem) {
        if (caPem == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setCertificateEntry("ca", Certificates.parse(caPem));
                javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
                ctx.init(null, tmf.getTrustManagers(), null);
                javax.net.ssl.SSLEngine engine = ctx.createSSLEngine("127.0.0.1", 9093);
                engine.setUseClientMode(true);
                engine.beginHandshake();
                engine.wrap(java.nio.ByteBuffer.allocate(0), java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
            } catch (Exception | LinkageError e) {
                // only a warm-up: the real handshake reports what is wrong
            }
        }, "tls-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Waits until a running cluster answers its administrator (not in check mode: nothing was started to wait for). */
    void awaitAnswering(LocalCluster cluster, String adminPassword, Duration timeout) throws InterruptedException {
        if (!checkMode) {
            cluster.awaitAnswering(cluster.adminConnection(adminPassword), timeout == null ? 120_000 : timeout.toMillis(), scope.progress());
        }
    }

    /**
     * The administrator's client of a running cluster, shared for the run; empty in check mode
     * when the cluster is not there or not running (nothing to read: an earlier task only
     * announced it), a failure otherwise.
     */
    Optional<Admin> admin(String namespace, String clusterName) {
        LocalCluster cluster = new LocalCluster(sandbox, namespace, clusterName);
        if (checkMode && !(cluster.exists() && cluster.process().alive())) {
            return Optional.empty();
        }
        return Optional.of(liveAdmin(cluster));
    }

    /** The administrator's client of a cluster that must be running, in either mode (to read). */
    Admin liveAdmin(LocalCluster cluster) {
        if (!cluster.exists()) {
            throw new SandboxException("no Kafka cluster " + cluster.name() + " in namespace " + cluster.namespace() + " of the sandbox " + sandbox.root());
        }
        if (!cluster.process().alive()) {
            throw new SandboxException("the Kafka cluster " + cluster.namespace() + "/" + cluster.name() + " is not running (start it with kafka_cluster; log: "
                    + cluster.process().logFile() + ")");
        }
        Map<String, String> admin = secretData(cluster.namespace(), cluster.adminSecret());
        if (admin == null) {
            throw new SandboxException("the administrator secret " + cluster.namespace() + "/" + cluster.adminSecret() + " is missing");
        }
        KafkaConnection c = cluster.adminConnection(admin.get("password"));
        // keyed by the cluster's id: a cluster recreated in the same run (region lost) has a new administrator
        Object clusterId = Sandbox.readMap(cluster.dir().resolve("cluster.json")).get("cluster_id");
        return admins.get(sandbox.root() + "/" + cluster.namespace() + "/" + cluster.name() + "/" + clusterId, c);
    }

    // ---- topics, credentials, ACLs -----------------------------------------------------------

    void createTopic(Admin admin, String topic, int partitions, int replicas, Map<String, String> config) {
        if (!checkMode) {
            SandboxKafka.createTopic(admin, topic, partitions, replicas, config);
        }
    }

    void updateTopic(Admin admin, String topic, int growTo, Map<String, String> set) {
        if (checkMode) {
            return;
        }
        if (growTo > 0) {
            SandboxKafka.addPartitions(admin, topic, growTo);
        }
        if (!set.isEmpty()) {
            SandboxKafka.setConfig(admin, topic, set, List.of());
        }
    }

    void deleteTopic(Admin admin, String topic) {
        if (!checkMode) {
            SandboxKafka.deleteTopic(admin, topic);
        }
    }

    void setCredential(Admin admin, String user, String password) {
        scope.secrets().accept(password);
        if (!checkMode) {
            SandboxKafka.setCredential(admin, user, password);
        }
    }

    void deleteCredential(Admin admin, String user) {
        if (!checkMode) {
            SandboxKafka.deleteCredential(admin, user);
        }
    }

    void changeAcls(Admin admin, Collection<AclBinding> add, Collection<AclBinding> remove) {
        if (!checkMode) {
            SandboxKafka.createAcls(admin, add);
            SandboxKafka.deleteAcls(admin, remove);
        }
    }

    // ---- workloads ---------------------------------------------------------------------------

    /** Stops the workload, writes its new state, and starts it (the replica count of the state written). */
    void restartApp(LocalApp app, KafkaAppSpec spec, Map<String, Object> desired, int replicas, Duration timeout) throws InterruptedException {
        if (checkMode) {
            return;
        }
        if (app.exists()) {
            app.stop();
        }
        app.write(spec, desired, replicas, null);
        app.start(timeout);
    }

    /** Writes a paused application's new configuration, keeping it paused. */
    void writePausedApp(LocalApp app, KafkaAppSpec spec, Map<String, Object> desired) {
        if (!checkMode) {
            app.write(spec, desired, 0, app.recordedReplicas());
        }
    }

    void restartMirrorMaker(LocalMirrorMaker mm, MirrorMaker2Spec spec, Map<String, String> desired, Duration timeout)
            throws InterruptedException {
        if (checkMode) {
            return;
        }
        if (mm.exists()) {
            mm.stop();
        }
        mm.write(spec, desired, 1, null);
        mm.start(timeout);
    }

    void writePausedMirrorMaker(LocalMirrorMaker mm, MirrorMaker2Spec spec, Map<String, String> desired) {
        if (!checkMode) {
            mm.write(spec, desired, 0, mm.recordedReplicas());
        }
    }

    /** Stops a workload and deletes its folder. */
    void deleteWorkload(Workload w, Path dir) {
        if (!checkMode) {
            w.stop();
            Sandbox.deleteTree(dir);
        }
    }

    /** Pauses: stops the processes and records the replica count to resume to. */
    void pause(Workload w, int recorded) {
        if (!checkMode) {
            w.stop();
            w.setReplicas(0, recorded);
        }
    }

    /**
     * Waits for a workload an earlier run started without a wait ({@code wait: false}), when this
     * one asks for a wait: "apply everything, then wait for everything", so that processes start side
     * by side. Nothing to do for a workload already seen working.
     */
    void awaitStarted(Workload w, Duration timeout) throws InterruptedException {
        if (!checkMode && timeout != null && w.unconfirmed()) {
            w.awaitStarted(timeout);
        }
    }

    /** Resumes a paused workload to {@code replicas}, or starts a running one's dead processes again ({@code replicas} null). */
    void start(Workload w, Integer replicas, Duration timeout) throws InterruptedException {
        if (checkMode) {
            return;
        }
        if (replicas != null) {
            w.setReplicas(replicas, null);
        }
        w.start(timeout);
    }
}
