package io.mm2dr.kubernetes.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Server-side apply for the test server ({@code PATCH} with {@code application/apply-patch+yaml}),
 * as a real API server does it for what kubernetes.core's tests look at: the applied configuration
 * merged into the object (created when absent), each manager's fields recorded in
 * {@code metadata.managedFields} (FieldsV1: {@code {"f:data": {"f:key": {}}}}), a field another manager
 * set to another value refused with HTTP 409 and reason {@code Conflict} unless {@code force=true}
 * (then it changes hands), fields a manager no longer applies and no one else manages removed,
 * {@code dryRun=All} answered without storing, and nothing written when nothing changes.
 * Lists are atomic (a whole list is one field), as for most of a ConfigMap's or a custom
 * resource's fields; the merge keys of built-in lists are not modelled.
 */
final class ServerSideApply {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerSideApply() {
    }

    @SuppressWarnings("unchecked")
    static MockResponse apply(KubernetesCrudDispatcher crud, RecordedRequest request, String path) throws IOException {
        Map<String, String> query = query(request.getPath());
        String manager = query.get("fieldManager");
        if (manager == null || manager.isBlank()) {
            return status(400, "BadRequest", "PATCH /" + path + ": fieldManager is required for apply requests");
        }
        boolean force = "true".equals(query.get("force"));
        boolean dryRun = "All".equals(query.get("dryRun"));
        Map<String, Object> applied = (Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(request.getUtf8Body());
        Set<List<String>> fields = leaves(applied, List.of(), true);
        Headers headers = request.getHeaders().newBuilder().set("Content-Type", "application/json").build();
        MockResponse current = crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, headers, new Buffer()));
        String suffix = dryRun ? "?dryRun=All" : "";
        if (current.code() == 404) {
            Map<String, Object> created = new LinkedHashMap<>(applied);
            Map<String, Object> md = new LinkedHashMap<>((Map<String, Object>) created.getOrDefault("metadata", Map.of()));
            md.put("managedFields", List.of(entry(manager, applied, fields)));
            created.put("metadata", md);
            String collection = path.substring(0, path.lastIndexOf('/'));
            return crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.POST, collection + suffix, headers,
                    new Buffer(JSON.writeValueAsBytes(created))));
        }
        if (current.code() != 200) {
            return current;
        }
        Map<String, Object> live = JSON.readValue(current.getBody().getBytes(), Map.class);
        Map<String, Object> md = (Map<String, Object>) live.get("metadata");
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object e : (List<Object>) md.getOrDefault("managedFields", List.of())) {
            entries.add(new LinkedHashMap<>((Map<String, Object>) e));
        }
        // conflicts: a field another manager set, which this apply sets to another value
        List<String> conflicts = new ArrayList<>();
        for (Map<String, Object> e : entries) {
            if (manager.equals(e.get("manager"))) {
                continue;
            }
            Set<List<String>> theirs = fromFieldsV1((Map<String, Object>) e.getOrDefault("fieldsV1", Map.of()), List.of());
            for (List<String> f : fields) {
                if (theirs.contains(f) && !Objects.equals(at(live, f), at(applied, f))) {
                    conflicts.add("conflict with \"" + e.get("manager") + "\": ." + String.join(".", f));
                }
            }
        }
        if (!conflicts.isEmpty() && !force) {
            return status(409, "Conflict", "Apply failed with " + conflicts.size() + " conflict" + (conflicts.size() == 1 ? "" : "s") + ": "
                    + String.join("\n", conflicts));
        }
        Set<List<String>> before = new LinkedHashSet<>();
        List<Map<String, Object>> kept = new ArrayList<>();
        Set<List<String>> othersAfter = new LinkedHashSet<>();
        for (Map<String, Object> e : entries) {
            Set<List<String>> owned = fromFieldsV1((Map<String, Object>) e.getOrDefault("fieldsV1", Map.of()), List.of());
            if (manager.equals(e.get("manager"))) {
                before.addAll(owned);
                continue;
            }
            if (force) {
                for (List<String> f : fields) {
                    if (!Objects.equals(at(live, f), at(applied, f))) {
                        owned.remove(f);   // forced: the field changes hands
                    }
                }
            }
            othersAfter.addAll(owned);
            if (!owned.isEmpty()) {
                Map<String, Object> e2 = new LinkedHashMap<>(e);
                e2.put("fieldsV1", toFieldsV1(owned));
                kept.add(e2);
            }
        }
        Map<String, Object> merged = (Map<String, Object>) DemoApi.merge(live, withoutIdentity(applied));
        for (List<String> f : before) {
            if (!fields.contains(f) && !othersAfter.contains(f)) {
                remove(merged, f);   // no longer applied, managed by no one else
            }
        }
        kept.add(entry(manager, applied, fields));
        Map<String, Object> mergedMd = new LinkedHashMap<>((Map<String, Object>) merged.get("metadata"));
        mergedMd.put("managedFields", kept);
        merged.put("metadata", mergedMd);
        if (sameObject(live, merged)) {
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(JSON.writeValueAsString(live));
        }
        return crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path + suffix, headers, new Buffer(JSON.writeValueAsBytes(merged))));
    }

    /** The same object and the same managers of the same fields (times aside). */
    @SuppressWarnings("unchecked")
    private static boolean sameObject(Map<String, Object> live, Map<String, Object> merged) {
        Map<String, Object> a = new LinkedHashMap<>(live);
        Map<String, Object> b = new LinkedHashMap<>(merged);
        List<Object> ma = managers((Map<String, Object>) a.get("metadata"));
        List<Object> mb = managers((Map<String, Object>) b.get("metadata"));
        Map<String, Object> amd = new LinkedHashMap<>((Map<String, Object>) a.get("metadata"));
        Map<String, Object> bmd = new LinkedHashMap<>((Map<String, Object>) b.get("metadata"));
        amd.remove("managedFields");
        bmd.remove("managedFields");
        a.put("metadata", amd);
        b.put("metadata", bmd);
        return ma.equals(mb) && JSON.valueToTree(a).equals(JSON.valueToTree(b));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> managers(Map<String, Object> md) {
        List<Object> out = new ArrayList<>();
        for (Object e : (List<Object>) md.getOrDefault("managedFields", List.of())) {
            Map<String, Object> m = (Map<String, Object>) e;
            out.add(List.of(m.get("manager"), m.get("operation"), JSON.valueToTree(m.get("fieldsV1"))));
        }
        return out;
    }

    private static Map<String, Object> entry(String manager, Map<String, Object> applied, Set<List<String>> fields) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("manager", manager);
        e.put("operation", "Apply");
        e.put("apiVersion", applied.get("apiVersion"));
        e.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("fieldsType", "FieldsV1");
        e.put("fieldsV1", toFieldsV1(fields));
        return e;
    }

    /** The applied configuration without what names the object (its identity is not a managed field). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutIdentity(Map<String, Object> applied) {
        Map<String, Object> out = new LinkedHashMap<>(applied);
        if (out.get("metadata") instanceof Map<?, ?> md) {
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) md);
            m.remove("managedFields");
            out.put("metadata", m);
        }
        return out;
    }

    /** The paths of the leaves a configuration sets (a list is one leaf), identity fields left out. */
    @SuppressWarnings("unchecked")
    static Set<List<String>> leaves(Map<String, Object> config, List<String> at, boolean top) {
        Set<List<String>> out = new LinkedHashSet<>();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            String k = e.getKey();
            if (top && (k.equals("apiVersion") || k.equals("kind"))) {
                continue;
            }
            if (at.equals(List.of("metadata")) && (k.equals("name") || k.equals("namespace") || k.equals("managedFields"))) {
                continue;
            }
            List<String> path = new ArrayList<>(at);
            path.add(k);
            if (e.getValue() instanceof Map<?, ?> m && !m.isEmpty()) {
                out.addAll(leaves((Map<String, Object>) m, path, false));
            } else {
                out.add(List.copyOf(path));
            }
        }
        return out;
    }

    private static Map<String, Object> toFieldsV1(Set<List<String>> fields) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (List<String> f : fields) {
            Map<String, Object> node = root;
            for (String part : f) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) node.computeIfAbsent("f:" + part, x -> new LinkedHashMap<String, Object>());
                node = next;
            }
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Set<List<String>> fromFieldsV1(Map<String, Object> node, List<String> at) {
        Set<List<String>> out = new LinkedHashSet<>();
        for (Map.Entry<String, Object> e : node.entrySet()) {
            if (!e.getKey().startsWith("f:")) {
                continue;
            }
            List<String> path = new ArrayList<>(at);
            path.add(e.getKey().substring(2));
            Map<String, Object> child = e.getValue() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            if (child.isEmpty()) {
                out.add(List.copyOf(path));
            } else {
                out.addAll(fromFieldsV1(child, path));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> object, List<String> path) {
        Object o = object;
        for (String p : path) {
            if (!(o instanceof Map<?, ?> m)) {
                return null;
            }
            o = ((Map<String, Object>) m).get(p);
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static void remove(Map<String, Object> object, List<String> path) {
        Object o = object;
        for (int i = 0; i < path.size() - 1; i++) {
            if (!(o instanceof Map<?, ?> m)) {
                return;
            }
            o = ((Map<String, Object>) m).get(path.get(i));
        }
        if (o instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).remove(path.get(path.size() - 1));
        }
    }

    private static Map<String, String> query(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = path.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String pair : path.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static MockResponse status(int code, String reason, String message) {
        return InstalledOperator.json(code, InstalledOperator.status(code, reason, message, null));
    }
}
