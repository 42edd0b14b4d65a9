package io.mm2dr.platform.local;

import io.mm2dr.domain.ApplicationSpec;
import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.KafkaAppSpec;
import io.mm2dr.domain.KafkaClusterSpec;
import io.mm2dr.domain.KafkaTopicSpec;
import io.mm2dr.domain.KafkaUserSpec;
import io.mm2dr.domain.SecretSpec;
import io.mm2dr.domain.mm2.MirrorMaker2Spec;
import io.mm2dr.engine.exec.PlaybookExecutor;
import io.mm2dr.engine.exec.RunPlan;
import io.mm2dr.engine.exec.RunRefusedException;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.platform.Change;
import io.mm2dr.platform.Platform;
import io.mm2dr.sandbox.LocalCluster;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.SandboxException;
import io.mm2dr.sandbox.SandboxProcess;
import io.mm2dr.sandbox.UnusableSandboxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The {@code local} platform: the estate as processes and files of a sandbox on this machine
 * (see {@link Sandbox}). A Kafka cluster is a real broker process, a user a real SCRAM credential
 * with real ACLs, a secret a file readable only by the user, an application one or more
 * processes, a MirrorMaker 2 the real MirrorMaker 2 in dedicated mode; a namespace is a folder,
 * and deleting it kills its processes and deletes its data (a lost region).
 *
 * <p>Playbooks keep the addresses they use on Kubernetes ({@code <cluster>-kafka-bootstrap.<namespace>.svc:9093}):
 * the sandbox resolves them to the cluster's loopback port, which stays the same when a lost
 * region is recreated. Listeners are SASL_PLAINTEXT on loopback: the CA secrets a cluster
 * gets hold its identity (an id and a key), which a recreated cluster adopts with {@code reuse_ca},
 * but no certificate.
 */
public final class LocalPlatform implements Platform {
    private static final Pattern SERVICE = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?)-kafka-bootstrap\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.svc(\\.cluster\\.local)?)?");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a broker gets to shut down after SIGTERM (a controlled shutdown) before SIGKILL. */
    private static final int GRACE_SECONDS = 10;
    private static final Set<String> PUBLIC_KEYS = Set.of("username", "user", "ca.id", "ca.generation");

    private final Sandbox sandbox;
    private final ModuleContext ctx;
    private final boolean check;

    public LocalPlatform(Sandbox sandbox, ModuleContext ctx) {
        this.sandbox = sandbox;
        this.ctx = ctx;
        this.check = ctx.checkMode() || !sandbox.writable();
    }

    /**
     * The sandbox of this run: locked for the run (usually already, before the first task, by
     * {@link #openForRun}), or read-only in check mode.
     */
    public static LocalPlatform forTask(ModuleContext ctx) {
        Object configured = ctx.vars().get(Sandbox.VARIABLE);
        Path root = Sandbox.resolve(configured == null ? null : String.valueOf(ctx.template(configured)), ctx.environment());
        Sandbox sandbox;
        if (ctx.checkMode()) {
            Sandbox.checkUsable(root, false);
            sandbox = Sandbox.readOnly(root);
        } else {
            sandbox = ctx.shared(sharedKey(root), Sandbox.class, () -> Sandbox.lock(root));
        }
        return new LocalPlatform(sandbox, ctx);
    }

    /** Where the run's locked sandbox is kept among the resources shared by its tasks. */
    static String sharedKey(Path root) {
        return "sandbox:" + root;
    }

    /**
     * Opens a sandbox for a whole run, before its first task: takes its lock (creating the folder)
     * and hands it to the tasks through the run's shared resources; in check mode only checks that
     * the folder could be used. Refuses the run when it cannot: exit 5 when the folder cannot be
     * used where it is (command line or environment), 2 when another run holds the lock (as when a
     * task finds it so).
     */
    public static void openForRun(RunPlan plan, Path root) {
        try {
            if (plan.checkMode()) {
                Sandbox.checkUsable(root, false);
            } else {
                plan.shared(sharedKey(root), Sandbox.class, () -> Sandbox.lock(root));
            }
        } catch (UnusableSandboxException e) {
            throw new RunRefusedException(e.getMessage(), PlaybookExecutor.EXIT_USAGE);
        } catch (SandboxException e) {
            throw new RunRefusedException(e.getMessage(), PlaybookExecutor.EXIT_FAILED);
        }
    }

    /**
     * The sandbox of this run, only to read: no lock taken, nothing created (the folder may not
     * exist yet), every change refused as in check mode. For checks made before anything is touched.
     */
    public static LocalPlatform readOnly(ModuleContext ctx) {
        Object configured = ctx.vars().get(Sandbox.VARIABLE);
        Path root = Sandbox.resolve(configured == null ? null : String.valueOf(ctx.template(configured)), ctx.environment());
        return new LocalPlatform(Sandbox.readOnly(root), ctx);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public boolean clientTls() {
        return false;
    }

    @Override
    public String clientBootstrap(String bootstrap) {
        List<String> out = new ArrayList<>();
        for (String part : bootstrap.split(",")) {
            String hostPort = part.trim();
            int colon = hostPort.lastIndexOf(':');
            Matcher m = SERVICE.matcher(colon < 0 ? hostPort : hostPort.substring(0, colon));
            if (!m.matches()) {
                out.add(hostPort);
                continue;
            }
            LocalCluster c = new LocalCluster(sandbox, m.group(3), m.group(1));
            String address = c.address();
            if (address == null) {
                throw new SandboxException("no Kafka cluster " + m.group(1) + " in namespace " + m.group(3) + " of the sandbox " + sandbox.root()
                        + " (for the address " + hostPort + ")");
            }
            out.add(address);
        }
        return String.join(",", out);
    }

    /** The sandbox cluster a bootstrap address of the playbooks names (its first address), or null if it names none. */
    static LocalCluster clusterFor(Sandbox sandbox, String bootstrap) {
        String first = bootstrap.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        Matcher m = SERVICE.matcher(colon < 0 ? first : first.substring(0, colon));
        return m.matches() ? new LocalCluster(sandbox, m.group(3), m.group(1)) : null;
    }

    // ---- namespaces --------------------------------------------------------------------------

    @Override
    public Change namespace(String name, boolean present, Duration timeout) {
        Change change = new Change().fact("namespace", name).fact("sandbox", sandbox.root().toString());
        boolean exists = sandbox.namespaceExists(name);
        if (present) {
            if (!exists && !check) {
                Sandbox.writeJson(sandbox.namespaceDir(name).resolve("namespace.json"), Map.of("name", name, "created_at", Instant.now().toString()));
            }
            return change.action("Namespace " + name, exists ? "exists" : "created", !exists);
        }
        if (!exists) {
            return change.action("Namespace " + name, "absent", false);
        }
        if (!check) {
            Path dir = sandbox.namespaceDir(name);
            List<String> killed = new ArrayList<>();
            List<SandboxProcess> processes = SandboxProcess.under(dir);
            for (SandboxProcess p : processes) {
                if (p.alive()) {
                    killed.add(p.dir().getFileName() + "/" + p.name());
                }
            }
            SandboxProcess.stopAll(processes, 0);
            Sandbox.deleteTree(dir);
            change.fact("processes_killed", killed);
        }
        return change.action("Namespace " + name, "deleted", true);
    }

    // ---- secrets -----------------------------------------------------------------------------

    private Path secretFile(String namespace, String name) {
        return sandbox.namespaceDir(namespace).resolve("secrets").resolve(safe(name) + ".json");
    }

    private static String safe(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.startsWith(".")) {
            throw new SandboxException("invalid name '" + name + "'");
        }
        return name;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readSecret(String namespace, String name) {
        Map<String, Object> s = Sandbox.readMap(secretFile(namespace, name));
        if (s != null) {
            ((Map<String, Object>) s.getOrDefault("data", Map.of())).forEach((k, v) -> announce(k, String.valueOf(v)));
        }
        return s;
    }

    /** Secret values go to the redactor; the keys that name things (a user, a CA's id) do not. */
    private void announce(String key, String value) {
        if (!PUBLIC_KEYS.contains(key)) {
            ctx.secret(value);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> secretData(String namespace, String name) {
        Map<String, Object> s = readSecret(namespace, name);
        return s == null ? null : (Map<String, String>) s.get("data");
    }

    private void writeSecret(String namespace, String name, Map<String, String> data, String type, Map<String, String> labels,
                             Map<String, String> annotations) {
        data.forEach(this::announce);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("namespace", namespace);
        s.put("type", type == null ? "Opaque" : type);
        s.put("labels", labels == null ? Map.of() : labels);
        s.put("annotations", annotations == null ? Map.of() : annotations);
        s.put("data", data);
        Sandbox.writeJson(secretFile(namespace, name), s);
    }

    @Override
    public String secretValue(String namespace, String name, String key) {
        Map<String, String> data = secretData(namespace, name);
        return data == null ? null : data.get(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Change secret(SecretSpec spec, boolean present) {
        Change change = new Change().fact("name", spec.name()).fact("namespace", spec.namespace());
        String object = "Secret " + spec.namespace() + "/" + spec.name();
        Map<String, Object> current = readSecret(spec.namespace(), spec.name());
        if (!present) {
            if (current != null && !check) {
                deleteQuietly(secretFile(spec.namespace(), spec.name()));
            }
            return change.action(object, current == null ? "absent" : "deleted", current != null);
        }
        requireNamespace(spec.namespace());
        Map<String, String> data = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        String type = spec.type();
        if (spec.copyFrom() != null) {
            Map<String, Object> source = readSecret(spec.copyFrom().namespace(), spec.copyFrom().name());
            if (source == null) {
                if (check && current == null) {
                    // what it copies is made by an earlier task this check run only announced
                    return change.action(object, "created", true).warn("check mode: " + spec.copyFrom() + " does not exist yet");
                }
                throw new SandboxException("cannot copy the secret " + spec.copyFrom() + ": it does not exist in the sandbox");
            }
            data.putAll((Map<String, String>) source.get("data"));
            labels.putAll((Map<String, String>) source.getOrDefault("labels", Map.of()));
            annotations.putAll((Map<String, String>) source.getOrDefault("annotations", Map.of()));
            type = type == null ? (String) source.get("type") : type;
            change.fact("copied_from", spec.copyFrom().toString());
        }
        if (spec.data() != null) {
            data.putAll(spec.data());
        }
        if (spec.labels() != null) {
            labels.putAll(spec.labels());
        }
        if (spec.annotations() != null) {
            annotations.putAll(spec.annotations());
        }
        type = type == null ? "Opaque" : type;
        change.fact("keys", List.copyOf(data.keySet()));
        boolean same = current != null && Objects.equals(current.get("data"), data) && Objects.equals(current.get("labels"), labels)
                && Objects.equals(current.get("annotations"), annotations) && Objects.equals(current.get("type"), type);
        if (same) {
            return change.action(object, "unchanged", false);
        }
        change.diff(Map.of("before", masked(current), "after", masked(Map.of("data", data, "labels", labels, "annotations", annotations))));
        if (!check) {
            writeSecret(spec.namespace(), spec.name(), data, type, labels, annotations);
        }
        return change.action(object, current == null ? "created" : "updated", true);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> masked(Map<String, Object> secret) {
        if (secret == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> data = new LinkedHashMap<>();
        ((Map<String, Object>) secret.getOrDefault("data", Map.of())).keySet().forEach(k -> data.put(k, "********"));
        out.put("data", data);
        out.put("labels", secret.getOrDefault("labels", Map.of()));
        out.put("annotations", secret.getOrDefault("annotations", Map.of()));
        return out;
    }

    private void requireNamespace(String namespace) {
        if (!sandbox.namespaceExists(namespace) && !check) {
            throw new SandboxException("namespace " + namespace + " does not exist in the sandbox " + sandbox.root()
                    + ": create it first (namespace module)");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            throw new SandboxException("cannot delete " + file + ": " + e.getMessage());
        }
    }

    private static String randomSecret(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    // ---- Kafka clusters ----------------------------------------------------------------------

    @Override
    public Change kafkaCluster(KafkaClusterSpec spec, boolean present, Duration timeout) throws InterruptedException {
        LocalCluster cluster = new LocalCluster(sandbox, spec.namespace(), spec.name());
        String object = "Kafka " + spec.namespace() + "/" + spec.name();
        Change change = new Change();
        if (!present) {
            boolean exists = cluster.exists();
            if (exists && !check) {
                cluster.process().stop(GRACE_SECONDS);
                Sandbox.deleteTree(cluster.dir());
            }
            return change.fact("name", spec.name()).action(object, exists ? "deleted" : "absent", exists);
        }
        requireNamespace(spec.namespace());
        if (!"scram-sha-512".equals(spec.listenerAuth())) {
            throw new SandboxException("the local sandbox's clusters listen with SCRAM-SHA-512 on loopback; listener_auth '"
                    + spec.listenerAuth() + "' is for Kubernetes");
        }
        if (spec.brokers() > 1) {
            change.warn("the local sandbox runs one broker (and controller) per cluster; " + spec.brokers() + " were asked for " + spec.name());
        }
        change.merge(certificateAuthorities(spec));
        boolean exists = cluster.exists();
        Map<String, String> admin = secretData(spec.namespace(), cluster.adminSecret());
        String adminPassword = admin == null ? null : admin.get("password");
        if (!exists || adminPassword == null) {
            if (!check) {
                adminPassword = randomSecret(16);
                ctx.secret(adminPassword);
                writeSecret(spec.namespace(), cluster.adminSecret(), Map.of("username", LocalCluster.ADMIN_USER, "password", adminPassword),
                        "Opaque", Map.of("mm2dr.io/cluster", spec.name()), Map.of());
                if (exists) {
                    cluster.process().stop(GRACE_SECONDS);
                    Sandbox.deleteTree(cluster.dir());
                }
                cluster.create(adminPassword);
            }
            change.action(object, "created", true);
        }
        boolean running = cluster.exists() && cluster.process().alive();
        if (!running) {
            if (!check) {
                cluster.start();
                ctx.progress("starting Kafka cluster " + spec.namespace() + "/" + spec.name() + " (log: " + cluster.process().logFile() + ")");
                cluster.awaitAnswering(cluster.adminConnection(adminPassword), timeout == null ? 120_000 : timeout.toMillis(), ctx::progress);
            }
            if (exists) {
                change.action(object, "started", true);
            }
        } else if (!check) {
            cluster.awaitAnswering(cluster.adminConnection(adminPassword), timeout == null ? 120_000 : timeout.toMillis(), ctx::progress);
            change.action(object, "running", false);
        }
        return change.fact("name", spec.name())
                .fact("namespace", spec.namespace())
                .fact("flavor", "local")
                .fact("bootstrap", spec.bootstrap())
                .fact("address", cluster.address())
                .fact("brokers", 1)
                .fact("ca_secret", spec.clusterCaCertSecret())
                .fact("ca_secrets", List.of(spec.clusterCaCertSecret(), spec.clusterCaKeySecret(), spec.clientsCaCertSecret(), spec.clientsCaKeySecret()))
                .fact("admin_secret", cluster.adminSecret())
                .fact("log", cluster.process().logFile().toString())
                .fact("pid", cluster.process().pid());
    }

    /**
     * The cluster's certificate authorities, as the operators keep them in four secrets: created
     * when missing; with {@code reuse_ca}, the restored ones are required and adopted.
     */
    private Change certificateAuthorities(KafkaClusterSpec spec) {
        Change change = new Change();
        String[][] parts = {
            {spec.clusterCaCertSecret(), spec.clusterCaKeySecret(), "cluster"},
            {spec.clientsCaCertSecret(), spec.clientsCaKeySecret(), "clients"}};
        for (String[] p : parts) {
            Map<String, String> cert = secretData(spec.namespace(), p[0]);
            Map<String, String> key = secretData(spec.namespace(), p[1]);
            if (cert != null && key != null) {
                change.fact(p[2] + "_ca_id", cert.get("ca.id"));
                if (spec.reuseCa()) {
                    change.fact("ca_reused", true);
                }
                continue;
            }
            if (spec.reuseCa() && check) {
                change.warn("check mode: the " + p[2] + " CA secrets " + p[0] + " and " + p[1] + " are not restored yet");
                continue;
            }
            if (spec.reuseCa()) {
                throw new SandboxException("reuse_ca: the " + p[2] + " CA secrets " + p[0] + " and " + p[1] + " must be restored in "
                        + spec.namespace() + " before the cluster is recreated");
            }
            if (!check) {
                String id = randomSecret(8);
                Map<String, String> labels = Map.of("mm2dr.io/cluster", spec.name(), "mm2dr.io/component-type", "certificate-authority");
                writeSecret(spec.namespace(), p[0], Map.of("ca.id", id, "ca.generation", "0"), "Opaque", labels, Map.of());
                writeSecret(spec.namespace(), p[1], Map.of("ca.id", id, "ca.key", randomSecret(32)), "Opaque", labels, Map.of());
                change.fact(p[2] + "_ca_id", id);
            }
            change.action("Secret " + spec.namespace() + "/" + p[0], "created", true).action("Secret " + spec.namespace() + "/" + p[1], "created", true);
        }
        return change;
    }

    /** The administrator's client of a running cluster, shared for the run. */
    private Admin admin(String namespace, String clusterName) {
        LocalCluster cluster = new LocalCluster(sandbox, namespace, clusterName);
        if (!cluster.exists()) {
            throw new SandboxException("no Kafka cluster " + clusterName + " in namespace " + namespace + " of the sandbox " + sandbox.root());
        }
        if (!cluster.process().alive()) {
            throw new SandboxException("the Kafka cluster " + namespace + "/" + clusterName + " is not running (start it with kafka_cluster; log: "
                    + cluster.process().logFile() + ")");
        }
        Map<String, String> admin = secretData(namespace, cluster.adminSecret());
        if (admin == null) {
            throw new SandboxException("the administrator secret " + namespace + "/" + cluster.adminSecret() + " is missing");
        }
        KafkaConnection c = cluster.adminConnection(admin.get("password"));
        // keyed by the cluster's id: a cluster recreated in the same run (region lost) has a new administrator
        Object clusterId = Sandbox.readMap(cluster.dir().resolve("cluster.json")).get("cluster_id");
        return ctx.shared("sandbox-admin:" + sandbox.root() + "/" + namespace + "/" + clusterName + "/" + clusterId, AdminHandle.class, () -> {
            Properties p = c.clientProperties();
            p.put("request.timeout.ms", "10000");
            p.put("default.api.timeout.ms", "30000");
            return new AdminHandle(Admin.create(p));
        }).admin();
    }

    /** A run-scoped administrator client, closed at the end of the run. */
    public record AdminHandle(Admin admin) implements AutoCloseable {
        @Override
        public void close() {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** When the cluster is not there at all (check mode before it was created), nothing can be read. */
    private boolean clusterMissingInCheck(String namespace, String cluster) {
        LocalCluster c = new LocalCluster(sandbox, namespace, cluster);
        return check && (!c.exists() || !c.process().alive());
    }

    // ---- topics ------------------------------------------------------------------------------

    @Override
    public Change kafkaTopic(KafkaTopicSpec spec, boolean present, Duration timeout) {
        Change change = new Change().fact("topic", spec.name()).fact("resource", spec.resourceName());
        String object = "KafkaTopic " + spec.namespace() + "/" + spec.name();
        if (clusterMissingInCheck(spec.namespace(), spec.cluster())) {
            return change.action(object, present ? "created" : "absent", present);
        }
        if (!present && !new LocalCluster(sandbox, spec.namespace(), spec.cluster()).exists()) {
            return change.action(object, "absent", false);
        }
        Admin admin = admin(spec.namespace(), spec.cluster());
        Map<String, Object> current = SandboxKafka.describeTopic(admin, spec.name());
        if (!present) {
            if (current != null && !check) {
                SandboxKafka.deleteTopic(admin, spec.name());
            }
            return change.action(object, current == null ? "absent" : "deleted", current != null);
        }
        int replicas = spec.replicas();
        Map<String, String> config = SandboxKafka.configStrings(spec.config() == null ? Map.of() : spec.config());
        if (replicas > 1) {
            replicas = 1;
        }
        if (config.containsKey("min.insync.replicas") && Integer.parseInt(config.get("min.insync.replicas")) > 1) {
            config.put("min.insync.replicas", "1");
            change.warn("min.insync.replicas of " + spec.name() + " set to 1: the local sandbox's clusters have one broker");
        }
        if (current == null) {
            if (!check) {
                SandboxKafka.createTopic(admin, spec.name(), spec.partitions(), replicas, config);
            }
            change.diff(Map.of("before", Map.of(), "after", Map.of("partitions", spec.partitions(), "replicas", replicas, "config", config)));
            return change.action(object, "created", true).fact("partitions", spec.partitions());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> currentConfig = (Map<String, Object>) current.get("config");
        int partitions = ((Number) current.get("partitions")).intValue();
        String refusal = spec.partitionChangeRefusal(partitions);
        if (refusal != null) {
            throw new SandboxException(refusal);
        }
        Map<String, String> set = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            if (!Objects.equals(String.valueOf(currentConfig.get(k)), v)) {
                set.put(k, v);
            }
        });
        boolean grow = spec.partitions() > partitions;
        if (set.isEmpty() && !grow) {
            return change.action(object, "unchanged", false).fact("partitions", partitions);
        }
        Map<String, Object> after = new LinkedHashMap<>(currentConfig);
        after.putAll(set);
        change.diff(Map.of("before", Map.of("partitions", partitions, "config", currentConfig),
                "after", Map.of("partitions", spec.partitions(), "config", after)));
        if (!check) {
            if (grow) {
                SandboxKafka.addPartitions(admin, spec.name(), spec.partitions());
            }
            if (!set.isEmpty()) {
                SandboxKafka.setConfig(admin, spec.name(), set, List.of());
            }
        }
        return change.action(object, "updated", true).fact("partitions", spec.partitions());
    }

    @Override
    public Map<String, Integer> livePartitions(String namespace, String cluster, Flavor flavor, java.util.Collection<String> topics) {
        LocalCluster c = new LocalCluster(sandbox, namespace, cluster);
        if (!c.exists() || !c.process().alive()) {
            return null;
        }
        return SandboxKafka.partitionCounts(admin(namespace, cluster), topics);
    }

    // ---- users -------------------------------------------------------------------------------

    @Override
    public Change kafkaUser(KafkaUserSpec spec, boolean present, Duration timeout) {
        Change change = new Change().fact("username", spec.name()).fact("secret", spec.credentialsSecret());
        String object = "KafkaUser " + spec.namespace() + "/" + spec.name();
        Map<String, String> stored = secretData(spec.namespace(), spec.credentialsSecret());
        if (clusterMissingInCheck(spec.namespace(), spec.cluster())) {
            return change.action(object, present ? "created" : "absent", present || stored != null);
        }
        if (!present) {
            boolean clusterThere = new LocalCluster(sandbox, spec.namespace(), spec.cluster()).exists();
            boolean had = stored != null;
            if (clusterThere) {
                Admin admin = admin(spec.namespace(), spec.cluster());
                boolean credential = SandboxKafka.hasCredential(admin, spec.name());
                Set<AclBinding> acls = SandboxKafka.currentBindings(admin, spec.name());
                had |= credential || !acls.isEmpty();
                if (!check) {
                    if (credential) {
                        SandboxKafka.deleteCredential(admin, spec.name());
                    }
                    SandboxKafka.deleteAcls(admin, acls);
                }
            }
            if (stored != null && !check) {
                deleteQuietly(secretFile(spec.namespace(), spec.credentialsSecret()));
            }
            return change.action(object, had ? "deleted" : "absent", had);
        }
        Admin admin = admin(spec.namespace(), spec.cluster());
        String password;
        if (spec.passwordSecret() != null) {
            password = secretValue(spec.namespace(), spec.passwordSecret().name(), spec.passwordSecret().key());
            if (password == null) {
                throw new SandboxException("the password secret " + spec.namespace() + "/" + spec.passwordSecret().name() + " has no key '"
                        + spec.passwordSecret().key() + "' (or does not exist)");
            }
        } else if (stored != null && stored.get("password") != null) {
            password = stored.get("password");
        } else {
            password = randomSecret(12);
        }
        ctx.secret(password);
        boolean credential = SandboxKafka.hasCredential(admin, spec.name());
        boolean secretCurrent = stored != null && password.equals(stored.get("password"));
        if (!credential || !secretCurrent) {
            if (!check) {
                SandboxKafka.setCredential(admin, spec.name(), password);
                writeSecret(spec.namespace(), spec.credentialsSecret(), Map.of("password", password), "Opaque",
                        Map.of("mm2dr.io/cluster", spec.cluster(), "mm2dr.io/kind", "KafkaUser"), Map.of());
            }
            change.action(object + " credentials", !credential ? "created" : "updated", true);
        }
        Set<AclBinding> want = SandboxKafka.bindings(spec.name(), spec.acls());
        Set<AclBinding> have = SandboxKafka.currentBindings(admin, spec.name());
        Set<AclBinding> add = new LinkedHashSet<>(want);
        add.removeAll(have);
        Set<AclBinding> remove = new LinkedHashSet<>(have);
        remove.removeAll(want);
        if (!add.isEmpty() || !remove.isEmpty()) {
            change.diff(Map.of("before", have.stream().map(SandboxKafka::describe).sorted().toList(),
                    "after", want.stream().map(SandboxKafka::describe).sorted().toList()));
            if (!check) {
                SandboxKafka.createAcls(admin, add);
                SandboxKafka.deleteAcls(admin, remove);
            }
            change.action(object + " ACLs", have.isEmpty() ? "created" : "updated", true);
        }
        if (change.actions().isEmpty()) {
            change.action(object, "unchanged", false);
        }
        return change;
    }

    // ---- applications ------------------------------------------------------------------------

    @Override
    public Change application(ApplicationSpec spec, Duration timeout) throws InterruptedException {
        Change change = new Change().fact("kind", spec.kind()).fact("name", spec.name());
        Workload w = workload(spec.kind(), spec.namespace(), spec.name());
        if (w == null) {
            if (check) {
                return change.action(spec.kind() + " " + spec.namespace() + "/" + spec.name(), "absent", spec.running());
            }
            throw new SandboxException("no " + spec.kind() + " " + spec.name() + " in namespace " + spec.namespace() + " of the sandbox " + sandbox.root());
        }
        int replicas = w.replicas();
        change.fact("was_paused", replicas == 0);
        if (!spec.running()) {
            change.fact("paused", true);
            if (replicas == 0) {
                return change.fact("replicas", 0).fact("recorded_replicas", w.recordedReplicas()).action(w.object(), "paused", false);
            }
            if (!check) {
                w.stop();
                w.setReplicas(0, replicas);
            }
            return change.fact("recorded_replicas", replicas).fact("replicas", 0).action(w.object(), "paused", true);
        }
        change.fact("paused", false);
        if (replicas > 0) {
            boolean restarted = false;
            if (!w.alive()) {
                if (!check) {
                    w.start(timeout);
                }
                restarted = true;
            }
            return change.fact("replicas", replicas).action(w.object(), restarted ? "restarted" : "running", restarted);
        }
        Integer target = w.recordedReplicas() != null ? w.recordedReplicas() : spec.replicas();
        if (target == null) {
            throw new SandboxException(w.object() + " is paused with no recorded replica count: give 'replicas' to resume it");
        }
        change.fact("recorded_replicas", w.recordedReplicas());
        if (!check) {
            w.setReplicas(target, null);
            w.start(timeout);
        }
        return change.fact("replicas", target).action(w.object(), "resumed", true);
    }

    private Workload workload(String kind, String namespace, String name) {
        return switch (kind) {
            case "KafkaMirrorMaker2" -> {
                LocalMirrorMaker mm = new LocalMirrorMaker(sandbox, namespace, name, this::resolveSecret, this::clientBootstrap).progress(ctx::progress);
                yield mm.exists() ? mm : null;
            }
            case "Deployment", "KafkaConnect" -> {
                LocalApp app = new LocalApp(sandbox, namespace, name, this::resolveSecret, this::clientBootstrap);
                yield app.exists() && kind.equals(app.kind()) ? app : null;
            }
            default -> throw new SandboxException("the local sandbox has no " + kind + " (Deployment, KafkaConnect or KafkaMirrorMaker2)");
        };
    }

    /** A secret's value for a process's configuration; fails clearly when it is missing. */
    String resolveSecret(String namespace, String name, String key) {
        String v = secretValue(namespace, name, key);
        if (v == null) {
            throw new SandboxException("the secret " + namespace + "/" + name + " has no key '" + key + "' (or does not exist)");
        }
        return v;
    }

    @Override
    public Change kafkaApp(KafkaAppSpec spec, boolean present, Duration timeout) throws InterruptedException {
        LocalApp app = new LocalApp(sandbox, spec.namespace(), spec.name(), this::resolveSecret, this::clientBootstrap);
        Change change = new Change().fact("name", spec.name()).fact("role", spec.role());
        if ("consumer".equals(spec.role())) {
            change.fact("group", spec.group()).fact("topics", spec.topicPattern());
        } else {
            change.fact("topics", spec.topics());
        }
        String object = app.object(spec);
        if (!present) {
            boolean exists = app.exists();
            if (exists && !check) {
                app.stop();
                Sandbox.deleteTree(app.dir());
            }
            return change.action(object, exists ? "deleted" : "absent", exists);
        }
        requireNamespace(spec.namespace());
        if ("producer".equals(spec.role()) && spec.replicas() > 1) {
            change.warn("the local sandbox runs one producer process for " + spec.name() + " (" + spec.replicas() + " replicas asked)");
        }
        Map<String, Object> desired = LocalApp.desired(spec);
        boolean exists = app.exists();
        boolean same = exists && desired.equals(app.config());
        boolean paused = exists && app.replicas() == 0;
        change.fact("log", app.process(0).logFile().toString());
        if (paused) {
            change.fact("paused", true);
            if (!same && !check) {
                app.write(spec, desired, 0, app.recordedReplicas());
            }
            return change.action(object, same ? "paused" : "updated (paused)", !same);
        }
        if (same && app.alive()) {
            return change.action(object, "running", false);
        }
        if (!check) {
            if (exists) {
                app.stop();
            }
            int replicas = "producer".equals(spec.role()) ? 1 : spec.replicas();
            app.write(spec, desired, replicas, null);
            app.start(timeout);
        }
        return change.action(object, !exists ? "created" : same ? "restarted" : "updated", true);
    }

    // ---- MirrorMaker 2 -----------------------------------------------------------------------

    @Override
    public Change mirrorMaker2(MirrorMaker2Spec spec, Flavor flavor, Duration timeout) throws InterruptedException {
        LocalMirrorMaker mm = new LocalMirrorMaker(sandbox, spec.namespace(), spec.name(), this::resolveSecret, this::clientBootstrap)
                .progress(ctx::progress);
        Change change = new Change().fact("name", spec.name()).fact("namespace", spec.namespace()).fact("internal_topics", spec.internalTopics());
        requireNamespace(spec.namespace());
        if (spec.replicas() > 1) {
            change.warn("the local sandbox runs one MirrorMaker 2 process for " + spec.name() + " (" + spec.replicas() + " replicas asked)");
        }
        Map<String, String> desired = LocalMirrorMaker.properties(spec);
        boolean exists = mm.exists();
        boolean same = exists && desired.equals(mm.config());
        boolean paused = exists && mm.replicas() == 0;
        change.fact("log", mm.process().logFile().toString());
        if (paused) {
            if (!same && !check) {
                mm.write(spec, desired, 0, mm.recordedReplicas());
            }
            return change.fact("paused", true).action(mm.object(), same ? "paused" : "updated (paused)", !same);
        }
        change.fact("paused", false);
        if (same && mm.alive()) {
            return change.action(mm.object(), "running", false);
        }
        Map<String, Object> before = exists ? LocalMirrorMaker.shown(mm.config()) : Map.of();
        if (!check) {
            if (exists) {
                mm.stop();
            }
            mm.write(spec, desired, 1, null);
            mm.start(timeout);
        }
        change.diff(Map.of("before", before, "after", LocalMirrorMaker.shown(desired)));
        return change.action(mm.object(), !exists ? "created" : same ? "restarted" : "updated", true);
    }

    @Override
    public Change removeMirrorMaker2(String name, String namespace, Flavor flavor, Duration timeout) {
        LocalMirrorMaker mm = new LocalMirrorMaker(sandbox, namespace, name, this::resolveSecret, this::clientBootstrap);
        boolean exists = mm.exists();
        if (exists && !check) {
            mm.stop();
            Sandbox.deleteTree(mm.dir());
        }
        return new Change().fact("name", name).fact("namespace", namespace).action(mm.object(), exists ? "deleted" : "absent", exists);
    }

    @Override
    public List<MirrorMaker2Spec.OtherMirrorMaker2> otherMirrorMakers(Flavor flavor) {
        List<MirrorMaker2Spec.OtherMirrorMaker2> out = new ArrayList<>();
        for (String ns : sandbox.namespaces()) {
            for (Path dir : sandbox.objects(ns, "mm2")) {
                LocalMirrorMaker mm = new LocalMirrorMaker(sandbox, ns, dir.getFileName().toString(), this::resolveSecret, this::clientBootstrap);
                MirrorMaker2Spec.OtherMirrorMaker2 other = mm.asOther();
                if (other != null) {
                    out.add(other);
                }
            }
        }
        return out;
    }

    /** Something the {@code application} module pauses and resumes. */
    interface Workload {
        String object();

        int replicas();

        Integer recordedReplicas();

        void setReplicas(int replicas, Integer recorded);

        boolean alive();

        void start(Duration timeout) throws InterruptedException;

        /** Stops its processes: SIGTERM, and SIGKILL after a grace period of its own. */
        void stop();
    }
}
