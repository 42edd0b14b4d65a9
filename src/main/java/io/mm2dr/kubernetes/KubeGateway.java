package io.mm2dr.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one way this tool talks to an API server. It reads the live object, decides with
 * {@link ResourceDiff} whether anything must change, and writes only then; every call returns
 * what happened ({@link Method}). Check mode lives here: when it is on, nothing is written and
 * the outcome says what would have been.
 *
 * <p>Writes are full updates (PUT) of the live object with the definition merged in, guarded by
 * its resourceVersion: a conflict means someone else wrote in between, so the object is read
 * again and the merge redone. This gives merge-patch semantics (lists replaced, nulls removed)
 * on every server, including ones whose merge patch is not RFC 7386.
 */
public final class KubeGateway {
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final int CONFLICT_ATTEMPTS = 5;

    public enum Method {
        CREATED, PATCHED, DELETED, UNCHANGED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What one write of one object did (or, in check mode, would do): the API call's method and
     * the object before and after it ({@code after} is null once deleted). The platform layer
     * folds these into its {@link io.mm2dr.platform.Outcome}; the k8s modules into their results.
     */
    public record Written(Method method, ResourceRef ref, Map<String, Object> before, Map<String, Object> after) {
        public boolean changed() {
            return method != Method.UNCHANGED;
        }
    }

    /** How a definition is written over a live object. */
    public enum WriteMode {
        /** Merge the definition into the live object (kubernetes.core's default). */
        MERGE,
        /** Client-side apply: also remove what the previous apply set and this one no longer has. */
        APPLY,
        /**
         * A strategic merge, as {@code kubectl patch} and kubernetes.core's default for built-in
         * kinds: lists of named things (containers, volumes, env...) merge item by item
         * ({@link ResourceDiff#strategicMerge}); a custom resource merges as {@link #MERGE} (a
         * real server refuses a strategic merge patch of one, and the collection then merges).
         */
        STRATEGIC
    }

    private final KubernetesClient client;
    private final ResourceKinds kinds;
    private final boolean checkMode;
    private final Consumer<String> secretSink;
    private final KubernetesSerialization json;
    private final String server;
    private final ApiWarnings warnings;

    public KubeGateway(KubernetesClient client, ResourceKinds kinds, boolean checkMode, Consumer<String> secretSink) {
        this(client, kinds, checkMode, secretSink, null);
    }

    public KubeGateway(KubernetesClient client, ResourceKinds kinds, boolean checkMode, Consumer<String> secretSink, ApiWarnings warnings) {
        this.warnings = warnings;
        this.client = client;
        this.kinds = kinds;
        this.checkMode = checkMode;
        this.secretSink = secretSink;
        this.json = client.getKubernetesSerialization();
        this.server = String.valueOf(client.getMasterUrl());
    }

    /** What the API server warned about on this connection and nobody was shown yet (once per run). */
    public List<String> serverWarnings() {
        return warnings == null ? List.of() : warnings.unseen();
    }

    /** The server's URL, for messages. */
    public String server() {
        return server;
    }

    /**
     * The versions of an API group the server serves, its preferred version first; empty when it
     * serves no such group (the operator is not installed). Asked once per connection.
     */
    public List<String> servedVersions(String group) {
        return kinds.servedVersions(group);
    }

    public ResourceType type(String apiVersion, String kind) {
        return kinds.resolve(apiVersion, kind);
    }

    /** The namespace objects go to when neither the definition nor the task names one. */
    public String defaultNamespace() {
        String ns = client.getNamespace();
        return ns == null ? "default" : ns;
    }

    /** The reference of a definition (which must name its apiVersion, kind and metadata.name). */
    public ResourceRef refOf(Map<String, Object> definition) {
        ResourceType type = type(KubeObjects.stringAt(definition, "apiVersion"), KubeObjects.stringAt(definition, "kind"));
        String name = KubeObjects.stringAt(definition, "metadata", "name");
        if (name == null || name.isBlank()) {
            throw new KubeException("the " + type.kind() + " definition has no metadata.name");
        }
        String ns = type.namespaced() ? KubeObjects.stringAt(definition, "metadata", "namespace") : null;
        if (type.namespaced() && ns == null) {
            ns = defaultNamespace();
        }
        return new ResourceRef(type, ns, name);
    }

    // ------------------------------------------------------------------ reads

    public Optional<Map<String, Object>> get(ResourceRef ref) {
        try {
            GenericKubernetesResource r = op(ref.type(), ref.namespace()).withName(ref.name()).get();
            return Optional.ofNullable(r).map(this::toMap);
        } catch (KubernetesClientException e) {
            throw translate(e, "reading " + ref);
        }
    }

    /**
     * Objects of a type in a namespace (all namespaces when null), filtered by label and field
     * selectors; labels are matched again here in case the server ignored part of the selector.
     */
    public List<Map<String, Object>> list(ResourceType type, String namespace, LabelSelector labels, String fieldSelector) {
        ListOptionsBuilder options = new ListOptionsBuilder();
        if (labels != null && !labels.isEmpty()) {
            options.withLabelSelector(labels.toString());
        }
        if (fieldSelector != null && !fieldSelector.isBlank()) {
            options.withFieldSelector(fieldSelector);
        }
        ListOptions lo = options.build();
        try {
            GenericKubernetesResourceList list = type.namespaced() && namespace != null
                    ? all(type).inNamespace(namespace).list(lo)
                    : type.namespaced() ? all(type).inAnyNamespace().list(lo) : all(type).list(lo);
            List<Map<String, Object>> out = new ArrayList<>();
            for (GenericKubernetesResource r : list.getItems()) {
                Map<String, Object> m = toMap(r);
                m.putIfAbsent("apiVersion", type.apiVersion());
                m.putIfAbsent("kind", type.kind());
                if (labels == null || labels.matches(labelsOf(m))) {
                    out.add(m);
                }
            }
            return out;
        } catch (KubernetesClientException e) {
            throw translate(e, "listing " + type.kind() + (namespace != null ? " in " + namespace : ""));
        }
    }

    // ------------------------------------------------------------------ writes

    /** Makes the object exist with everything the definition asks (state: present). */
    public Written present(Map<String, Object> definition, WriteMode mode) {
        ResourceRef ref = refOf(definition);
        Map<String, Object> desired = prepare(definition, ref);
        announce(desired);
        for (int attempt = 1; ; attempt++) {
            Optional<Map<String, Object>> live = get(ref);
            try {
                if (live.isEmpty() || checkMode && KubeObjects.at(live.get(), "metadata", "deletionTimestamp") != null) {
                    // in check mode an object still being deleted is as good as gone: a real run waits for it, then creates it
                    return create(ref, mode == WriteMode.APPLY ? withLastApplied(desired, desired) : desired);
                }
                Map<String, Object> patch = desired;
                if (mode == WriteMode.APPLY) {
                    Map<String, Object> last = lastApplied(live.get());
                    patch = withLastApplied(ResourceDiff.applyPatch(last, desired), desired);
                }
                if (mode == WriteMode.STRATEGIC && !ref.type().custom()) {
                    return updateTo(ref, live.get(), ResourceDiff.strategicMerge(live.get(), patch));
                }
                return update(ref, live.get(), patch);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    throw translate(e, (live.isEmpty() ? "creating " : "updating ") + ref);
                }
                // someone else wrote in between (or created it first): read again and redo the merge
                backOff(attempt);
            }
        }
    }

    /**
     * Creates an object named by the server from {@code metadata.generateName} (a new object at
     * every run, as with kubectl create). In check mode nothing is sent: the object shown has the
     * prefix as its name.
     */
    public Written createGenerated(Map<String, Object> definition) {
        ResourceType type = type(KubeObjects.stringAt(definition, "apiVersion"), KubeObjects.stringAt(definition, "kind"));
        String ns = type.namespaced() ? KubeObjects.stringAt(definition, "metadata", "namespace") : null;
        if (type.namespaced() && ns == null) {
            ns = defaultNamespace();
        }
        String prefix = KubeObjects.stringAt(definition, "metadata", "generateName");
        ResourceRef named = new ResourceRef(type, ns, prefix);
        Map<String, Object> body = withNamespace(named, prepare(definition, named));
        announce(body);
        if (checkMode) {
            return new Written(Method.CREATED, named, null, dryRunCreate(type, ns, body));
        }
        try {
            GenericKubernetesResource created = op(type, ns).resource(toResource(body)).create();
            Map<String, Object> after = toMap(created);
            announce(after);
            return new Written(Method.CREATED, new ResourceRef(type, ns, KubeObjects.stringAt(after, "metadata", "name")), null, after);
        } catch (KubernetesClientException e) {
            throw translate(e, "creating a " + type.kind() + " named from '" + prefix + "'");
        }
    }

    /**
     * In check mode, what the server would store for a creation: a server-side dry run
     * ({@code dryRun=All}: validated, defaulted, named, stamped, not stored), as kubernetes.core
     * does; where the server refuses or cannot do one (an older server, a user without the right
     * to create), the definition as it is.
     */
    private Map<String, Object> dryRunCreate(ResourceType type, String ns, Map<String, Object> body) {
        try {
            GenericKubernetesResource wouldBe = op(type, ns).resource(toResource(body)).dryRun().create();
            return wouldBe == null ? body : toMap(wouldBe);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 0) {
                throw translate(e, "creating " + type.kind() + " (dry run)");
            }
            return body;
        }
    }

    /**
     * Replaces the object with the definition (kubernetes.core's {@code force}: a PUT, fields the
     * definition leaves out are gone), or creates it; unchanged when the object already is the
     * definition.
     */
    /**
     * Server-side apply ({@code application/apply-patch+yaml}) of a definition, as {@code fieldManager}:
     * the server merges it, records which fields each manager set ({@code metadata.managedFields}),
     * and refuses (HTTP 409, reason {@code Conflict}) to change a field another manager set unless
     * {@code force}. In check mode the apply is a server-side dry run. Unchanged when the object,
     * its managed fields included, is what it was.
     */
    public Written serverSideApply(Map<String, Object> definition, String manager, boolean force) {
        ResourceRef ref = refOf(definition);
        Map<String, Object> desired = withNamespace(ref, prepare(definition, ref));
        announce(desired);
        Optional<Map<String, Object>> live = get(ref);
        live.ifPresent(this::announce);
        try {
            io.fabric8.kubernetes.client.dsl.ServerSideApplicable<GenericKubernetesResource> apply =
                    op(ref.type(), ref.namespace()).resource(toResource(desired)).dryRun(checkMode).fieldManager(manager);
            if (force) {
                apply = apply.forceConflicts();
            }
            Map<String, Object> after = toMap(apply.serverSideApply());
            announce(after);
            if (live.isEmpty()) {
                return new Written(Method.CREATED, ref, null, after);
            }
            boolean same = java.util.Objects.equals(ResourceDiff.withoutServerFields(live.get()), ResourceDiff.withoutServerFields(after))
                    && java.util.Objects.equals(managers(live.get()), managers(after));
            return new Written(same ? Method.UNCHANGED : Method.PATCHED, ref, live.get(), after);
        } catch (KubernetesClientException e) {
            throw translate(e, "applying " + ref + " server-side as " + manager);
        }
    }

    /** Who manages which fields of an object (its managedFields without their times). */
    private static List<Object> managers(Map<String, Object> object) {
        List<Object> out = new ArrayList<>();
        if (KubeObjects.at(object, "metadata", "managedFields") instanceof List<?> entries) {
            for (Object e : entries) {
                if (e instanceof Map<?, ?> m) {
                    out.add(List.of(String.valueOf(m.get("manager")), String.valueOf(m.get("operation")), String.valueOf(m.get("fieldsV1"))));
                }
            }
        }
        return out;
    }

    public Written replace(Map<String, Object> definition) {
        ResourceRef ref = refOf(definition);
        Map<String, Object> desired = withNamespace(ref, prepare(definition, ref));
        announce(desired);
        for (int attempt = 1; ; attempt++) {
            Optional<Map<String, Object>> live = get(ref);
            if (live.isEmpty()) {
                return create(ref, desired);
            }
            announce(live.get());
            Map<String, Object> body = ResourceDiff.deepCopy(desired);
            Object version = KubeObjects.at(live.get(), "metadata", "resourceVersion");
            if (version != null) {
                KubeObjects.map(body, "metadata").put("resourceVersion", version);
            }
            if (checkMode) {
                // (what the server would default back in is unknown here: the definition being all there is "unchanged")
                boolean same = ResourceDiff.contains(live.get(), desired);
                return new Written(same ? Method.UNCHANGED : Method.PATCHED, ref, live.get(), same ? live.get() : body);
            }
            try {
                GenericKubernetesResource updated = op(ref.type(), ref.namespace()).resource(toResource(body)).update();
                Map<String, Object> after = toMap(updated);
                announce(after);
                boolean same = java.util.Objects.equals(ResourceDiff.withoutServerFields(live.get()), ResourceDiff.withoutServerFields(after));
                return new Written(same ? Method.UNCHANGED : Method.PATCHED, ref, live.get(), after);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    throw translate(e, "replacing " + ref);
                }
                backOff(attempt);
            }
        }
    }

    /** Merges the definition into the object only if it exists (state: patched); absent stays absent. */
    public Optional<Written> patched(Map<String, Object> definition) {
        ResourceRef ref = refOf(definition);
        Map<String, Object> desired = prepare(definition, ref);
        announce(desired);
        for (int attempt = 1; ; attempt++) {
            Optional<Map<String, Object>> live = get(ref);
            if (live.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(update(ref, live.get(), desired));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    throw translate(e, "patching " + ref);
                }
                backOff(attempt);
            }
        }
    }

    /** A short, jittered pause before retrying after a conflict, so that a busy operator's writes can pass. */
    private static void backOff(int attempt) {
        long millis = 50L * attempt + java.util.concurrent.ThreadLocalRandom.current().nextLong(50L * attempt + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeException("interrupted while retrying after a conflict");
        }
    }

    /** Deletes the object if it exists (state: absent). An object already being deleted is left to finish. */
    public Written absent(ResourceRef ref, DeletionPropagation propagation) {
        Optional<Map<String, Object>> live = get(ref);
        if (live.isEmpty()) {
            return new Written(Method.UNCHANGED, ref, null, null);
        }
        announce(live.get());
        if (KubeObjects.at(live.get(), "metadata", "deletionTimestamp") != null) {
            return new Written(Method.UNCHANGED, ref, live.get(), live.get());
        }
        if (!checkMode) {
            try {
                op(ref.type(), ref.namespace()).withName(ref.name()).withPropagationPolicy(propagation).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw translate(e, "deleting " + ref);
                }
            }
        }
        return new Written(Method.DELETED, ref, live.get(), null);
    }

    private Written create(ResourceRef ref, Map<String, Object> desired) {
        Map<String, Object> body = withNamespace(ref, desired);
        if (checkMode) {
            return new Written(Method.CREATED, ref, null, dryRunCreate(ref.type(), ref.namespace(), body));
        }
        GenericKubernetesResource created = op(ref.type(), ref.namespace()).resource(toResource(body)).create();
        Map<String, Object> after = toMap(created);
        announce(after);
        return new Written(Method.CREATED, ref, null, after);
    }

    private Written update(ResourceRef ref, Map<String, Object> live, Map<String, Object> patch) {
        announce(live);
        if (ResourceDiff.contains(live, patch)) {
            return new Written(Method.UNCHANGED, ref, live, live);
        }
        return updateTo(ref, live, ResourceDiff.merge(live, patch));
    }

    /** Writes {@code merged} (the live object with a patch merged in) unless it is the live object. */
    private Written updateTo(ResourceRef ref, Map<String, Object> live, Map<String, Object> merged) {
        announce(live);
        if (ResourceDiff.contains(live, merged)) {
            return new Written(Method.UNCHANGED, ref, live, live);
        }
        if (checkMode) {
            return new Written(Method.PATCHED, ref, live, merged);
        }
        Map<String, Object> body = ResourceDiff.deepCopy(merged);
        KubeObjects.map(body, "metadata").remove("managedFields");
        GenericKubernetesResource updated = op(ref.type(), ref.namespace()).resource(toResource(body)).update();
        Map<String, Object> after = toMap(updated);
        announce(after);
        return new Written(Method.PATCHED, ref, live, after);
    }

    // ------------------------------------------------------------------ waits

    /**
     * The first pause of a wait, doubled after each poll up to the wait's longest pause: an object
     * an operator makes ready at once is seen within milliseconds, a slow one costs a few more GETs
     * at the start (10, 20, 40... ms) and then one every longest pause.
     */
    private static final long FIRST_PAUSE_MILLIS = 10;

    /**
     * Waits until what a write of this gateway made is ready by {@code readiness}, and returns
     * it; in check mode nothing was written, so there is nothing to wait for: the outcome's
     * {@code after} is returned at once.
     */
    public Map<String, Object> awaitReady(Written written, Readiness readiness, Duration timeout, Duration maxSleep,
                                          Consumer<String> progress, Sleeper sleeper) throws InterruptedException {
        if (checkMode) {
            return written.after();
        }
        return awaitReady(written.ref(), readiness, timeout, maxSleep, progress, sleeper);
    }

    /**
     * Waits until an object is ready, as {@link #awaitReady(ResourceRef, Readiness, Duration, Duration, Consumer, Sleeper)};
     * but in check mode an object that does not exist was only announced by an earlier task: empty, at once.
     */
    public Optional<Map<String, Object>> awaitReadyUnlessAnnounced(ResourceRef ref, Readiness readiness, Duration timeout, Duration maxSleep,
                                                                   Consumer<String> progress, Sleeper sleeper) throws InterruptedException {
        if (checkMode && get(ref).isEmpty()) {
            progress.accept(ref + " does not exist (check mode): not waiting");
            return Optional.empty();
        }
        return Optional.ofNullable(awaitReady(ref, readiness, timeout, maxSleep, progress, sleeper));
    }

    /**
     * As kubernetes.core's {@code k8s_info} with {@code wait}: waits up to the timeout for the object
     * to exist, then for it to be ready; an object that never appears is no error (empty), one
     * that appears and does not become ready is. In check mode an absent object is not waited for.
     */
    public Optional<Map<String, Object>> awaitExistsThenReady(ResourceRef ref, Readiness readiness, Duration timeout, Duration maxSleep,
                                                              Consumer<String> progress, Sleeper sleeper) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Map<String, Object>> live = get(ref);
        long pause = FIRST_PAUSE_MILLIS;
        while (live.isEmpty() && !checkMode) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return Optional.empty();
            }
            progress.accept("waiting for " + ref + " to exist");
            if (!sleeper.sleep(Math.min(pause, left))) {
                throw new InterruptedException();
            }
            pause = Math.min(pause * 2, maxSleep.toMillis());
            live = get(ref);
        }
        if (live.isEmpty()) {
            progress.accept(ref + " does not exist (check mode): not waiting");
            return Optional.empty();
        }
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0));
        return Optional.ofNullable(awaitReady(ref, readiness, left.isZero() ? Duration.ofSeconds(1) : left, maxSleep, progress, sleeper));
    }

    /** Waits until a deleted object (or one being deleted) is gone; in check mode nothing was deleted: at once. */
    public void awaitDeleted(ResourceRef ref, Duration timeout, Duration maxSleep, Consumer<String> progress, Sleeper sleeper)
            throws InterruptedException {
        if (!checkMode) {
            awaitGone(ref, timeout, maxSleep, progress, sleeper);
        }
    }

    /**
     * Something a desired state needs is missing (a secret to copy, an object to pause): a
     * failure with {@code message}, or in check mode the warning to report, since an earlier task
     * of the same check run may only have announced it.
     */
    public String unmet(String message) {
        if (!checkMode) {
            throw new KubeException(message);
        }
        return message + " (check mode: an earlier task would create it)";
    }

    /**
     * Polls until the object is ready by {@code readiness}, and returns it. Polls quickly at
     * first ({@link #FIRST_PAUSE_MILLIS}, doubling), then every {@code maxSleep}; reports what it sees on each poll; on timeout fails
     * naming the condition and the last state seen.
     */
    public Map<String, Object> awaitReady(ResourceRef ref, Readiness readiness, Duration timeout, Duration maxSleep,
                                          Consumer<String> progress, Sleeper sleeper) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = Math.min(FIRST_PAUSE_MILLIS, maxSleep.toMillis());
        String seen = "not read yet";
        while (true) {
            Optional<Map<String, Object>> live = get(ref);
            Readiness.Verdict v = readiness.check(live.orElse(null));
            seen = v.seen();
            if (v.ready()) {
                return live.orElse(null);
            }
            progress.accept("waiting for " + ref + " " + readiness.describe() + " (now: " + seen + ")");
            if (System.nanoTime() >= deadline) {
                throw new KubeException("timed out after " + timeout.toSeconds() + " s waiting for " + ref + " "
                        + readiness.describe() + "; last seen: " + seen);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (!sleeper.sleep(Math.max(1, Math.min(pause, left)))) {
                throw new InterruptedException("interrupted while waiting for " + ref);
            }
            pause = Math.min(pause * 2, maxSleep.toMillis());
        }
    }

    /** Polls until the object is gone. */
    public void awaitGone(ResourceRef ref, Duration timeout, Duration maxSleep, Consumer<String> progress, Sleeper sleeper)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = Math.min(FIRST_PAUSE_MILLIS, maxSleep.toMillis());
        while (true) {
            Optional<Map<String, Object>> live = get(ref);
            if (live.isEmpty()) {
                return;
            }
            List<String> finalizers = KubeObjects.at(live.get(), "metadata", "finalizers") instanceof List<?> l
                    ? l.stream().map(String::valueOf).toList() : List.of();
            String seen = KubeObjects.at(live.get(), "metadata", "deletionTimestamp") != null
                    ? "terminating" + (finalizers.isEmpty() ? "" : ", finalizers " + finalizers) : "not being deleted";
            progress.accept("waiting for " + ref + " to be deleted (now: " + seen + ")");
            if (System.nanoTime() >= deadline) {
                throw new KubeException("timed out after " + timeout.toSeconds() + " s waiting for " + ref
                        + " to be deleted; last seen: " + seen);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (!sleeper.sleep(Math.max(1, Math.min(pause, left)))) {
                throw new InterruptedException("interrupted while waiting for " + ref + " to be deleted");
            }
            pause = Math.min(pause * 2, maxSleep.toMillis());
        }
    }

    /** Sleeps, returning false when the run was cancelled meanwhile. */
    @FunctionalInterface
    public interface Sleeper {
        boolean sleep(long millis);
    }

    // ------------------------------------------------------------------ plumbing

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op(
            ResourceType type, String namespace) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> all = all(type);
        return type.namespaced() ? all.inNamespace(namespace) : all;
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> all(ResourceType type) {
        return client.genericKubernetesResources(type.context());
    }

    /**
     * What is asked of the server: no status or server-owned metadata, Secret string data as
     * base64, and no namespace on a cluster-scoped kind (the server would drop it, and the
     * object would look different on every run).
     */
    private static Map<String, Object> prepare(Map<String, Object> definition, ResourceRef ref) {
        Map<String, Object> desired = SecretValues.normalise(ResourceDiff.requestable(definition));
        if (ref.namespace() == null && KubeObjects.map(desired, "metadata").containsKey("namespace")) {
            desired = ResourceDiff.deepCopy(desired);
            KubeObjects.map(desired, "metadata").remove("namespace");
        }
        return desired;
    }

    private RuntimeException translate(KubernetesClientException e, String doing) {
        return ApiFailures.translate(e, doing, server);
    }

    private void announce(Map<String, Object> object) {
        SecretValues.announce(object, secretSink);
    }

    /** Every object read or written passes here: a Secret's values are announced to the redactor before anyone sees them. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> toMap(GenericKubernetesResource r) {
        Map<String, Object> m = json.convertValue(r, LinkedHashMap.class);
        announce(m);
        return m;
    }

    private GenericKubernetesResource toResource(Map<String, Object> m) {
        return json.convertValue(m, GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withNamespace(ResourceRef ref, Map<String, Object> desired) {
        if (ref.namespace() == null) {
            return desired;
        }
        Map<String, Object> out = ResourceDiff.deepCopy(desired);
        Map<String, Object> meta = (Map<String, Object>) out.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
        meta.put("namespace", ref.namespace());
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> lastApplied(Map<String, Object> live) {
        String text = KubeObjects.stringAt(live, "metadata", "annotations", LAST_APPLIED);
        if (text == null) {
            return null;
        }
        try {
            return json.unmarshal(text, Map.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The patch plus the annotation that records the definition, for the next apply's three-way merge. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withLastApplied(Map<String, Object> patch, Map<String, Object> definition) {
        Map<String, Object> out = ResourceDiff.deepCopy(patch);
        Map<String, Object> meta = (Map<String, Object>) out.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
        Map<String, Object> ann = meta.get("annotations") instanceof Map<?, ?> a
                ? new LinkedHashMap<>((Map<String, Object>) a) : new LinkedHashMap<>();
        ann.put(LAST_APPLIED, json.asJson(new java.util.TreeMap<>(definition)));
        meta.put("annotations", ann);
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> labelsOf(Map<String, Object> object) {
        Map<String, String> out = new LinkedHashMap<>();
        KubeObjects.map(KubeObjects.map(object, "metadata"), "labels").forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
