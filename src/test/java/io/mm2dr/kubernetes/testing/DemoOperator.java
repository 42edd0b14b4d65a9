package io.mm2dr.kubernetes.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The operators and platform of the public demo (github: dalelane/eventstreams-mirrormaker2-demos),
 * faked inside the mock API server and run right after each client write, before the write is
 * answered, so that a real Kubernetes client (kubernetes.core) and ours see the same cluster
 * whatever their timing:
 * <ul>
 * <li>Event Streams / Strimzi kinds turn {@code Ready=True} with {@code observedGeneration}; a
 * cluster gets its four CA secrets, or with {@code generateCertificateAuthority: false} stays
 * not Ready until they are restored; a KafkaUser gets its password secret (taken from
 * {@code spec.authentication.password.valueFrom} when given, not Ready until that exists);</li>
 * <li>a running KafkaMirrorMaker2 gets KafkaTopics for the topics it creates (Connect's storage
 * topics, offset-syncs, checkpoints, heartbeats), named as the bidirectional topic operator of
 * Event Streams 11 named them, which is what the demo's {@code oc get kafkatopic | grep} expects;</li>
 * <li>Deployments report their replicas ready;</li>
 * <li>OpenShift: the image registry pod exists; a CatalogSource gets its catalog pod and a
 * Subscription its operator pod, Ready.</li>
 * </ul>
 * Generated values (passwords, CA material) are deterministic: the same sequence of writes gives
 * the same objects, so a real Ansible run and ours can be compared object for object.
 */
final class DemoOperator {
    interface Store {
        MockResponse call(HttpMethod method, String path, Object body);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceDefinitionContext SECRETS = FakeControllers.rdc("", "v1", "Secret", "secrets");
    private static final ResourceDefinitionContext PODS = FakeControllers.rdc("", "v1", "Pod", "pods");
    private static final ResourceDefinitionContext NAMESPACES = new ResourceDefinitionContext.Builder().withGroup("").withVersion("v1")
            .withKind("Namespace").withPlural("namespaces").withNamespaced(false).build();
    private static final ResourceDefinitionContext CONFIG_MAPS = FakeControllers.rdc("", "v1", "ConfigMap", "configmaps");
    private static final ResourceDefinitionContext SERVICE_ACCOUNTS = FakeControllers.rdc("", "v1", "ServiceAccount", "serviceaccounts");
    private static final ResourceDefinitionContext STATEFUL_SETS = FakeControllers.rdc("apps", "v1", "StatefulSet", "statefulsets");
    private static final ResourceDefinitionContext DAEMON_SETS = FakeControllers.rdc("apps", "v1", "DaemonSet", "daemonsets");
    private static final ResourceDefinitionContext CATALOG_SOURCES = FakeControllers.rdc("operators.coreos.com", "v1alpha1",
            "CatalogSource", "catalogsources");
    private static final ResourceDefinitionContext SUBSCRIPTIONS = FakeControllers.rdc("operators.coreos.com", "v1alpha1",
            "Subscription", "subscriptions");
    /** Fixed, so that nothing in the store depends on when it ran. */
    private static final String TIME = "2024-01-01T00:00:00Z";

    private final Store store;
    private final Map<String, Integer> incarnations = new HashMap<>();

    DemoOperator(Store store) {
        this.store = store;
    }

    /** What OpenShift has before the demo starts: the internal image registry. */
    void seedPlatform() {
        synchronized (this) {
            // OpenShift's own namespaces, which a cluster has before any playbook runs (the test
            // server refuses a write into a namespace that does not exist, as a real one does)
            for (String ns : PLATFORM_NAMESPACES) {
                store.call(HttpMethod.POST, "/api/v1/namespaces", object("v1", "Namespace", null, ns, Map.of(), Map.of(), Map.of()));
            }
            pod("openshift-image-registry", "image-registry-" + shortId("image-registry"), Map.of("docker-registry", "default"));
        }
    }

    /** Acts on everything not yet observed, until nothing is left to do. */
    synchronized void reconcile() {
        for (int pass = 0; pass < 10; pass++) {
            boolean changed = reconcileNamespaces();
            for (ResourceDefinitionContext kind : FakeControllers.customKinds()) {
                for (Map<String, Object> r : list(kind)) {
                    changed |= reconcileCustom(kind, r);
                }
            }
            for (Map<String, Object> d : list(FakeControllers.deployments())) {
                changed |= reconcileDeployment(d);
            }
            for (Map<String, Object> sts : list(STATEFUL_SETS)) {
                changed |= reconcileStatefulSet(sts);
            }
            for (Map<String, Object> ds : list(DAEMON_SETS)) {
                changed |= reconcileDaemonSet(ds);
            }
            changed |= collectOrphans();
            for (Map<String, Object> p : list(PODS)) {
                changed |= runPod(p);
            }
            for (Map<String, Object> cs : list(CATALOG_SOURCES)) {
                changed |= ensurePod(ns(cs), "olm.catalogSource", name(cs), name(cs));
            }
            for (Map<String, Object> sub : list(SUBSCRIPTIONS)) {
                String product = String.valueOf(map(sub.get("spec")).getOrDefault("name", name(sub))).replaceFirst("^ibm-", "");
                changed |= ensurePod(ns(sub), "app.kubernetes.io/name", product + "-operator", product + "-operator");
            }
            if (!changed) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ namespaces

    /** The CA bundle every namespace of a real cluster gets from kube-controller-manager (its root CA publisher). */
    static final String ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";

    /**
     * As a real cluster's controllers: a namespace is Active (Terminating once deleted), and gets
     * the ConfigMap {@value #ROOT_CA_CONFIG_MAP} with the cluster's CA.
     */
    private boolean reconcileNamespaces() {
        boolean changed = false;
        for (Map<String, Object> ns : list(NAMESPACES)) {
            boolean deleting = map(ns.get("metadata")).get("deletionTimestamp") != null;
            String phase = deleting ? "Terminating" : "Active";
            if (!phase.equals(map(ns.get("status")).get("phase"))) {
                ns.put("status", new LinkedHashMap<>(Map.of("phase", phase)));
                MockResponse r = store.call(HttpMethod.PUT, "/api/v1/namespaces/" + name(ns), ns);
                changed |= r.code() < 300;
            }
            if (!deleting && get(CONFIG_MAPS, name(ns), ROOT_CA_CONFIG_MAP) == null) {
                create(CONFIG_MAPS, name(ns), object("v1", "ConfigMap", name(ns), ROOT_CA_CONFIG_MAP, Map.of(), Map.of(),
                        Map.of("data", Map.of("ca.crt", "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n"))));
                changed = true;
            }
        }
        return changed;
    }

    // ------------------------------------------------------------------ Kafka kinds

    private boolean reconcileCustom(ResourceDefinitionContext kind, Map<String, Object> r) {
        Map<String, Object> md = map(r.get("metadata"));
        if (md.get("deletionTimestamp") != null) {
            return false;
        }
        long generation = md.get("generation") instanceof Number n ? n.longValue() : 1;
        Map<String, Object> status = map(r.get("status"));
        if (status.get("observedGeneration") instanceof Number n && n.longValue() == generation) {
            return false;
        }
        if (!operate(r)) {
            return false;
        }
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("observedGeneration", generation);
        st.put("conditions", List.of(Map.of("type", "Ready", "status", "True", "lastTransitionTime", TIME)));
        if (map(r.get("spec")).get("replicas") instanceof Number n) {
            st.put("replicas", n);
        }
        r.put("status", st);
        put(kind, r);
        return true;
    }

    private boolean operate(Map<String, Object> r) {
        String kind = String.valueOf(r.get("kind"));
        String ns = ns(r);
        String name = name(r);
        Map<String, Object> spec = map(r.get("spec"));
        String domain = String.valueOf(r.get("apiVersion")).startsWith("eventstreams") ? "eventstreams.ibm.com" : "strimzi.io";
        switch (kind) {
            case "Kafka", "EventStreams" -> {
                Map<String, Object> cas = kind.equals("EventStreams") ? map(spec.get("strimziOverrides")) : spec;
                for (String[] s : new String[][] {{"-cluster-ca-cert", "cert", "clusterCa"}, {"-cluster-ca", "key", "clusterCa"},
                        {"-clients-ca-cert", "cert", "clientsCa"}, {"-clients-ca", "key", "clientsCa"}}) {
                    String secretName = name + s[0];
                    if (get(SECRETS, ns, secretName) != null) {
                        continue;
                    }
                    if (Boolean.FALSE.equals(map(cas.get(s[2])).get("generateCertificateAuthority"))) {
                        return false; // the real operator waits for the restored CA, never generating one
                    }
                    String material = "-----BEGIN " + s[1].toUpperCase() + "-----" + secretName + "-" + id(ns + "/" + secretName);
                    Map<String, String> data = new LinkedHashMap<>();
                    if (s[1].equals("cert")) {
                        data.put("ca.crt", base64(material));
                        data.put("ca.p12", base64("p12:" + material));
                        data.put("ca.password", base64(id(ns + "/" + secretName + "/password").substring(0, 12)));
                    } else {
                        data.put("ca.key", base64(material));
                    }
                    create(SECRETS, ns, object("v1", "Secret", ns, secretName, Map.of(domain + "/kind", "Kafka", domain + "/cluster", name),
                            Map.of(domain + "/ca-" + s[1] + "-generation", "0"), Map.of("type", "Opaque", "data", data)));
                }
            }
            case "KafkaUser" -> {
                if (get(SECRETS, ns, name) != null) {
                    return true;
                }
                String password = "generated-" + id(ns + "/" + name);
                Object from = at(spec, "authentication", "password", "valueFrom", "secretKeyRef");
                if (from instanceof Map<?, ?> ref) {
                    Map<String, Object> source = get(SECRETS, ns, String.valueOf(ref.get("name")));
                    Object value = source == null ? null : map(source.get("data")).get(String.valueOf(ref.get("key")));
                    if (value == null) {
                        return false;
                    }
                    password = new String(Base64.getDecoder().decode(String.valueOf(value)), StandardCharsets.UTF_8);
                }
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put(domain + "/kind", "KafkaUser");
                labels.put(domain + "/cluster", String.valueOf(map(map(r.get("metadata")).get("labels")).getOrDefault(domain + "/cluster", "")));
                Map<String, String> data = new LinkedHashMap<>();
                data.put("password", base64(password));
                data.put("sasl.jaas.config", base64("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + name
                        + "\" password=\"" + password + "\";"));
                create(SECRETS, ns, object("v1", "Secret", ns, name, labels, Map.of(), Map.of("type", "Opaque", "data", data)));
            }
            case "KafkaMirrorMaker2" -> mirrorMakerTopics(r, domain);
            default -> {
            }
        }
        return true;
    }

    /** The topics a running MirrorMaker 2 creates on the cluster it runs against, as KafkaTopics. */
    private void mirrorMakerTopics(Map<String, Object> r, String domain) {
        Map<String, Object> spec = map(r.get("spec"));
        if (spec.get("replicas") instanceof Number n && n.intValue() == 0) {
            return;
        }
        String connect = String.valueOf(spec.get("connectCluster"));
        Map<String, Object> target = null;
        for (Object c : list(spec.get("clusters"))) {
            if (connect.equals(map(c).get("alias"))) {
                target = map(c);
            }
        }
        if (target == null) {
            return;
        }
        String cluster = String.valueOf(target.get("bootstrapServers")).split("-kafka-bootstrap")[0];
        Map<String, Object> config = map(target.get("config"));
        List<String[]> topics = new ArrayList<>();
        for (String key : List.of("config.storage.topic", "offset.storage.topic", "status.storage.topic")) {
            if (config.get(key) != null) {
                topics.add(new String[] {String.valueOf(config.get(key)), "compact"});
            }
        }
        for (Object m : list(spec.get("mirrors"))) {
            Map<String, Object> mirror = map(m);
            if (!connect.equals(mirror.get("targetCluster"))) {
                continue;
            }
            String source = String.valueOf(mirror.get("sourceCluster"));
            if ("target".equals(map(at(mirror, "sourceConnector", "config")).get("offset-syncs.topic.location"))) {
                topics.add(new String[] {"mm2-offset-syncs." + source + ".internal", "compact"});
            }
            if (mirror.get("checkpointConnector") != null) {
                topics.add(new String[] {source + ".checkpoints.internal", "compact"});
            }
            if (mirror.get("heartbeatConnector") != null) {
                topics.add(new String[] {"heartbeats", "compact"});
            }
        }
        ResourceDefinitionContext kafkaTopic = FakeControllers.rdc(String.valueOf(r.get("apiVersion")).split("/")[0],
                String.valueOf(r.get("apiVersion")).split("/")[1], "KafkaTopic", "kafkatopics");
        for (String[] t : topics) {
            String name = topicResourceName(t[0]);
            if (get(kafkaTopic, ns(r), name) != null) {
                continue;
            }
            Map<String, Object> topicSpec = new LinkedHashMap<>();
            topicSpec.put("config", Map.of("cleanup.policy", t[1]));
            topicSpec.put("partitions", 1);
            topicSpec.put("replicas", 3);
            topicSpec.put("topicName", t[0]);
            create(kafkaTopic, ns(r), object(String.valueOf(r.get("apiVersion")), "KafkaTopic", ns(r), name,
                    Map.of(domain + "/cluster", cluster), Map.of(), Map.of("spec", topicSpec)));
        }
    }

    /** A topic's name if it is a valid resource name, else the sanitized name, "---" and the SHA-1 of the name. */
    static String topicResourceName(String topic) {
        if (topic.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*") && topic.length() <= 253) {
            return topic;
        }
        String sanitized = topic.toLowerCase().replaceAll("[^-a-z0-9.]", "-").replaceAll("^[-.]+|[-.]+$", "");
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(topic.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : sha) {
                hex.append(String.format("%02x", b));
            }
            return sanitized + "---" + hex;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ Deployments and pods

    private boolean reconcileDeployment(Map<String, Object> r) {
        Map<String, Object> md = map(r.get("metadata"));
        long generation = md.get("generation") instanceof Number n ? n.longValue() : 1;
        String missing = missingServiceAccount(r);
        boolean failing = String.valueOf(map(r.get("status")).get("conditions")).contains("ReplicaFailure");
        if (map(r.get("status")).get("observedGeneration") instanceof Number n && n.longValue() == generation && !failing) {
            return false;
        }
        long replicas = map(r.get("spec")).get("replicas") instanceof Number n ? n.longValue() : 1;
        if (missing != null) {
            // as the ReplicaSet controller: no pod of the new template until its service account exists
            // (the pods of the template before stay); the rollout does not progress
            if (failing && map(r.get("status")).get("observedGeneration") instanceof Number n && n.longValue() == generation) {
                return false;
            }
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("observedGeneration", generation);
            st.put("replicas", replicas);
            st.put("updatedReplicas", 0);
            st.put("unavailableReplicas", replicas);
            st.put("conditions", List.of(Map.of("type", "Available", "status", "False", "reason", "MinimumReplicasUnavailable",
                    "lastTransitionTime", TIME), Map.of("type", "ReplicaFailure", "status", "True", "reason", "FailedCreate",
                    "message", "pods \"" + name(r) + "\" is forbidden: error looking up service account " + ns(r) + "/" + missing
                            + ": serviceaccount \"" + missing + "\" not found", "lastTransitionTime", TIME)));
            r.put("status", st);
            put(FakeControllers.deployments(), r);
            return true;
        }
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("observedGeneration", generation);
        st.put("replicas", replicas);
        st.put("updatedReplicas", replicas);
        if (replicas > 0) {
            st.put("readyReplicas", replicas);
            st.put("availableReplicas", replicas);
        }
        st.put("conditions", List.of(Map.of("type", "Available", "status", "True", "lastTransitionTime", TIME)));
        r.put("status", st);
        put(FakeControllers.deployments(), r);
        ownPods(r, "Deployment", replicas);
        return true;
    }

    /** The service account a workload's pod template names that does not exist in its namespace, or null. */
    private String missingServiceAccount(Map<String, Object> workload) {
        Map<String, Object> podSpec = map(map(map(workload.get("spec")).get("template")).get("spec"));
        Object sa = podSpec.get("serviceAccountName") != null ? podSpec.get("serviceAccountName") : podSpec.get("serviceAccount");
        if (sa == null || "default".equals(sa)) {
            return null;   // every namespace has its default service account
        }
        return get(SERVICE_ACCOUNTS, ns(workload), String.valueOf(sa)) == null ? String.valueOf(sa) : null;
    }

    /** Exactly {@code count} pods from the object's template, owned by it (a Deployment's ReplicaSet, a DaemonSet). */
    private void ownPods(Map<String, Object> owner, String kind, long count) {
        String ns = ns(owner);
        List<Map<String, Object>> owned = listIn(PODS, ns).stream().filter(p -> ownedBy(p, owner)).toList();
        for (int i = (int) count; i < owned.size(); i++) {
            store.call(HttpMethod.DELETE, prefix(PODS) + "/namespaces/" + ns + "/pods/" + name(owned.get(i)), null);
        }
        Map<String, Object> template = map(map(owner.get("spec")).get("template"));
        Map<String, String> labels = new LinkedHashMap<>();
        map(map(template.get("metadata")).get("labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        for (long i = owned.size(); i < count; i++) {
            Map<String, Object> pod = object("v1", "Pod", ns, name(owner) + "-" + shortId(ns + "/" + name(owner)), labels, Map.of(),
                    Map.of("spec", map(template.get("spec"))));
            map(pod.get("metadata")).put("ownerReferences", List.of(Map.of("apiVersion", "apps/v1", "kind", kind, "name", name(owner),
                    "uid", String.valueOf(map(owner.get("metadata")).get("uid")), "controller", true, "blockOwnerDeletion", true)));
            create(PODS, ns, pod);
        }
    }

    /** A StatefulSet's replicas come up at once, all ready, the generation observed. */
    private boolean reconcileStatefulSet(Map<String, Object> r) {
        Map<String, Object> md = map(r.get("metadata"));
        long generation = md.get("generation") instanceof Number n ? n.longValue() : 1;
        if (md.get("deletionTimestamp") != null
                || map(r.get("status")).get("observedGeneration") instanceof Number n && n.longValue() == generation) {
            return false;
        }
        long replicas = map(r.get("spec")).get("replicas") instanceof Number n ? n.longValue() : 1;
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("observedGeneration", generation);
        for (String key : List.of("replicas", "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas")) {
            st.put(key, replicas);
        }
        r.put("status", st);
        put(STATEFUL_SETS, r);
        return true;
    }

    /** A DaemonSet on the one node of the test server: its pod scheduled, updated and ready, the generation observed. */
    private boolean reconcileDaemonSet(Map<String, Object> r) {
        Map<String, Object> md = map(r.get("metadata"));
        long generation = md.get("generation") instanceof Number n ? n.longValue() : 1;
        if (md.get("deletionTimestamp") != null
                || map(r.get("status")).get("observedGeneration") instanceof Number n && n.longValue() == generation) {
            return false;
        }
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("observedGeneration", generation);
        for (String key : List.of("desiredNumberScheduled", "currentNumberScheduled", "updatedNumberScheduled", "numberReady", "numberAvailable")) {
            st.put(key, 1);
        }
        st.put("numberMisscheduled", 0);
        r.put("status", st);
        put(DAEMON_SETS, r);
        // its pod, from its template, owned by it (deleted with it: see collectOrphans)
        ownPods(r, "DaemonSet", 1);
        return true;
    }

    private static boolean ownedBy(Map<String, Object> object, Map<String, Object> owner) {
        Object uid = map(owner.get("metadata")).get("uid");
        return list(map(object.get("metadata")).get("ownerReferences")).stream().anyMatch(o -> uid != null && uid.equals(map(o).get("uid")));
    }

    /** The garbage collector: pods whose owning DaemonSet is gone go too. */
    private boolean collectOrphans() {
        boolean changed = false;
        java.util.Set<Object> owners = new java.util.HashSet<>();
        list(DAEMON_SETS).forEach(ds -> owners.add(map(ds.get("metadata")).get("uid")));
        list(FakeControllers.deployments()).forEach(d -> owners.add(map(d.get("metadata")).get("uid")));
        for (Map<String, Object> p : list(PODS)) {
            for (Object ref : list(map(p.get("metadata")).get("ownerReferences"))) {
                if (List.of("DaemonSet", "Deployment").contains(map(ref).get("kind")) && !owners.contains(map(ref).get("uid"))) {
                    store.call(HttpMethod.DELETE, prefix(PODS) + "/namespaces/" + ns(p) + "/pods/" + name(p), null);
                    changed = true;
                    break;
                }
            }
        }
        return changed;
    }

    /** A pod created by a client runs at once: phase Running, its containers ready, condition Ready (as a kubelet reports). */
    private boolean runPod(Map<String, Object> p) {
        if ("Running".equals(map(p.get("status")).get("phase")) || map(p.get("metadata")).get("deletionTimestamp") != null) {
            return false;
        }
        List<Object> containers = new ArrayList<>();
        if (map(p.get("spec")).get("containers") instanceof List<?> l) {
            for (Object o : l) {
                Map<String, Object> c = map(o);
                containers.add(Map.of("name", String.valueOf(c.get("name")), "image", String.valueOf(c.get("image")), "ready", true,
                        "started", true, "restartCount", 0, "state", Map.of("running", Map.of("startedAt", TIME))));
            }
        }
        List<Object> conditions = new ArrayList<>();
        for (String type : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
            conditions.add(Map.of("type", type, "status", "True", "lastTransitionTime", TIME));
        }
        p.put("status", Map.of("phase", "Running", "conditions", conditions, "containerStatuses", containers));
        put(PODS, p);
        return true;
    }

    /** A Ready pod labelled label=value in the namespace, unless one is there already. */
    private boolean ensurePod(String ns, String label, String value, String prefix) {
        for (Map<String, Object> p : listIn(PODS, ns)) {
            if (value.equals(map(map(p.get("metadata")).get("labels")).get(label))) {
                return false;
            }
        }
        pod(ns, prefix + "-" + shortId(ns + "/" + prefix), Map.of(label, value));
        return true;
    }

    private void pod(String ns, String name, Map<String, String> labels) {
        Map<String, Object> pod = object("v1", "Pod", ns, name, labels, Map.of(),
                Map.of("spec", Map.of("containers", List.of(Map.of("name", "main", "image", "registry.example/" + name + ":1")))));
        create(PODS, ns, pod);
        Map<String, Object> stored = get(PODS, ns, name);
        List<Object> conditions = new ArrayList<>();
        for (String type : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
            conditions.add(Map.of("type", type, "status", "True", "lastTransitionTime", TIME));
        }
        stored.put("status", Map.of("phase", "Running", "conditions", conditions));
        put(PODS, stored);
    }

    /** The namespaces of the platform itself (OpenShift's), seeded before the playbooks run. */
    static final List<String> PLATFORM_NAMESPACES = List.of("openshift-marketplace", "openshift-operators", "openshift-image-registry");

    // ------------------------------------------------------------------ the store

    private static String prefix(ResourceDefinitionContext k) {
        return k.getGroup() == null || k.getGroup().isEmpty() ? "/api/" + k.getVersion() : "/apis/" + k.getGroup() + "/" + k.getVersion();
    }

    private List<Map<String, Object>> list(ResourceDefinitionContext k) {
        return items(store.call(HttpMethod.GET, prefix(k) + "/" + k.getPlural(), null));
    }

    private List<Map<String, Object>> listIn(ResourceDefinitionContext k, String ns) {
        return items(store.call(HttpMethod.GET, prefix(k) + "/namespaces/" + ns + "/" + k.getPlural(), null));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(MockResponse response) {
        if (response.code() != 200) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list(parse(response).get("items"))) {
            out.add((Map<String, Object>) o);
        }
        out.sort(Comparator.comparing((Map<String, Object> m) -> ns(m)).thenComparing(DemoOperator::name));
        return out;
    }

    private Map<String, Object> get(ResourceDefinitionContext k, String ns, String name) {
        MockResponse r = store.call(HttpMethod.GET, prefix(k) + "/namespaces/" + ns + "/" + k.getPlural() + "/" + name, null);
        return r.code() == 200 ? parse(r) : null;
    }

    private void create(ResourceDefinitionContext k, String ns, Map<String, Object> object) {
        MockResponse r = store.call(HttpMethod.POST, prefix(k) + "/namespaces/" + ns + "/" + k.getPlural(), object);
        if (r.code() >= 300) {
            throw new IllegalStateException("the fake operator could not create " + object + ": " + r.getBody().readUtf8());
        }
    }

    private void put(ResourceDefinitionContext k, Map<String, Object> object) {
        MockResponse r = store.call(HttpMethod.PUT, prefix(k) + "/namespaces/" + ns(object) + "/" + k.getPlural() + "/" + name(object), object);
        if (r.code() >= 300) {
            throw new IllegalStateException("the fake operator could not update " + name(object) + ": " + r.getBody().readUtf8());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(MockResponse r) {
        try {
            return JSON.readValue(r.getBody().getBytes(), Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> object(String apiVersion, String kind, String ns, String name, Map<String, String> labels,
            Map<String, String> annotations, Map<String, Object> rest) {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("name", name);
        md.put("namespace", ns);
        if (!labels.isEmpty()) {
            md.put("labels", new LinkedHashMap<>(labels));
        }
        if (!annotations.isEmpty()) {
            md.put("annotations", new LinkedHashMap<>(annotations));
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.put("metadata", md);
        o.putAll(rest);
        return o;
    }

    // ------------------------------------------------------------------ helpers

    /** A deterministic id: the n-th value generated for this key. */
    private String id(String key) {
        int n = incarnations.merge(key, 1, Integer::sum);
        return UUID.nameUUIDFromBytes((key + "#" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String shortId(String key) {
        return id(key).replace("-", "").substring(0, 5);
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String ns(Map<String, Object> r) {
        return String.valueOf(map(r.get("metadata")).get("namespace"));
    }

    private static String name(Map<String, Object> r) {
        return String.valueOf(map(r.get("metadata")).get("name"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    static Object at(Object o, String... keys) {
        for (String k : keys) {
            if (!(o instanceof Map<?, ?> m)) {
                return null;
            }
            o = m.get(k);
        }
        return o;
    }
}
