package io.mm2dr.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Pure functions over Kubernetes objects as plain maps: what a definition asks of a live object,
 * whether the live object already has it, and the object to write when it does not.
 *
 * <p>The rules are those of a JSON merge patch (RFC 7386), which is what {@code kubernetes.core}
 * sends for custom resources: maps merge key by key, a {@code null} removes a key, and lists are
 * replaced whole. Whether a write is needed is decided by containment, so that fields the
 * server fills in (defaults, status, its own metadata) never count as a difference.
 */
public final class ResourceDiff {
    /** Paths the API server owns: never compared, never sent back as a change. */
    static final Set<String> SERVER_OWNED_METADATA = Set.of(
            "resourceVersion", "uid", "generation", "creationTimestamp", "managedFields", "selfLink",
            "deletionTimestamp", "deletionGracePeriodSeconds");

    private ResourceDiff() {
    }

    /** The live object with the definition merged in (maps merged, lists replaced, nulls remove keys). */
    public static Map<String, Object> merge(Map<String, Object> live, Map<String, Object> desired) {
        Map<String, Object> out = deepCopy(live);
        mergeInto(out, desired);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                target.remove(e.getKey());
            } else if (value instanceof Map<?, ?> m && target.get(e.getKey()) instanceof Map<?, ?> existing) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
                mergeInto(copy, (Map<String, Object>) m);
                target.put(e.getKey(), copy);
            } else {
                target.put(e.getKey(), withoutNulls(value));
            }
        }
    }

    /**
     * The fields of built-in kinds whose lists a strategic merge merges item by item, and the key
     * that names an item (the API's {@code x-kubernetes-patch-merge-key}); {@code ports} is keyed by
     * {@code containerPort} in a container and by {@code port} in a Service.
     */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"), Map.entry("ephemeralContainers", "name"),
            Map.entry("volumes", "name"), Map.entry("env", "name"), Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"), Map.entry("imagePullSecrets", "name"), Map.entry("hostAliases", "ip"),
            Map.entry("ownerReferences", "uid"), Map.entry("conditions", "type"),
            Map.entry("topologySpreadConstraints", "topologyKey"), Map.entry("resourceClaims", "name"));

    /**
     * A strategic merge of {@code patch} into {@code live}, as an API server does for built-in kinds
     * ({@code application/strategic-merge-patch+json}): objects merge key by key, null removes, a
     * list of named things ({@link #MERGE_KEYS}) merges item by item (an item with {@code $patch:
     * delete} removes its namesake), any other list replaces; {@code $patch: replace} replaces an
     * object whole.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> strategicMerge(Map<String, Object> live, Map<String, Object> patch) {
        if ("replace".equals(patch.get("$patch"))) {
            Map<String, Object> replaced = new LinkedHashMap<>(patch);
            replaced.remove("$patch");
            return (Map<String, Object>) withoutNulls(replaced);
        }
        Map<String, Object> out = deepCopy(live);
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            Object current = out.get(key);
            if (key.startsWith("$")) {
                continue;   // other directives ($retainKeys, $setElementOrder...): the order and retention of fields, not their values
            }
            if (value == null) {
                out.remove(key);
            } else if (value instanceof Map<?, ?> m && current instanceof Map<?, ?> c) {
                out.put(key, strategicMerge((Map<String, Object>) c, (Map<String, Object>) m));
            } else if (value instanceof List<?> pl && current instanceof List<?> cl && mergeKey(key, cl, pl) != null) {
                out.put(key, mergeByKey(cl, pl, mergeKey(key, cl, pl)));
            } else {
                out.put(key, withoutNulls(value));
            }
        }
        return out;
    }

    /** The key that names the items of these lists, or null when they are not merged item by item. */
    private static String mergeKey(String field, List<?> live, List<?> patch) {
        String key = MERGE_KEYS.get(field);
        if (field.equals("ports")) {
            boolean container = false;
            for (List<?> list : List.of(live, patch)) {
                for (Object item : list) {
                    container |= item instanceof Map<?, ?> m && m.containsKey("containerPort");
                }
            }
            key = container ? "containerPort" : "port";
        }
        if (key == null) {
            return null;
        }
        for (List<?> list : List.of(live, patch)) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> m) || !m.containsKey(key)) {
                    return null;
                }
            }
        }
        return key;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mergeByKey(List<?> live, List<?> patch, String key) {
        List<Object> out = new ArrayList<>();
        for (Object item : live) {
            out.add(deepCopy((Map<String, Object>) item));
        }
        for (Object item : patch) {
            Map<String, Object> p = (Map<String, Object>) item;
            int at = -1;
            for (int i = 0; i < out.size() && at < 0; i++) {
                if (scalarEquals(((Map<String, Object>) out.get(i)).get(key), p.get(key))) {
                    at = i;
                }
            }
            if ("delete".equals(p.get("$patch"))) {
                if (at >= 0) {
                    out.remove(at);
                }
            } else if (at >= 0) {
                out.set(at, strategicMerge((Map<String, Object>) out.get(at), p));
            } else {
                Map<String, Object> added = new LinkedHashMap<>(p);
                added.remove("$patch");
                out.add(withoutNulls(added));
            }
        }
        return out;
    }

    /**
     * Client-side apply: like {@link #merge}, but keys that the previous apply set and the new
     * definition no longer has are removed (a three-way merge, as {@code kubectl apply} does).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> applyPatch(Map<String, Object> lastApplied, Map<String, Object> desired) {
        Map<String, Object> patch = new LinkedHashMap<>(desired);
        if (lastApplied != null) {
            for (Map.Entry<String, Object> e : lastApplied.entrySet()) {
                Object now = desired.get(e.getKey());
                if (!desired.containsKey(e.getKey())) {
                    patch.put(e.getKey(), null);
                } else if (now instanceof Map<?, ?> nm && e.getValue() instanceof Map<?, ?> om) {
                    patch.put(e.getKey(), applyPatch((Map<String, Object>) om, (Map<String, Object>) nm));
                }
            }
        }
        return patch;
    }

    /**
     * True when the live object already has everything the definition asks for: every key of a
     * map present with a contained value, a {@code null} key absent, lists of the same length
     * whose elements contain the asked ones (so server defaults inside list items do not count).
     */
    @SuppressWarnings("unchecked")
    public static boolean contains(Object live, Object desired) {
        if (desired instanceof Map<?, ?> dm) {
            if (!(live instanceof Map<?, ?> lm)) {
                return false;
            }
            for (Map.Entry<String, Object> e : ((Map<String, Object>) dm).entrySet()) {
                if (e.getValue() == null) {
                    if (lm.get(e.getKey()) != null) {
                        return false;
                    }
                } else if (!lm.containsKey(e.getKey()) || !contains(lm.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (desired instanceof List<?> dl) {
            if (!(live instanceof List<?> ll) || ll.size() != dl.size()) {
                return false;
            }
            for (int i = 0; i < dl.size(); i++) {
                if (!contains(ll.get(i), dl.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return scalarEquals(live, desired);
    }

    /** Numbers compare by value (YAML gives longs, JSON integers); everything else by equals. */
    static boolean scalarEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (isIntegral(x) && isIntegral(y)) {
                return x.longValue() == y.longValue();
            }
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof java.math.BigInteger;
    }

    /** A copy without the paths the server owns, for showing in a diff or comparing whole objects. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withoutServerFields(Map<String, Object> object) {
        if (object == null) {
            return null;
        }
        Map<String, Object> out = deepCopy(object);
        out.remove("status");
        if (out.get("metadata") instanceof Map<?, ?> md) {
            Map<String, Object> meta = (Map<String, Object>) md;
            SERVER_OWNED_METADATA.forEach(meta::remove);
            if (meta.get("annotations") instanceof Map<?, ?> ann) {
                ((Map<String, Object>) ann).remove(KubeGateway.LAST_APPLIED);
                if (ann.isEmpty()) {
                    meta.remove("annotations");
                }
            }
        }
        return out;
    }

    /** The definition without the fields it must not ask of the server (status, server-owned metadata). */
    public static Map<String, Object> requestable(Map<String, Object> definition) {
        return withoutServerFields(definition);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> deepCopy(Map<String, Object> m) {
        return (Map<String, Object>) copy(m, false);
    }

    private static Object withoutNulls(Object value) {
        return copy(value, true);
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object value, boolean dropNulls) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                if (!(dropNulls && e.getValue() == null)) {
                    out.put(e.getKey(), copy(e.getValue(), dropNulls));
                }
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(copy(o, dropNulls));
            }
            return out;
        }
        return value;
    }
}
