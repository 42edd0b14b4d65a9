package io.mm2dr.platform.local;

import io.mm2dr.domain.ApplicationSpec;
import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.KafkaAppSpec;
import io.mm2dr.domain.KafkaClusterSpec;
import io.mm2dr.domain.KafkaTopicSpec;
import io.mm2dr.domain.KafkaUserSpec;
import io.mm2dr.domain.SecretSpec;
import io.mm2dr.domain.mm2.MirrorMaker2Spec;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Outcome.Kind;
import io.mm2dr.platform.Platform;
import io.mm2dr.sandbox.Certificates;
import io.mm2dr.sandbox.LocalCluster;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.SandboxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code local} platform: the estate as processes and files of a sandbox on this machine
 * (see {@link Sandbox}). A Kafka cluster is a real broker process, a user a real SCRAM credential
 * with real ACLs, a secret a file readable only by the user, an application one or more
 * processes, a MirrorMaker 2 the real MirrorMaker 2 in dedicated mode; a namespace is a folder,
 * and deleting it kills its processes and deletes its data (a lost region).
 *
 * <p>Each method compares the desired state with what the sandbox holds and writes the difference
 * through the {@link SandboxGateway}, which alone writes and alone knows check mode; topics and
 * users are {@link LocalKafkaObjects}', applications and MirrorMaker 2 {@link LocalWorkloads}'.
 *
 * <p>Playbooks keep the addresses they use on Kubernetes ({@code <cluster>-kafka-bootstrap.<namespace>.svc:9093}):
 * the sandbox resolves them to the cluster's loopback port, which stays the same when a lost
 * region is recreated. Client listeners are SASL_SSL: each cluster has a real cluster CA (and a
 * clients CA) in the secrets the operators name, the broker's certificate is issued by it, and
 * every client trusts that CA only, read from a secret; a recreated cluster adopts restored CA
 * secrets with {@code reuse_ca}, so clients that trusted the lost cluster trust the new one.
 */
public final class LocalPlatform implements Platform {
    private static final Pattern SERVICE = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?)-kafka-bootstrap\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.svc(\\.cluster\\.local)?)?");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SandboxGateway gateway;
    private final Sandbox sandbox;
    private final LocalKafkaObjects kafka;
    private final LocalWorkloads workloads;

    LocalPlatform(SandboxGateway gateway) {
        this.gateway = gateway;
        this.sandbox = gateway.sandbox();
        this.kafka = new LocalKafkaObjects(gateway);
        this.workloads = new LocalWorkloads(gateway, this::resolveSecret, this::clientBootstrap);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public boolean clientTls() {
        return true;
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

    /**
     * The sandbox's cluster, as its bootstrap service would be named on Kubernetes, on its loopback
     * port; its TLS listener (the only one: {@code listener} must be null, tls or external).
     */
    @Override
    public io.mm2dr.platform.KafkaEndpoint kafkaEndpoint(String namespace, String name, io.mm2dr.domain.Flavor flavor, String listener) {
        String service = name + "-kafka-bootstrap." + namespace + ".svc:9093";
        String bootstrap = clientBootstrap(service);
        String ca = secretValue(namespace, name + "-cluster-ca-cert", "ca.crt");
        return new io.mm2dr.platform.KafkaEndpoint(bootstrap, listener == null ? "tls" : listener, ca != null, ca,
                "the sandbox's cluster " + namespace + "/" + name);
    }

    /** The sandbox runs one broker per cluster (for a cluster that exists). */
    @Override
    public Integer liveBrokers(String bootstrap) {
        LocalCluster c = clusterFor(sandbox, bootstrap);
        return c != null && c.exists() ? 1 : null;
    }

    /** The sandbox cluster a bootstrap address of the playbooks names (its first address), or null if it names none. */
    static LocalCluster clusterFor(Sandbox sandbox, String bootstrap) {
        String first = bootstrap.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        Matcher m = SERVICE.matcher(colon < 0 ? first : first.substring(0, colon));
        return m.matches() ? new LocalCluster(sandbox, m.group(3), m.group(1)) : null;
    }

    static String randomSecret(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    // ---- namespaces --------------------------------------------------------------------------

    @Override
    public Outcome namespace(String name, boolean present, Duration timeout) {
        Outcome outcome = Outcome.NONE.fact("namespace", name).fact("sandbox", sandbox.root().toString());
        String object = "Namespace " + name;
        boolean exists = sandbox.namespaceExists(name);
        if (present) {
            if (!exists) {
                gateway.createNamespace(name);
            }
            return outcome.with(object, exists ? Kind.UNCHANGED : Kind.CREATED);
        }
        if (!exists) {
            return outcome.with(object, Kind.UNCHANGED, "absent");
        }
        return outcome.fact("processes_killed", gateway.deleteNamespace(name)).with(object, Kind.DELETED);
    }

    /** The namespace a desired state goes in must exist (in check mode an earlier task may only have announced it). */
    static Outcome requireNamespace(SandboxGateway gateway, String namespace, Outcome outcome) {
        Sandbox sandbox = gateway.sandbox();
        if (sandbox.namespaceExists(namespace)) {
            return outcome;
        }
        return outcome.warn(gateway.unmet("namespace " + namespace + " does not exist in the sandbox " + sandbox.root()
                + ": create it first (namespace module)"));
    }

    // ---- secrets -----------------------------------------------------------------------------

    @Override
    public String secretValue(String namespace, String name, String key) {
        Map<String, String> data = gateway.secretData(namespace, name);
        return data == null ? null : data.get(key);
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
    @SuppressWarnings("unchecked")
    public Outcome secret(SecretSpec spec, boolean present) {
        Outcome outcome = Outcome.NONE.fact("name", spec.name()).fact("namespace", spec.namespace());
        String object = "Secret " + spec.namespace() + "/" + spec.name();
        Map<String, Object> current = gateway.readSecret(spec.namespace(), spec.name());
        if (!present) {
            if (current != null) {
                gateway.deleteSecret(spec.namespace(), spec.name());
            }
            return outcome.with(object, current == null ? Kind.UNCHANGED : Kind.DELETED, current == null ? "absent" : null);
        }
        outcome = requireNamespace(gateway, spec.namespace(), outcome);
        Map<String, String> data = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        String type = spec.type();
        if (spec.copyFrom() != null) {
            Map<String, Object> source = gateway.readSecret(spec.copyFrom().namespace(), spec.copyFrom().name());
            if (source == null) {
                // what it copies is made by an earlier task (in check mode, only announced)
                return outcome.warn(gateway.unmet("cannot copy the secret " + spec.copyFrom() + ": it does not exist in the sandbox"))
                        .with(object, current == null ? Kind.CREATED : Kind.UPDATED);
            }
            data.putAll((Map<String, String>) source.get("data"));
            labels.putAll((Map<String, String>) source.getOrDefault("labels", Map.of()));
            annotations.putAll((Map<String, String>) source.getOrDefault("annotations", Map.of()));
            type = type == null ? (String) source.get("type") : type;
            outcome = outcome.fact("copied_from", spec.copyFrom().toString());
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
        outcome = outcome.fact("keys", List.copyOf(data.keySet()));
        boolean same = current != null && Objects.equals(current.get("data"), data) && Objects.equals(current.get("labels"), labels)
                && Objects.equals(current.get("annotations"), annotations) && Objects.equals(current.get("type"), type);
        if (same) {
            return outcome.with(object, Kind.UNCHANGED);
        }
        gateway.writeSecret(spec.namespace(), spec.name(), data, type, labels, annotations);
        return outcome.diff(Map.of("before", masked(current), "after", masked(Map.of("data", data, "labels", labels, "annotations", annotations))))
                .with(object, current == null ? Kind.CREATED : Kind.UPDATED);
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

    // ---- Kafka clusters ----------------------------------------------------------------------

    @Override
    public Outcome kafkaCluster(KafkaClusterSpec spec, boolean present, Duration timeout) throws InterruptedException {
        LocalCluster cluster = new LocalCluster(sandbox, spec.namespace(), spec.name());
        String object = "Kafka " + spec.namespace() + "/" + spec.name();
        if (!present) {
            boolean exists = cluster.exists();
            if (exists) {
                gateway.deleteCluster(cluster);
            }
            return Outcome.NONE.fact("name", spec.name()).with(object, exists ? Kind.DELETED : Kind.UNCHANGED, exists ? null : "absent");
        }
        Outcome outcome = requireNamespace(gateway, spec.namespace(), Outcome.NONE);
        if (!"scram-sha-512".equals(spec.listenerAuth())) {
            throw new SandboxException("the local sandbox's clusters listen with SCRAM-SHA-512 on loopback; listener_auth '"
                    + spec.listenerAuth() + "' is for Kubernetes");
        }
        if (spec.brokers() > 1) {
            outcome = outcome.warn("the local sandbox runs one broker (and controller) per cluster; " + spec.brokers() + " were asked for " + spec.name());
        }
        Authorities cas = certificateAuthorities(spec);
        outcome = outcome.plus(cas.outcome());
        boolean exists = cluster.exists();
        Map<String, String> admin = gateway.secretData(spec.namespace(), cluster.adminSecret());
        String adminPassword = admin == null ? null : admin.get("password");
        if (!exists || adminPassword == null) {
            adminPassword = randomSecret(16);
            gateway.writeSecret(spec.namespace(), cluster.adminSecret(), Map.of("username", LocalCluster.ADMIN_USER, "password", adminPassword),
                    "Opaque", Map.of("mm2dr.io/cluster", spec.name()), Map.of());
            if (exists) {
                gateway.deleteCluster(cluster);
            }
            gateway.createCluster(cluster, adminPassword, cas.clusterCa());
            outcome = outcome.with(object, Kind.CREATED);
        } else if (cas.clusterCa() != null && !brokerCertificateCurrent(cluster, cas.clusterCa())) {
            // a CA the broker's certificate does not come from (restored over a running cluster, or
            // renewed), or a certificate due for renewal: a new one, and a restart to serve it
            gateway.renewBrokerCertificate(cluster, adminPassword, cas.clusterCa());
            outcome = outcome.with(object, Kind.UPDATED, "broker certificate issued again by the cluster CA");
        }
        if (!(cluster.exists() && cluster.process().alive())) {
            gateway.startCluster(cluster, adminPassword, timeout);
            if (exists) {
                outcome = outcome.with(object, Kind.UPDATED, "started");
            }
        } else {
            if (timeout != null) {
                gateway.awaitAnswering(cluster, adminPassword, timeout);
            }
            outcome = outcome.with(object, Kind.UNCHANGED, "running");
        }
        outcome = outcome.plus(cas.finish());
        return outcome.fact("name", spec.name())
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
     * The outcome of the CA step, the cluster CA to issue the broker's certificate with (null where
     * only announced), and what is still being made: the clients CA, which the broker does not
     * need, is generated while the broker starts and written by {@link #finish()}.
     */
    private record Authorities(Outcome outcome, Certificates.Authority clusterCa, java.util.function.Supplier<Outcome> later) {
        Outcome finish() {
            return later.get();
        }
    }

    /**
     * The cluster's certificate authorities, as the operators keep them in four secrets
     * ({@code <cluster>-cluster-ca-cert} with {@code ca.crt}, {@code <cluster>-cluster-ca} with
     * {@code ca.key}, the same for {@code clients-ca}): generated when missing (an RSA 4096 key
     * takes one to three seconds on a small machine: the cluster CA's first, the clients CA's
     * while the broker starts); with {@code reuse_ca}, the restored ones are required, checked
     * (the key must be the certificate's) and adopted.
     */
    private Authorities certificateAuthorities(KafkaClusterSpec spec) {
        Outcome outcome = Outcome.NONE;
        String[][] parts = {
            {spec.clusterCaCertSecret(), spec.clusterCaKeySecret(), "cluster-ca"},
            {spec.clientsCaCertSecret(), spec.clientsCaKeySecret(), "clients-ca"}};
        Certificates.Authority clusterCa = null;
        java.util.function.Supplier<Outcome> later = () -> Outcome.NONE;
        for (String[] p : parts) {
            boolean cluster = p == parts[0];
            Certificates.Authority stored = storedAuthority(spec.namespace(), p[0], p[1]);
            if (stored != null) {
                if (!Certificates.matches(stored)) {
                    throw new SandboxException("the " + p[2] + " secrets " + spec.namespace() + "/" + p[0] + " and " + p[1]
                            + " do not belong together: the key in " + p[1] + " is not the key of the certificate in " + p[0]);
                }
                clusterCa = cluster ? stored : clusterCa;
                outcome = outcome.fact(p[2].replace('-', '_') + "_expires", Certificates.parse(stored.certPem()).getNotAfter().toInstant().toString());
                if (spec.reuseCa()) {
                    outcome = outcome.fact("ca_reused", true);
                }
            } else if (spec.reuseCa()) {
                outcome = outcome.warn(gateway.unmet("reuse_ca: the " + p[2] + " secrets " + p[0] + " (ca.crt) and " + p[1] + " (ca.key) must be restored in "
                        + spec.namespace() + " before the cluster is recreated"));
            } else if (gateway.checkMode()) {
                outcome = outcome.plus(writeAuthority(spec, p, null));
            } else if (cluster) {
                clusterCa = Certificates.newAuthority(p[2], 0, Duration.ofDays(Certificates.VALIDITY_DAYS));
                outcome = outcome.plus(writeAuthority(spec, p, clusterCa));
            } else {
                java.util.concurrent.CompletableFuture<Certificates.Authority> made = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> Certificates.newAuthority(p[2], 0, Duration.ofDays(Certificates.VALIDITY_DAYS)), task -> {
                            Thread t = new Thread(task, "ca-" + p[2]);
                            t.setDaemon(true);
                            t.start();
                        });
                later = () -> {
                    try {
                        return writeAuthority(spec, p, made.join());
                    } catch (java.util.concurrent.CompletionException e) {
                        throw e.getCause() instanceof RuntimeException r ? r : e;
                    }
                };
            }
        }
        return new Authorities(outcome, clusterCa, later);
    }

    /** Writes a new CA's two secrets (in check mode, with {@code ca} null, only says so). */
    private Outcome writeAuthority(KafkaClusterSpec spec, String[] parts, Certificates.Authority ca) {
        Outcome outcome = Outcome.NONE;
        if (ca != null) {
            Map<String, String> labels = Map.of("mm2dr.io/cluster", spec.name(), "mm2dr.io/component-type", "certificate-authority");
            gateway.writeSecret(spec.namespace(), parts[0], Map.of("ca.crt", ca.certPem()), "Opaque", labels, Map.of("mm2dr.io/ca-cert-generation", "0"));
            gateway.writeSecret(spec.namespace(), parts[1], Map.of("ca.key", ca.keyPem()), "Opaque", labels, Map.of("mm2dr.io/ca-key-generation", "0"));
            outcome = outcome.fact(parts[2].replace('-', '_') + "_expires", Certificates.parse(ca.certPem()).getNotAfter().toInstant().toString());
        }
        return outcome.with("Secret " + spec.namespace() + "/" + parts[0], Kind.CREATED).with("Secret " + spec.namespace() + "/" + parts[1], Kind.CREATED);
    }

    /** A CA kept in a certificate secret and a key secret, or null when either (or its key) is missing. */
    private Certificates.Authority storedAuthority(String namespace, String certSecret, String keySecret) {
        Map<String, String> cert = gateway.secretData(namespace, certSecret);
        Map<String, String> key = gateway.secretData(namespace, keySecret);
        if (cert == null || key == null || cert.get("ca.crt") == null || key.get("ca.key") == null) {
            return null;
        }
        return new Certificates.Authority(cert.get("ca.crt"), key.get("ca.key"));
    }

    /** Whether the broker's certificate is issued by {@code ca} and not yet due for renewal (Strimzi renews 30 days before expiry). */
    static boolean brokerCertificateCurrent(LocalCluster cluster, Certificates.Authority ca) {
        java.security.cert.X509Certificate cert = cluster.brokerCertificate();
        return cert != null && Certificates.issuedBy(cert, Certificates.parse(ca.certPem()))
                && cert.getNotAfter().toInstant().isAfter(java.time.Instant.now().plus(Duration.ofDays(30)))
                && ca.certPem().equals(cluster.caCertificate());
    }

    // ---- what the other classes realise ------------------------------------------------------

    @Override
    public Outcome kafkaTopic(KafkaTopicSpec spec, boolean present, Duration timeout) {
        return kafka.topic(spec, present);
    }

    @Override
    public Map<String, Integer> livePartitions(String namespace, String cluster, Flavor flavor, Collection<String> topics) {
        return kafka.livePartitions(namespace, cluster, topics);
    }

    @Override
    public Outcome kafkaUser(KafkaUserSpec spec, boolean present, Duration timeout) {
        return kafka.user(spec, present);
    }

    @Override
    public Outcome application(ApplicationSpec spec, Duration timeout) throws InterruptedException {
        return workloads.application(spec, timeout);
    }

    @Override
    public Outcome kafkaApp(KafkaAppSpec spec, boolean present, Duration timeout) throws InterruptedException {
        return workloads.kafkaApp(spec, present, timeout);
    }

    @Override
    public Outcome mirrorMaker2(MirrorMaker2Spec spec, Flavor flavor, Duration timeout) throws InterruptedException {
        return workloads.mirrorMaker2(spec, timeout);
    }

    @Override
    public Outcome removeMirrorMaker2(String name, String namespace, Flavor flavor, Duration timeout) {
        return workloads.removeMirrorMaker2(name, namespace);
    }

    @Override
    public List<MirrorMaker2Spec.OtherMirrorMaker2> otherMirrorMakers(Flavor flavor) {
        return workloads.otherMirrorMakers();
    }
}
