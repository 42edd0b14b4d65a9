package io.mm2dr.kubernetes;

import java.util.List;
import java.util.Map;

/** Reading plain-map Kubernetes objects without casts at every step. */
public final class KubeObjects {
    private KubeObjects() {
    }

    /** The map under {@code key}, or an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> m, String key) {
        return m != null && m.get(key) instanceof Map<?, ?> v ? (Map<String, Object>) v : Map.of();
    }

    /** The maps in the list under {@code key}; other elements are skipped. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> maps(Map<String, Object> m, String key) {
        if (m == null || !(m.get(key) instanceof List<?> l)) {
            return List.of();
        }
        return l.stream().filter(Map.class::isInstance).map(o -> (Map<String, Object>) o).toList();
    }

    /** The value at a path of keys, or null. */
    public static Object at(Map<String, Object> m, String... path) {
        Object cur = m;
        for (String k : path) {
            if (!(cur instanceof Map<?, ?> cm)) {
                return null;
            }
            cur = cm.get(k);
        }
        return cur;
    }

    public static String stringAt(Map<String, Object> m, String... path) {
        Object v = at(m, path);
        return v == null ? null : String.valueOf(v);
    }

    public static long longAt(Map<String, Object> m, long fallback, String... path) {
        Object v = at(m, path);
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
