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

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes, GenericKubernetesResource resource,
            String newState) {
        BiConsumer<String, String> c = check;
        if (c != null && newState != null) {
            c.accept(path, newState);
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
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
