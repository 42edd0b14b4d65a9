package io.mm2dr.engine.output;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as ansible-playbook prints results: Python's json.dumps with sort_keys, ", " and ": "
 * separators, or an indent of 4, non-ASCII kept as is.
 */
public final class PyJson {
    private PyJson() {
    }

    public static String compact(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, -1, 0);
        return b.toString();
    }

    public static String indented(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, 4, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, int indent, int depth) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Boolean bool) {
            b.append(bool ? "true" : "false");
        } else if (v instanceof Double d) {
            if (d.isNaN()) {
                b.append("NaN");
            } else if (d.isInfinite()) {
                b.append(d > 0 ? "Infinity" : "-Infinity");
            } else {
                b.append(d);
            }
        } else if (v instanceof Number n) {
            b.append(n);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            Map<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sorted.put(String.valueOf(e.getKey()), e.getValue());
            }
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    b.append(indent < 0 ? ", " : ",");
                }
                first = false;
                newline(b, indent, depth + 1);
                string(b, e.getKey());
                b.append(": ");
                write(b, e.getValue(), indent, depth + 1);
            }
            newline(b, indent, depth);
            b.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append('[');
            boolean first = true;
            for (Object o : l) {
                if (!first) {
                    b.append(indent < 0 ? ", " : ",");
                }
                first = false;
                newline(b, indent, depth + 1);
                write(b, o, indent, depth + 1);
            }
            newline(b, indent, depth);
            b.append(']');
        } else {
            string(b, String.valueOf(v));
        }
    }

    private static void newline(StringBuilder b, int indent, int depth) {
        if (indent >= 0) {
            b.append('\n');
            b.append(" ".repeat(indent * depth));
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
