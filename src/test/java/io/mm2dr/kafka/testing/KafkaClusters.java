package io.mm2dr.kafka.testing;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import kafka.server.ControllerServer;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real single-node Apache Kafka clusters (KRaft, combined broker+controller) in the test JVM,
 * started with Kafka's own {@link KafkaClusterTestKit}, listening on loopback only.
 *
 * <pre>{@code
 * try (KafkaClusters.Cluster a = KafkaClusters.start("a", Security.PLAINTEXT);
 *      KafkaClusters.Cluster b = KafkaClusters.start("b", Security.SCRAM)) {
 *     a.createTopic("orders", 3, Map.of("retention.ms", "-1"));
 *     a.produce("orders", records);
 *     List<ConsumerRecord<byte[], byte[]>> all = a.readAll("orders");
 * }
 * }</pre>
 *
 * <p><b>Cost.</b> The first cluster of a JVM takes about 1.5-1.8 s here (mostly class loading
 * of the broker), each further one 0.25-0.6 s, closing 0.35-0.6 s; start clusters once per test
 * class ({@code @BeforeAll}), never per test. {@code -Dmm2dr.test.log=INFO} logs the timings.
 *
 * <p><b>Sharing across test classes.</b> {@link #shared(String, Security)} returns a cluster from
 * a JVM-wide registry: started on first use, returned as is afterwards, closed by a JVM shutdown
 * hook (surefire runs all test classes of a fork in one JVM). Its {@code close()} does nothing, so
 * a test class may use it in try-with-resources or {@code @AfterAll} like a private one. Test
 * classes sharing a cluster must not depend on its being empty: use unique topic, group and user
 * names (e.g. prefixed with the class name). Use {@link #start} for a cluster a test will break,
 * restart or fill with state others could trip over.
 *
 * <p><b>Security.</b> {@link Security#PLAINTEXT}: no authentication, no authorizer.
 * {@link Security#SCRAM}: the client listener is SASL_PLAINTEXT with SCRAM-SHA-512,
 * {@code StandardAuthorizer}, {@code allow.everyone.if.no.acl.found=false} and one super user,
 * {@link #ADMIN_USER}/{@link #ADMIN_PASSWORD}, whose credential is written into the cluster's
 * bootstrap metadata (what {@code kafka-storage format --add-scram} does), so it can log in from
 * the first second. The controller listener is SASL_PLAINTEXT with PLAIN and a listener-scoped
 * JAAS entry for that same admin: the broker talks to its controller as {@code User:admin}, a
 * super user, so it registers (an unauthorised controller-listener identity keeps the broker from
 * ever registering); no {@code User:ANONYMOUS} super user, no JVM-wide JAAS file.
 *
 * <p>Internal topics have replication factor 1 and one partition ({@code __consumer_offsets},
 * transactions, share groups), so the first consumer group costs a few milliseconds, not 50
 * partition creations.
 */
public final class KafkaClusters {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusters.class);

    /** How clients authenticate to a cluster. */
    public enum Security {
        /** PLAINTEXT listener, no authentication, no authorizer. */
        PLAINTEXT,
        /** SASL_PLAINTEXT listener with SCRAM-SHA-512, StandardAuthorizer, deny when no ACL. */
        SCRAM,
        /**
         * As {@link #SCRAM} over TLS (SASL_SSL), as the operators' {@code tls: true} listener with
         * {@code scram-sha-512} authentication: the broker's certificate, for localhost and
         * 127.0.0.1, is issued by a CA of the cluster's own ({@link Cluster#caCertPem()}).
         */
        SCRAM_TLS;

        /** Whether clients log in (SCRAM) and the authorizer applies ACLs. */
        public boolean scram() {
            return this != PLAINTEXT;
        }

        /** Whether the client listener speaks TLS. */
        public boolean tls() {
            return this == SCRAM_TLS;
        }
    }

    /** The super user of every {@link Security#SCRAM} cluster. */
    public static final String ADMIN_USER = "admin";
    /** Password of {@link #ADMIN_USER}. */
    public static final String ADMIN_PASSWORD = "admin-secret";

    static final String BROKER_LISTENER = "EXTERNAL";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int SCRAM_ITERATIONS = 4096;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final Map<String, Cluster> SHARED = new ConcurrentHashMap<>();
    private static volatile boolean hookInstalled;

    private KafkaClusters() {
    }

    /**
     * Starts a new cluster and waits until its broker is registered, unfenced and answers an
     * Admin client. The caller closes it.
     */
    public static Cluster start(String name, Security security) {
        return start(name, security, null);
    }

    /**
     * As {@link #start(String, Security)}; a {@link Security#SCRAM_TLS} broker's certificate issued
     * by {@code authority} (a cluster CA an operator would hold in its secrets), or by a new CA when null.
     */
    public static Cluster start(String name, Security security, io.mm2dr.sandbox.Certificates.Authority authority) {
        long t0 = System.nanoTime();
        KafkaClusterTestKit kit = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder(bootstrapMetadata(security))
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            io.mm2dr.sandbox.Certificates.Authority ca = !security.tls() ? null : authority != null ? authority
                    : io.mm2dr.sandbox.Certificates.newAuthority("test-" + name + "-cluster-ca", 0, Duration.ofDays(2), 2048);
            brokerConfig(security, ca).forEach(builder::setConfigProp);
            kit = builder.build();
            format(kit, nodes);
            kit.startup();
            kit.waitForReadyBrokers();
            Cluster cluster = new Cluster(name, security, kit, ADMIN_USER, ADMIN_PASSWORD, null);
            cluster.caCertPem = ca == null ? null : ca.certPem();
            // the broker answers clients (metadata cache published, listener open)
            cluster.admin().describeCluster().nodes().get();
            cluster.startupMillis = (System.nanoTime() - t0) / 1_000_000;
            LOG.info("Kafka cluster {} ({}) at {} started in {} ms",
                    name, security, cluster.bootstrap(), cluster.startupMillis);
            return cluster;
        } catch (Exception e) {
            if (kit != null) {
                try {
                    kit.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IllegalStateException("could not start Kafka cluster " + name, e);
        }
    }

    /**
     * The JVM-wide cluster of that name: started on first call, closed by a shutdown hook; its
     * {@code close()} is a no-op. Asking for the same name with another security is an error.
     */
    public static Cluster shared(String name, Security security) {
        Cluster cluster = SHARED.computeIfAbsent(name, n -> {
            installShutdownHook();
            Cluster started = start(n, security);
            started.shared = true;
            return started;
        });
        if (cluster.security() != security) {
            throw new IllegalArgumentException("shared cluster " + name + " is " + cluster.security()
                    + ", not " + security);
        }
        return cluster;
    }

    private static synchronized void installShutdownHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // a broker shutting down as the JVM exits may meet a fault its handler answers with Exit.halt(1):
            // the test JVM must still end with its own exit code (surefire fails a fork that exits non-zero)
            org.apache.kafka.common.utils.Exit.setHaltProcedure((code, message) -> { });
            org.apache.kafka.common.utils.Exit.setExitProcedure((code, message) -> { });
            for (Cluster cluster : SHARED.values()) {
                cluster.shutdown();
            }
        }, "kafka-clusters-shutdown"));
    }

    /** An ACL binding allowing {@code User:user} the operations on a literal resource, any host. */
    public static List<AclBinding> allow(String user, ResourceType type, String resource,
                                         AclOperation... operations) {
        return allow(user, new ResourcePattern(type, resource, PatternType.LITERAL), operations);
    }

    /** An ACL binding allowing {@code User:user} the operations on the pattern, any host. */
    public static List<AclBinding> allow(String user, ResourcePattern pattern, AclOperation... operations) {
        return Arrays.stream(operations)
                .map(op -> new AclBinding(pattern,
                        new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)))
                .toList();
    }

    // ------------------------------------------------------------------------------------------

    private static BootstrapMetadata bootstrapMetadata(Security security) throws Exception {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = Feature.PRODUCTION_FEATURES.stream()
                .collect(Collectors.toMap(Feature::featureName, f -> f.defaultLevel(version),
                        (x, y) -> x, TreeMap::new));
        BootstrapMetadata metadata = BootstrapMetadata.fromVersions(version, features, "mm2dr-test");
        if (!security.scram()) {
            return metadata;
        }
        // the first admin, as `kafka-storage format --add-scram` writes it: nobody could log in otherwise
        ScramCredential credential = new ScramFormatter(
                org.apache.kafka.common.security.scram.internals.ScramMechanism.SCRAM_SHA_512)
                .generateCredential(ADMIN_PASSWORD, SCRAM_ITERATIONS);
        List<ApiMessageAndVersion> records = new ArrayList<>(metadata.records());
        records.add(new ApiMessageAndVersion(new UserScramCredentialRecord()
                .setName(ADMIN_USER)
                .setMechanism(ScramMechanism.SCRAM_SHA_512.type())
                .setSalt(credential.salt())
                .setStoredKey(credential.storedKey())
                .setServerKey(credential.serverKey())
                .setIterations(credential.iterations()), (short) 0));
        return BootstrapMetadata.fromRecords(records, "mm2dr-test");
    }

    /**
     * What {@link KafkaClusterTestKit#format()} does for a combined node (static quorum), without
     * its printing the bootstrap metadata on standard output.
     */
    private static void format(KafkaClusterTestKit kit, TestKitNodes nodes) throws Exception {
        for (ControllerServer controller : kit.controllers().values()) {
            MetaPropertiesEnsemble ensemble = controller.sharedServer().metaPropsEnsemble();
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(ensemble.nodeId().getAsInt())
                    .setClusterId(ensemble.clusterId().get())
                    .setDirectories(ensemble.logDirProps().keySet())
                    .setReleaseVersion(nodes.bootstrapMetadata().metadataVersion())
                    .setIgnoreFormatted(false)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(ensemble.metadataLogDir().get())
                    .run();
        }
    }

    private static Map<String, Object> brokerConfig(Security security, io.mm2dr.sandbox.Certificates.Authority ca) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("listeners", BROKER_LISTENER + "://localhost:0," + CONTROLLER_LISTENER + "://localhost:0");
        // production behaviour, not the test kit's unstable versions
        c.put("unstable.api.versions.enable", "false");
        c.put("unstable.feature.versions.enable", "false");
        // one node: every internal topic with replication factor 1, and small
        c.put("offsets.topic.replication.factor", "1");
        c.put("offsets.topic.num.partitions", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("transaction.state.log.num.partitions", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("share.coordinator.state.topic.num.partitions", "1");
        c.put("default.replication.factor", "1");
        c.put("min.insync.replicas", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("auto.create.topics.enable", "false");
        // 2 cores: few threads
        c.put("num.network.threads", "2");
        c.put("num.io.threads", "2");
        c.put("num.recovery.threads.per.data.dir", "1");
        c.put("background.threads", "2");
        c.put("log.cleaner.threads", "1");
        if (security.scram()) {
            String scramJaas = "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"" + ADMIN_USER + "\" password=\"" + ADMIN_PASSWORD + "\";";
            String plainJaas = "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"" + ADMIN_USER + "\" password=\"" + ADMIN_PASSWORD + "\""
                    + " user_" + ADMIN_USER + "=\"" + ADMIN_PASSWORD + "\";";
            String broker = BROKER_LISTENER.toLowerCase();
            String controller = CONTROLLER_LISTENER.toLowerCase();
            c.put("listener.security.protocol.map",
                    BROKER_LISTENER + (security.tls() ? ":SASL_SSL," : ":SASL_PLAINTEXT,") + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
            if (security.tls()) {
                // PEM key and chain inline; the broker, a client of itself, trusts its own CA
                io.mm2dr.sandbox.Certificates.Issued cert = io.mm2dr.sandbox.Certificates.issue(ca, "localhost",
                        List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(2));
                for (String prefix : List.of("listener.name." + broker + ".", "")) {
                    c.put(prefix + "ssl.keystore.type", "PEM");
                    c.put(prefix + "ssl.keystore.certificate.chain", cert.chainPem());
                    c.put(prefix + "ssl.keystore.key", cert.keyPem());
                    c.put(prefix + "ssl.truststore.type", "PEM");
                    c.put(prefix + "ssl.truststore.certificates", ca.certPem());
                    c.put(prefix + "ssl.client.auth", "none");
                }
            }
            c.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            c.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
            c.put("listener.name." + broker + ".scram-sha-512.sasl.jaas.config", scramJaas);
            c.put("listener.name." + controller + ".sasl.enabled.mechanisms", "PLAIN");
            c.put("sasl.mechanism.controller.protocol", "PLAIN");
            c.put("listener.name." + controller + ".plain.sasl.jaas.config", plainJaas);
            c.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            c.put("allow.everyone.if.no.acl.found", "false");
            c.put("super.users", "User:" + ADMIN_USER);
        } else {
            c.put("listener.security.protocol.map",
                    BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        }
        return c;
    }

    static RuntimeException unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException(cause);
    }

    static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw unwrap(e);
        }
    }

    static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 10;
        while (true) {
            if (condition.get()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
            pause = Math.min(pause * 2, 200);
        }
    }

    // ------------------------------------------------------------------------------------------

    /**
     * A started cluster, or a view of it through another user's credentials ({@link #asUser}).
     * Clients are created on first use and shared; methods are synchronous and throw Kafka's own
     * exceptions unwrapped (e.g. {@code TopicAuthorizationException}).
     */
    public static final class Cluster implements AutoCloseable {
        private final String name;
        private final Security security;
        private final KafkaClusterTestKit kit;
        private final String user;
        private final String password;
        private final Cluster owner;
        private final List<Cluster> views = new ArrayList<>();
        private Admin admin;
        private KafkaProducer<byte[], byte[]> producer;
        private long startupMillis;
        private volatile boolean shared;
        private boolean closed;
        private String caCertPem;

        private Cluster(String name, Security security, KafkaClusterTestKit kit, String user,
                        String password, Cluster owner) {
            this.name = name;
            this.security = security;
            this.kit = kit;
            this.user = user;
            this.password = password;
            this.owner = owner;
        }

        /** The name given at start; MirrorMaker 2 uses it as the cluster alias. */
        public String name() {
            return name;
        }

        public Security security() {
            return security;
        }

        /** The CA certificate (PEM) that issued the broker's, for a {@link Security#SCRAM_TLS} cluster; else null. */
        public String caCertPem() {
            return (owner != null ? owner : this).caCertPem;
        }

        /** {@code localhost:port} of the client listener. */
        public String bootstrap() {
            return kit.bootstrapServers();
        }

        /** The cluster id (a random UUID). */
        public String clusterId() {
            return kit.nodes().clusterId();
        }

        /** Milliseconds {@link KafkaClusters#start} took, until an Admin client got an answer. */
        public long startupMillis() {
            return (owner != null ? owner : this).startupMillis;
        }

        /** The user clients of this view log in as ({@code null} on a PLAINTEXT cluster). */
        public String user() {
            return security.scram() ? user : null;
        }

        /**
         * Fresh properties for any client (Admin, consumer, producer): bootstrap servers and, on
         * a SCRAM cluster, SASL_PLAINTEXT/SCRAM-SHA-512 with this view's user (the admin by default).
         */
        public Properties clientProperties() {
            return clientProperties(user, password);
        }

        /** As {@link #clientProperties()}, logged in as that user (ignored on PLAINTEXT). */
        public Properties clientProperties(String user, String password) {
            Properties p = new Properties();
            p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            if (security.tls()) {
                p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
                p.put("ssl.truststore.type", "PEM");
                p.put("ssl.truststore.certificates", caCertPem());
                p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
                p.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user, password));
            } else if (security.scram()) {
                p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
                p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
                p.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user, password));
            }
            return p;
        }

        /** The client properties as strings, e.g. for MirrorMaker 2's {@code <alias>.} prefix. */
        public Map<String, String> clientConfig() {
            Map<String, String> m = new LinkedHashMap<>();
            clientProperties().forEach((k, v) -> m.put((String) k, (String) v));
            return m;
        }

        /** The shared Admin client of this view; closed with the cluster, do not close it. */
        public synchronized Admin admin() {
            checkOpen();
            if (admin == null) {
                Properties p = clientProperties();
                p.put(AdminClientConfig.CLIENT_ID_CONFIG, "fixture-admin-" + name + "-" + user);
                p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
                p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
                admin = Admin.create(p);
            }
            return admin;
        }

        /**
         * A view of this cluster whose clients log in as that SCRAM user: same API, same cluster,
         * its own clients; closed with the cluster.
         */
        public Cluster asUser(String user, String password) {
            if (!security.scram()) {
                throw new IllegalStateException(name + " is a PLAINTEXT cluster: no users");
            }
            Cluster root = owner != null ? owner : this;
            Cluster view = new Cluster(name, security, kit, user, password, root);
            synchronized (root) {
                root.views.add(view);
            }
            return view;
        }

        /**
         * Creates a topic with replication factor 1 and waits until the broker serves it (every
         * partition has a leader).
         */
        public void createTopic(String topic, int partitions, Map<String, String> config) {
            NewTopic newTopic = new NewTopic(topic, partitions, (short) 1).configs(config);
            get(admin().createTopics(List.of(newTopic)).all());
            await("topic " + topic + " on " + name, WAIT, () -> {
                try {
                    TopicDescription d = get(admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
                    return d.partitions().size() == partitions
                            && d.partitions().stream().allMatch(p -> p.leader() != null && !Node.noNode().equals(p.leader()));
                } catch (UnknownTopicOrPartitionException e) {
                    return false;
                }
            });
        }

        /** As {@link #createTopic(String, int, Map)} with the broker's default configuration. */
        public void createTopic(String topic, int partitions) {
            createTopic(topic, partitions, Map.of());
        }

        /**
         * Sends the records to {@code topic} (their own topic is ignored) with their keys, values,
         * timestamps, headers and partitions, waits for every acknowledgement (acks=all) and
         * returns the metadata in order. An error is thrown unwrapped.
         */
        public List<RecordMetadata> produce(String topic, List<ProducerRecord<byte[], byte[]>> records) {
            KafkaProducer<byte[], byte[]> p = producer();
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            try {
                for (ProducerRecord<byte[], byte[]> r : records) {
                    // a copy: the producer makes the headers it sends read-only
                    sent.add(p.send(new ProducerRecord<>(topic, r.partition(), r.timestamp(), r.key(),
                            r.value(), new RecordHeaders(r.headers().toArray()))));
                }
                p.flush();
                List<RecordMetadata> result = new ArrayList<>(sent.size());
                for (Future<RecordMetadata> f : sent) {
                    result.add(f.get());
                }
                return result;
            } catch (Exception e) {
                // a producer that failed (e.g. not authorised) may be in a fatal state: start afresh next time
                closeProducer();
                throw unwrap(e);
            }
        }

        /**
         * Every record of every partition of the topic, from the beginning to the end offsets
         * seen at the call, partition by partition in offset order.
         */
        public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
            Properties p = clientProperties();
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "fixture-reader-" + name);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000");
            p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
            p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
            p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
            try (KafkaConsumer<byte[], byte[]> consumer =
                         new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .sorted((x, y) -> Integer.compare(x.partition(), y.partition()))
                        .toList();
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, WAIT);
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!partitions.stream().allMatch(tp -> consumer.position(tp, WAIT) >= end.get(tp))) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("timed out reading " + topic + " on " + name + " up to " + end);
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                            byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                                    tp -> new ArrayList<>()).add(r);
                        }
                    }
                }
                List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
                for (TopicPartition tp : partitions) {
                    all.addAll(byPartition.getOrDefault(tp, List.of()));
                }
                return all;
            }
        }

        /**
         * Creates or updates a SCRAM-SHA-512 user (4096 iterations) and waits until the broker
         * knows it, so the user can log in at once.
         */
        public void createScramUser(String user, String password) {
            requireScram();
            get(admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password))).all());
            await("SCRAM user " + user + " on " + name, WAIT, () -> {
                try {
                    return get(admin().describeUserScramCredentials(List.of(user)).all()).containsKey(user);
                } catch (org.apache.kafka.common.errors.ResourceNotFoundException e) {
                    return false;
                }
            });
        }

        /** Adds the ACLs and waits until the broker's authorizer applies them. */
        public void addAcls(Collection<AclBinding> acls) {
            requireScram();
            get(admin().createAcls(acls).all());
            await("ACLs on " + name, WAIT, () -> {
                Collection<AclBinding> present = get(admin().describeAcls(AclBindingFilter.ANY).values());
                return present.containsAll(acls);
            });
        }

        /** As {@link #addAcls(Collection)}; combine with {@link KafkaClusters#allow}. */
        @SafeVarargs
        public final void addAcls(List<AclBinding>... acls) {
            addAcls(Arrays.stream(acls).flatMap(List::stream).toList());
        }

        /** The underlying test kit (for broker internals); do not close it. */
        public KafkaClusterTestKit testKit() {
            return kit;
        }

        /**
         * Closes this view's clients; on the cluster itself (not shared) also every view and the
         * broker. A no-op on a shared cluster (closed at JVM exit).
         */
        @Override
        public void close() {
            if (owner != null) {
                closeClients();
                return;
            }
            if (shared) {
                return;
            }
            shutdown();
        }

        private void shutdown() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            long t0 = System.nanoTime();
            List<Cluster> all;
            synchronized (this) {
                all = new ArrayList<>(views);
            }
            all.forEach(Cluster::closeClients);
            closeClients();
            try {
                kit.close();
            } catch (Exception e) {
                throw unwrap(e);
            }
            LOG.info("Kafka cluster {} closed in {} ms", name, (System.nanoTime() - t0) / 1_000_000);
        }

        private synchronized void closeClients() {
            closeProducer();
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
        }

        private synchronized KafkaProducer<byte[], byte[]> producer() {
            checkOpen();
            if (producer == null) {
                Properties p = clientProperties();
                p.put(ProducerConfig.CLIENT_ID_CONFIG, "fixture-producer-" + name + "-" + user);
                p.put(ProducerConfig.ACKS_CONFIG, "all");
                p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
                p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
                p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
                p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
                p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
                producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            }
            return producer;
        }

        private synchronized void closeProducer() {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                producer = null;
            }
        }

        private void checkOpen() {
            if ((owner != null ? owner : this).closed) {
                throw new IllegalStateException("cluster " + name + " is closed");
            }
        }

        private void requireScram() {
            if (!security.scram()) {
                throw new IllegalStateException(name + " is a PLAINTEXT cluster: no users, no authorizer");
            }
        }

        private static String jaasConfig(String user, String password) {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + user + "\" password=\"" + password + "\";";
        }

        @Override
        public String toString() {
            return "Cluster[" + name + ", " + security + ", " + bootstrap() + "]";
        }
    }
}
