package io.mm2dr.kubernetes.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.function.BiConsumer;

/**
 * fabric8's CRUD store with one hook: every object about to be stored (created, replaced, or
 * patched: the object as it is after the patch) is shown to a check first, which may refuse it by
 * throwing; then nothing is stored and no watch event is sent. The hook sits in
 * {@code processEvent}, where all of the store's handlers (POST, PUT, PATCH) write, under the
 * store's write lock.
 */
final class ValidatingCrudDispatcher extends KubernetesCrudDispatcher {
    /** (request path, the JSON about to be stored); throws {@link Refused} to refuse. */
    private volatile BiConsumer<String, String> check;

    void check(BiConsumer<String, String> check) {
        this.check = check;
    }

    /** Set while a dry-run request ({@code ?dryRun=All}) is handled: nothing is stored. */
    private final ThreadLocal<Boolean> dryRun = ThreadLocal.withInitial(() -> false);

    /**
     * A request with {@code dryRun=All} is answered as a real API server does: validated and
     * completed (name from generateName, uid, creationTimestamp, resourceVersion) as it would be
     * stored, and not stored; a dry-run deletion answers the object and deletes nothing.
     */
    @Override
    public io.fabric8.mockwebserver.http.MockResponse dispatch(io.fabric8.mockwebserver.http.RecordedRequest request) {
        String path = request.getPath();
        if (path == null || !path.matches(".*[?&]dryRun=All(&.*)?$")) {
            return super.dispatch(request);
        }
        if (request.getMethod().equals("DELETE")) {
            String bare = path.substring(0, path.indexOf('?'));
            return super.dispatch(new io.fabric8.mockwebserver.http.RecordedRequest(request.getHttpVersion(),
                    io.fabric8.mockwebserver.dsl.HttpMethod.GET, bare, request.getHeaders(), new io.fabric8.mockwebserver.http.Buffer()));
        }
        dryRun.set(true);
        try {
            io.fabric8.mockwebserver.http.MockResponse answer = super.dispatch(request);
            return answer;
        } catch (DryRunResult r) {
            return new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(request.getMethod().equals("POST") ? 201 : 200)
                    .setHeader("Content-Type", "application/json").setBody(r.object);
        } finally {
            dryRun.set(false);
        }
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes, GenericKubernetesResource resource,
            String newState) {
        BiConsumer<String, String> c = check;
        if (c != null && newState != null) {
            c.accept(path, newState);
        }
        if (newState != null) {
            newState = withoutEmptyMetadataMaps(newState);
        }
        if (dryRun.get() && newState != null) {
            throw new DryRunResult(newState);
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * An object as an API server stores it: empty {@code metadata.labels} and
     * {@code metadata.annotations} are left out (Go's {@code omitempty}), so that reading it back
     * shows no such key, as kubernetes.core's tests expect.
     */
    static String withoutEmptyMetadataMaps(String json) {
        if (!json.contains("{}")) {
            return json;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(json);
            if (tree.get("metadata") instanceof com.fasterxml.jackson.databind.node.ObjectNode md) {
                boolean changed = false;
                for (String key : java.util.List.of("labels", "annotations")) {
                    com.fasterxml.jackson.databind.JsonNode v = md.get(key);
                    if (v != null && (v.isNull() || (v.isObject() && v.size() == 0))) {
                        md.remove(key);
                        changed = true;
                    }
                }
                if (changed) {
                    return JSON.writeValueAsString(tree);
                }
            }
            return json;
        } catch (java.io.IOException e) {
            return json;
        }
    }

    /** What a dry run would have stored, carried out of the store's handler before it stores it. */
    static final class DryRunResult extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String object;

        DryRunResult(String object) {
            super("dry run", null, false, false);
            this.object = object;
        }
    }

    /** A write the check refused, with the Status the API server answers (code and JSON body). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;
        final String body;

        Refused(int code, String body, String message) {
            super(message, null, false, false);
            this.code = code;
            this.body = body;
        }
    }
}
