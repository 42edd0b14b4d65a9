package io.mm2dr.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code pprint.pformat(value)} (width 80, dict keys sorted) for plain data: the repr when
 * it fits, else one item per line, each level indented by one more column.
 */
final class PrettyPrinter {
    private static final int WIDTH = 80;

    private PrettyPrinter() {
    }

    static String pformat(Object value) {
        StringBuilder sb = new StringBuilder();
        format(sb, value, 0, 0);
        return sb.toString();
    }

    private static String repr(Object value) {
        return PythonRepr.repr(sorted(value));
    }

    /** Dict keys in sorted order at every level (pprint's sort_dicts). */
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<Object> keys = new ArrayList<>(map.keySet());
            try {
                keys.sort(CollectionFilters::compare);
            } catch (TemplateError mixedTypes) {
                keys.sort((a, b) -> PythonRepr.repr(a).compareTo(PythonRepr.repr(b)));
            }
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            for (Object k : keys) {
                out.put(k, sorted(map.get(k)));
            }
            return out;
        }
        if (value instanceof PyTuple t) {
            List<Object> out = new ArrayList<>();
            t.forEach(x -> out.add(sorted(x)));
            return new PyTuple(out);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(x -> out.add(sorted(x)));
            return out;
        }
        return value;
    }

    private static void format(StringBuilder sb, Object value, int indent, int allowance) {
        String rep = repr(value);
        if (rep.length() <= WIDTH - indent - allowance) {
            sb.append(rep);
            return;
        }
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            Map<?, ?> s = (Map<?, ?>) sorted(map);
            sb.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : s.entrySet()) {
                boolean last = ++i == s.size();
                String key = PythonRepr.repr(e.getKey());
                sb.append(key).append(": ");
                format(sb, e.getValue(), indent + 1 + key.length() + 2, last ? allowance + 1 : 1);
                if (!last) {
                    sb.append(",\n").append(" ".repeat(indent + 1));
                }
            }
            sb.append('}');
            return;
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            boolean tuple = value instanceof PyTuple;
            sb.append(tuple ? '(' : '[');
            for (int i = 0; i < list.size(); i++) {
                boolean last = i + 1 == list.size();
                format(sb, list.get(i), indent + 1, last ? allowance + 1 : 1);
                if (!last) {
                    sb.append(",\n").append(" ".repeat(indent + 1));
                }
            }
            if (tuple && list.size() == 1) {
                sb.append(',');
            }
            sb.append(tuple ? ')' : ']');
            return;
        }
        sb.append(rep);
    }
}
