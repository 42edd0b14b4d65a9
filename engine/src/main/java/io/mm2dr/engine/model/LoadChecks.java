package io.mm2dr.engine.model;

import io.mm2dr.engine.module.ModuleRegistry;
import io.mm2dr.engine.template.TemplateError;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.YamlList;
import io.mm2dr.engine.yaml.YamlMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the loader checks in values beyond their type: templates are valid Jinja, bare expressions
 * name only known filters, tests and lookups, and {@code module_defaults} names known modules.
 * Also how the loader describes a value it did not expect.
 */
final class LoadChecks {
    /** Keywords whose values are bare Jinja expressions. */
    private static final Set<String> BARE_EXPRESSIONS = Set.of(KeywordTable.WHEN.name(), KeywordTable.FAILED_WHEN.name(),
            KeywordTable.CHANGED_WHEN.name(), KeywordTable.UNTIL.name());

    private final Templar templar;
    private final ModuleRegistry modules;

    LoadChecks(Templar templar, ModuleRegistry modules) {
        this.templar = templar;
        this.modules = modules;
    }

    /** Every template in a task's mapping is valid; unknown names in its bare expressions are refused. */
    void templates(Object value, SourcePos p) {
        if (value instanceof String s) {
            if (Templar.isTemplate(s)) {
                try {
                    templar.validate(s);
                } catch (TemplateError e) {
                    throw new PlaybookError("template error: " + e.getMessage() + " in \"" + s + "\"", p);
                }
            }
        } else if (value instanceof YamlMap m) {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                templates(e.getValue(), m.posOf(e.getKey()));
                if (BARE_EXPRESSIONS.contains(e.getKey())) {
                    names(e.getValue(), m.posOf(e.getKey()));
                }
            }
        } else if (value instanceof YamlList l) {
            for (int i = 0; i < l.size(); i++) {
                templates(l.get(i), l.posOf(i));
            }
        }
    }

    private void names(Object value, SourcePos p) {
        if (value instanceof String s && !Templar.isTemplate(s)) {
            try {
                templar.validateNames(s);
            } catch (TemplateError e) {
                throw new PlaybookError("template error: " + e.getMessage() + " in \"" + s + "\"", p);
            }
        } else if (value instanceof List<?> l) {
            for (Object o : l) {
                names(o, p);
            }
        }
    }

    /**
     * {@code module_defaults}: a mapping (or a list of mappings) from a module name, or
     * {@code group/<name>}, to the arguments it gets when the task does not give them.
     */
    Map<String, Map<String, Object>> moduleDefaults(YamlMap m) {
        Object v = KeywordTable.MODULE_DEFAULTS.read(m);
        if (v == null) {
            return Map.of();
        }
        SourcePos p = m.posOf(KeywordTable.MODULE_DEFAULTS.name());
        List<Object> parts = v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Object part : parts) {
            if (!(part instanceof Map<?, ?> pm)) {
                throw new PlaybookError("'module_defaults' must map module names (or group/<name>) to their arguments, found "
                        + describe(part), p);
            }
            for (Map.Entry<?, ?> e : pm.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof Map<?, ?> args)) {
                    throw new PlaybookError("module_defaults for '" + name + "' must be a mapping of arguments, found "
                            + describe(e.getValue()), p);
                }
                if (!name.startsWith("group/") && modules.find(name) == null) {
                    throw new PlaybookError("module_defaults names an unknown module '" + name + "'", p);
                }
                Map<String, Object> a = out.computeIfAbsent(name, k -> new LinkedHashMap<>());
                args.forEach((k, val) -> a.put(String.valueOf(k), val));
            }
        }
        return out;
    }

    /** A mapping keyword's value with string keys (a copy). */
    static Map<String, Object> mapping(Keyword k, YamlMap m) {
        Object v = k.read(m);
        if (v == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) v).forEach((key, val) -> out.put(String.valueOf(key), val));
        return out;
    }

    /** A value the loader did not expect, in words: "a mapping", "the string 'x'". */
    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof String s) {
            return "the string '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        return "the value " + v;
    }

    /** Where a loaded document starts, for errors about it as a whole. */
    static SourcePos pos(Object v, Path file) {
        if (v instanceof YamlMap m) {
            return m.pos();
        }
        if (v instanceof YamlList l) {
            return l.pos();
        }
        return new SourcePos(file, 1, 1);
    }
}
