package io.mm2dr.kubernetes.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * What the mock API server does differently once an operator release's CRDs are installed
 * ({@link MockCluster#start(java.nio.file.Path, OperatorRelease)}), as a real API server does:
 *
 * <ul>
 * <li>discovery: {@code /api}, {@code /api/v1}, {@code /apis} (APIGroupList),
 * {@code /apis/<group>} (APIGroup with its served versions, preferred first) and
 * {@code /apis/<group>/<version>} (APIResourceList) for the core kinds the fakes know and the
 * release's group;</li>
 * <li>any request to {@code kafka.strimzi.io} or {@code eventstreams.ibm.com} in a version or
 * for a kind the release does not serve: 404 with a NotFound Status;</li>
 * <li>a {@code Warning: 299 - "<deprecationWarning>"} header on every request to a deprecated
 * version;</li>
 * <li>a body whose apiVersion or kind differs from the URL's: 400, as a real server;</li>
 * <li>every object about to be stored in the release's group (after a patch: the patched object)
 * is checked with {@link CrdSchemas}: violations are refused with 422 (reason Invalid, the
 * message worded as the API server words it), and so are fields the server would prune (a
 * real server drops them silently; here they are refused, {@code would be pruned: <path>}, and
 * recorded, because a silently dropped setting is the defect we hunt). {@code status} is not
 * checked on writes of the main resource (the real server ignores it there: every Strimzi CRD
 * has a status subresource).</li>
 * </ul>
 *
 * <p>Not modelled: a real server serves one stored object in every served version (Strimzi's
 * conversion strategy is None); the mock keeps each object under the version it was written in.
 */
final class InstalledOperator {
    private static final ObjectMapper JSON = new ObjectMapper();
    final OperatorRelease release;
    final List<String> refusals = new CopyOnWriteArrayList<>();
    final List<String> pruned = new CopyOnWriteArrayList<>();
    /** The deprecation warnings sent to the runner (requests with the kubeconfig's token), as {@code METHOD path: text}. */
    final List<String> warnings = new CopyOnWriteArrayList<>();
    /** Every object checked against the schemas, as {@code Kind apiVersion namespace/name} (accepted or not). */
    final List<String> checked = new CopyOnWriteArrayList<>();

    InstalledOperator(OperatorRelease release, ValidatingCrudDispatcher crud) {
        this.release = release;
        crud.check(this::check);
    }

    /** A custom-resource path: group, version, plural, and whether it is the status subresource. */
    record Target(String group, String version, String plural, String namespace, String name, String subresource) {
        static Optional<Target> of(String path) {
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            String[] p = bare.split("/");
            // "", "apis", group, version, [namespaces, ns,] plural, [name, [subresource]]
            if (p.length < 5 || !p[1].equals("apis")) {
                return Optional.empty();
            }
            int i = 4;
            String ns = null;
            if (p[4].equals("namespaces") && p.length >= 7) {
                ns = p[5];
                i = 6;
            }
            return Optional.of(new Target(p[2], p[3], p[i], ns, p.length > i + 1 ? p[i + 1] : null, p.length > i + 2 ? p[i + 2] : null));
        }
    }

    /**
     * The answer to a request when this front decides it (discovery, 404, 400), else null: then
     * {@code store} answers, and this front adds the deprecation warning and maps a refusal to 422.
     */
    MockResponse dispatch(RecordedRequest request, boolean fromRunner, Function<RecordedRequest, MockResponse> store) {
        String path = request.getPath();
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (request.getMethod().equals("GET")) {
            Object discovery = discovery(bare);
            if (discovery != null) {
                return json(200, discovery);
            }
            if (bare.startsWith("/apis/") && bare.split("/").length <= 4 && governed(bare.split("/")[2])) {
                return notFound(); // a group or group/version the release does not serve
            }
        }
        Optional<Target> target = Target.of(path);
        if (target.isEmpty() || !governed(target.get().group())) {
            return store.apply(request);
        }
        Target t = target.get();
        Optional<CrdSchemas.Definition> d = t.group().equals(release.group())
                ? release.schemas().definitionByPlural(t.group(), t.plural()) : Optional.empty();
        Optional<CrdSchemas.Version> v = d.flatMap(x -> x.version(t.version())).filter(CrdSchemas.Version::served);
        if (v.isEmpty()) {
            return notFound();
        }
        if ((request.getMethod().equals("POST") || request.getMethod().equals("PUT")) && t.subresource() == null) {
            // reading the body drains it: the store gets a copy of the request
            String body = request.getUtf8Body();
            MockResponse bad = checkBodyType(body, t, d.get());
            if (bad != null) {
                return bad;
            }
            request = new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                    new Buffer(body.getBytes(StandardCharsets.UTF_8)));
        }
        MockResponse answer;
        try {
            answer = store.apply(request);
        } catch (ValidatingCrudDispatcher.Refused r) {
            answer = new MockResponse().setResponseCode(r.code).setHeader("Content-Type", "application/json").setBody(r.body);
        }
        if (v.get().deprecated()) {
            String text = v.get().deprecationWarning() != null ? v.get().deprecationWarning()
                    : t.group() + "/" + t.version() + " " + d.get().kind() + " is deprecated";
            if (fromRunner) {
                warnings.add(request.getMethod() + " " + bare + ": " + text);
            }
            answer.addHeader("Warning", "299 - \"" + text.replace("\"", "\\\"") + "\"");
        }
        return answer;
    }

    private static boolean governed(String group) {
        return OperatorRelease.OPERATOR_GROUPS.contains(group);
    }

    @SuppressWarnings("unchecked")
    private static MockResponse checkBodyType(String text, Target t, CrdSchemas.Definition d) {
        Map<String, Object> body;
        try {
            body = JSON.readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            return json(400, status(400, "BadRequest", "the body of the request could not be decoded: " + e.getOriginalMessage(), null));
        }
        String expected = t.group() + "/" + t.version();
        if (body.get("apiVersion") != null && !expected.equals(body.get("apiVersion"))) {
            return json(400, status(400, "BadRequest", "the API version in the data (" + body.get("apiVersion")
                    + ") does not match the expected API version (" + expected + ")", null));
        }
        if (body.get("kind") != null && !d.kind().equals(body.get("kind"))) {
            return json(400, status(400, "BadRequest", "the kind in the data (" + body.get("kind")
                    + ") does not match the expected kind (" + d.kind() + ")", null));
        }
        return null;
    }

    /** The store's hook: refuses an object of the release's group that the real server would refuse or prune. */
    @SuppressWarnings("unchecked")
    private void check(String path, String newState) {
        Optional<Target> target = Target.of(path);
        if (target.isEmpty() || !target.get().group().equals(release.group())) {
            return;
        }
        Map<String, Object> object;
        try {
            object = JSON.readValue(newState, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!"status".equals(target.get().subresource())) {
            object.remove("status");
        }
        String kind = String.valueOf(object.get("kind"));
        String apiVersion = target.get().group() + "/" + target.get().version();
        CrdSchemas.Report report = release.schemas().validate(apiVersion, kind, object);
        Map<String, Object> md = object.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        String name = String.valueOf(md.get("name"));
        String where = kind + " " + (md.get("namespace") == null ? "" : md.get("namespace") + "/") + name;
        checked.add(kind + " " + apiVersion + " " + where.substring(kind.length() + 1));
        if (report.clean()) {
            return;
        }
        report.pruned().forEach(p -> pruned.add(where + ": " + p));
        String message = report.statusMessage(kind, release.group(), name);
        refusals.add(message);
        List<Map<String, Object>> causes = new ArrayList<>();
        for (CrdSchemas.Violation v : report.violations()) {
            String detail = v.detail();
            String reason = detail.startsWith("Required value") ? "FieldValueRequired"
                    : detail.startsWith("Unsupported value") ? "FieldValueNotSupported"
                    : detail.startsWith("Too many") ? "FieldValueTooMany"
                    : detail.startsWith("Too long") ? "FieldValueTooLong" : "FieldValueInvalid";
            causes.add(Map.of("reason", reason, "message", detail, "field", v.field()));
        }
        for (String p : report.pruned()) {
            // not a reason a real server gives: it prunes silently (or warns "unknown field"); the mock refuses
            causes.add(Map.of("reason", "FieldValueUnknown", "message", "would be pruned", "field", p));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("group", release.group());
        details.put("kind", kind);
        details.put("causes", causes);
        Map<String, Object> status = status(422, "Invalid", message, details);
        try {
            throw new ValidatingCrudDispatcher.Refused(422, JSON.writeValueAsString(status), message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ discovery

    /** The non-operator kinds, by group and version, as the fakes know them. */
    private static Map<String, Map<String, List<ResourceDefinitionContext>>> coreGroups() {
        Map<String, Map<String, List<ResourceDefinitionContext>>> out = new TreeMap<>();
        List<ResourceDefinitionContext> all = new ArrayList<>(FakeControllers.allKinds());
        all.add(new ResourceDefinitionContext.Builder().withGroup("").withVersion("v1").withKind("Namespace").withPlural("namespaces")
                .withNamespaced(false).build());
        for (ResourceDefinitionContext k : all) {
            String group = k.getGroup() == null ? "" : k.getGroup();
            if (governed(group)) {
                continue;
            }
            out.computeIfAbsent(group, g -> new TreeMap<>()).computeIfAbsent(k.getVersion(), v -> new ArrayList<>()).add(k);
        }
        return out;
    }

    private Object discovery(String path) {
        Map<String, Map<String, List<ResourceDefinitionContext>>> core = coreGroups();
        if (path.equals("/api")) {
            return Map.of("kind", "APIVersions", "versions", List.of("v1"),
                    "serverAddressByClientCIDRs", List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1")));
        }
        if (path.equals("/apis")) {
            List<Object> groups = new ArrayList<>();
            core.forEach((group, versions) -> {
                if (!group.isEmpty()) {
                    groups.add(apiGroup(group, List.copyOf(versions.keySet())));
                }
            });
            groups.add(apiGroup(release.group(), release.servedVersions()));
            return Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
        }
        String[] p = path.split("/");
        if (p.length == 3 && p[1].equals("apis")) {
            if (p[2].equals(release.group())) {
                return withKind(apiGroup(release.group(), release.servedVersions()), "APIGroup");
            }
            return core.containsKey(p[2]) ? withKind(apiGroup(p[2], List.copyOf(core.get(p[2]).keySet())), "APIGroup") : null;
        }
        String group;
        String version;
        if (p.length == 3 && p[1].equals("api")) {
            group = "";
            version = p[2];
        } else if (p.length == 4 && p[1].equals("apis")) {
            group = p[2];
            version = p[3];
        } else {
            return null;
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        if (group.equals(release.group())) {
            for (CrdSchemas.Definition d : release.schemas().definitions()) {
                if (d.version(version).map(CrdSchemas.Version::served).orElse(false)) {
                    resources.addAll(resource(d.plural(), d.singular(), d.kind(), d.namespaced(), true));
                }
            }
            if (resources.isEmpty()) {
                return null;
            }
        } else {
            List<ResourceDefinitionContext> kinds = core.getOrDefault(group, Map.of()).get(version);
            if (kinds == null) {
                return null;
            }
            for (ResourceDefinitionContext k : kinds) {
                resources.addAll(resource(k.getPlural(), k.getKind().toLowerCase(), k.getKind(), k.isNamespaceScoped(), !group.isEmpty()));
            }
        }
        return Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", group.isEmpty() ? version : group + "/" + version,
                "resources", resources);
    }

    private static Map<String, Object> apiGroup(String group, List<String> versions) {
        List<Object> vs = new ArrayList<>();
        versions.forEach(v -> vs.add(Map.of("groupVersion", group + "/" + v, "version", v)));
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("name", group);
        g.put("versions", vs);
        g.put("preferredVersion", vs.get(0));
        return g;
    }

    private static Map<String, Object> withKind(Map<String, Object> g, String kind) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("apiVersion", "v1");
        out.putAll(g);
        return out;
    }

    private static List<Map<String, Object>> resource(String plural, String singular, String kind, boolean namespaced, boolean status) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", plural);
        r.put("singularName", singular);
        r.put("namespaced", namespaced);
        r.put("kind", kind);
        r.put("verbs", List.of("delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"));
        if (!status) {
            return List.of(r);
        }
        Map<String, Object> st = new LinkedHashMap<>(r);
        st.put("name", plural + "/status");
        st.put("singularName", "");
        st.put("verbs", List.of("get", "patch", "update"));
        return List.of(r, st);
    }

    // ------------------------------------------------------------------ answers

    static MockResponse notFound() {
        return json(404, status(404, "NotFound", "the server could not find the requested resource", Map.of()));
    }

    static Map<String, Object> status(int code, String reason, String message, Map<String, Object> details) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.put("metadata", Map.of());
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        if (details != null) {
            s.put("details", details);
        }
        s.put("code", code);
        return s;
    }

    static MockResponse json(int code, Object body) {
        try {
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
