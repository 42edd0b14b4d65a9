package io.mm2dr.platform.local;

import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.sandbox.LocalCluster;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.SandboxException;
import io.mm2dr.sandbox.SandboxProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@code sandbox status} shows: every object of every region with its process, port and
 * health (a broker answers its administrator), the consumer's lag and how far each MirrorMaker 2
 * is behind its source. Reads only; takes no lock.
 */
public final class SandboxStatus {
    private final Sandbox sandbox;
    private final Map<String, Admin> admins = new HashMap<>();

    public SandboxStatus(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** One row per object: region, kind, name, pid, state, detail. */
    public List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        try {
            for (String ns : sandbox.namespaces()) {
                for (Path dir : sandbox.objects(ns, "kafka")) {
                    rows.add(cluster(ns, dir.getFileName().toString()));
                }
                for (Path dir : sandbox.objects(ns, "mm2")) {
                    rows.add(mirrorMaker(ns, dir.getFileName().toString()));
                }
                for (Path dir : sandbox.objects(ns, "apps")) {
                    rows.add(app(ns, dir.getFileName().toString()));
                }
                if (sandbox.objects(ns, "kafka").isEmpty() && sandbox.objects(ns, "mm2").isEmpty() && sandbox.objects(ns, "apps").isEmpty()) {
                    rows.add(row(ns, "region", ns, -1, "empty", "secrets only"));
                }
            }
        } finally {
            admins.values().stream().filter(java.util.Objects::nonNull).forEach(a -> a.close(Duration.ofSeconds(2)));
        }
        return rows;
    }

    private static Map<String, Object> row(String ns, String kind, String name, long pid, String state, String detail) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("region", ns);
        r.put("kind", kind);
        r.put("name", name);
        r.put("pid", pid < 0 ? null : pid);
        r.put("state", state);
        r.put("detail", detail);
        return r;
    }

    private Map<String, Object> cluster(String ns, String name) {
        LocalCluster c = new LocalCluster(sandbox, ns, name);
        SandboxProcess p = c.process();
        long pid = p.pid();
        String state;
        if (pid < 0) {
            state = "stopped";
        } else {
            KafkaConnection admin = adminConnection(ns, name);
            state = admin != null && LocalCluster.answers(admin, 3000) ? "running" : "not answering";
        }
        return row(ns, "kafka", name, pid, state, c.address() + "  log " + sandbox.root().relativize(p.logFile()));
    }

    private KafkaConnection adminConnection(String ns, String cluster) {
        LocalCluster c = new LocalCluster(sandbox, ns, cluster);
        Map<String, Object> secret = Sandbox.readMap(sandbox.namespaceDir(ns).resolve("secrets").resolve(c.adminSecret() + ".json"));
        if (secret == null || c.address() == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) secret.get("data");
        return c.adminConnection(data.get("password"));
    }

    /** The administrator of the cluster a bootstrap address of the sandbox names, or null. */
    private Admin adminFor(String bootstrap) {
        java.util.regex.Matcher m = Pattern.compile("([^.,]+)-kafka-bootstrap\\.([^.,:]+).*").matcher(bootstrap);
        if (!m.matches()) {
            return null;
        }
        String key = m.group(2) + "/" + m.group(1);
        if (admins.containsKey(key)) {
            return admins.get(key);
        }
        LocalCluster c = new LocalCluster(sandbox, m.group(2), m.group(1));
        KafkaConnection conn = c.process().alive() ? adminConnection(m.group(2), m.group(1)) : null;
        Admin admin = null;
        if (conn != null) {
            Properties p = conn.clientProperties();
            p.put("default.api.timeout.ms", "5000");
            p.put("request.timeout.ms", "3000");
            admin = Admin.create(p);
        }
        admins.put(key, admin);
        return admin;
    }

    private Map<String, Object> mirrorMaker(String ns, String name) {
        LocalMirrorMaker mm = new LocalMirrorMaker(sandbox, ns, name, (a, b, c) -> null, s -> s);
        SandboxProcess p = mm.process();
        long pid = p.pid();
        String state = pid >= 0 ? "running" : mm.replicas() == 0 ? "paused" : "stopped";
        String detail = "log " + sandbox.root().relativize(p.logFile());
        try {
            Long behind = behind(mm.config());
            if (behind != null) {
                detail = behind + " records behind  " + detail;
            }
        } catch (RuntimeException e) {
            detail = "lag unknown (" + e.getMessage() + ")  " + detail;
        }
        return row(ns, "mirrormaker2", name, pid, state, detail);
    }

    /** Records on the sources not yet on the targets, over the mirrored topics (identity policy). */
    private Long behind(Map<String, String> config) {
        long total = 0;
        boolean any = false;
        for (Map.Entry<String, String> e : config.entrySet()) {
            if (!e.getKey().endsWith(".enabled") || !"true".equals(e.getValue()) || !e.getKey().contains("->")) {
                continue;
            }
            String flow = e.getKey().substring(0, e.getKey().length() - ".enabled".length());
            String[] st = flow.split("->");
            Admin source = adminFor(config.getOrDefault(st[0] + ".bootstrap.servers", ""));
            Admin target = adminFor(config.getOrDefault(st[1] + ".bootstrap.servers", ""));
            if (source == null || target == null) {
                continue;
            }
            Pattern topics = Pattern.compile(config.getOrDefault(flow + ".topics", ".*"));
            List<String> names = get(source.listTopics().names()).stream().filter(t -> topics.matcher(t).matches()).toList();
            Map<TopicPartition, Long> src = ends(source, names);
            Map<TopicPartition, Long> dst = ends(target, get(target.listTopics().names()).stream().filter(names::contains).toList());
            for (Map.Entry<TopicPartition, Long> s : src.entrySet()) {
                total += Math.max(0, s.getValue() - dst.getOrDefault(s.getKey(), 0L));
            }
            any = true;
        }
        return any ? total : null;
    }

    private static Map<TopicPartition, Long> ends(Admin admin, List<String> topics) {
        Map<TopicPartition, OffsetSpec> want = new HashMap<>();
        get(admin.describeTopics(topics).allTopicNames()).forEach((t, d) -> d.partitions().forEach(p -> want.put(new TopicPartition(t, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : get(admin.listOffsets(want).all()).entrySet()) {
            out.put(e.getKey(), e.getValue().offset());
        }
        return out;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> f) {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted");
        } catch (Exception e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new SandboxException(c.getClass().getSimpleName() + ": " + c.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> app(String ns, String name) {
        LocalApp app = new LocalApp(sandbox, ns, name, (a, b, c) -> null, s -> s);
        Map<String, Object> config = app.config();
        String role = String.valueOf(config.get("role"));
        int replicas = app.replicas();
        long pid = app.process(0).pid();
        String state = replicas == 0 ? "paused" : app.alive() ? "running" : "stopped";
        String detail = "log " + sandbox.root().relativize(app.process(0).logFile());
        if ("consumer".equals(role)) {
            try {
                Admin admin = adminFor(String.valueOf(config.get("bootstrap")));
                if (admin != null) {
                    String group = String.valueOf(config.get("group"));
                    Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
                    Pattern topics = Pattern.compile(String.valueOf(config.get("topic_pattern")));
                    List<String> names = get(admin.listTopics().names()).stream().filter(t -> topics.matcher(t).matches()).toList();
                    long lag = 0;
                    for (Map.Entry<TopicPartition, Long> e : ends(admin, names).entrySet()) {
                        OffsetAndMetadata c = committed.get(e.getKey());
                        lag += Math.max(0, e.getValue() - (c == null ? 0 : c.offset()));
                    }
                    detail = "group " + group + " lag " + lag + "  " + detail;
                }
            } catch (RuntimeException e) {
                detail = "lag unknown (" + e.getMessage() + ")  " + detail;
            }
        }
        return row(ns, "consumer".equals(role) ? "consumer" : "producer", name, pid, state, detail);
    }
}
