package io.mm2dr.sandbox;

import io.mm2dr.kafka.KafkaConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.SaslAuthenticationException;

/**
 * A Kafka cluster of the sandbox: one Apache Kafka process, broker and KRaft controller in one,
 * listening on loopback only: clients on a SASL_SSL listener with SCRAM-SHA-512, the broker's
 * certificate issued by the cluster CA (the one in the cluster's {@code <cluster>-cluster-ca-cert}
 * and {@code <cluster>-cluster-ca} secrets) for the names clients use; the controller on its own
 * listener (SASL PLAIN on loopback, as the administrator, so the broker is authorised to
 * register); the standard authorizer, nothing allowed without an ACL, the administrator a super
 * user. Its folder holds {@code cluster.json}, {@code server.properties}, {@code tls/} (the
 * broker's key and certificate chain, and the CA certificate it was issued by, readable by the
 * user only), the data and the log.
 */
public final class LocalCluster {
    public static final String ADMIN_USER = "admin";
    static final String CLIENT_LISTENER = "CLIENT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** JVM options: a C1-only JIT, serial GC and a small heap start a broker in about 3-4 s. */
    static final List<String> JVM = List.of("-Xmx320m", "-Xms64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Djava.awt.headless=true", "-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider",
            "-Dlog4j2.configurationFile=mm2dr-sandbox-log4j2.xml");

    /** How often the broker writes a metadata snapshot (see {@link #serverProperties}). */
    static final long METADATA_SNAPSHOT_INTERVAL_MS = 10_000;
    /** How long a broker that is up may refuse its administrator's login before we call it broken. */
    static final long REFUSED_LOGIN_GRACE_MS = 10_000;

    private final Sandbox sandbox;
    private final String namespace;
    private final String name;

    public LocalCluster(Sandbox sandbox, String namespace, String name) {
        this.sandbox = sandbox;
        this.namespace = namespace;
        this.name = name;
    }

    /** The Kafka cluster id it was formatted with: a recreated cluster has a new one; null if it does not exist. */
    public String clusterId() {
        Map<String, Object> state = Sandbox.readMap(dir().resolve("cluster.json"));
        return state == null ? null : (String) state.get("cluster_id");
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public Path dir() {
        return sandbox.objectDir(namespace, "kafka", name);
    }

    public boolean exists() {
        return Files.isRegularFile(dir().resolve("cluster.json"));
    }

    public SandboxProcess process() {
        return new SandboxProcess(dir(), "broker");
    }

    /** The admin secret's name: {@code <cluster>-sandbox-admin} in the cluster's namespace. */
    public String adminSecret() {
        return name + "-sandbox-admin";
    }

    /** The loopback address clients use, or null when the cluster was never created. */
    public String address() {
        Map<String, Integer> ports = sandbox.ports(namespace, name);
        return ports == null ? null : "127.0.0.1:" + ports.get("client");
    }

    /** The administrator's connection (password from the admin secret; trusting the CA the broker's certificate was issued by). */
    public KafkaConnection adminConnection(String adminPassword) {
        return new KafkaConnection(namespace + "/" + name, address(), ADMIN_USER, adminPassword, caCertificate());
    }

    /** The broker's TLS files: {@code broker.pem} (its private key and certificate chain) and {@code ca.crt}. */
    public Path tlsDir() {
        return dir().resolve("tls");
    }

    /** The CA certificate (PEM) the broker's certificate was issued by, or null when the cluster has none. */
    public String caCertificate() {
        Path f = tlsDir().resolve("ca.crt");
        try {
            return Files.isRegularFile(f) ? Files.readString(f) : null;
        } catch (java.io.IOException e) {
            throw new SandboxException("cannot read " + f + ": " + e.getMessage());
        }
    }

    /** The broker's certificate (the first of its chain), or null when the cluster has none. */
    public java.security.cert.X509Certificate brokerCertificate() {
        Path f = tlsDir().resolve("broker.pem");
        try {
            return Files.isRegularFile(f) ? Certificates.parse(Files.readString(f)) : null;
        } catch (java.io.IOException e) {
            throw new SandboxException("cannot read " + f + ": " + e.getMessage());
        }
    }

    /**
     * The names clients reach the broker by, for its certificate: loopback (where the sandbox
     * resolves every address) and the Kubernetes service names the playbooks keep.
     */
    public List<String> dnsNames() {
        String service = name + "-kafka-bootstrap";
        return List.of("localhost", service, service + "." + namespace, service + "." + namespace + ".svc",
                service + "." + namespace + ".svc.cluster.local");
    }

    public static final List<String> IP_ADDRESSES = List.of("127.0.0.1");

    /** A new certificate for the broker, issued by {@code ca}, with {@link #dnsNames()} and {@link #IP_ADDRESSES}. */
    public Certificates.Issued issueBrokerCertificate(Certificates.Authority ca) {
        return Certificates.issue(ca, name + "-kafka", dnsNames(), IP_ADDRESSES, java.time.Duration.ofDays(Certificates.VALIDITY_DAYS));
    }

    /** Writes the broker's key, certificate chain and CA certificate (owner only); the broker reads them when it starts. */
    public void writeTls(Certificates.Issued broker, String caCertPem) {
        Sandbox.writePrivate(tlsDir().resolve("broker.pem"), broker.keyPem() + broker.chainPem());
        Sandbox.writePrivate(tlsDir().resolve("ca.crt"), caCertPem);
    }

    /** Creates the folder and configuration (first time), with the broker's certificate. */
    public void create(String adminPassword, Certificates.Issued broker, String caCertPem) {
        Map<String, Integer> ports = sandbox.allocatePorts(namespace, name, List.of("client", "controller"));
        Path dir = dir();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", name);
        state.put("namespace", namespace);
        state.put("cluster_id", Uuid.randomUuid().toString());
        state.put("ports", ports);
        state.put("created_at", java.time.Instant.now().toString());
        Properties format = new Properties();
        format.setProperty("cluster.id", (String) state.get("cluster_id"));
        format.setProperty("admin.user", ADMIN_USER);
        format.setProperty("admin.password", adminPassword);
        Sandbox.writePrivate(dir.resolve("format.properties"), Sandbox.properties(format));
        writeTls(broker, caCertPem);
        Sandbox.writePrivate(dir.resolve("server.properties"), Sandbox.properties(serverProperties(ports, dir.resolve("data"), adminPassword, tlsDir())));
        Sandbox.writeJson(dir.resolve("cluster.json"), state);
    }

    /** Writes {@code server.properties} again (the current settings; the same ports, data and administrator). */
    public void writeServerProperties(String adminPassword) {
        Map<String, Integer> ports = sandbox.ports(namespace, name);
        Sandbox.writePrivate(dir().resolve("server.properties"),
                Sandbox.properties(serverProperties(ports, dir().resolve("data"), adminPassword, tlsDir())));
    }

    static Properties serverProperties(Map<String, Integer> ports, Path dataDir, String adminPassword, Path tls) {
        Properties c = new Properties();
        int client = ports.get("client");
        int controller = ports.get("controller");
        c.setProperty("process.roles", "broker,controller");
        c.setProperty("node.id", "1");
        c.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controller);
        c.setProperty("listeners", CLIENT_LISTENER + "://127.0.0.1:" + client + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controller);
        c.setProperty("advertised.listeners", CLIENT_LISTENER + "://127.0.0.1:" + client);
        c.setProperty("inter.broker.listener.name", CLIENT_LISTENER);
        c.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        c.setProperty("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_SSL," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        // TLS on the client listener, from PEM files: the broker's key and chain, and the cluster CA it
        // trusts as a client of itself (inter-broker traffic uses this listener); no client certificates
        c.setProperty("ssl.keystore.type", "PEM");
        c.setProperty("ssl.keystore.location", tls.resolve("broker.pem").toAbsolutePath().toString());
        c.setProperty("ssl.truststore.type", "PEM");
        c.setProperty("ssl.truststore.location", tls.resolve("ca.crt").toAbsolutePath().toString());
        c.setProperty("ssl.client.auth", "none");
        c.setProperty("ssl.enabled.protocols", "TLSv1.3,TLSv1.2");
        c.setProperty("log.dirs", dataDir.toAbsolutePath().toString());
        // SCRAM for clients and between brokers; PLAIN as the administrator on the controller listener
        String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + ADMIN_USER
                + "\" password=\"" + adminPassword + "\";";
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN_USER
                + "\" password=\"" + adminPassword + "\" user_" + ADMIN_USER + "=\"" + adminPassword + "\";";
        c.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        c.setProperty("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        c.setProperty("listener.name.client.scram-sha-512.sasl.jaas.config", scram);
        c.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        c.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        c.setProperty("listener.name.controller.plain.sasl.jaas.config", plain);
        c.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        c.setProperty("allow.everyone.if.no.acl.found", "false");
        c.setProperty("super.users", "User:" + ADMIN_USER);
        // one node: every internal topic with one replica
        for (String k : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr", "share.coordinator.state.topic.replication.factor",
                "share.coordinator.state.topic.min.isr", "default.replication.factor", "min.insync.replicas")) {
            c.setProperty(k, "1");
        }
        c.setProperty("offsets.topic.num.partitions", "5");
        c.setProperty("transaction.state.log.num.partitions", "5");
        c.setProperty("share.coordinator.state.topic.num.partitions", "1");
        c.setProperty("group.initial.rebalance.delay.ms", "0");
        c.setProperty("auto.create.topics.enable", "false");
        // a killed broker can come back in seconds: its old session expires fast
        c.setProperty("broker.session.timeout.ms", "2000");
        c.setProperty("broker.heartbeat.interval.ms", "500");
        // a metadata snapshot soon after the first start. Kafka 4.3.1 rebuilds its SCRAM credentials
        // wrongly when a restart replays the metadata log from its start with no snapshot: if a
        // deleted user comes first in ScramDelta.apply()'s hash order, the mechanism's map is
        // dropped while still empty and every SCRAM user is lost (admin included, for good). On top
        // of a snapshot that holds the administrator, a deletion never empties the map.
        c.setProperty("metadata.log.max.snapshot.interval.ms", String.valueOf(METADATA_SNAPSHOT_INTERVAL_MS));
        // small: two clusters, MirrorMaker 2 and the apps share two cores
        c.setProperty("num.network.threads", "2");
        c.setProperty("num.io.threads", "2");
        c.setProperty("num.recovery.threads.per.data.dir", "1");
        c.setProperty("background.threads", "2");
        c.setProperty("log.cleaner.threads", "1");
        c.setProperty("log.segment.bytes", "16777216");
        return c;
    }

    /** Starts the process (the storage is formatted by the process itself on first start). */
    public long start() {
        Integer client = sandbox.ports(namespace, name).get("client");
        Integer controller = sandbox.ports(namespace, name).get("controller");
        for (int port : List.of(client, controller)) {
            if (!Sandbox.portFree(port)) {
                throw new SandboxException("port " + port + " of cluster " + name + " in " + namespace
                        + " is taken by another process: stop it, or 'sandbox down' and start again");
            }
        }
        return process().start(sandbox.root(), JVM, BrokerMain.class.getName(), List.of(dir().toAbsolutePath().toString()));
    }

    /** Whether the cluster answers its administrator within the timeout. */
    public static boolean answers(KafkaConnection admin, long timeoutMillis) {
        return probe(admin, timeoutMillis) == Answer.YES;
    }

    /** What asking the cluster for its nodes gave: an answer, a refused login, or nothing. */
    enum Answer { YES, LOGIN_REFUSED, NO }

    static Answer probe(KafkaConnection admin, long timeoutMillis) {
        Properties p = admin.clientProperties();
        p.put("request.timeout.ms", String.valueOf(Math.max(1000, Math.min(timeoutMillis, 5000))));
        p.put("default.api.timeout.ms", String.valueOf(Math.max(1000, timeoutMillis)));
        p.put("socket.connection.setup.timeout.ms", "1000");
        p.put("reconnect.backoff.max.ms", "500");
        try (Admin a = Admin.create(p)) {
            return a.describeCluster().nodes().get(timeoutMillis, TimeUnit.MILLISECONDS).isEmpty() ? Answer.NO : Answer.YES;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return e.getCause() instanceof SaslAuthenticationException ? Answer.LOGIN_REFUSED : Answer.NO;
        }
    }

    /** Why a running broker that refuses its administrator is of no more use (see {@link #serverProperties}). */
    static String refusedLoginMessage(String namespace, String name, long refusedMillis, Path logFile) {
        return "the broker of " + name + " in " + namespace + " is up but has refused the administrator's SCRAM-SHA-512 login for "
                + refusedMillis / 1000 + " s. Unless the admin secret was changed, the broker has lost its SCRAM credentials:"
                + " Kafka 4.3.1 loses every SCRAM user when it restarts after a SCRAM user was deleted and before it wrote its"
                + " first metadata snapshot (ScramDelta.apply drops the mechanism while rebuilding it). The loss is in the"
                + " broker's data and no Kafka API repairs it: 'sandbox down' and start again. See " + logFile;
    }

    /**
     * Waits until the cluster answers, the process dies (the log's last lines say why) or the
     * timeout passes.
     */
    public void awaitAnswering(KafkaConnection admin, long timeoutMillis, Consumer<String> progress) throws InterruptedException {
        long start = System.currentTimeMillis();
        long deadline = start + timeoutMillis;
        long lastProgress = start;
        long refusedSince = -1;
        while (true) {
            if (!process().alive()) {
                // the first ERROR of this start and its cause say why; the log's end only shows the shutdown
                java.util.Optional<String> first = process().firstError(process().logStart());
                throw new SandboxException("the broker of " + name + " in " + namespace + " stopped while starting" + (first.isPresent()
                        ? ": " + first.get() + "; see " + process().logFile()
                        : "; the end of its log (" + process().logFile() + "):\n" + process().tail(15)));
            }
            Answer answer = probe(admin, 2000);
            if (answer == Answer.YES) {
                return;
            }
            if (answer != Answer.LOGIN_REFUSED) {
                refusedSince = -1;
            } else if (refusedSince < 0) {
                refusedSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - refusedSince >= REFUSED_LOGIN_GRACE_MS) {
                throw new SandboxException(refusedLoginMessage(namespace, name, System.currentTimeMillis() - refusedSince, process().logFile()));
            }
            long now = System.currentTimeMillis();
            if (now >= deadline) {
                throw new SandboxException("the broker of " + name + " in " + namespace + " did not answer within "
                        + timeoutMillis / 1000 + " s; see " + process().logFile());
            }
            if (now - lastProgress >= 5000) {
                progress.accept("waiting for Kafka cluster " + namespace + "/" + name + " to answer (" + (now - start) / 1000 + " s)");
                lastProgress = now;
            }
            Thread.sleep(250);
        }
    }
}
