package io.mm2dr.modules.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kubernetes.core's {@code append_hash} (after kubectl's): a ConfigMap's or Secret's name gets a
 * suffix of ten characters from a SHA-256 of its content, so that a changed content is a new
 * object. The content is Python's {@code json.dumps} (separators {@code ,} and {@code :}, ASCII
 * only, keys of mappings sorted) of its data, kind, name (or generateName) and, for a Secret, type,
 * in that order; the hex digest's first ten characters have 0, 1, 3, a and e replaced by g, h, k,
 * m and t.
 */
final class AppendHash {
    private AppendHash() {
    }

    /** The suffix for a definition of a ConfigMap or Secret, or null for any other kind. */
    static String of(Map<String, Object> definition) {
        Object kind = definition.get("kind");
        if (!"ConfigMap".equals(kind) && !"Secret".equals(kind)) {
            return null;
        }
        Map<?, ?> metadata = definition.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        String nameKey = "name";
        Object name = metadata.get("name");
        if ((name == null || "".equals(name)) && metadata.get("generateName") != null && !"".equals(metadata.get("generateName"))) {
            nameKey = "generateName";
            name = metadata.get("generateName");
        }
        StringBuilder json = new StringBuilder("{");
        field(json, "data", definition.getOrDefault("data", ""));
        json.append(',');
        field(json, "kind", kind);
        json.append(',');
        field(json, nameKey, name == null ? "" : name);
        if ("Secret".equals(kind)) {
            json.append(',');
            field(json, "type", definition.getOrDefault("type", ""));
        }
        json.append('}');
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; hex.length() < 10; i++) {
                hex.append(String.format("%02x", digest[i] & 0xff));
            }
            StringBuilder out = new StringBuilder();
            for (char c : hex.substring(0, 10).toCharArray()) {
                int at = "013ae".indexOf(c);
                out.append(at < 0 ? c : "ghkmt".charAt(at));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(StringBuilder json, String key, Object value) {
        string(json, key);
        json.append(':');
        value(json, value);
    }

    private static void value(StringBuilder json, Object v) {
        if (v == null) {
            json.append("null");
        } else if (v instanceof Map<?, ?> m) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted(m).entrySet()) {
                json.append(first ? "" : ",");
                first = false;
                field(json, e.getKey(), e.getValue());
            }
            json.append('}');
        } else if (v instanceof List<?> l) {
            json.append('[');
            for (int i = 0; i < l.size(); i++) {
                json.append(i == 0 ? "" : ",");
                value(json, l.get(i));
            }
            json.append(']');
        } else if (v instanceof Boolean b) {
            json.append(b ? "true" : "false");
        } else if (v instanceof Number n) {
            json.append(n);
        } else {
            string(json, String.valueOf(v));
        }
    }

    private static Map<String, Object> sorted(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** A string as Python's json.dumps writes it with ensure_ascii. */
    private static void string(StringBuilder json, String s) {
        json.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7f) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
