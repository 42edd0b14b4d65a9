package io.mm2dr.platform.local;

import io.mm2dr.domain.mm2.ClusterSpec;
import io.mm2dr.domain.mm2.MirrorMaker2Spec;
import io.mm2dr.domain.mm2.MirrorSpec;
import io.mm2dr.sandbox.LocalCluster;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.SandboxException;
import io.mm2dr.sandbox.SandboxProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MirrorMaker 2 of the sandbox: the real MirrorMaker 2 in dedicated mode
 * ({@code org.apache.kafka.connect.mirror.MirrorMaker}, through {@link io.mm2dr.sandbox.MirrorMakerMain}),
 * one process driving a herder per flow into the connect cluster, configured from the same typed specification as on Kubernetes
 * ({@link MirrorMaker2Spec#connectClusterConfig()} and the connector configurations, per flow).
 * Flows nobody asked for are disabled, with their heartbeats, so MirrorMaker 2 writes nothing into
 * a source cluster. Its folder holds {@code mm2.json} (the configuration as asked, passwords by
 * reference), {@code mm2.properties} (written at each start, with the passwords, readable by the
 * user only) and the log.
 */
final class LocalMirrorMaker extends FileWorkload {
    static final List<String> JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
            "-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider", "-Dlog4j2.configurationFile=mm2dr-sandbox-log4j2.xml");
    static final int GRACE_SECONDS = 3;
    /** What Connect logs when a herder dies: the process may live on for a while, doing nothing. */
    private static final String HERDER_DIED = "Uncaught exception in herder work thread";
    private static final String PASSWORD_REF = "${secret:";
    private static final Pattern REF = Pattern.compile("\\$\\{secret:([^/}]+)/([^}]+)}");

    private Consumer<String> progress = message -> { };

    LocalMirrorMaker(Sandbox sandbox, String namespace, String name, Secrets secrets, UnaryOperator<String> bootstrap) {
        super(sandbox, namespace, name, secrets, bootstrap, "mm2", "mm2.json");
    }

    /** Where the start-up wait reports what it sees (the task's progress line). */
    LocalMirrorMaker progress(Consumer<String> progress) {
        this.progress = progress;
        return this;
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
            if (cl.trustedCaSecret() != null) {
                // TLS, trusting only the CA certificate of the secret (read at each start, like the password)
                c.put(a + "ssl.truststore.type", "PEM");
                c.put(a + "ssl.truststore.certificates", PASSWORD_REF + cl.trustedCaSecret().name() + "/" + cl.trustedCaSecret().key() + "}");
            }
            if (cl.user() != null) {
                c.put(a + "security.protocol", cl.trustedCaSecret() != null ? "SASL_SSL" : "SASL_PLAINTEXT");
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
        // ... and stopped fast: tasks get a second to stop and commit their offsets (heartbeats, emitted every few
        // seconds, are cut short: nothing of theirs needs keeping)
        c.putIfAbsent(connect + "task.shutdown.graceful.timeout.ms", "1000");
        Set<String> flows = new LinkedHashSet<>();
        for (MirrorSpec m : spec.mirrors()) {
            String f = m.flow() + ".";
            flows.add(m.flow());
            c.put(f + "enabled", "true");
            c.put(f + "topics", m.topics());
            // dedicated mode has one tasks.max per flow, for its connectors: the source connector's
            // (its partitions split over that many tasks); the checkpoint connector's tasks are bounded
            // by the groups, the heartbeat connector has one
            Integer tasks = m.sourceTasksMax() != null ? m.sourceTasksMax() : m.checkpointTasksMax();
            if (tasks != null) {
                c.put(f + "tasks.max", String.valueOf(tasks));
            }
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
            // the source and checkpoint tasks notice a stop within this (their offsets committed as they stop)
            c.put(f + "consumer.poll.timeout.ms", "250");
            spec.sourceConnectorConfig(m).forEach((k, v) -> c.put(f + k, String.valueOf(v)));
        }
        ownConnectSettings(spec).forEach(c::put);
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

    /**
     * The Connect group and internal topics of each flow, when more than one flow goes into the
     * Connect cluster: the spec's names, suffixed with {@code .<source alias>}. In dedicated mode
     * such flows would otherwise share one group and config topic, where only one of them can run
     * (see {@link io.mm2dr.sandbox.MirrorMakerMain}, which runs each as its own MirrorMaker 2). On
     * Kubernetes they share one Connect cluster, their connectors named after their flow. Empty
     * for a single flow: its settings are the Connect cluster's.
     */
    static Map<String, String> ownConnectSettings(MirrorMaker2Spec spec) {
        Map<String, String> out = new TreeMap<>();
        List<MirrorSpec> into = spec.mirrors().stream().filter(m -> m.target().equals(spec.connectCluster())).toList();
        if (into.size() < 2) {
            return out;
        }
        Map<String, Object> connect = spec.connectClusterConfig();
        for (MirrorSpec m : into) {
            for (String key : io.mm2dr.sandbox.MirrorMakerMain.FLOW_WORKER_KEYS) {
                Object v = connect.get(key);
                if (v != null) {
                    out.put(m.flow() + "." + key, v + "." + m.source());
                }
            }
        }
        return out;
    }

    /**
     * The status topic of each flow into the Connect cluster (flow -> topic), from a configuration
     * as {@link #properties} writes it; a single entry with the key "" when the flows share the
     * Connect cluster's.
     */
    static Map<String, String> statusTopics(Map<String, String> config, String connectCluster, String shared) {
        Map<String, String> out = new TreeMap<>();
        config.forEach((k, v) -> {
            String suffix = ".status.storage.topic";
            if (k.endsWith(suffix) && k.contains("->") && k.substring(0, k.length() - suffix.length()).endsWith("->" + connectCluster)) {
                out.put(k.substring(0, k.length() - suffix.length()), v);
            }
        });
        if (out.isEmpty() && shared != null) {
            out.put("", shared);
        }
        return out;
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
        Set<String> internal = new LinkedHashSet<>(spec.internalTopics().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("offset_syncs_location")).map(Map.Entry::getValue).toList());
        Map<String, String> own = ownConnectSettings(spec);
        if (!own.isEmpty()) {
            // each flow has its own Connect topics: the shared ones are never made
            internal.removeAll(spec.storageTopics());
            own.forEach((k, v) -> {
                if (k.endsWith(".topic")) {
                    internal.add(v);
                }
            });
        }
        s.put("internal_topics", List.copyOf(internal));
        s.put("status_topic", spec.internalTopics().get("status_storage"));
        s.put("status_topics", statusTopics(desired, spec.connectCluster(), spec.internalTopics().get("status_storage")));
        s.put("config", desired);
        // the source clusters it last ran against, to notice one recreated since (see forgetRecreatedSources)
        Object sources = state().get("source_clusters");
        if (sources != null) {
            s.put("source_clusters", sources);
        }
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

    /**
     * Whether MirrorMaker 2 runs: its process is alive and none of its connectors or tasks is
     * FAILED (a FAILED task never recovers by itself: running it again restarts it).
     */
    @Override
    public boolean alive() {
        return process().alive() && failed() == null;
    }

    /** A connector or task of the running process in state FAILED, or null (also when its states cannot be read now). */
    MirrorMakerWatch.Status failed() {
        long since = process().handle().flatMap(h -> h.info().startInstant()).map(java.time.Instant::toEpochMilli).orElse(-1L);
        if (since < 0) {
            return null;
        }
        try (MirrorMakerWatch watch = watch(this::adminPassword, since)) {
            return watch.brokerDown() == null && watch.brokersNotAnswering().isEmpty()
                    ? MirrorMakerWatch.firstFailed(watch.readAll(Duration.ofSeconds(5))) : null;
        }
    }

    /** A look at this MirrorMaker 2 from the outside, through its status topic and its clusters (status records since {@code since}). */
    MirrorMakerWatch watch(java.util.function.Function<LocalCluster, String> adminPassword, long since) {
        return new MirrorMakerWatch(sandbox, config(), (String) state().get("connect_cluster"), statusTopics(), adminPassword, since);
    }

    /** Flow -> status topic ("" for the one all flows share), as recorded at the last run. */
    @SuppressWarnings("unchecked")
    private Map<String, String> statusTopics() {
        Object recorded = state().get("status_topics");
        if (recorded instanceof Map<?, ?> m) {
            return (Map<String, String>) m;
        }
        String shared = (String) state().get("status_topic");
        return shared == null ? Map.of() : Map.of("", shared);
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

    /**
     * A digest of what the process reads at its start: the clusters' addresses and the secrets'
     * values (never kept themselves). A running MirrorMaker 2 whose inputs changed since (a cluster
     * recreated elsewhere, a CA or password renewed) works with stale ones until it starts again,
     * and it reads them only when it starts.
     */
    private static String digest(Map<String, String> effective) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            effective.forEach((k, v) -> {
                d.update(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                d.update((byte) 0);
            });
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether an address or secret the running process read at its start has changed since (false when not recorded). */
    boolean inputsChanged() {
        Object recorded = state().get("inputs");
        if (recorded == null) {
            return false;
        }
        try {
            return !recorded.equals(digest(effective()));
        } catch (SandboxException e) {
            return true; // a secret it reads is gone: starting again says which
        }
    }

    /** The enabled flows into the Connect cluster, as {source alias, flow}. */
    private List<String[]> flowsIn() {
        String connect = (String) state().get("connect_cluster");
        List<String[]> out = new java.util.ArrayList<>();
        config().forEach((k, v) -> {
            String flow = k.substring(0, Math.max(0, k.length() - ".enabled".length()));
            if (k.endsWith(".enabled") && flow.endsWith("->" + connect) && flow.indexOf('.') < 0 && "true".equals(v)) {
                out.add(new String[] {flow.substring(0, flow.indexOf("->")), flow});
            }
        });
        return out;
    }

    /** The cluster id of each flow's source that is a cluster of the sandbox (source alias -> id). */
    private Map<String, String> sourceClusterIds() {
        Map<String, String> out = new TreeMap<>();
        for (String[] f : flowsIn()) {
            String bootstrap = config().get(f[0] + ".bootstrap.servers");
            LocalCluster c = bootstrap == null ? null : LocalPlatform.clusterFor(sandbox, bootstrap);
            String id = c == null ? null : c.clusterId();
            if (id != null) {
                out.put(f[0], id);
            }
        }
        return out;
    }

    /**
     * Forgets where a flow got to in a source cluster that has been recreated since (its cluster id
     * changed): MirrorMaker 2 keeps the source offsets it copied up to, and on a new cluster whose
     * topics have grown past them it would go on from there, never copying the new cluster's first
     * records. The flow's Connect offsets topic is deleted (MirrorMaker 2 makes it again), so it
     * copies the new cluster from its first record. Only a topic of that flow alone is deleted.
     */
    private void forgetRecreatedSources(Map<String, String> now) {
        @SuppressWarnings("unchecked")
        Map<String, String> before = (Map<String, String>) state().getOrDefault("source_clusters", Map.of());
        String connect = (String) state().get("connect_cluster");
        List<String[]> flows = flowsIn();
        for (String[] f : flows) {
            String was = before.get(f[0]);
            if (was == null || !now.containsKey(f[0]) || was.equals(now.get(f[0]))) {
                continue;
            }
            String topic = config().get(f[1] + ".offset.storage.topic");
            if (topic == null && flows.size() == 1) {
                topic = config().get(connect + ".offset.storage.topic");
            }
            LocalCluster target = LocalPlatform.clusterFor(sandbox, config().getOrDefault(connect + ".bootstrap.servers", ""));
            String password = target == null ? null : adminPassword(target);
            if (topic == null || password == null) {
                continue;
            }
            progress.accept("the source of " + f[1] + " was recreated since MirrorMaker 2 last ran: forgetting where it got to in the lost"
                    + " cluster (" + topic + "), so it copies the new one from its first record");
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(target.adminConnection(password).clientProperties())) {
                admin.deleteTopics(List.of(topic)).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw new SandboxException("cannot reset the offsets of " + f[1] + " (" + topic + "): " + e.getCause().getMessage());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new SandboxException("cannot reset the offsets of " + f[1] + " (" + topic + "): no answer in 30 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("interrupted while resetting the offsets of " + f[1]);
            }
        }
    }

    @Override
    public void start(Duration timeout) throws InterruptedException {
        Map<String, String> config = effective();
        if (process().alive()) {
            stop(); // running but FAILED, or with stale inputs: restarted
        }
        Map<String, String> sources = sourceClusterIds();
        forgetRecreatedSources(sources);
        Map<String, Object> s = new LinkedHashMap<>(state());
        s.put("inputs", digest(config));
        s.put("source_clusters", sources);
        writeState(s);
        Path file = dir().resolve("mm2.properties");
        Sandbox.writePrivate(file, Sandbox.properties(config, "written by the sandbox at each start, with the passwords"));
        String connect = (String) state().get("connect_cluster");
        long logFrom = process().logSize();
        long started = System.currentTimeMillis();
        process().start(sandbox.root(), JVM, io.mm2dr.sandbox.MirrorMakerMain.class.getName(), List.of(file.toAbsolutePath().toString(), "--clusters", connect));
        if (timeout != null) {
            progress.accept("starting MirrorMaker 2 " + namespace + "/" + name + " (log: " + process().logFile() + ")");
            awaitRunning(started, logFrom, timeout.toMillis());
            unconfirmed(false);
        } else {
            unconfirmed(true);
        }
    }

    @Override
    public void awaitStarted(Duration timeout) throws InterruptedException {
        long since = process().handle().flatMap(h -> h.info().startInstant()).map(java.time.Instant::toEpochMilli).orElse(0L);
        awaitRunning(since, process().logStart(), timeout.toMillis());
        unconfirmed(false);
    }

    /**
     * Waits until MirrorMaker 2 runs and copies: its connectors and their tasks report RUNNING in
     * its status topic (states written since this start) and records reach the target, or there is
     * nothing left to copy. Says what it sees at least every 5 s, and fails at once, with the cause,
     * when that can no longer happen by itself: a connector or task FAILED, the process gone, a
     * broker of its clusters down.
     */
    private void awaitRunning(long since, long logFrom, long timeoutMillis) throws InterruptedException {
        String who = "MirrorMaker 2 " + namespace + "/" + name;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        String shownKey = null;
        long shownAt = 0;
        String seen = "nothing read from it yet";
        long logChecked = -1;
        // status records are stamped by MirrorMaker 2's producer, on this machine's clock: those of an earlier process are older
        try (MirrorMakerWatch watch = watch(this::adminPassword, since)) {
            while (true) {
                if (!process().alive()) {
                    throw new SandboxException(who + " stopped while starting" + process().firstError(logFrom)
                            .map(e -> ": " + e).orElse(", with no ERROR in its log (was it killed?)") + "; see " + process().logFile());
                }
                String down = watch.brokerDown();
                if (down != null) {
                    throw new SandboxException(who + " cannot run: " + down);
                }
                long logSize = process().logSize();
                if (logSize != logChecked) {
                    // Connect's herder gave up (it cannot read its own topics, say): the process lingers, but will not run
                    logChecked = logSize;
                    Optional<String> herder = process().firstError(logFrom, HERDER_DIED);
                    if (herder.isPresent()) {
                        throw new SandboxException(who + " cannot run: " + herder.get() + "; see " + process().logFile());
                    }
                    // an internal topic it cannot create (more replicas than the cluster has brokers): Connect
                    // retries for minutes before it gives up, and cannot succeed
                    Optional<String> replicas = process().firstLine(logFrom, "cannot be reached").filter(l -> l.contains("replication factor"));
                    // a herder that is not its group's leader and cannot reach it: its connector never gets tasks
                    // (two herders in one group: each flow into the cluster has its own, see ownConnectSettings)
                    Optional<String> notLeader = process().firstLine(logFrom, "NotLeaderException");
                    if (notLeader.isPresent()) {
                        throw new SandboxException(who + " cannot start its tasks: " + notLeader.get() + "; see " + process().logFile());
                    }
                    if (replicas.isPresent()) {
                        throw new SandboxException(who + " cannot create its topics: " + replicas.get()
                                + " (replication_factor is above the brokers its cluster runs); see " + process().logFile());
                    }
                }
                List<String> notAnswering = watch.brokersNotAnswering();
                Map<String, MirrorMakerWatch.Status> statuses = watch.poll(Duration.ofMillis(notAnswering.isEmpty() ? 500 : 0));
                MirrorMakerWatch.Status failed = MirrorMakerWatch.firstFailed(statuses);
                if (failed != null) {
                    String cause = failed.cause();
                    throw new SandboxException(who + " failed: its " + failed.what() + " is FAILED" + (cause == null ? "" : ": " + cause)
                            + "; see " + process().logFile());
                }
                boolean running = watch.running(statuses);
                Long behind = null;
                String lag = "";
                if (notAnswering.isEmpty()) {
                    try {
                        behind = watch.behind();
                        lag = behind == null ? "" : "; " + behind + " records behind";
                    } catch (MirrorMakerWatch.LagUnknown e) {
                        lag = "; records behind unknown (" + e.getMessage() + ")";
                    }
                }
                if (running && notAnswering.isEmpty() && (behind == null || behind == 0 || watch.copied())) {
                    return;
                }
                String states = MirrorMakerWatch.describe(statuses) + (notAnswering.isEmpty() ? "" : "; " + String.join("; ", notAnswering));
                seen = states + lag + (running ? " (waiting for records to reach the target)" : "");
                long now = System.currentTimeMillis();
                if (!states.equals(shownKey) || now - shownAt >= 5000) {
                    progress.accept("waiting for " + who + ": " + seen);
                    shownKey = states;
                    shownAt = now;
                }
                if (now > deadline) {
                    throw new SandboxException(who + " did not report its connectors running and copying within " + timeoutMillis / 1000
                            + " s; last seen: " + seen + "; see " + process().logFile());
                }
                Thread.sleep(500);
            }
        }
    }

    /** A sandbox cluster's administrator password, to look at MirrorMaker 2 from the outside; null if unknown. */
    private String adminPassword(LocalCluster cluster) {
        try {
            return secrets.value(cluster.namespace(), cluster.adminSecret(), "password");
        } catch (SandboxException e) {
            return null;
        }
    }

    /**
     * Stops MirrorMaker 2: SIGTERM, then SIGKILL after {@link #GRACE_SECONDS}. Its tasks stop first
     * and commit their source offsets (within {@code task.shutdown.graceful.timeout.ms}, 1 s here);
     * offsets are also committed every second while it runs. Connect gives each connector 5 s to
     * stop (fixed), which a connector stuck on a source that does not answer uses up: such a
     * MirrorMaker 2 has nothing more to copy, and is killed.
     */
    @Override
    public void stop() {
        process().stop(GRACE_SECONDS);
    }
}
