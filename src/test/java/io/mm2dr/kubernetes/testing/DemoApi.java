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
                if (type.contains("merge-patch")) {
                    return mergePatch(request, bare);
                }
            }
        } catch (java.io.IOException e) {
            return json(400, status(400, "BadRequest", e.getMessage()));
        }
        return crud.dispatch(request);
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
            resources.add(r);
            Map<String, Object> st = new LinkedHashMap<>(r);
            st.put("name", k.getPlural() + "/status");
            st.put("verbs", List.of("get", "patch", "update"));
            resources.add(st);
        }
        return Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", group.isEmpty() ? version : group + "/" + version,
                "resources", resources);
    }

    private static Map<String, Map<String, List<ResourceDefinitionContext>>> groups() {
        Map<String, Map<String, List<ResourceDefinitionContext>>> out = new TreeMap<>();
        List<ResourceDefinitionContext> all = new ArrayList<>(FakeControllers.allKinds());
        all.add(new ResourceDefinitionContext.Builder().withGroup("").withVersion("v1").withKind("Namespace").withPlural("namespaces")
                .withNamespaced(false).build());
        for (ResourceDefinitionContext k : all) {
            String group = k.getGroup() == null ? "" : k.getGroup();
            out.computeIfAbsent(group, g -> new TreeMap<>()).computeIfAbsent(k.getVersion(), v -> new ArrayList<>()).add(k);
        }
        return out;
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
