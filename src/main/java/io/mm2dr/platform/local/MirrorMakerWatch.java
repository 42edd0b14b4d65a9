package io.mm2dr.platform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.sandbox.LocalCluster;
import io.mm2dr.sandbox.Sandbox;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A MirrorMaker 2 of the sandbox seen from the outside, as its start-up wait and
 * {@code sandbox status} need it: the connector and task states it writes to its Connect status
 * topic (only those written since a given time: older records belong to an earlier process), the
 * brokers of its clusters (down, or not answering), and how many records its flows are behind.
 * Everything is read as the clusters' administrators, so what MirrorMaker 2's own users may not do
 * does not hide what it is doing. Reads only.
 */
final class MirrorMakerWatch implements AutoCloseable {
    /** The connectors dedicated-mode MirrorMaker 2 runs for each flow, in the order they are shown. */
    static final List<String> CONNECTORS = List.of("MirrorSourceConnector", "MirrorCheckpointConnector", "MirrorHeartbeatConnector");
    static final String SOURCE = "MirrorSourceConnector";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("status-(connector|task)-(.+?)(?:-(\\d+))?");

    /**
     * The latest state of a connector ({@code task} null) or of one of its tasks; {@code flow} is
     * the flow whose own status topic it came from, or "" when the flows share one.
     */
    record Status(String flow, String connector, Integer task, String state, String trace, long timestamp) {
        Status(String connector, Integer task, String state, String trace, long timestamp) {
            this("", connector, task, state, trace, timestamp);
        }

        boolean failed() {
            return "FAILED".equals(state);
        }

        boolean running() {
            return "RUNNING".equals(state);
        }

        String what() {
            return (task == null ? "connector " + connector : "task " + connector + "-" + task) + (flow.isEmpty() ? "" : " of the flow " + flow);
        }

        /** The first line of the trace, and its root cause when the trace has one: one line. */
        String cause() {
            if (trace == null || trace.isBlank()) {
                return null;
            }
            List<String> lines = trace.lines().toList();
            String first = lines.get(0).strip();
            String root = null;
            for (String l : lines) {
                if (l.startsWith("Caused by: ")) {
                    root = l.substring("Caused by: ".length()).strip();
                }
            }
            return cut(first) + (root == null || root.equals(first) ? "" : " (caused by " + cut(root) + ")");
        }
    }

    /** One of MirrorMaker 2's clusters, and the sandbox cluster its address names (null if none). */
    record Cluster(String alias, String bootstrap, LocalCluster local) {
        String describe() {
            return local == null ? "cluster " + alias + " (" + bootstrap + ")"
                    : "Kafka cluster " + local.name() + " of region " + local.namespace();
        }
    }

    private final Sandbox sandbox;
    private final Map<String, String> config;
    private final String connectAlias;
    /** Flow -> status topic, "" for one all flows share. */
    private final Map<String, String> statusTopics;
    private final Function<LocalCluster, String> adminPassword;
    private final long since;
    private final Map<String, Admin> admins = new HashMap<>();
    private final Map<String, Status> statuses = new TreeMap<>();
    private final Map<TopicPartition, Long> firstTargetEnds = new HashMap<>();
    private KafkaConsumer<String, String> consumer;
    private boolean assigned;
    private boolean copied;

    /**
     * @param config        MirrorMaker 2's configuration as the sandbox keeps it (addresses as the playbook writes them)
     * @param connectAlias  the cluster whose Connect herders the process runs (their status topics are there)
     * @param statusTopics  flow -> its status topic, or "" -> the one all flows share
     * @param adminPassword the administrator's password of a sandbox cluster
     * @param since         status records older than this (epoch ms) are ignored
     */
    MirrorMakerWatch(Sandbox sandbox, Map<String, String> config, String connectAlias, Map<String, String> statusTopics,
                     Function<LocalCluster, String> adminPassword, long since) {
        this.sandbox = sandbox;
        this.config = config;
        this.connectAlias = connectAlias;
        this.statusTopics = statusTopics;
        this.adminPassword = adminPassword;
        this.since = since;
    }

    // ---- clusters and brokers ----------------------------------------------------------------

    /** The clusters that matter to the process: the Connect cluster and the sources of its flows. */
    List<Cluster> clusters() {
        Set<String> aliases = new LinkedHashSet<>();
        aliases.add(connectAlias);
        for (String[] flow : flows()) {
            aliases.add(flow[0]);
        }
        List<Cluster> out = new ArrayList<>();
        for (String alias : aliases) {
            String bootstrap = config.get(alias + ".bootstrap.servers");
            if (bootstrap != null) {
                out.add(new Cluster(alias, bootstrap, LocalPlatform.clusterFor(sandbox, bootstrap)));
            }
        }
        return out;
    }

    /** The enabled flows into the Connect cluster, as {source, target}. */
    List<String[]> flows() {
        List<String[]> out = new ArrayList<>();
        config.forEach((k, v) -> {
            if (k.endsWith(".enabled") && k.contains("->") && "true".equals(v)) {
                String[] st = k.substring(0, k.length() - ".enabled".length()).split("->");
                if (st.length == 2 && st[1].equals(connectAlias)) {
                    out.add(st);
                }
            }
        });
        return out;
    }

    /**
     * A broker of the sandbox that cannot come back by itself: its cluster is gone (a lost region)
     * or its process is not running. Null if every sandbox cluster of the process has a live broker.
     */
    String brokerDown() {
        for (Cluster c : clusters()) {
            if (c.local() == null) {
                continue;
            }
            String role = c.alias().equals(connectAlias) ? "the cluster it writes to" : "the source of its flow " + c.alias() + "->" + connectAlias;
            if (!c.local().exists()) {
                return "the " + c.describe() + " (" + role + ") does not exist in the sandbox";
            }
            if (!c.local().process().alive()) {
                return "the " + c.describe() + " (" + role + ") is down: its broker is not running (the kafka_cluster module starts it"
                        + " again, as initial-setup.yaml does; log: " + c.local().process().logFile() + ")";
            }
        }
        return null;
    }

    /** The sandbox brokers whose process runs but whose client port does not accept connections. */
    List<String> brokersNotAnswering() {
        List<String> out = new ArrayList<>();
        for (Cluster c : clusters()) {
            if (c.local() != null && c.local().exists() && c.local().process().alive() && !accepts(c.local().address())) {
                out.add("the broker of " + c.describe() + " does not answer on " + c.local().address());
            }
        }
        return out;
    }

    private static boolean accepts(String address) {
        if (address == null) {
            return false;
        }
        int colon = address.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 500);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // ---- status topic ------------------------------------------------------------------------

    /**
     * Reads what MirrorMaker 2 wrote to its status topic since the last call (since {@link #since}
     * for the first) and returns the latest state of every connector and task. Returns what it had
     * if the topic cannot be read now.
     */
    Map<String, Status> poll(Duration wait) {
        Cluster connect = clusters().stream().filter(c -> c.alias().equals(connectAlias)).findFirst().orElse(null);
        if (connect == null || connect.local() == null || statusTopics.isEmpty()) {
            return statuses;
        }
        try {
            if (consumer == null) {
                Properties p = adminProperties(connect.local());
                if (p == null) {
                    return statuses;
                }
                p.put("key.deserializer", StringDeserializer.class.getName());
                p.put("value.deserializer", StringDeserializer.class.getName());
                p.put("enable.auto.commit", "false");
                p.put("client.id", "mm2dr-sandbox-mm2-status");
                consumer = new KafkaConsumer<>(p);
            }
            if (!assigned) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : new LinkedHashSet<>(statusTopics.values())) {
                    List<PartitionInfo> info = consumer.partitionsFor(topic, Duration.ofSeconds(2));
                    if (info == null || info.isEmpty()) {
                        return statuses; // not made yet: MirrorMaker 2 is starting
                    }
                    info.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                assigned = true;
            }
            for (ConsumerRecord<String, String> r : consumer.poll(wait)) {
                take(flowOf(r.topic()), r.key(), r.value(), r.timestamp());
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            // the broker is starting or gone: the broker checks say which; keep what was read
        }
        return statuses;
    }

    /** Reads the whole status topic (as it is now) and returns the latest states since {@link #since}. */
    Map<String, Status> readAll(Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        poll(Duration.ofMillis(200));
        while (consumer != null && assigned && System.currentTimeMillis() < deadline) {
            try {
                Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(2));
                if (ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), Duration.ofSeconds(2)) >= e.getValue())) {
                    break;
                }
            } catch (org.apache.kafka.common.KafkaException e) {
                break;
            }
            poll(Duration.ofMillis(200));
        }
        return statuses;
    }

    private String flowOf(String topic) {
        return statusTopics.entrySet().stream().filter(e -> e.getValue().equals(topic)).map(Map.Entry::getKey).findFirst().orElse("");
    }

    void take(String key, String value, long timestamp) {
        take("", key, value, timestamp);
    }

    void take(String flow, String key, String value, long timestamp) {
        if (key == null || timestamp < since) {
            return;
        }
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return; // topic status records, and anything else
        }
        boolean task = m.group(1).equals("task");
        if (task && m.group(3) == null) {
            return;
        }
        String name = task ? m.group(2) : m.group(2) + (m.group(3) == null ? "" : "-" + m.group(3));
        String id = task ? name + "-" + m.group(3) : name;
        if (value == null) {
            statuses.remove(key(flow, task, id));
            return;
        }
        try {
            JsonNode v = JSON.readTree(value);
            String trace = v.path("trace").isTextual() ? v.path("trace").asText() : null;
            statuses.put(key(flow, task, id), new Status(flow, name, task ? Integer.valueOf(m.group(3)) : null, v.path("state").asText("UNKNOWN"), trace, timestamp));
        } catch (IOException e) {
            // not a Connect status record
        }
    }

    private static String key(String flow, boolean task, String id) {
        return (flow.isEmpty() ? "" : flow + " ") + (task ? "task " : "connector ") + id;
    }

    /** The first connector or task in state FAILED, or null. */
    static Status firstFailed(Map<String, Status> statuses) {
        return ordered(statuses).stream().filter(Status::failed).findFirst().orElse(null);
    }

    /**
     * Whether every connector MirrorMaker 2 runs reported RUNNING, with every task it reported, and
     * the source's first task: for each of {@code flows} (flow names, or "" when they share one status topic).
     */
    static boolean allRunning(Map<String, Status> statuses, java.util.Collection<String> flows) {
        return allRunning(statuses, flows, flow -> CONNECTORS);
    }

    private static boolean allRunning(Map<String, Status> statuses, java.util.Collection<String> flows,
                                      Function<String, List<String>> connectors) {
        for (String flow : flows) {
            for (String c : connectors.apply(flow)) {
                Status s = statuses.get(key(flow, false, c));
                if (s == null || !s.running()) {
                    return false;
                }
            }
            Status sourceTask = statuses.get(key(flow, true, SOURCE + "-0"));
            if (sourceTask == null || !sourceTask.running()) {
                return false;
            }
        }
        return statuses.values().stream().allMatch(Status::running);
    }

    /** {@link #allRunning(Map, java.util.Collection)} for one status topic shared by the flows. */
    static boolean allRunning(Map<String, Status> statuses) {
        return allRunning(statuses, List.of(""));
    }

    /**
     * Whether every flow's connectors and tasks run, as read. A flow that mirrors no groups has no
     * checkpoint connector: MirrorMaker 2 refuses to configure one without checkpoints ("can't run
     * with emit.checkpoints.enabled set to false").
     */
    boolean running(Map<String, Status> statuses) {
        return allRunning(statuses, statusTopics.isEmpty() ? List.of("") : statusTopics.keySet(), label -> {
            List<String[]> of = flows().stream().filter(f -> label.isEmpty() || label.equals(f[0] + "->" + f[1])).toList();
            boolean checkpoints = of.isEmpty() || of.stream().anyMatch(f -> !"false".equals(config.get(f[0] + "->" + f[1] + ".emit.checkpoints.enabled")));
            return checkpoints ? CONNECTORS : CONNECTORS.stream().filter(c -> !c.equals("MirrorCheckpointConnector")).toList();
        });
    }

    /** "MirrorSourceConnector RUNNING, task 0 RUNNING; MirrorCheckpointConnector ...": the states as read, connectors first. */
    static String describe(Map<String, Status> statuses) {
        if (statuses.isEmpty()) {
            return "no connector has reported a state yet";
        }
        Map<String, List<String>> byConnector = new LinkedHashMap<>();
        for (Status s : ordered(statuses)) {
            List<String> parts = byConnector.computeIfAbsent((s.flow().isEmpty() ? "" : s.flow() + " ") + s.connector(), k -> new ArrayList<>());
            if (s.task() == null) {
                parts.add(0, s.state());
            } else {
                if (parts.isEmpty()) {
                    parts.add("not reported");
                }
                parts.add("task " + s.task() + " " + s.state());
            }
        }
        List<String> out = new ArrayList<>();
        byConnector.forEach((connector, parts) -> out.add(connector + " " + String.join(", ", parts)));
        return String.join("; ", out);
    }

    /** Connectors in MirrorMaker 2's order, each followed by its tasks. */
    static List<Status> ordered(Map<String, Status> statuses) {
        List<Status> out = new ArrayList<>(statuses.values());
        out.sort(Comparator.comparing(Status::flow)
                .thenComparingInt((Status s) -> CONNECTORS.indexOf(s.connector()) < 0 ? 99 : CONNECTORS.indexOf(s.connector()))
                .thenComparing(Status::connector)
                .thenComparingInt(s -> s.task() == null ? -1 : s.task()));
        return out;
    }

    // ---- records behind ----------------------------------------------------------------------

    /**
     * Records on the sources of the flows not yet on the target (the topics the flow mirrors, the
     * target's names by the replication policy), or null when it cannot be known now (a cluster
     * outside the sandbox, or not answering). Also notes whether the target's ends moved since
     * the first call: MirrorMaker 2 has copied something.
     */
    Long behind() {
        long total = 0;
        boolean any = false;
        for (String[] flow : flows()) {
            Admin source = admin(flow[0]);
            Admin target = admin(flow[1]);
            if (source == null || target == null) {
                return null;
            }
            String f = flow[0] + "->" + flow[1] + ".";
            Pattern topics;
            Pattern exclude;
            try {
                topics = list(config.getOrDefault(f + "topics", ".*"));
                exclude = config.containsKey(f + "topics.exclude") ? list(config.get(f + "topics.exclude")) : null;
            } catch (RuntimeException e) {
                return null;
            }
            boolean identity = config.getOrDefault(f + "replication.policy.class", "").endsWith("IdentityReplicationPolicy");
            String prefix = identity ? "" : flow[0] + config.getOrDefault(f + "replication.policy.separator", ".");
            List<String> names = get(source.listTopics().names()).stream()
                    .filter(t -> topics.matcher(t).matches() && (exclude == null || !exclude.matcher(t).matches()))
                    .filter(t -> !t.endsWith(".internal") && !t.equals("heartbeats") && !t.startsWith("__"))
                    .toList();
            Map<TopicPartition, Long> src = ends(source, names);
            Set<String> onTarget = get(target.listTopics().names());
            Map<TopicPartition, Long> dst = ends(target, names.stream().map(t -> prefix + t).filter(onTarget::contains).toList());
            for (Map.Entry<TopicPartition, Long> e : dst.entrySet()) {
                Long first = firstTargetEnds.putIfAbsent(e.getKey(), e.getValue());
                if (first != null && e.getValue() > first) {
                    copied = true;
                }
            }
            for (Map.Entry<TopicPartition, Long> s : src.entrySet()) {
                TopicPartition t = new TopicPartition(prefix + s.getKey().topic(), s.getKey().partition());
                total += Math.max(0, s.getValue() - dst.getOrDefault(t, 0L));
            }
            any = true;
        }
        return any ? total : null;
    }

    /** A list of regular expressions, as MirrorMaker 2's {@code topics} takes it, as one pattern. */
    private static Pattern list(String regexes) {
        return Pattern.compile(java.util.Arrays.stream(regexes.split(",")).map(String::strip).filter(r -> !r.isEmpty())
                .map(r -> "(?:" + r + ")").collect(java.util.stream.Collectors.joining("|")));
    }

    /** Whether records reached the targets since the first {@link #behind()}. */
    boolean copied() {
        return copied;
    }

    private Admin admin(String alias) {
        if (admins.containsKey(alias)) {
            return admins.get(alias);
        }
        String bootstrap = config.get(alias + ".bootstrap.servers");
        LocalCluster c = bootstrap == null ? null : LocalPlatform.clusterFor(sandbox, bootstrap);
        Properties p = c == null || !c.process().alive() ? null : adminProperties(c);
        Admin admin = p == null ? null : Admin.create(p);
        if (admin != null) {
            admins.put(alias, admin);
        }
        return admin;
    }

    private Properties adminProperties(LocalCluster c) {
        String password = adminPassword.apply(c);
        if (password == null || c.address() == null) {
            return null;
        }
        Properties p = c.adminConnection(password).clientProperties();
        p.put("request.timeout.ms", "3000");
        p.put("default.api.timeout.ms", "5000");
        p.put("socket.connection.setup.timeout.ms", "1000");
        p.put("reconnect.backoff.max.ms", "1000");
        return p;
    }

    private static Map<TopicPartition, Long> ends(Admin admin, List<String> topics) {
        Map<TopicPartition, OffsetSpec> want = new HashMap<>();
        if (topics.isEmpty()) {
            return Map.of();
        }
        get(admin.describeTopics(topics).allTopicNames()).forEach((t, d) -> d.partitions().forEach(p -> want.put(new TopicPartition(t, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> out = new HashMap<>();
        get(admin.listOffsets(want).all()).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static <T> T get(KafkaFuture<T> f) {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the wait's next sleep ends it
            throw new LagUnknown("interrupted");
        } catch (Exception e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new LagUnknown(c.getClass().getSimpleName() + ": " + c.getMessage());
        }
    }

    /** Records behind could not be counted now (a cluster did not answer in time). */
    static final class LagUnknown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LagUnknown(String message) {
            super(message);
        }
    }

    static String cut(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(1)));
        }
        admins.values().forEach(a -> a.close(Duration.ofSeconds(1)));
    }
}
