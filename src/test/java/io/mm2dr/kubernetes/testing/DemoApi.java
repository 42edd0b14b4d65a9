package io.mm2dr.kubernetes.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the mock API server lacks for a real client library (Python's kubernetes, as
 * kubernetes.core uses it) to work against it: discovery documents ({@code /version},
 * {@code /api}, {@code /apis} and each group version's resource list) and patches with a real
 * API server's semantics (JSON merge patch as RFC 7386, strategic merge accepted for core kinds,
 * where for the objects the demo writes it gives the same result, and refused with 415 for
 * custom resources). Everything else goes to the mock's CRUD store, under the dispatcher's lock.
 */
final class DemoApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Object lock;
    private final io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher crud;
    final DemoOperator operator;

    DemoApi(Object lock) {
        this.lock = lock;
        this.crud = ((MockClusterAccess) lock).crud();
        this.operator = new DemoOperator(this::call);
    }

    /** One request to the CRUD store, as the fake operator sends them (under the lock). */
    private MockResponse call(HttpMethod method, String path, Object body) {
        try {
            Headers headers = new Headers.Builder().set("Content-Type", "application/json").build();
            return crud.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers,
                    body == null ? new Buffer() : new Buffer(JSON.writeValueAsBytes(body))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Implemented by the dispatcher: the CRUD store to delegate to. */
    interface MockClusterAccess {
        io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher crud();
    }

    /**
     * Answers a request; after a client's successful write, the fake operator acts before the
     * answer goes back (atomically, under the store's lock), so that nothing depends on timing.
     */
    MockResponse dispatch(RecordedRequest request, boolean client) {
        MockResponse answer;
        synchronized (lock) {
            answer = answer(request);
            if (client && !request.getMethod().equals("GET") && answer.code() < 300) {
                operator.reconcile();
            }
        }
        return answer;
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getPath();
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        try {
            if (request.getMethod().equals("GET")) {
                Object discovery = discovery(bare);
                if (discovery != null) {
                    return json(200, discovery);
                }
            }
            if (request.getMethod().equals("PATCH")) {
                String type = String.valueOf(request.getHeader("Content-Type"));
                if (type.contains("strategic-merge-patch") && isCustom(bare)) {
                    return json(415, status(415, "UnsupportedMediaType",
                            "the body of the request was in an unknown format - accepted media types include: "
                                    + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"));
                }
                if (type.contains("strategic-merge-patch")) {
                    return strategicMergePatch(request, bare, path);
                }
                if (type.contains("merge-patch")) {
                    return mergePatch(request, bare);
                }
                if (type.contains("apply-patch")) {
                    return ServerSideApply.apply(crud, request, bare);
                }
            }
            if (request.getMethod().equals("GET") && path.contains("fieldSelector=")) {
                return fieldSelected(request, path);
            }
            if (request.getMethod().equals("POST") || request.getMethod().equals("PUT")) {
                MockResponse missing = missingNamespace(request, bare);
                if (missing != null) {
                    return missing;
                }
            }
        } catch (java.io.IOException e) {
            return json(400, status(400, "BadRequest", e.getMessage()));
        }
        return crud.dispatch(request);
    }

    /**
     * A list by field selector, as a real API server answers it for any field it indexes
     * (status.phase of pods, spec.nodeName...): the mock's store knows metadata fields only, so the
     * list is asked without the selector and filtered here ({@code a.b=x}, {@code a.b==x}, {@code a.b!=x}).
     */
    @SuppressWarnings("unchecked")
    private MockResponse fieldSelected(RecordedRequest request, String path) throws java.io.IOException {
        String bare = path.substring(0, path.indexOf('?'));
        List<String> rest = new ArrayList<>();
        String selector = "";
        for (String param : path.substring(path.indexOf('?') + 1).split("&")) {
            if (param.startsWith("fieldSelector=")) {
                selector = java.net.URLDecoder.decode(param.substring("fieldSelector=".length()), java.nio.charset.StandardCharsets.UTF_8);
            } else {
                rest.add(param);
            }
        }
        MockResponse all = crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, rest.isEmpty() ? bare : bare + "?" + String.join("&", rest),
                request.getHeaders(), new Buffer()));
        if (all.code() != 200) {
            return all;
        }
        Map<String, Object> list = JSON.readValue(all.getBody().getBytes(), Map.class);
        if (!(list.get("items") instanceof List<?> items)) {
            return json(200, list);
        }
        List<Object> kept = new ArrayList<>();
        for (Object item : items) {
            boolean match = true;
            for (String term : selector.split(",")) {
                if (term.isBlank()) {
                    continue;
                }
                boolean negate = term.contains("!=");
                String[] kv = term.split(negate ? "!=" : "==?", 2);
                Object value = item;
                for (String key : kv[0].trim().split("\\.")) {
                    value = value instanceof Map<?, ?> m ? m.get(key) : null;
                }
                boolean equal = kv.length > 1 && kv[1].trim().equals(value == null ? "" : String.valueOf(value));
                match &= negate != equal;
            }
            if (match) {
                kept.add(item);
            }
        }
        list.put("items", kept);
        return json(200, list);
    }

    private static boolean isCustom(String path) {
        if (!path.startsWith("/apis/")) {
            return false;
        }
        String group = path.substring("/apis/".length()).split("/")[0];
        return group.contains(".") && !group.endsWith(".k8s.io");
    }

    @SuppressWarnings("unchecked")
    private MockResponse mergePatch(RecordedRequest request, String path) throws java.io.IOException {
        Object patch = JSON.readValue(request.getUtf8Body(), Object.class);
        {
            MockResponse current = crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, request.getHeaders(), new Buffer()));
            if (current.code() != 200) {
                return current;
            }
            Map<String, Object> live = JSON.readValue(current.getBody().getBytes(), Map.class);
            Object merged = merge(live, patch);
            if (merged instanceof Map<?, ?> m && m.get("metadata") instanceof Map<?, ?> md && live.get("metadata") instanceof Map<?, ?> lmd) {
                ((Map<String, Object>) md).put("resourceVersion", lmd.get("resourceVersion"));
            }
            Headers headers = request.getHeaders().newBuilder().set("Content-Type", "application/json").build();
            return crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path, headers,
                    new Buffer(JSON.writeValueAsBytes(merged))));
        }
    }

    /**
     * A strategic merge patch of a built-in kind, as an API server merges one (lists of named things
     * item by item: the rules of {@code ResourceDiff.strategicMerge}, which runner's own merge uses;
     * fabric8's mock answers 415). A dry run stores nothing.
     */
    @SuppressWarnings("unchecked")
    private MockResponse strategicMergePatch(RecordedRequest request, String bare, String path) throws java.io.IOException {
        Map<String, Object> patch = JSON.readValue(request.getUtf8Body(), Map.class);
        MockResponse current = crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, bare, request.getHeaders(), new Buffer()));
        if (current.code() != 200) {
            return current;
        }
        Map<String, Object> live = JSON.readValue(current.getBody().getBytes(), Map.class);
        Map<String, Object> merged = io.mm2dr.kubernetes.ResourceDiff.strategicMerge(live, patch);
        if (merged.get("metadata") instanceof Map<?, ?> md && live.get("metadata") instanceof Map<?, ?> lmd) {
            ((Map<String, Object>) md).put("resourceVersion", lmd.get("resourceVersion"));
        }
        if (JSON.valueToTree(merged).equals(JSON.valueToTree(live))) {
            return current;   // nothing to change: nothing written, the resourceVersion stays
        }
        Headers headers = request.getHeaders().newBuilder().set("Content-Type", "application/json").build();
        String dryRun = path.matches(".*[?&]dryRun=All(&.*)?$") ? "?dryRun=All" : "";
        return crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, bare + dryRun, headers, new Buffer(JSON.writeValueAsBytes(merged))));
    }

    /** RFC 7386: objects merge key by key, null removes, anything else (lists too) replaces. */
    @SuppressWarnings("unchecked")
    static Object merge(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> p)) {
            return patch;
        }
        Map<String, Object> out = target instanceof Map<?, ?> t ? new LinkedHashMap<>((Map<String, Object>) t) : new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) p).entrySet()) {
            if (e.getValue() == null) {
                out.remove(e.getKey());
            } else {
                out.put(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ discovery

    private static Object discovery(String path) {
        if (path.equals("/version")) {
            return Map.of("major", "1", "minor", "30", "gitVersion", "v1.30.0", "platform", "linux/amd64");
        }
        Map<String, Map<String, List<ResourceDefinitionContext>>> groups = groups();
        if (path.equals("/api")) {
            return Map.of("kind", "APIVersions", "versions", List.of("v1"));
        }
        if (path.equals("/apis")) {
            List<Object> list = new ArrayList<>();
            groups.forEach((group, versions) -> {
                if (group.isEmpty()) {
                    return;
                }
                List<Object> vs = new ArrayList<>();
                versions.keySet().forEach(v -> vs.add(Map.of("groupVersion", group + "/" + v, "version", v)));
                list.add(Map.of("name", group, "versions", vs, "preferredVersion", vs.get(vs.size() - 1)));
            });
            return Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", list);
        }
        String[] parts = path.split("/");
        if (parts.length == 3 && parts[1].equals("apis") && groups.containsKey(parts[2])) {
            // one group, as a real API server answers /apis/<group>
            List<Object> vs = new ArrayList<>();
            groups.get(parts[2]).keySet().forEach(v -> vs.add(Map.of("groupVersion", parts[2] + "/" + v, "version", v)));
            return Map.of("kind", "APIGroup", "apiVersion", "v1", "name", parts[2], "versions", vs, "preferredVersion", vs.get(vs.size() - 1));
        }
        String group;
        String version;
        if (parts.length == 3 && parts[1].equals("api")) {
            group = "";
            version = parts[2];
        } else if (parts.length == 4 && parts[1].equals("apis")) {
            group = parts[2];
            version = parts[3];
        } else {
            return null;
        }
        List<ResourceDefinitionContext> kinds = groups.getOrDefault(group, Map.of()).get(version);
        if (kinds == null) {
            return null;
        }
        List<Object> resources = new ArrayList<>();
        for (ResourceDefinitionContext k : kinds) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", k.getPlural());
            r.put("singularName", k.getKind().toLowerCase());
            r.put("namespaced", k.isNamespaceScoped());
            r.put("kind", k.getKind());
            r.put("verbs", List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"));
            List<String> shortNames = SHORT_NAMES.get(group + "/" + version + "/" + k.getPlural());
            if (shortNames != null) {
                r.put("shortNames", shortNames);
            }
            resources.add(r);
            Map<String, Object> st = new LinkedHashMap<>(r);
            st.put("name", k.getPlural() + "/status");
            st.put("verbs", List.of("get", "patch", "update"));
            resources.add(st);
        }
        return Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", group.isEmpty() ? version : group + "/" + version,
                "resources", resources);
    }

    /**
     * The built-in kinds a Kubernetes 1.30 API server serves, with their short names, as its
     * discovery documents list them: GROUP VERSION KIND PLURAL SCOPE [SHORT,NAMES].
     */
    private static final List<String> BUILTIN = List.of(
            "- v1 ConfigMap configmaps ns cm", "- v1 Endpoints endpoints ns ep", "- v1 Event events ns ev",
            "- v1 LimitRange limitranges ns limits", "- v1 PersistentVolumeClaim persistentvolumeclaims ns pvc",
            "- v1 Pod pods ns po", "- v1 PodTemplate podtemplates ns", "- v1 ReplicationController replicationcontrollers ns rc",
            "- v1 ResourceQuota resourcequotas ns quota", "- v1 Secret secrets ns", "- v1 ServiceAccount serviceaccounts ns sa",
            "- v1 Service services ns svc", "- v1 Namespace namespaces cluster ns", "- v1 Node nodes cluster no",
            "- v1 PersistentVolume persistentvolumes cluster pv",
            "apps v1 ControllerRevision controllerrevisions ns", "apps v1 DaemonSet daemonsets ns ds",
            "apps v1 Deployment deployments ns deploy", "apps v1 ReplicaSet replicasets ns rs", "apps v1 StatefulSet statefulsets ns sts",
            "batch v1 CronJob cronjobs ns cj", "batch v1 Job jobs ns",
            "autoscaling v2 HorizontalPodAutoscaler horizontalpodautoscalers ns hpa",
            "networking.k8s.io v1 Ingress ingresses ns ing", "networking.k8s.io v1 NetworkPolicy networkpolicies ns netpol",
            "networking.k8s.io v1 IngressClass ingressclasses cluster",
            "policy v1 PodDisruptionBudget poddisruptionbudgets ns pdb",
            "rbac.authorization.k8s.io v1 Role roles ns", "rbac.authorization.k8s.io v1 RoleBinding rolebindings ns",
            "rbac.authorization.k8s.io v1 ClusterRole clusterroles cluster",
            "rbac.authorization.k8s.io v1 ClusterRoleBinding clusterrolebindings cluster",
            "apiextensions.k8s.io v1 CustomResourceDefinition customresourcedefinitions cluster crd,crds",
            "storage.k8s.io v1 StorageClass storageclasses cluster sc", "events.k8s.io v1 Event events ns ev",
            "coordination.k8s.io v1 Lease leases ns", "discovery.k8s.io v1 EndpointSlice endpointslices ns",
            "scheduling.k8s.io v1 PriorityClass priorityclasses cluster pc");

    /** Short names of the built-in kinds, by group/version/plural. */
    private static final Map<String, List<String>> SHORT_NAMES = new java.util.HashMap<>();

    private static Map<String, Map<String, List<ResourceDefinitionContext>>> groups() {
        Map<String, Map<String, List<ResourceDefinitionContext>>> out = new TreeMap<>();
        Map<String, ResourceDefinitionContext> all = new LinkedHashMap<>();
        for (String line : BUILTIN) {
            String[] f = line.split(" ");
            String group = f[0].equals("-") ? "" : f[0];
            all.put(group + "/" + f[1] + "/" + f[3], new ResourceDefinitionContext.Builder().withGroup(group).withVersion(f[1]).withKind(f[2])
                    .withPlural(f[3]).withNamespaced(f[4].equals("ns")).build());
            if (f.length > 5) {
                SHORT_NAMES.put(group + "/" + f[1] + "/" + f[3], List.of(f[5].split(",")));
            }
        }
        for (ResourceDefinitionContext k : FakeControllers.allKinds()) {
            all.putIfAbsent((k.getGroup() == null ? "" : k.getGroup()) + "/" + k.getVersion() + "/" + k.getPlural(), k);
        }
        for (ResourceDefinitionContext k : all.values()) {
            String group = k.getGroup() == null ? "" : k.getGroup();
            out.computeIfAbsent(group, g -> new TreeMap<>()).computeIfAbsent(k.getVersion(), v -> new ArrayList<>()).add(k);
        }
        return out;
    }

    /** A namespaced collection or object: {@code /api/v1/namespaces/NS/PLURAL[/NAME]} or {@code /apis/G/V/namespaces/NS/PLURAL[/NAME]}. */
    private static final java.util.regex.Pattern IN_NAMESPACE =
            java.util.regex.Pattern.compile("^/(?:api/v1|apis/[^/]+/[^/]+)/namespaces/([^/]+)/[^/]+(?:/[^/]+)?$");
    /** The namespaces every cluster has. */
    private static final java.util.Set<String> BUILT_IN_NAMESPACES = java.util.Set.of("default", "kube-system", "kube-public", "kube-node-lease");

    /**
     * A write into a namespace that does not exist is refused as a real API server refuses it (404,
     * {@code namespaces "NS" not found}), rather than stored where no one would find it.
     */
    private MockResponse missingNamespace(RecordedRequest request, String bare) {
        java.util.regex.Matcher m = IN_NAMESPACE.matcher(bare);
        if (!m.matches() || BUILT_IN_NAMESPACES.contains(m.group(1))) {
            return null;
        }
        String namespace = m.group(1);
        MockResponse found = crud.dispatch(new RecordedRequest(request.getHttpVersion(), io.fabric8.mockwebserver.dsl.HttpMethod.GET,
                "/api/v1/namespaces/" + namespace, request.getHeaders(), new io.fabric8.mockwebserver.http.Buffer()));
        if (found.code() == 200) {
            return null;
        }
        Map<String, Object> status = new java.util.LinkedHashMap<>(status(404, "NotFound", "namespaces \"" + namespace + "\" not found"));
        status.put("details", Map.of("name", namespace, "kind", "namespaces"));
        return json(404, status);
    }

    private static Map<String, Object> status(int code, String reason, String message) {
        return Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "message", message, "reason", reason, "code", code);
    }

    private static MockResponse json(int code, Object body) {
        try {
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                    .setBody(JSON.writeValueAsString(body));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
