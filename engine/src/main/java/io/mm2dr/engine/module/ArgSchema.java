package io.mm2dr.engine.module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A module's {@link ArgSpec} as a JSON Schema (draft-07) fragment, for {@code runner schema}:
 * each argument's type (with Ansible's conversions the engine makes: {@code "3"} is an int,
 * {@code yes} a bool, a scalar a one-item list), choices as an enum, its default, its aliases as
 * properties too, nested options as objects with no other keys, and the spec's rules (required,
 * mutually exclusive, required one of, required if, required by). A template ({@code "{{ ... }}"})
 * is accepted wherever a typed value goes, since it is typed only when the task runs. The fragments
 * refer to {@code #/definitions/templated} and {@code #/definitions/bool}, which
 * {@link #commonDefinitions()} declares.
 */
public final class ArgSchema {
    /** What YAML and Ansible read as a boolean (besides true and false). */
    private static final List<Object> BOOL_WORDS = List.of("yes", "no", "Yes", "No", "YES", "NO", "true", "false", "True", "False",
            "TRUE", "FALSE", "on", "off", "On", "Off", "ON", "OFF", "y", "n", "Y", "N", "t", "f", "1", "0", 1, 0);

    private ArgSchema() {
    }

    /** The definitions the fragments refer to. */
    public static Map<String, Object> commonDefinitions() {
        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put("templated", map("type", "string", "pattern", "\\{\\{|\\{%",
                "description", "a Jinja template, evaluated when the task runs"));
        defs.put("bool", map("anyOf", List.of(map("type", "boolean"), map("enum", BOOL_WORDS), ref("templated"))));
        return defs;
    }

    /** A JSON Schema reference to one of the schema's definitions. */
    public static Map<String, Object> ref(String definition) {
        return map("$ref", "#/definitions/" + definition);
    }

    /**
     * The schema of a mapping of arguments: their properties (aliases too), the rules, and no other
     * key unless the spec is open-ended ({@code set_fact}) or takes free-form text
     * ({@code _raw_params}).
     */
    public static Map<String, Object> object(ArgSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "object");
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Object> allOf = new ArrayList<>();
        List<String> required = new ArrayList<>();
        for (ArgSpec.Arg a : spec.args()) {
            Map<String, Object> s = arg(a);
            properties.put(a.name(), s);
            for (String alias : a.aliases()) {
                Map<String, Object> as = new LinkedHashMap<>(s);
                as.put("description", "alias of " + a.name() + (a.description().isEmpty() ? "" : ": " + a.description()));
                properties.put(alias, as);
            }
            if (a.required()) {
                if (a.aliases().isEmpty()) {
                    required.add(a.name());
                } else {
                    List<Object> any = new ArrayList<>();
                    any.add(map("required", List.of(a.name())));
                    a.aliases().forEach(alias -> any.add(map("required", List.of(alias))));
                    allOf.add(map("anyOf", any));
                }
            }
        }
        if (spec.freeForm()) {
            properties.put("_raw_params", map("type", "string", "description", "the free-form text"));
        }
        out.put("properties", properties);
        if (!required.isEmpty()) {
            out.put("required", required);
        }
        for (List<String> group : spec.mutuallyExclusive()) {
            for (int i = 0; i < group.size(); i++) {
                for (int j = i + 1; j < group.size(); j++) {
                    allOf.add(map("not", map("required", List.of(group.get(i), group.get(j)))));
                }
            }
        }
        for (List<String> group : spec.requiredOneOf()) {
            allOf.add(map("anyOf", group.stream().map(n -> (Object) map("required", List.of(n))).toList()));
        }
        for (ArgSpec.RequiredIf rule : spec.requiredIf()) {
            Map<String, Object> when = new LinkedHashMap<>();
            when.put("properties", map(rule.name(), map("const", rule.value())));
            ArgSpec.Arg subject = spec.args().stream().filter(a -> a.name().equals(rule.name())).findFirst().orElseThrow();
            if (!rule.value().equals(subject.defaultValue())) {
                when.put("required", List.of(rule.name()));  // absent, it is its default, which is not the value
            }
            allOf.add(map("if", when, "then", map("required", rule.required())));
        }
        if (!spec.requiredBy().isEmpty()) {
            out.put("dependencies", new LinkedHashMap<>(spec.requiredBy()));
        }
        if (!allOf.isEmpty()) {
            out.put("allOf", allOf);
        }
        out.put("additionalProperties", spec.openEnded());
        return out;
    }

    /** One argument: its type's schema, its choices, default and description. */
    static Map<String, Object> arg(ArgSpec.Arg a) {
        Map<String, Object> typed = typed(a.type(), a.elements(), a.options(), a.choices(), a.notEmpty());
        Map<String, Object> out = new LinkedHashMap<>();
        String description = a.description().isEmpty() ? a.name() : a.description();
        out.put("description", description + (a.secret() ? " (secret: never shown)" : ""));
        if (a.defaultValue() != null) {
            out.put("default", a.defaultValue());
        }
        List<Object> any = new ArrayList<>(alternatives(typed));
        if (!a.required()) {
            any.add(map("type", "null"));   // an argument given no value is as if absent
        }
        if (any.size() == 1) {
            out.putAll(typed);
        } else {
            out.put("anyOf", any);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> alternatives(Map<String, Object> schema) {
        if (schema.size() == 1 && schema.get("anyOf") instanceof List<?> l) {
            return (List<Object>) l;
        }
        return List.of(schema);
    }

    /** The schema of a value of a type: as the engine converts it, or a template. */
    static Map<String, Object> typed(ArgType type, ArgType elements, ArgSpec options, List<Object> choices, boolean notEmpty) {
        if (choices != null) {
            return map("anyOf", List.of(map("enum", choices), ref("templated")));
        }
        return switch (type) {
            case RAW -> new LinkedHashMap<>();
            case STR, PATH -> notEmpty ? map("type", List.of("string", "number", "boolean"), "minLength", 1)
                    : map("type", List.of("string", "number", "boolean"));
            case INT -> map("anyOf", List.of(map("type", "integer"), map("type", "string", "pattern", "^\\s*[-+]?[0-9]+\\s*$"),
                    ref("templated")));
            case FLOAT -> map("anyOf", List.of(map("type", "number"),
                    map("type", "string", "pattern", "^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$"), ref("templated")));
            case BOOL -> ref("bool");
            case DICT -> options != null ? map("anyOf", List.of(object(options), ref("templated")))
                    : map("anyOf", List.of(map("type", "object"), ref("templated")));
            case LIST -> list(elements, options, notEmpty);
        };
    }

    private static Map<String, Object> list(ArgType elements, ArgSpec options, boolean notEmpty) {
        Map<String, Object> array = new LinkedHashMap<>();
        array.put("type", "array");
        if (elements != null) {
            array.put("items", typed(elements, null, options, null, false));
        }
        if (notEmpty) {
            array.put("minItems", 1);
        }
        if (elements == ArgType.DICT || elements == ArgType.LIST) {
            return map("anyOf", List.of(array, ref("templated")));   // a text makes no list of mappings
        }
        // a text is split at commas, any other scalar is a list of one
        return map("anyOf", List.of(array, map("type", List.of("string", "number", "boolean"))));
    }

    /** A mapping of alternating keys and values, in order. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
