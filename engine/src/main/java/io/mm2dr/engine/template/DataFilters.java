package io.mm2dr.engine.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.lib.filter.Filter;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Structured-data filters: JSON and YAML in and out ({@code to_json}, {@code to_nice_json},
 * {@code from_json}, {@code to_yaml}, {@code to_nice_yaml}, {@code from_yaml}), {@code json_query}
 * (JMESPath), {@code combine}, {@code dict2items}, {@code items2dict}.
 */
final class DataFilters {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);
    /** JMESPath, set up at the first json_query (registering the filters does not load it). */
    private static final class JmesPath {
        static final JacksonRuntime RUNTIME = new JacksonRuntime();

        private JmesPath() {
        }
    }

    private DataFilters() {
    }

    static List<Filter> all() {
        return List.of(
                new AnsibleFilter("to_json", (in, a) -> toJson(PlainData.plain(in), a.bool(-1, "sort_keys", false),
                        a.get(-1, "indent", null) != null ? a.integer(-1, "indent", 0) : -1, a.bool(-1, "ensure_ascii", true))),
                new AnsibleFilter("to_nice_json", (in, a) -> toJson(PlainData.plain(in), a.bool(1, "sort_keys", true),
                        a.integer(0, "indent", 4), a.bool(-1, "ensure_ascii", true))),
                new AnsibleFilter("from_json", (in, a) -> fromJson(StringFilters.text(in))),
                new AnsibleFilter("to_yaml", (in, a) -> toYaml(PlainData.plain(in), a.integer(-1, "indent", 2), false)),
                new AnsibleFilter("to_nice_yaml", (in, a) -> toYaml(PlainData.plain(in), a.integer(0, "indent", 4), true)),
                new AnsibleFilter("from_yaml", (in, a) -> fromYaml(StringFilters.text(in))),
                new AnsibleFilter("json_query", (in, a) -> jsonQuery(in, a.string(0, "expr", ""))),
                new AnsibleFilter("combine", DataFilters::combine),
                new AnsibleFilter("dict2items", (in, a) -> dict2items(in, a.string(-1, "key_name", "key"),
                        a.string(-1, "value_name", "value"))),
                new AnsibleFilter("items2dict", (in, a) -> items2dict(in, a.string(-1, "key_name", "key"),
                        a.string(-1, "value_name", "value"))));
    }

    // ---------------------------------------------------------------- JSON

    /** Python's json.dumps: ", " and ": " separators, or indented with "," at line ends. */
    static String toJson(Object value, boolean sortKeys, int indent) {
        return toJson(value, sortKeys, indent, false);
    }

    /** As Python's json.dumps; {@code ensureAscii} writes every non-ASCII character as a \\u escape. */
    static String toJson(Object value, boolean sortKeys, int indent, boolean ensureAscii) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, value, sortKeys, indent, 0);
        if (!ensureAscii) {
            return sb.toString();
        }
        StringBuilder ascii = new StringBuilder(sb.length());
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (c > 0x7e) {
                ascii.append(String.format("\\u%04x", (int) c));
            } else {
                ascii.append(c);
            }
        }
        return ascii.toString();
    }

    private static void writeJson(StringBuilder sb, Object value, boolean sortKeys, int indent, int level) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (value instanceof Double d) {
            sb.append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : PythonRepr.formatFloat(d));
        } else if (value instanceof Number) {
            sb.append(value);
        } else if (value instanceof String s) {
            quoteJson(sb, s);
        } else if (value instanceof Map<?, ?> map) {
            Map<?, ?> entries = sortKeys ? new TreeMap<>(map) : map;
            if (entries.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = entries.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                newline(sb, indent, level + 1);
                quoteJson(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                writeJson(sb, e.getValue(), sortKeys, indent, level + 1);
                if (it.hasNext()) {
                    sb.append(indent >= 0 ? "," : ", ");
                }
            }
            newline(sb, indent, level);
            sb.append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                newline(sb, indent, level + 1);
                writeJson(sb, list.get(i), sortKeys, indent, level + 1);
                if (i + 1 < list.size()) {
                    sb.append(indent >= 0 ? "," : ", ");
                }
            }
            newline(sb, indent, level);
            sb.append(']');
        } else {
            quoteJson(sb, value.toString());
        }
    }

    private static void newline(StringBuilder sb, int indent, int level) {
        if (indent >= 0) {
            sb.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static void quoteJson(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static Object fromJson(String text) {
        try {
            return PlainData.plain(JSON.readValue(text, Object.class));
        } catch (JsonProcessingException e) {
            throw new TemplateError("from_json: invalid JSON: " + e.getOriginalMessage());
        }
    }

    // ---------------------------------------------------------------- YAML

    static String toYaml(Object value, int indent, boolean nice) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(nice ? DumperOptions.FlowStyle.BLOCK : DumperOptions.FlowStyle.AUTO);
        options.setIndent(Math.max(2, Math.min(9, indent)));
        options.setWidth(nice ? 80 : 1_000_000);
        options.setSplitLines(false);
        options.setAllowUnicode(true);
        Representer representer = new Representer(options);
        Yaml yaml = new Yaml(representer, options);
        return yaml.dump(sortedKeys(value));
    }

    /** PyYAML sorts mapping keys by default. */
    private static Object sortedKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), sortedKeys(v)));
            return new LinkedHashMap<>(sorted);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(sortedKeys(v)));
            return out;
        }
        return value;
    }

    static Object fromYaml(String text) {
        try {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            return PlainData.plain(yaml.load(text));
        } catch (YAMLException e) {
            throw new TemplateError("from_yaml: invalid YAML: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- JMESPath

    private static final java.util.regex.Pattern LITERAL = java.util.regex.Pattern.compile("`([^`]*)`");

    /**
     * Python's jmespath (what Ansible uses) still accepts a literal that is not JSON, such as
     * {@code `europe`}, as a string; playbooks rely on it. Quote such literals as JSON strings.
     */
    static String legacyLiterals(String expression) {
        java.util.regex.Matcher m = LITERAL.matcher(expression);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String body = m.group(1);
            String replacement = m.group();
            try {
                JSON.readTree(body.isBlank() ? "x" : body);
            } catch (JsonProcessingException notJson) {
                replacement = "`" + JSON.valueToTree(body.trim()).toString() + "`";
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Object jsonQuery(Object input, String expression) {
        try {
            Expression<JsonNode> compiled = JmesPath.RUNTIME.compile(legacyLiterals(expression));
            JsonNode data = JSON.valueToTree(PlainData.plain(input));
            JsonNode result = compiled.search(data);
            return PlainData.plain(JSON.treeToValue(result, Object.class));
        } catch (JmesPathException e) {
            throw new TemplateError("json_query: invalid JMESPath expression '" + expression + "': " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new TemplateError("json_query: " + e.getOriginalMessage());
        }
    }

    // ---------------------------------------------------------------- dicts

    /** {@code a | combine(b, c, recursive=True)}; also {@code [a, b] | combine}. */
    private static Object combine(Object input, FilterArgs args) {
        boolean recursive = args.bool(-1, "recursive", false);
        String listMerge = args.string(-1, "list_merge", "replace");
        if (!List.of("replace", "keep", "append", "prepend", "append_rp", "prepend_rp").contains(listMerge)) {
            throw new TemplateError("combine: 'list_merge' must be one of replace, keep, append, prepend, append_rp,"
                    + " prepend_rp; got '" + listMerge + "'");
        }
        for (String key : args.named().keySet()) {
            if (!key.equals("recursive") && !key.equals("list_merge")) {
                throw new TemplateError("'" + key + "' is an invalid keyword argument for combine()");
            }
        }
        List<Object> dicts = new ArrayList<>();
        Object in = PlainData.plain(input);
        if (in instanceof List<?> list) {
            dicts.addAll(list);
        } else {
            dicts.add(in);
        }
        for (Object arg : args.positional()) {
            Object a = PlainData.plain(arg);
            if (a instanceof List<?> list) {
                dicts.addAll(list);
            } else {
                dicts.add(a);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Object d : dicts) {
            if (!(d instanceof Map<?, ?> map)) {
                throw new TemplateError("combine: failed to combine variables, expected dicts but got " + PythonRepr.typeName(d));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) map;
            result = merge(result, m, recursive, listMerge);
        }
        return result;
    }

    /** Ansible's merge_hash(x, y, recursive, list_merge). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> x, Map<String, Object> y, boolean recursive, String listMerge) {
        if (x.isEmpty() || x.equals(y)) {
            return new LinkedHashMap<>(y);
        }
        Map<String, Object> out = new LinkedHashMap<>(x);
        for (Map.Entry<String, Object> e : y.entrySet()) {
            String key = e.getKey();
            Object yValue = e.getValue();
            if (!out.containsKey(key)) {
                out.put(key, yValue);
                continue;
            }
            Object xValue = out.get(key);
            if (xValue instanceof Map && yValue instanceof Map) {
                out.put(key, recursive
                        ? merge((Map<String, Object>) xValue, (Map<String, Object>) yValue, true, listMerge) : yValue);
                continue;
            }
            if (xValue instanceof List<?> xl && yValue instanceof List<?> yl && !"replace".equals(listMerge)) {
                List<Object> merged = new ArrayList<>();
                switch (listMerge) {
                    case "append" -> {
                        merged.addAll(xl);
                        merged.addAll(yl);
                    }
                    case "prepend" -> {
                        merged.addAll(yl);
                        merged.addAll(xl);
                    }
                    case "append_rp" -> {
                        xl.stream().filter(z -> !yl.contains(z)).forEach(merged::add);
                        merged.addAll(yl);
                    }
                    case "prepend_rp" -> {
                        merged.addAll(yl);
                        xl.stream().filter(z -> !yl.contains(z)).forEach(merged::add);
                    }
                    default -> merged.addAll(xl); // keep
                }
                out.put(key, merged);
                continue;
            }
            out.put(key, yValue);
        }
        return out;
    }

    private static Object dict2items(Object input, String keyName, String valueName) {
        Object in = PlainData.unwrap(input);
        if (!(in instanceof Map<?, ?> map)) {
            throw new TemplateError("dict2items requires a dictionary, got " + PythonRepr.typeName(in) + " instead.");
        }
        List<Object> items = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put(keyName, e.getKey());
            item.put(valueName, e.getValue());
            items.add(item);
        }
        return items;
    }

    private static Object items2dict(Object input, String keyName, String valueName) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object item : PlainData.asIterable(input)) {
            Object it = PlainData.unwrap(item);
            if (!(it instanceof Map<?, ?> m) || !m.containsKey(keyName) || !m.containsKey(valueName)) {
                throw new TemplateError("items2dict requires a list of dictionaries with '" + keyName + "' and '"
                        + valueName + "' keys");
            }
            out.put(PlainData.keyString(m.get(keyName)), m.get(valueName));
        }
        return out;
    }
}
