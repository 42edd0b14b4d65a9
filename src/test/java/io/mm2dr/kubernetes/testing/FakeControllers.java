package io.mm2dr.kubernetes.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The little that operators and kube-controller-manager would do, so that waits have something
 * to wait for on the mock server: custom resources of the Event Streams and Strimzi kinds get
 * {@code Ready=True} (and their replica count) a moment after each change of spec; Deployments
 * report their replicas ready; a deleted Namespace takes its objects with it (the mock does not)
 * before it goes away, held by a finalizer meanwhile, as on a real cluster.
 *
 * <p>With a {@link #dataPlane data plane} the fake operators also run what the resources describe
 * on real Kafka: a broker per Kafka or EventStreams resource (SASL_SSL, SCRAM, the authorizer on),
 * a topic per KafkaTopic, a SCRAM credential and the ACLs of each KafkaUser, a real MirrorMaker 2
 * per KafkaMirrorMaker2 with replicas (see {@link DataPlaneKafka}); what a resource made is undone
 * when it is gone, so deleting a namespace stops its brokers, as losing a region would.
 */
public final class FakeControllers implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FakeControllers.class);
    public static final String NAMESPACE_FINALIZER = "kubernetes";
    private static final List<String> CUSTOM_KINDS = List.of("KafkaTopic", "KafkaUser", "KafkaMirrorMaker2", "KafkaConnect",
            "KafkaConnector", "Kafka", "KafkaNodePool", "EventStreams", "Widget");
    private static final List<ResourceDefinitionContext> CUSTOM = new ArrayList<>();
    private static final List<ResourceDefinitionContext> NAMESPACED_CORE = List.of(
            rdc("", "v1", "Secret", "secrets"), rdc("", "v1", "ConfigMap", "configmaps"), rdc("", "v1", "Service", "services"),
            rdc("", "v1", "ServiceAccount", "serviceaccounts"), rdc("", "v1", "Pod", "pods"),
            rdc("apps", "v1", "Deployment", "deployments"), rdc("apps", "v1", "StatefulSet", "statefulsets"));

    static {
        for (String group : List.of("eventstreams.ibm.com", "kafka.strimzi.io", "example.com")) {
            for (String kind : CUSTOM_KINDS) {
                if (kind.equals("EventStreams") && !group.equals("eventstreams.ibm.com") || kind.equals("Widget") && !group.equals("example.com")) {
                    continue;
                }
                CUSTOM.add(rdc(group, group.equals("example.com") ? "v1" : "v1beta2", kind,
                        kind.equals("EventStreams") ? "eventstreams" : kind.toLowerCase() + "s"));
            }
        }
    }

    /** Kinds that only the public demo's platform fakes use (OpenShift's OLM, Prometheus' monitors). */
    private static final List<ResourceDefinitionContext> PLATFORM = List.of(
            rdc("operators.coreos.com", "v1alpha1", "CatalogSource", "catalogsources"),
            rdc("operators.coreos.com", "v1alpha1", "Subscription", "subscriptions"),
            rdc("monitoring.coreos.com", "v1", "PodMonitor", "podmonitors"));

    /** Every namespaced kind the fakes know: custom, core and platform. */
    public static List<ResourceDefinitionContext> allKinds() {
        List<ResourceDefinitionContext> all = new ArrayList<>(CUSTOM);
        all.addAll(NAMESPACED_CORE);
        all.addAll(PLATFORM);
        return all;
    }

    /** The Kafka kinds the fake operators make Ready. */
    static List<ResourceDefinitionContext> customKinds() {
        return CUSTOM;
    }

    static ResourceDefinitionContext deployments() {
        return NAMESPACED_CORE.get(5);
    }

    private final KubernetesClient client;
    /** The custom kinds reconciled: all groups in v1beta2 by default, or every served version of a release's kinds. */
    private final List<ResourceDefinitionContext> custom;
    private volatile boolean namespacesOnly;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private volatile long readyDelayMillis = 300;
    private volatile boolean running = true;
    private volatile boolean busy;
    private long rounds;
    private long lastIdleRound;
    private Thread thread;
    private final Object wake = new Object();
    private boolean nudged;

    /**
     * Where the clusters the fake operator reconciles really run: a real broker for a Kafka or
     * EventStreams resource, its certificate issued by the cluster CA the operator holds in the
     * resource's secrets (made here, or restored by a playbook).
     */
    public interface DataPlane {
        /** The broker of {@code namespace/name} (the same one on every call while it runs). */
        io.mm2dr.kafka.testing.KafkaClusters.Cluster broker(String namespace, String name, io.mm2dr.sandbox.Certificates.Authority ca);

        /** The cluster resource {@code namespace/name} is gone (deleted, or its namespace): its broker may stop. */
        default void stopped(String namespace, String name) {
        }
    }

    private volatile DataPlane dataPlane;
    /** The broker of each cluster resource the data plane runs, by namespace/name. */
    private final Map<String, io.mm2dr.kafka.testing.KafkaClusters.Cluster> brokers = new ConcurrentHashMap<>();
    /** The uid of the cluster resource each broker runs for. */
    private final Map<String, String> brokerUids = new ConcurrentHashMap<>();
    /** What to undo on the data plane when a resource (by uid) is gone: its topic, its user's ACLs, its MirrorMaker 2, its broker. */
    private final Map<String, Undo> onDelete = new ConcurrentHashMap<>();

    /** What a gone resource leaves to undo, in order: MirrorMaker 2 (0) before topics and users (1) before brokers (2). */
    private record Undo(int order, String broker, Runnable run) {
    }
    /** The running MirrorMaker 2 of each KafkaMirrorMaker2 (by uid). */
    private final Map<String, MirrorMakerRun> mirrorMakers = new ConcurrentHashMap<>();
    /** A MirrorMaker 2 the data plane runs: its configuration, and the instance once started. */
    private static final class MirrorMakerRun {
        final Map<String, String> config;
        volatile org.apache.kafka.connect.mirror.MirrorMaker instance;

        MirrorMakerRun(Map<String, String> config) {
            this.config = config;
        }
    }

    /**
     * From now on, each Kafka or EventStreams resource made Ready gets a real broker from
     * {@code plane}, its CA secrets hold the real CA, and its status reports its listeners
     * (Strimzi's {@code status.listeners}, Event Streams' {@code status.kafkaListeners}) with the
     * broker's address and CA certificate.
     */
    public void dataPlane(DataPlane plane) {
        this.dataPlane = plane;
    }

    FakeControllers(KubernetesClient client) {
        this(client, CUSTOM);
    }

    /** Controllers for the kinds an operator release serves, in every version it serves them. */
    FakeControllers(KubernetesClient client, OperatorRelease release) {
        this(client, release.servedContexts().stream().filter(c -> CUSTOM_KINDS.contains(c.getKind())).toList());
    }

    private FakeControllers(KubernetesClient client, List<ResourceDefinitionContext> custom) {
        this.client = client;
        this.custom = custom;
    }

    public static ResourceDefinitionContext rdc(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    /** How long after a change a resource turns Ready (and a Deployment's replicas come up). */
    public void readyDelay(long millis) {
        this.readyDelayMillis = millis;
    }

    /** Only namespace deletion is left to this thread (another operator handles the rest). */
    void namespacesOnly() {
        this.namespacesOnly = true;
    }

    /** Something was written: start the next round now rather than at the end of the idle pause. */
    public void nudge() {
        synchronized (wake) {
            nudged = true;
            wake.notifyAll();
        }
    }

    void start() {
        thread = new Thread(this::loop, "fake-controllers");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            busy = false;
            try {
                reconcileNamespaces();
                Map<ResourceDefinitionContext, List<GenericKubernetesResource>> listed = new LinkedHashMap<>();
                for (ResourceDefinitionContext c : namespacesOnly ? List.<ResourceDefinitionContext>of() : custom) {
                    listed.put(c, client.genericKubernetesResources(c).inAnyNamespace().list().getItems());
                }
                if (dataPlane != null) {
                    forgetDeleted(listed);
                }
                listed.forEach(this::reconcileCustom);
                if (!namespacesOnly) {
                    reconcileDeployments();
                }
            } catch (KubernetesClientException e) {
                // a conflict with the runner's own write, or the server going away: next round
                busy = true;
            } catch (RuntimeException e) {
                if (!running) {
                    return;   // closed mid-round: the client's executor is gone
                }
                throw e;
            }
            synchronized (this) {
                rounds++;
                if (!busy) {
                    lastIdleRound = rounds;
                }
                notifyAll();
            }
            try {
                // short rounds while something is due, longer when idle; a write of the runner's wakes
                // the controllers at once (nudge), as a real operator's watch would
                synchronized (wake) {
                    if (!nudged) {
                        wake.wait(busy ? 20 : 100);
                    }
                    nudged = false;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean due(GenericKubernetesResource r, long generation) {
        busy = true;
        String key = r.getMetadata().getUid() + "@" + generation;
        long seen = firstSeen.computeIfAbsent(key, k -> System.currentTimeMillis());
        return System.currentTimeMillis() - seen >= readyDelayMillis;
    }

    /**
     * Waits until the controllers have nothing left to do: a whole round, started after this
     * call, that found nothing to change and nothing waiting for its delay.
     */
    public synchronized void awaitIdle() throws InterruptedException {
        long start = rounds;
        long deadline = System.currentTimeMillis() + 30_000;
        while (lastIdleRound <= start + 1) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IllegalStateException("the fake controllers did not settle in 30 s");
            }
            nudge(); // the next round now, not after an idle pause
            wait(left);
        }
    }

    /**
     * The data plane undoes what a resource made once the resource is gone: topics are deleted, a
     * user's ACLs removed, a MirrorMaker 2 stopped, then a cluster's broker stopped (a namespace's
     * deletion takes them all, as a real cluster's would).
     */
    private void forgetDeleted(Map<ResourceDefinitionContext, List<GenericKubernetesResource>> listed) {
        java.util.Set<String> live = new java.util.HashSet<>();
        listed.values().forEach(items -> items.forEach(r -> {
            if (r.getMetadata().getDeletionTimestamp() == null) {
                live.add(r.getMetadata().getUid());
            }
        }));
        // MirrorMaker 2 stops before its users lose their ACLs (as a pod goes before its credentials),
        // and a cluster's topics and users are undone while its broker still runs
        List<String> gone = onDelete.entrySet().stream().filter(e -> !live.contains(e.getKey()))
                .sorted(java.util.Comparator.comparingInt(e -> e.getValue().order())).map(Map.Entry::getKey).toList();
        // what lived on a broker that goes too needs no undoing (a lost region's ACLs, say, while
        // another region's MirrorMaker 2 still reads from it)
        java.util.Set<String> brokersGoing = new java.util.HashSet<>();
        gone.forEach(uid -> {
            if (onDelete.get(uid).order() == 2) {
                brokersGoing.add(onDelete.get(uid).broker());
            }
        });
        for (String uid : gone) {
            Undo undo = onDelete.remove(uid);
            if (undo != null && undo.order() == 1 && brokersGoing.contains(undo.broker())) {
                continue;
            }
            if (undo != null) {
                busy = true;
                try {
                    undo.run().run();
                } catch (RuntimeException e) {
                    LOG.warn("undoing what a deleted resource made failed: " + e);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void reconcileCustom(ResourceDefinitionContext c, List<GenericKubernetesResource> items) {
        for (GenericKubernetesResource r : items) {
            if (r.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            long generation = r.getMetadata().getGeneration() == null ? 1 : r.getMetadata().getGeneration();
            Map<String, Object> status = r.getAdditionalProperties().get("status") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : Map.of();
            Object observed = status.get("observedGeneration");
            if (observed instanceof Number n && n.longValue() == generation) {
                continue;
            }
            if (!due(r, generation)) {
                continue;
            }
            boolean done;
            try {
                done = operate(r);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // what a real operator does with a failed reconciliation: reports it and tries again
                LOG.warn("reconciling " + r.getKind() + " " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName()
                        + " failed (next round): " + e);
                done = false;
            }
            if (!done) {
                continue;
            }
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("observedGeneration", generation);
            st.put("conditions", List.of(Map.of("type", "Ready", "status", "True",
                    "lastTransitionTime", Instant.now().toString())));
            Object spec = r.getAdditionalProperties().get("spec");
            if (spec instanceof Map<?, ?> sm && sm.get("replicas") instanceof Number n) {
                st.put("replicas", n);
            }
            io.mm2dr.kafka.testing.KafkaClusters.Cluster broker = brokers.get(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName());
            if (broker != null && (r.getKind().equals("Kafka") || r.getKind().equals("EventStreams"))) {
                st.put(r.getKind().equals("EventStreams") ? "kafkaListeners" : "listeners", listenersStatus(r, broker));
            }
            r.getAdditionalProperties().put("status", st);
            client.genericKubernetesResources(c).inNamespace(r.getMetadata().getNamespace()).resource(r).update();
        }
    }

    /**
     * What the operators do before a resource is Ready: a cluster gets its four CA secrets (or,
     * with generation off, must find them restored); a user gets the secret with its password
     * (taken from spec.authentication.password.valueFrom when given). False: not Ready yet.
     */
    @SuppressWarnings("unchecked")
    private boolean operate(GenericKubernetesResource r) {
        String kind = r.getKind();
        String ns = r.getMetadata().getNamespace();
        String name = r.getMetadata().getName();
        Map<String, Object> spec = r.getAdditionalProperties().get("spec") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        String domain = r.getApiVersion().startsWith("eventstreams") ? "eventstreams.ibm.com" : "strimzi.io";
        if (kind.equals("Kafka") || kind.equals("EventStreams")) {
            Map<String, Object> cas = kind.equals("EventStreams") && spec.get("strimziOverrides") instanceof Map<?, ?> o
                    ? (Map<String, Object>) o : spec;
            boolean reuse = cas.get("clusterCa") instanceof Map<?, ?> ca && Boolean.FALSE.equals(ca.get("generateCertificateAuthority"));
            DataPlane plane = dataPlane;
            if (plane != null) {
                return runBroker(plane, r, ns, name, domain, reuse);
            }
            for (String[] s : new String[][] {{"-cluster-ca-cert", "ca.crt", "cert"}, {"-cluster-ca", "ca.key", "key"},
                    {"-clients-ca-cert", "ca.crt", "cert"}, {"-clients-ca", "ca.key", "key"}}) {
                String secretName = name + s[0];
                if (client.secrets().inNamespace(ns).withName(secretName).get() != null) {
                    continue;
                }
                if (reuse) {
                    return false; // the real operator would wait for the restored CA, never generating one
                }
                client.secrets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                        .withNewMetadata().withName(secretName).addToLabels(domain + "/kind", "Kafka").addToLabels(domain + "/cluster", name)
                        .addToAnnotations(domain + "/ca-" + s[2] + "-generation", "0").endMetadata()
                        .addToData(s[1], base64("-----BEGIN " + s[2].toUpperCase() + "-----" + name + s[0] + "-" + java.util.UUID.randomUUID()))
                        .build()).create();
            }
        } else if (kind.equals("KafkaTopic") && dataPlane != null) {
            io.mm2dr.kafka.testing.KafkaClusters.Cluster broker = brokerOf(r, domain);
            if (broker == null) {
                return false; // the topic operator waits for its cluster
            }
            String topic = DataPlaneKafka.topicName(spec, name);
            if (!DataPlaneKafka.syncTopic(broker, topic, spec)) {
                return false;
            }
            onDelete.put(r.getMetadata().getUid(), new Undo(1, brokerKeyOf(r, domain), () -> DataPlaneKafka.deleteTopic(broker, topic)));
        } else if (kind.equals("KafkaMirrorMaker2") && dataPlane != null) {
            return runMirrorMaker(r, spec);
        } else if (kind.equals("KafkaUser")) {
            if (client.secrets().inNamespace(ns).withName(name).get() != null) {
                return dataPlane == null || syncUser(r, spec, domain);
            }
            String password = "generated-" + java.util.UUID.randomUUID();
            Object from = io.mm2dr.kubernetes.KubeObjects.at(spec, "authentication", "password", "valueFrom", "secretKeyRef");
            if (from instanceof Map<?, ?> ref) {
                var source = client.secrets().inNamespace(ns).withName(String.valueOf(ref.get("name"))).get();
                if (source == null || source.getData() == null || source.getData().get(String.valueOf(ref.get("key"))) == null) {
                    return false;
                }
                password = new String(java.util.Base64.getDecoder().decode(source.getData().get(String.valueOf(ref.get("key")))),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
            client.secrets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                    .withNewMetadata().withName(name).addToLabels(domain + "/kind", "KafkaUser").addToLabels(domain + "/cluster",
                            String.valueOf(r.getMetadata().getLabels() == null ? "" : r.getMetadata().getLabels().get(domain + "/cluster")))
                    .endMetadata()
                    .addToData("password", base64(password))
                    .addToData("sasl.jaas.config", base64("org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                            + name + "\" password=\"" + password + "\";"))
                    .build()).create();
            return dataPlane == null || syncUser(r, spec, domain);
        }
        return true;
    }

    /** The broker of the cluster a topic or user belongs to (its {@code <domain>/cluster} label), null while it does not run. */
    private io.mm2dr.kafka.testing.KafkaClusters.Cluster brokerOf(GenericKubernetesResource r, String domain) {
        String key = brokerKeyOf(r, domain);
        return key == null ? null : brokers.get(key);
    }

    private static String brokerKeyOf(GenericKubernetesResource r, String domain) {
        Map<String, String> labels = r.getMetadata().getLabels();
        String cluster = labels == null ? null : labels.get(domain + "/cluster");
        return cluster == null ? null : r.getMetadata().getNamespace() + "/" + cluster;
    }

    /** The user operator's work: the SCRAM credential with the password of the user's secret, and its ACLs. */
    private boolean syncUser(GenericKubernetesResource r, Map<String, Object> spec, String domain) {
        io.mm2dr.kafka.testing.KafkaClusters.Cluster broker = brokerOf(r, domain);
        String password = secretValue(r.getMetadata().getNamespace(), r.getMetadata().getName(), "password");
        if (broker == null || password == null) {
            return false;
        }
        String user = r.getMetadata().getName();
        DataPlaneKafka.syncUser(broker, user, password, spec);
        onDelete.put(r.getMetadata().getUid(), new Undo(1, brokerKeyOf(r, domain), () -> DataPlaneKafka.deleteUser(broker, user)));
        return true;
    }

    /**
     * A KafkaMirrorMaker2 with replicas runs as a real MirrorMaker 2 (restarted when its
     * specification changes); at 0 replicas, or deleted, it stops. Not Ready while a cluster it
     * names has no broker or a secret it names is missing.
     */
    private boolean runMirrorMaker(GenericKubernetesResource r, Map<String, Object> spec) {
        String uid = r.getMetadata().getUid();
        String ns = r.getMetadata().getNamespace();
        long replicas = spec.get("replicas") instanceof Number n ? n.longValue() : 1;
        DataPlaneKafka.MirrorMaker wanted = null;
        if (replicas > 0) {
            wanted = DataPlaneKafka.mirrorMaker(spec, this::brokerAt, (secret, key) -> secretValue(ns, secret, key));
            if (wanted == null) {
                return false;
            }
        }
        MirrorMakerRun running = mirrorMakers.get(uid);
        if (running != null && wanted != null && running.config.equals(wanted.config())) {
            return true;
        }
        if (running != null) {
            mirrorMakers.remove(uid);
            stopMirrorMaker(running);
        }
        onDelete.put(uid, new Undo(0, null, () -> {
            MirrorMakerRun gone = mirrorMakers.remove(uid);
            if (gone != null) {
                stopMirrorMaker(gone);
            }
        }));
        if (wanted != null) {
            // started here, before the resource is Ready (as the operator's pods are); a start that
            // fails (a credential the broker does not know yet) is stopped and tried again next round
            MirrorMakerRun run = new MirrorMakerRun(wanted.config());
            Thread thread = Thread.currentThread();
            ClassLoader loader = thread.getContextClassLoader();
            try {
                run.instance = new org.apache.kafka.connect.mirror.MirrorMaker(run.config, List.of(wanted.target()));
                run.instance.start();
            } catch (RuntimeException e) {
                LOG.warn("MirrorMaker 2 " + ns + "/" + r.getMetadata().getName() + " did not start (next round): " + e);
                stopMirrorMaker(run);
                return false;
            } finally {
                thread.setContextClassLoader(loader); // MirrorMaker swaps in Connect's plugin loader
            }
            mirrorMakers.put(uid, run);
        }
        return true;
    }

    /** Stops it and waits until it has stopped, as the operator waits for its pods to go. */
    private static void stopMirrorMaker(MirrorMakerRun run) {
        org.apache.kafka.connect.mirror.MirrorMaker mm = run.instance;
        run.instance = null;
        if (mm != null) {
            mm.stop();
            mm.awaitStop();
        }
    }

    /** The broker behind a bootstrap service address, {@code <cluster>-kafka-bootstrap.<namespace>.svc[...]:port}. */
    private io.mm2dr.kafka.testing.KafkaClusters.Cluster brokerAt(String bootstrap) {
        String host = bootstrap.split(",")[0].replaceAll(":\\d+$", "");
        String[] parts = host.split("\\.");
        if (parts.length < 2 || !parts[0].endsWith("-kafka-bootstrap")) {
            return null;
        }
        return brokers.get(parts[1] + "/" + parts[0].substring(0, parts[0].length() - "-kafka-bootstrap".length()));
    }

    /**
     * The cluster's CA secrets with a real CA (generated, or the restored one when generation is
     * off), then its broker from the data plane. False while a restored CA is missing.
     */
    private boolean runBroker(DataPlane plane, GenericKubernetesResource r, String ns, String name, String domain, boolean reuse) {
        String key = ns + "/" + name;
        String cert = secretValue(ns, name + "-cluster-ca-cert", "ca.crt");
        String caKey = secretValue(ns, name + "-cluster-ca", "ca.key");
        if (cert == null || caKey == null) {
            if (reuse) {
                return false; // the real operator would wait for the restored CA, never generating one
            }
            io.mm2dr.sandbox.Certificates.Authority made = io.mm2dr.sandbox.Certificates.newAuthority(name + "-cluster-ca", 0, java.time.Duration.ofDays(2), 2048);
            cert = made.certPem();
            caKey = made.keyPem();
            createSecret(ns, name + "-cluster-ca-cert", domain, name, "ca.crt", cert, "cert");
            createSecret(ns, name + "-cluster-ca", domain, name, "ca.key", caKey, "key");
            io.mm2dr.sandbox.Certificates.Authority clients = io.mm2dr.sandbox.Certificates.newAuthority(name + "-clients-ca", 0, java.time.Duration.ofDays(2), 2048);
            createSecret(ns, name + "-clients-ca-cert", domain, name, "ca.crt", clients.certPem(), "cert");
            createSecret(ns, name + "-clients-ca", domain, name, "ca.key", clients.keyPem(), "key");
        }
        io.mm2dr.sandbox.Certificates.Authority ca = new io.mm2dr.sandbox.Certificates.Authority(cert, caKey);
        brokers.put(key, plane.broker(ns, name, ca));
        String uid = r.getMetadata().getUid();
        brokerUids.put(key, uid);
        onDelete.put(uid, new Undo(2, key, () -> {
            if (brokerUids.remove(key, uid)) {
                brokers.remove(key);
                plane.stopped(ns, name);
            }
        }));
        return true;
    }

    /**
     * One entry per listener of the specification: its name (and type), its address, the CA that
     * signs it. The broker's loopback address stands for the external listener's route or load
     * balancer; an internal listener reports its bootstrap service, which answers inside the
     * cluster only (here: nowhere), when the cluster has an external listener, and the loopback
     * address otherwise (as for a runner inside the cluster).
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listenersStatus(GenericKubernetesResource r, io.mm2dr.kafka.testing.KafkaClusters.Cluster broker) {
        Map<String, Object> spec = r.getAdditionalProperties().get("spec") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Object kafka = r.getKind().equals("EventStreams") ? io.mm2dr.kubernetes.KubeObjects.at(spec, "strimziOverrides", "kafka") : spec.get("kafka");
        List<Map<String, Object>> out = new ArrayList<>();
        String bootstrap = broker.bootstrap();
        String host = bootstrap.substring(0, bootstrap.lastIndexOf(':'));
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        if (kafka instanceof Map<?, ?> k && k.get("listeners") instanceof List<?> listeners) {
            boolean external = listeners.stream().anyMatch(o -> o instanceof Map<?, ?> l && "external".equals(l.get("name")));
            for (Object o : listeners) {
                Map<String, Object> l = (Map<String, Object>) o;
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("name", l.get("name"));
                if (r.getKind().equals("EventStreams")) {
                    st.put("type", l.get("name"));
                }
                if (external && !"external".equals(l.get("name"))) {
                    String service = r.getMetadata().getName() + "-kafka-bootstrap." + r.getMetadata().getNamespace() + ".svc";
                    int servicePort = l.get("port") instanceof Number n ? n.intValue() : 9093;
                    st.put("addresses", List.of(Map.of("host", service, "port", servicePort)));
                    st.put("bootstrapServers", service + ":" + servicePort);
                } else {
                    st.put("addresses", List.of(Map.of("host", host, "port", port)));
                    st.put("bootstrapServers", bootstrap);
                }
                if (Boolean.TRUE.equals(l.get("tls")) && broker.caCertPem() != null) {
                    st.put("certificates", List.of(broker.caCertPem()));
                }
                out.add(st);
            }
        }
        return out;
    }

    private String secretValue(String ns, String name, String key) {
        var secret = client.secrets().inNamespace(ns).withName(name).get();
        if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
            return null;
        }
        return new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void createSecret(String ns, String secretName, String domain, String cluster, String key, String value, String generationOf) {
        if (client.secrets().inNamespace(ns).withName(secretName).get() != null) {
            return;
        }
        client.secrets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName(secretName).addToLabels(domain + "/kind", "Kafka").addToLabels(domain + "/cluster", cluster)
                .addToAnnotations(domain + "/ca-" + generationOf + "-generation", "0").endMetadata()
                .addToData(key, base64(value)).build()).create();
    }

    private static String base64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private void reconcileDeployments() {
        ResourceDefinitionContext c = NAMESPACED_CORE.get(5);
        for (GenericKubernetesResource r : client.genericKubernetesResources(c).inAnyNamespace().list().getItems()) {
            long generation = r.getMetadata().getGeneration() == null ? 1 : r.getMetadata().getGeneration();
            Map<String, Object> spec = r.getAdditionalProperties().get("spec") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            long replicas = spec.get("replicas") instanceof Number n ? n.longValue() : 1;
            Map<String, Object> status = r.getAdditionalProperties().get("status") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            if (status.get("observedGeneration") instanceof Number n && n.longValue() == generation) {
                continue;
            }
            if (!due(r, generation)) {
                continue;
            }
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("observedGeneration", generation);
            st.put("replicas", replicas);
            st.put("updatedReplicas", replicas);
            if (replicas > 0) {
                st.put("readyReplicas", replicas);
                st.put("availableReplicas", replicas);
            }
            st.put("conditions", List.of(Map.of("type", "Available", "status", "True")));
            r.getAdditionalProperties().put("status", st);
            client.genericKubernetesResources(c).inNamespace(r.getMetadata().getNamespace()).resource(r).update();
        }
    }

    private void reconcileNamespaces() {
        for (Namespace ns : client.namespaces().list().getItems()) {
            List<String> finalizers = ns.getMetadata().getFinalizers() == null ? List.of() : ns.getMetadata().getFinalizers();
            if (ns.getMetadata().getDeletionTimestamp() != null) {
                busy = true;
                String name = ns.getMetadata().getName();
                List<ResourceDefinitionContext> kinds = new ArrayList<>(custom);
                kinds.addAll(NAMESPACED_CORE);
                kinds.addAll(PLATFORM);
                for (ResourceDefinitionContext c : kinds) {
                    client.genericKubernetesResources(c).inNamespace(name).delete();
                }
                if (finalizers.contains(NAMESPACE_FINALIZER)) {
                    List<String> rest = new ArrayList<>(finalizers);
                    rest.remove(NAMESPACE_FINALIZER);
                    ns.getMetadata().setFinalizers(rest);
                    client.namespaces().resource(ns).update();
                }
            } else if (!finalizers.contains(NAMESPACE_FINALIZER)) {
                busy = true;
                List<String> more = new ArrayList<>(finalizers);
                more.add(NAMESPACE_FINALIZER);
                ns.getMetadata().setFinalizers(more);
                client.namespaces().resource(ns).update();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        if (thread != null) {
            try {
                thread.join(30_000); // the round in progress ends before what it started is stopped
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (MirrorMakerRun run : mirrorMakers.values()) {
            try {
                stopMirrorMaker(run);
            } catch (RuntimeException e) {
                LOG.warn("MirrorMaker 2 did not stop cleanly: " + e);
            }
        }
        mirrorMakers.clear();
    }
}
