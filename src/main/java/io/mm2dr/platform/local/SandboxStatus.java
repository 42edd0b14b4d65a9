package io.mm2dr.platform.local;

import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.sandbox.Certificates;
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
import java.util.Optional;
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
 * health (a broker answers its administrator), the consumer's lag, and each MirrorMaker 2's
 * connector and task states (FAILED is not running) and how far it is behind its sources. Reads
 * only; takes no lock.
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
        r.put("rss_bytes", pid < 0 ? null : residentBytes(pid));
        r.put("detail", detail);
        return r;
    }

    /** The resident memory of a process (VmRSS of /proc/PID/status), or null where there is no /proc or no such process. */
    static Long residentBytes(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024; // kB
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return null;
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
        Map<String, Object> certificates = certificates(c);
        List<String> expiry = new ArrayList<>();
        certificates.forEach((what, cert) -> expiry.add(what.replace('_', ' ') + " expires " + ((Map<?, ?>) cert).get("expires")));
        Map<String, Object> row = row(ns, "kafka", name, pid, state, c.address() + (expiry.isEmpty() ? "" : "  " + String.join(", ", expiry))
                + "  log " + sandbox.root().relativize(p.logFile()));
        row.put("certificates", certificates);
        return row;
    }

    /** When the cluster's CAs (from their secrets) and its broker's certificate expire: {@code {cluster_ca: {subject, expires}, ...}}. */
    private Map<String, Object> certificates(LocalCluster c) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String ca : List.of("cluster-ca", "clients-ca")) {
            Map<String, Object> secret = Sandbox.readMap(sandbox.namespaceDir(c.namespace()).resolve("secrets").resolve(c.name() + "-" + ca + "-cert.json"));
            @SuppressWarnings("unchecked")
            Object pem = secret == null ? null : ((Map<String, Object>) secret.getOrDefault("data", Map.of())).get("ca.crt");
            if (pem != null) {
                out.put(ca.replace('-', '_'), certificate(Certificates.parse(String.valueOf(pem))));
            }
        }
        try {
            java.security.cert.X509Certificate broker = c.brokerCertificate();
            if (broker != null) {
                out.put("broker", certificate(broker));
            }
        } catch (RuntimeException e) {
            out.put("broker", Map.of("error", e.getMessage()));
        }
        return out;
    }

    private static Map<String, Object> certificate(java.security.cert.X509Certificate cert) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", cert.getSubjectX500Principal().getName());
        m.put("expires", cert.getNotAfter().toInstant().toString().substring(0, 10));
        return m;
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
        LocalCluster c = LocalPlatform.clusterFor(sandbox, bootstrap);
        if (c == null) {
            return null;
        }
        String key = c.namespace() + "/" + c.name();
        if (admins.containsKey(key)) {
            return admins.get(key);
        }
        KafkaConnection conn = c.process().alive() ? adminConnection(c.namespace(), c.name()) : null;
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
        Optional<ProcessHandle> handle = p.handle();
        long pid = handle.map(ProcessHandle::pid).orElse(-1L);
        String state = pid >= 0 ? "running" : mm.replicas() == 0 ? "paused" : "stopped";
        String log = "log " + sandbox.root().relativize(p.logFile());
        if (pid < 0) {
            return row(ns, "mirrormaker2", name, pid, state, log);
        }
        long since = handle.flatMap(h -> h.info().startInstant()).map(java.time.Instant::toEpochMilli).orElse(0L);
        List<String> detail = new ArrayList<>();
        List<Map<String, Object>> connectors = new ArrayList<>();
        try (MirrorMakerWatch watch = mm.watch(this::adminPassword, since)) {
            String down = watch.brokerDown();
            List<String> notAnswering = down == null ? watch.brokersNotAnswering() : List.of();
            Map<String, MirrorMakerWatch.Status> statuses = down == null && notAnswering.isEmpty() ? watch.readAll(Duration.ofSeconds(5)) : Map.of();
            MirrorMakerWatch.Status failed = MirrorMakerWatch.firstFailed(statuses);
            if (failed != null) {
                state = "failed";
                detail.add(failed.what() + " FAILED" + (failed.cause() == null ? "" : ": " + failed.cause()));
            } else if (down != null || !notAnswering.isEmpty()) {
                state = "waiting";
                detail.add(down != null ? down : String.join("; ", notAnswering));
            } else if (!watch.running(statuses)) {
                state = "starting";
                detail.add(MirrorMakerWatch.describe(statuses));
            }
            connectors = connectors(statuses);
            if (down == null && notAnswering.isEmpty()) {
                try {
                    Long behind = watch.behind();
                    if (behind != null) {
                        detail.add(behind + " records behind");
                    }
                } catch (MirrorMakerWatch.LagUnknown e) {
                    detail.add("lag unknown (" + e.getMessage() + ")");
                }
            }
        } catch (RuntimeException e) {
            detail.add("state unknown (" + e.getMessage() + ")");
        }
        detail.add(log);
        Map<String, Object> row = row(ns, "mirrormaker2", name, pid, state, String.join("  ", detail));
        row.put("connectors", connectors);
        return row;
    }

    /** The connectors as JSON shows them: name, state, cause of a failure, tasks (id, state, cause). */
    private static List<Map<String, Object>> connectors(Map<String, MirrorMakerWatch.Status> statuses) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (MirrorMakerWatch.Status s : MirrorMakerWatch.ordered(statuses)) {
            Map<String, Object> c = out.computeIfAbsent((s.flow().isEmpty() ? "" : s.flow() + " ") + s.connector(), n -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.connector());
                if (!s.flow().isEmpty()) {
                    m.put("flow", s.flow()); // the flow's own Connect group (several flows into one cluster)
                }
                m.put("state", null);
                m.put("tasks", new ArrayList<Map<String, Object>>());
                return m;
            });
            if (s.task() == null) {
                c.put("state", s.state());
                if (s.cause() != null) {
                    c.put("trace", s.cause());
                }
            } else {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("id", s.task());
                t.put("state", s.state());
                if (s.cause() != null) {
                    t.put("trace", s.cause());
                }
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> tasks = (List<Map<String, Object>>) c.get("tasks");
                tasks.add(t);
            }
        }
        return new ArrayList<>(out.values());
    }

    /** A cluster's administrator password, from its secret file; null if there is none. */
    private String adminPassword(LocalCluster c) {
        Map<String, Object> secret = Sandbox.readMap(sandbox.namespaceDir(c.namespace()).resolve("secrets").resolve(c.adminSecret() + ".json"));
        if (secret == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) secret.get("data");
        return data == null ? null : data.get("password");
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
        Map<String, Object> config = app.config() == null ? Map.of() : app.config();   // a folder whose app was never fully created
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
