package io.mm2dr.domain.mm2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one mapping of playbook arguments at a known path ({@code clusters[1]}): refuses keys it
 * does not know, and converts values the way Ansible does for typed arguments (an int may arrive
 * as a Long or as the text {@code "3"}, a bool as {@code yes}). A key set to null counts as absent.
 * Every failure is a {@link SpecException} naming the argument's path.
 */
final class ArgumentReader {
    private final String path;
    private final Map<String, Object> values;

    private ArgumentReader(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    /** The top-level arguments. */
    static ArgumentReader root(Map<String, Object> args, List<String> known) {
        return of("", args == null ? Map.of() : args, known);
    }

    private static ArgumentReader of(String path, Object value, List<String> known) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new SpecException(path, "expected a mapping, got " + describe(value));
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!known.contains(key)) {
                throw new SpecException(join(path, key), "unknown key (known: " + String.join(", ", known) + ")");
            }
            copy.put(key, e.getValue());
        }
        return new ArgumentReader(path, copy);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The path of one of this mapping's arguments. */
    String field(String key) {
        return join(path, key);
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    String requiredString(String key) {
        String s = optionalString(key);
        if (s == null) {
            throw missing(key);
        }
        return s;
    }

    /** The text, or null when absent. Numbers are taken as their text; an empty text is refused. */
    String optionalString(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        String s;
        if (v instanceof String text) {
            s = text;
        } else if (v instanceof Number) {
            s = v.toString();
        } else {
            throw new SpecException(field(key), "expected a string, got " + describe(v));
        }
        if (s.isBlank()) {
            throw new SpecException(field(key), "must not be empty");
        }
        return s.trim();
    }

    String string(String key, String fallback) {
        String s = optionalString(key);
        return s == null ? fallback : s;
    }

    int integer(String key, int fallback) {
        Integer i = optionalInteger(key);
        return i == null ? fallback : i;
    }

    Integer optionalInteger(String key) {
        Object v = values.get(key);
        if (v == null) {
            return null;
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof Number d && d.doubleValue() == Math.rint(d.doubleValue()) && !Double.isInfinite(d.doubleValue())) {
            n = d.longValue();
        } else if (v instanceof String s && s.trim().matches("[-+]?\\d{1,18}")) {
            n = Long.parseLong(s.trim());
        } else {
            throw new SpecException(field(key), "expected an integer, got " + describe(v));
        }
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new SpecException(field(key), "expected an integer, got " + n + ", which is too large");
        }
        return (int) n;
    }

    boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String || v instanceof Number) {
            switch (String.valueOf(v).trim().toLowerCase(Locale.ROOT)) {
                case "yes", "on", "1", "true", "y", "t":
                    return true;
                case "no", "off", "0", "false", "n", "f":
                    return false;
                default:
                    break;
            }
        }
        throw new SpecException(field(key), "expected a boolean, got " + describe(v));
    }

    /** One of {@code choices}, or the fallback when absent. */
    String choice(String key, String fallback, List<String> choices) {
        String s = string(key, fallback);
        if (!choices.contains(s)) {
            throw new SpecException(field(key), "'" + s + "' is not one of " + String.join(", ", choices));
        }
        return s;
    }

    /** The nested mapping, or null when absent. */
    ArgumentReader optionalMapping(String key, List<String> known) {
        Object v = values.get(key);
        return v == null ? null : of(field(key), v, known);
    }

    /** The non-empty list of mappings under {@code key}, each read at {@code key[i]}. */
    List<ArgumentReader> requiredMappings(String key, List<String> known) {
        Object v = values.get(key);
        if (v == null) {
            throw missing(key);
        }
        if (!(v instanceof List<?> list)) {
            throw new SpecException(field(key), "expected a list, got " + describe(v));
        }
        if (list.isEmpty()) {
            throw new SpecException(field(key), "must not be empty");
        }
        List<ArgumentReader> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(of(field(key) + "[" + i + "]", list.get(i), known));
        }
        return out;
    }

    /**
     * A map of configuration keys to scalars, in the playbook's order, or an empty map when absent.
     * Whole numbers become Integer (Long when too large for an int), so that rendering is stable.
     */
    Map<String, Object> scalarMap(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new SpecException(field(key), "expected a mapping, got " + describe(v));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            out.put(name, scalar(field(key) + "." + name, e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object scalar(String field, Object v) {
        if (v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Double) {
            return v;
        }
        if (v instanceof Long || v instanceof Short || v instanceof Byte) {
            long n = ((Number) v).longValue();
            return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? (Object) (int) n : (Object) n;
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        throw new SpecException(field, "expected a string, number or boolean, got " + describe(v));
    }

    private SpecException missing(String key) {
        return new SpecException(field(key), "required key missing");
    }

    /** {@code str 'abc'}, {@code list}, {@code dict}: Ansible's type words. */
    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof Boolean) {
            return "bool " + v;
        }
        if (v instanceof String s) {
            return "str '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (v instanceof Number) {
            return (v instanceof Double || v instanceof Float ? "float " : "int ") + v;
        }
        return v.getClass().getSimpleName();
    }
}
