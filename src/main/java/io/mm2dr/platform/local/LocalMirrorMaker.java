package io.mm2dr.platform.local;

import io.mm2dr.domain.mm2.ClusterSpec;
import io.mm2dr.domain.mm2.MirrorMaker2Spec;
import io.mm2dr.domain.mm2.MirrorSpec;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.SandboxException;
import io.mm2dr.sandbox.SandboxProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A MirrorMaker 2 of the sandbox: the real MirrorMaker 2 in dedicated mode
 * ({@code org.apache.kafka.connect.mirror.MirrorMaker}), one process driving the connect cluster's
 * herder, configured from the same typed specification as on Kubernetes
 * ({@link MirrorMaker2Spec#connectClusterConfig()} and the connector configurations, per flow).
 * Flows nobody asked for are disabled, with their heartbeats, so MirrorMaker 2 writes nothing into
 * a source cluster. Its folder holds {@code mm2.json} (the configuration as asked, passwords by
 * reference), {@code mm2.properties} (written at each start, with the passwords, readable by the
 * user only) and the log.
 */
final class LocalMirrorMaker extends FileWorkload {
    static final List<String> JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
            "-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider", "-Dlog4j2.configurationFile=mm2dr-sandbox-log4j2.xml");
    private static final String PASSWORD_REF = "${secret:";
    private static final Pattern REF = Pattern.compile("\\$\\{secret:([^/}]+)/([^}]+)}");

    LocalMirrorMaker(Sandbox sandbox, String namespace, String name, Secrets secrets, UnaryOperator<String> bootstrap) {
        super(sandbox, namespace, name, secrets, bootstrap, "mm2", "mm2.json");
    }

    @Override
    public String object() {
        return "KafkaMirrorMaker2 " + namespace + "/" + name;
    }

    SandboxProcess process() {
        return new SandboxProcess(dir(), name);
    }

    @SuppressWarnings("unchecked")
    Map<String, String> config() {
        return (Map<String, String>) state().get("config");
    }

    /**
     * The dedicated-mode configuration of a specification, as a run compares it: bootstrap
     * addresses as the playbook writes them, passwords as references to their secrets.
     */
    static Map<String, String> properties(MirrorMaker2Spec spec) {
        Map<String, String> c = new TreeMap<>();
        List<String> aliases = spec.clusters().stream().map(ClusterSpec::alias).toList();
        c.put("clusters", String.join(", ", aliases));
        for (ClusterSpec cl : spec.clusters()) {
            String a = cl.alias() + ".";
            c.put(a + "bootstrap.servers", cl.bootstrap());
            if (cl.user() != null) {
                c.put(a + "security.protocol", "SASL_PLAINTEXT");
                c.put(a + "sasl.mechanism", "SCRAM-SHA-512");
                String key = cl.passwordSecret() == null || cl.passwordSecret().key() == null ? "password" : cl.passwordSecret().key();
                String secret = cl.passwordSecret() == null ? cl.user() : cl.passwordSecret().name();
                c.put(a + "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + cl.user()
                        + "\" password=\"" + PASSWORD_REF + secret + "/" + key + "}\";");
            }
        }
        String connect = spec.connectCluster() + ".";
        spec.connectClusterConfig().forEach((k, v) -> c.put(connect + k, String.valueOf(v)));
        // the sandbox's tuning: plugins found fast, offsets flushed often (exact offset syncs)
        c.put("plugin.discovery", "service_load");
        c.put(connect + "plugin.discovery", "service_load");
        c.putIfAbsent(connect + "offset.flush.interval.ms", "1000");
        Set<String> flows = new LinkedHashSet<>();
        for (MirrorSpec m : spec.mirrors()) {
            String f = m.flow() + ".";
            flows.add(m.flow());
            c.put(f + "enabled", "true");
            c.put(f + "topics", m.topics());
            if (m.topicsExclude() != null) {
                c.put(f + "topics.exclude", m.topicsExclude());
            }
            if (m.groups() != null) {
                c.put(f + "groups", m.groups());
                if (m.groupsExclude() != null) {
                    c.put(f + "groups.exclude", m.groupsExclude());
                }
                spec.checkpointConnectorConfig(m).forEach((k, v) -> c.put(f + k, String.valueOf(v)));
            } else {
                c.put(f + "emit.checkpoints.enabled", "false");
                c.put(f + "sync.group.offsets.enabled", "false");
            }
            spec.heartbeatConnectorConfig(m).forEach((k, v) -> c.put(f + k, String.valueOf(v)));
            spec.sourceConnectorConfig(m).forEach((k, v) -> c.put(f + k, String.valueOf(v)));
        }
        for (String s : aliases) {
            for (String t : aliases) {
                if (!s.equals(t) && !flows.contains(s + "->" + t)) {
                    c.put(s + "->" + t + ".enabled", "false");
                    c.put(s + "->" + t + ".emit.heartbeats.enabled", "false");
                }
            }
        }
        return c;
    }

    /** The configuration for a diff: passwords are references already; shown as they are. */
    static Map<String, Object> shown(Map<String, String> config) {
        return new TreeMap<>(config);
    }

    void write(MirrorMaker2Spec spec, Map<String, String> desired, int replicas, Integer recorded) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("namespace", namespace);
        s.put("replicas", replicas);
        s.put("recorded_replicas", recorded);
        s.put("connect_cluster", spec.connectCluster());
        s.put("connect_cluster_bootstrap", spec.connectClusterBootstrap());
        s.put("internal_topics", List.copyOf(new LinkedHashSet<>(spec.internalTopics().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("offset_syncs_location")).map(Map.Entry::getValue).toList())));
        s.put("status_topic", spec.internalTopics().get("status_storage"));
        s.put("config", desired);
        writeState(s);
    }

    @SuppressWarnings("unchecked")
    MirrorMaker2Spec.OtherMirrorMaker2 asOther() {
        Map<String, Object> s = state();
        if (s.isEmpty()) {
            return null;
        }
        return new MirrorMaker2Spec.OtherMirrorMaker2(name, namespace, (String) s.get("connect_cluster_bootstrap"),
                new LinkedHashSet<>((List<String>) s.getOrDefault("internal_topics", List.of())));
    }

    @Override
    public boolean alive() {
        return process().alive();
    }

    /** The configuration with real addresses and passwords. */
    private Map<String, String> effective() {
        Map<String, String> out = new TreeMap<>();
        config().forEach((k, v) -> {
            if (k.endsWith(".bootstrap.servers")) {
                v = bootstrap.apply(v);
            }
            Matcher m = REF.matcher(v);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(b, Matcher.quoteReplacement(secrets.value(namespace, m.group(1), m.group(2))
                        .replace("\\", "\\\\").replace("\"", "\\\"")));
            }
            m.appendTail(b);
            out.put(k, b.toString());
        });
        return out;
    }

    @Override
    public void start(Duration timeout) throws InterruptedException {
        Map<String, String> config = effective();
        Path file = dir().resolve("mm2.properties");
        Sandbox.writePrivate(file, Sandbox.properties(config, "written by the sandbox at each start, with the passwords"));
        String connect = (String) state().get("connect_cluster");
        long started = System.currentTimeMillis();
        process().start(sandbox.root(), JVM, "org.apache.kafka.connect.mirror.MirrorMaker", List.of(file.toAbsolutePath().toString(), "--clusters", connect));
        if (timeout != null) {
            awaitRunning(config, connect, started, timeout.toMillis());
        }
    }

    /**
     * Waits until MirrorMaker 2 reports its source connector running in its status topic (a
     * status written since this start), or its process dies, or the timeout passes.
     */
    private void awaitRunning(Map<String, String> config, String connect, long since, long timeoutMillis) throws InterruptedException {
        String statusTopic = (String) state().get("status_topic");
        Properties p = new Properties();
        String prefix = connect + ".";
        config.forEach((k, v) -> {
            if (k.startsWith(prefix) && (k.contains("bootstrap.servers") || k.contains("security.protocol") || k.contains("sasl."))) {
                p.put(k.substring(prefix.length()), v);
            }
        });
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("client.id", "mm2dr-sandbox-status");
        long deadline = System.currentTimeMillis() + timeoutMillis;
        Pattern running = Pattern.compile("\"state\"\\s*:\\s*\"RUNNING\"");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = null;
            Map<String, Boolean> state = new LinkedHashMap<>();
            while (true) {
                if (!process().alive()) {
                    throw new SandboxException("MirrorMaker 2 " + namespace + "/" + name + " stopped while starting; the end of its log ("
                            + process().logFile() + "):\n" + process().tail(15));
                }
                if (partitions == null) {
                    List<PartitionInfo> info = consumer.partitionsFor(statusTopic, Duration.ofSeconds(2));
                    if (info != null && !info.isEmpty()) {
                        partitions = info.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                        consumer.assign(partitions);
                        consumer.seekToBeginning(partitions);
                    }
                }
                if (partitions != null) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.key() != null && r.timestamp() >= since - 1000 && r.value() != null) {
                            state.put(r.key(), running.matcher(r.value()).find());
                        }
                    }
                    if (Boolean.TRUE.equals(state.get("status-connector-MirrorSourceConnector"))
                            && Boolean.TRUE.equals(state.get("status-task-MirrorSourceConnector-0"))) {
                        return;
                    }
                } else {
                    Thread.sleep(500);
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new SandboxException("MirrorMaker 2 " + namespace + "/" + name + " did not report its connectors running within "
                            + timeoutMillis / 1000 + " s; see " + process().logFile());
                }
            }
        }
    }

    @Override
    public void stop(int graceSeconds) {
        process().stop(graceSeconds);
    }
}
