package io.mm2dr.platform.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.mm2dr.domain.ApplicationSpec;
import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.KafkaAppSpec;
import io.mm2dr.domain.KafkaClusterSpec;
import io.mm2dr.domain.KafkaTopicSpec;
import io.mm2dr.domain.KafkaUserSpec;
import io.mm2dr.domain.OperatorApi;
import io.mm2dr.domain.SecretSpec;
import io.mm2dr.domain.mm2.MirrorMaker2Spec;
import io.mm2dr.kubernetes.KubeException;
import io.mm2dr.kubernetes.KubeGateway;
import io.mm2dr.kubernetes.KubeObjects;
import io.mm2dr.kubernetes.LabelSelector;
import io.mm2dr.kubernetes.Readiness;
import io.mm2dr.kubernetes.ResourceDiff;
import io.mm2dr.kubernetes.ResourceRef;
import io.mm2dr.kubernetes.ResourceType;
import io.mm2dr.kubernetes.SecretValues;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Platform;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code kubernetes} platform: desired states become operator resources by pure code
 * ({@link KafkaResources}, {@code MirrorMaker2Spec.render}), reconciled through the
 * {@link KubeGateway}, which alone writes and alone knows check mode (it neither writes nor waits
 * then, and turns what an earlier task only announced into a warning); waits are on the
 * operators' Ready conditions. Each object's {@code KubeGateway.Written} becomes part of the
 * task's {@link Outcome}.
 */
public final class KubernetesPlatform implements Platform {
    private static final Duration MAX_SLEEP = Duration.ofSeconds(5);
    private static final Readiness READY = new Readiness.Condition("Ready", "True", null);

    private final KubeGateway gateway;
    private final Consumer<String> progress;
    private final KubeGateway.Sleeper sleeper;
    private final EventStreamsSettings eventStreams;
    private final String forcedApiVersion;

    public KubernetesPlatform(KubeGateway gateway, Consumer<String> progress, KubeGateway.Sleeper sleeper, String esLicenseUse) {
        this(gateway, progress, sleeper, esLicenseUse, null);
    }

    /**
     * @param forcedApiVersion the operator API generation the inventory forces ({@code v1} or
     *     {@code v1beta2}), or null to use the one the server serves
     */
    public KubernetesPlatform(KubeGateway gateway, Consumer<String> progress, KubeGateway.Sleeper sleeper, String esLicenseUse,
            String forcedApiVersion) {
        this(gateway, progress, sleeper, EventStreamsSettings.licenseUse(esLicenseUse), forcedApiVersion);
    }

    /** With the inventory's Event Streams settings (licence, admin endpoints: see {@link EventStreamsSettings}). */
    public KubernetesPlatform(KubeGateway gateway, Consumer<String> progress, KubeGateway.Sleeper sleeper, EventStreamsSettings eventStreams,
            String forcedApiVersion) {
        this.gateway = gateway;
        this.progress = progress;
        this.sleeper = sleeper;
        this.eventStreams = eventStreams == null ? EventStreamsSettings.defaults() : eventStreams;
        this.forcedApiVersion = forcedApiVersion;
    }

    /** The generation of the flavor's API to render, as the server serves it (see {@link OperatorApis}). */
    public OperatorApi api(Flavor flavor) {
        return OperatorApis.choose(flavor, gateway.servedVersions(flavor.group()), forcedApiVersion, gateway.server());
    }

    @Override
    public String operatorApi(Flavor flavor) {
        return api(flavor).apiVersion();
    }

    @Override
    public List<String> serverWarnings() {
        return gateway.serverWarnings();
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    // ------------------------------------------------------------------ the steps every method is made of

    /** Applies one object (present) and, if asked (a readiness and a timeout: {@code wait}), waits for it: its outcome. */
    private Outcome apply(Map<String, Object> resource, Readiness readiness, Duration timeout) throws InterruptedException {
        KubeGateway.Written o = gateway.present(resource, KubeGateway.WriteMode.MERGE);
        if (readiness != null && timeout != null) {
            gateway.awaitReady(o, readiness, timeout, MAX_SLEEP, progress, sleeper);
        }
        return outcome(o);
    }

    private Outcome remove(Map<String, Object> resource, Duration timeout) throws InterruptedException {
        ResourceRef ref = gateway.refOf(resource);
        KubeGateway.Written o = gateway.absent(ref, DeletionPropagation.FOREGROUND);
        if (timeout != null) {
            gateway.awaitDeleted(ref, timeout, MAX_SLEEP, progress, sleeper);
        }
        return outcome(o);
    }

    /** One object's reconcile as the platform's outcome, with its diff (Secret values masked). */
    private static Outcome outcome(KubeGateway.Written o) {
        Outcome.Kind kind = switch (o.method()) {
            case CREATED -> Outcome.Kind.CREATED;
            case PATCHED -> Outcome.Kind.UPDATED;
            case DELETED -> Outcome.Kind.DELETED;
            case UNCHANGED -> Outcome.Kind.UNCHANGED;
        };
        Outcome out = Outcome.of(o.ref().toString(), kind);
        if (o.changed()) {
            Map<String, Object> before = ResourceDiff.withoutServerFields(o.before());
            Map<String, Object> after = ResourceDiff.withoutServerFields(o.after());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("before", before == null ? null : SecretValues.maskBefore(before));
            d.put("after", after == null ? null : SecretValues.maskAfter(before, after));
            d.put("before_header", o.ref().toString());
            d.put("after_header", o.ref().toString());
            out = out.diff(d);
        }
        return out;
    }

    private ResourceRef ref(String apiVersion, String kind, String namespace, String name) {
        ResourceType type = gateway.type(apiVersion, kind);
        return new ResourceRef(type, type.namespaced() ? namespace : null, name);
    }

    // ------------------------------------------------------------------ regions

    @Override
    public Outcome namespace(String name, boolean present, Duration timeout) throws InterruptedException {
        Outcome outcome = Outcome.NONE.fact("namespace", name);
        ResourceRef ref = ref("v1", "Namespace", null, name);
        if (present) {
            Optional<Map<String, Object>> live = gateway.get(ref);
            if (live.isPresent() && KubeObjects.at(live.get(), "metadata", "deletionTimestamp") != null) {
                // still being deleted (a region lost a moment ago): it must be gone before it can be created again
                releaseOperatorFinalizers(name);
                gateway.awaitDeleted(ref, timeout, MAX_SLEEP, progress, sleeper);
            }
            return outcome.plus(apply(KafkaResources.namespace(name), null, timeout));
        }
        KubeGateway.Written o = gateway.absent(ref, DeletionPropagation.BACKGROUND);
        releaseOperatorFinalizers(name);
        gateway.awaitDeleted(ref, timeout, MAX_SLEEP, progress, sleeper);
        return outcome.plus(outcome(o));
    }

    /**
     * The topic operator puts a finalizer on each KafkaTopic, and runs in the namespace being
     * deleted: once it is gone nobody removes them and the namespace stays Terminating for ever.
     * A lost region's topics are lost anyway, so their finalizers are dropped.
     */
    private void releaseOperatorFinalizers(String namespace) {
        for (Flavor f : Flavor.values()) {
            if (gateway.servedVersions(f.group()).isEmpty()) {
                continue; // that operator's API is not installed
            }
            String apiVersion;
            List<Map<String, Object>> topics;
            try {
                apiVersion = api(f).apiVersion();
                topics = gateway.list(gateway.type(apiVersion, "KafkaTopic"), namespace, null, null);
            } catch (KubeException e) {
                continue; // a generation this tool does not render
            }
            for (Map<String, Object> t : topics) {
                if (KubeObjects.at(t, "metadata", "finalizers") instanceof List<?> l && !l.isEmpty()) {
                    Map<String, Object> meta = new LinkedHashMap<>();
                    meta.put("name", KubeObjects.stringAt(t, "metadata", "name"));
                    meta.put("namespace", namespace);
                    meta.put("finalizers", null);
                    gateway.patched(KafkaResources.map("apiVersion", apiVersion, "kind", "KafkaTopic", "metadata", meta));
                }
            }
        }
    }

    // ------------------------------------------------------------------ clusters, topics, users

    @Override
    public Outcome kafkaCluster(KafkaClusterSpec spec, boolean present, Duration timeout) throws InterruptedException {
        Outcome outcome = Outcome.NONE
                .fact("name", spec.name())
                .fact("namespace", spec.namespace())
                .fact("flavor", spec.flavor().word())
                .fact("bootstrap", spec.bootstrap())
                .fact("brokers", spec.brokers())
                .fact("ca_secret", spec.clusterCaCertSecret())
                .fact("ca_secrets", List.of(spec.clusterCaCertSecret(), spec.clusterCaKeySecret(),
                        spec.clientsCaCertSecret(), spec.clientsCaKeySecret()));
        OperatorApi api = api(spec.flavor());    // first: a missing operator API is the error to report
        EventStreamsSettings es = eventStreams;
        if (spec.flavor() == Flavor.EVENTSTREAMS && present) {
            // admin endpoints: a route where the server has OpenShift's routes, else internal (unless the inventory says)
            es = es.resolved(() -> !gateway.servedVersions(EventStreamsSettings.ROUTE_GROUP).isEmpty());
            if (es.license() == null) {
                outcome = outcome.warn(EventStreamsSettings.missingLicenseWarning(spec.namespace(), spec.name()));
            }
        }
        List<Map<String, Object>> resources = KafkaResources.cluster(spec, api, es);
        if (!present) {
            for (int i = resources.size() - 1; i >= 0; i--) {
                outcome = outcome.plus(remove(resources.get(i), timeout));
            }
            return outcome;
        }
        if (spec.reuseCa()) {
            outcome = outcome.warn(RestoredCas.warning(spec));
            for (String s : List.of(spec.clusterCaCertSecret(), spec.clusterCaKeySecret(), spec.clientsCaCertSecret(), spec.clientsCaKeySecret())) {
                if (gateway.get(ref("v1", "Secret", spec.namespace(), s)).isEmpty()) {
                    outcome = outcome.warn(gateway.unmet("reuse_ca: the CA secret " + spec.namespace() + "/" + s
                            + " is missing: restore it (secret module, copy_from) before the cluster"));
                }
            }
        }
        for (int i = 0; i < resources.size(); i++) {
            boolean last = i == resources.size() - 1;
            outcome = outcome.plus(apply(resources.get(i), last ? READY : null, timeout));
        }
        return outcome;
    }

    @Override
    public Outcome kafkaTopic(KafkaTopicSpec spec, boolean present, Duration timeout) throws InterruptedException {
        Outcome outcome = Outcome.NONE.fact("topic", spec.name()).fact("resource", spec.resourceName());
        Map<String, Object> r = KafkaResources.topic(spec, api(spec.flavor()));
        if (!present) {
            return outcome.plus(remove(r, timeout));
        }
        Optional<Map<String, Object>> live = gateway.get(gateway.refOf(r));
        if (live.isPresent() && KubeObjects.at(live.get(), "spec", "partitions") instanceof Number n) {
            String refusal = spec.partitionChangeRefusal(n.intValue());
            if (refusal != null) {
                throw new KubeException(refusal);
            }
        }
        return outcome.plus(apply(r, READY, timeout));
    }

    @Override
    public Map<String, Integer> livePartitions(String namespace, String cluster, Flavor flavor, Collection<String> topics) {
        if (gateway.get(ref("v1", "Namespace", null, namespace)).isEmpty()) {
            return null;
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map<String, Object> t : gateway.list(gateway.type(api(flavor).apiVersion(), "KafkaTopic"), namespace,
                LabelSelector.parse(List.of(flavor.clusterLabel() + "=" + cluster)), null)) {
            String topic = KubeObjects.stringAt(t, "spec", "topicName");
            if (topic == null) {
                topic = KubeObjects.stringAt(t, "metadata", "name");
            }
            if (topics.contains(topic) && KubeObjects.at(t, "spec", "partitions") instanceof Number n) {
                out.put(topic, n.intValue());
            }
        }
        return out;
    }

    @Override
    public Outcome kafkaUser(KafkaUserSpec spec, boolean present, Duration timeout) throws InterruptedException {
        Outcome outcome = Outcome.NONE.fact("username", spec.name()).fact("secret", spec.credentialsSecret());
        Map<String, Object> r = KafkaResources.user(spec, api(spec.flavor()));
        if (!present) {
            return outcome.plus(remove(r, timeout));
        }
        if (spec.passwordSecret() != null && gateway.get(ref("v1", "Secret", spec.namespace(), spec.passwordSecret().name())).isEmpty()) {
            outcome = outcome.warn(gateway.unmet("password_secret: " + spec.namespace() + "/" + spec.passwordSecret().name() + " is missing"));
        }
        return outcome.plus(apply(r, READY, timeout));
    }

    // ------------------------------------------------------------------ secrets

    @Override
    public Outcome secret(SecretSpec spec, boolean present) {
        Outcome outcome = Outcome.NONE.fact("name", spec.name()).fact("namespace", spec.namespace());
        if (!present) {
            return outcome.plus(outcome(gateway.absent(ref("v1", "Secret", spec.namespace(), spec.name()), DeletionPropagation.BACKGROUND)));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Object> labels = new LinkedHashMap<>();
        Map<String, Object> annotations = new LinkedHashMap<>();
        String type = spec.type();
        if (spec.copyFrom() != null) {
            Optional<Map<String, Object>> source = gateway.get(ref("v1", "Secret", spec.copyFrom().namespace(), spec.copyFrom().name()));
            if (source.isEmpty()) {
                return outcome.warn(gateway.unmet("copy_from: the secret " + spec.copyFrom() + " does not exist"));
            }
            data.putAll(KubeObjects.map(source.get(), "data"));
            type = type != null ? type : KubeObjects.stringAt(source.get(), "type");
            outcome = outcome.fact("copied_from", spec.copyFrom().toString());
        }
        spec.data().forEach((k, v) -> data.put(k, java.util.Base64.getEncoder().encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        labels.putAll(spec.labels());
        annotations.putAll(spec.annotations());
        Map<String, Object> meta = KafkaResources.metadata(spec.name(), spec.namespace(), labels);
        if (!annotations.isEmpty()) {
            meta.put("annotations", annotations);
        }
        Map<String, Object> secret = KafkaResources.map("apiVersion", "v1", "kind", "Secret", "metadata", meta,
                "type", type, "data", data);
        return outcome.plus(outcome(gateway.present(secret, KubeGateway.WriteMode.MERGE))).fact("keys", List.copyOf(data.keySet()));
    }

    // ------------------------------------------------------------------ applications

    @Override
    public Outcome application(ApplicationSpec spec, Duration timeout) throws InterruptedException {
        String api = spec.kind().equals("Deployment") ? "apps/v1" : api(spec.flavor()).apiVersion();
        ResourceRef ref = ref(api, spec.kind(), spec.namespace(), spec.name());
        Outcome outcome = Outcome.NONE.fact("kind", spec.kind()).fact("name", spec.name());
        Optional<Map<String, Object>> live = gateway.get(ref);
        if (live.isEmpty()) {
            return outcome.warn(gateway.unmet(ref + " does not exist: nothing to " + (spec.running() ? "resume" : "pause")));
        }
        // the operators' defaults when spec.replicas is absent: 1 for a Deployment, 3 for Connect and MirrorMaker 2
        long replicas = KubeObjects.longAt(live.get(), spec.kind().equals("Deployment") ? 1 : 3, "spec", "replicas");
        String recorded = KubeObjects.stringAt(live.get(), "metadata", "annotations", KafkaResources.PAUSED_REPLICAS);
        Map<String, Object> annotations = new LinkedHashMap<>();
        outcome = outcome.fact("was_paused", replicas == 0);
        long target;
        if (!spec.running()) {
            outcome = outcome.fact("paused", true);
            if (replicas == 0) {
                return outcome.fact("replicas", 0).fact("recorded_replicas", recorded == null ? null : Long.parseLong(recorded))
                        .with(ref.toString(), Outcome.Kind.UNCHANGED, "already paused");
            }
            annotations.put(KafkaResources.PAUSED_REPLICAS, String.valueOf(replicas));
            target = 0;
            outcome = outcome.fact("recorded_replicas", replicas);
        } else {
            outcome = outcome.fact("paused", false);
            if (replicas > 0 && recorded == null) {
                return outcome.fact("replicas", replicas).with(ref.toString(), Outcome.Kind.UNCHANGED, "already running");
            }
            if (replicas > 0) {
                // resumed by someone else: forget the recorded count, or later applies would keep it paused
                target = replicas;
            } else if (recorded != null) {
                target = Long.parseLong(recorded);
            } else if (spec.replicas() != null) {
                target = spec.replicas();
            } else {
                throw new KubeException(ref + " has 0 replicas and no recorded count (annotation " + KafkaResources.PAUSED_REPLICAS
                        + "): it was not paused by this tool; give 'replicas' to resume it");
            }
            annotations.put(KafkaResources.PAUSED_REPLICAS, null);
        }
        Map<String, Object> patch = KafkaResources.map("apiVersion", api, "kind", spec.kind(),
                "metadata", KafkaResources.map("name", spec.name(), "namespace", spec.namespace(), "annotations", annotations),
                "spec", KafkaResources.map("replicas", target));
        KubeGateway.Written o = gateway.patched(patch)
                .orElseThrow(() -> new KubeException(ref + " disappeared while " + (spec.running() ? "resuming" : "pausing")));
        if (timeout != null) {
            Readiness r = spec.kind().equals("Deployment") ? new Readiness.Replicas() : new Readiness.ScaledTo(target);
            gateway.awaitReady(o, r, timeout, MAX_SLEEP, progress, sleeper);
        }
        return outcome.plus(outcome(o)).fact("replicas", target);
    }

    @Override
    public Outcome kafkaApp(KafkaAppSpec spec, boolean present, Duration timeout) throws InterruptedException {
        Outcome outcome = Outcome.NONE.fact("name", spec.name()).fact("role", spec.role());
        outcome = spec.role().equals("consumer") ? outcome.fact("group", spec.group()).fact("topics", spec.topicPattern())
                : outcome.fact("topics", spec.topics());
        List<Map<String, Object>> resources = spec.role().equals("producer") ? KafkaResources.producer(spec, api(spec.flavor()))
                : List.of(KafkaResources.consumer(spec));
        if (!present) {
            for (int i = resources.size() - 1; i >= 0; i--) {
                outcome = outcome.plus(remove(resources.get(i), timeout));
            }
            return outcome;
        }
        boolean paused = false;
        for (Map<String, Object> r : resources) {
            // a paused application keeps its 0 replicas and its recorded count: re-applying must not resume it
            Map<String, Object> desired = keepPaused(r);
            paused |= desired != r;
            Readiness readiness = r.get("kind").equals("Deployment") ? new Readiness.Replicas() : READY;
            // a paused Connect has no running connector: there is nothing to wait for
            outcome = outcome.plus(apply(desired, timeout == null || paused ? null : readiness, timeout));
        }
        return paused ? outcome.fact("paused", true) : outcome;
    }

    /** The resource without spec.replicas when the live one is paused by this tool. */
    private Map<String, Object> keepPaused(Map<String, Object> resource) {
        if (!(KubeObjects.at(resource, "spec", "replicas") instanceof Number)) {
            return resource;
        }
        ResourceRef ref = gateway.refOf(resource);
        Optional<Map<String, Object>> live = gateway.get(ref);
        if (live.isPresent() && KubeObjects.stringAt(live.get(), "metadata", "annotations", KafkaResources.PAUSED_REPLICAS) != null) {
            Map<String, Object> copy = ResourceDiff.deepCopy(resource);
            KubeObjects.map(copy, "spec").remove("replicas");
            return copy;
        }
        return resource;
    }

    // ------------------------------------------------------------------ MirrorMaker 2

    @Override
    public Outcome mirrorMaker2(MirrorMaker2Spec spec, Flavor flavor, Duration timeout) throws InterruptedException {
        Outcome outcome = Outcome.NONE.fact("name", spec.name()).fact("namespace", spec.namespace())
                .fact("internal_topics", spec.internalTopics());
        OperatorApi api = api(flavor);
        if (api.v1() && spec.heartbeats().enabled()) {
            outcome = outcome.warn("heartbeats: the v1 KafkaMirrorMaker2 API (" + api + ") has no heartbeat connector, so " + spec.name()
                    + " emits no heartbeats; set heartbeats.enabled: false to say so, or run MirrorHeartbeatConnector in a KafkaConnect of its own");
        }
        Map<String, Object> desired = keepPaused(spec.render(api));
        boolean paused = desired != null && !(KubeObjects.at(desired, "spec", "replicas") instanceof Number);
        return outcome.plus(apply(desired, timeout == null || paused ? null : new Readiness.ConnectorsRunning(), timeout)).fact("paused", paused);
    }

    @Override
    public Outcome removeMirrorMaker2(String name, String namespace, Flavor flavor, Duration timeout) throws InterruptedException {
        return Outcome.NONE.fact("name", name).fact("namespace", namespace)
                .plus(remove(KafkaResources.map("apiVersion", api(flavor).apiVersion(), "kind", "KafkaMirrorMaker2",
                        "metadata", KafkaResources.map("name", name, "namespace", namespace)), timeout));
    }

    @Override
    public io.mm2dr.platform.KafkaEndpoint kafkaEndpoint(String namespace, String name, Flavor flavor, String listener) {
        String kind = KafkaResources.clusterKind(flavor);
        Map<String, Object> cluster = gateway.get(ref(api(flavor).apiVersion(), kind, namespace, name))
                .orElseThrow(() -> new io.mm2dr.domain.PlatformException("no " + kind + " " + namespace + "/" + name
                        + " on the cluster: no brokers to reach"));
        return ClusterListeners.endpoint(cluster, flavor, listener, secretValue(namespace, name + "-cluster-ca-cert", "ca.crt"));
    }

    @Override
    public String secretValue(String namespace, String name, String key) {
        Optional<Map<String, Object>> secret = gateway.get(ref("v1", "Secret", namespace, name));
        Object v = secret.map(s -> KubeObjects.map(s, "data").get(key)).orElse(null);
        return v == null ? null : new String(java.util.Base64.getDecoder().decode(String.valueOf(v)), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public List<MirrorMaker2Spec.OtherMirrorMaker2> otherMirrorMakers(Flavor flavor) {
        ResourceType type = gateway.type(api(flavor).apiVersion(), "KafkaMirrorMaker2");
        return gateway.list(type, null, null, null).stream().map(KafkaResources::otherMirrorMaker).toList();
    }
}
