package io.mm2dr.modules.domain;

import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.template.TemplateError;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.YamlList;
import io.mm2dr.engine.yaml.YamlLoader;
import io.mm2dr.engine.yaml.YamlMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topology as a stage will use it, with where each value was written. Values are the task's
 * variables, templated (so {@code -e}, the inventory and Jinja defaults count); places come from
 * the topology files, re-read with the position-aware loader: a value is placed in a file when the
 * variable still holds what that file says, else where its own YAML came from ({@code -e @file},
 * inline {@code -e}), else at the file's key with a note that it was set elsewhere.
 */
final class TopologySource {
    /** A variable of the topology: its templated value and what locates the parts of it. */
    private record Variable(Object value, SourcePos keyPos, Object positioned, String note) {
    }

    /** A value that could not be templated: its problem is reported instead. */
    static final Object UNTEMPLATED = new Object() {
        @Override
        public String toString() {
            return "<not templated>";
        }
    };

    private final ModuleContext ctx;
    private final List<Path> files;
    private final List<YamlMap> documents = new ArrayList<>();
    private final Map<String, Variable> variables = new HashMap<>();
    private final List<TopologyFields.Problem> sourceProblems = new ArrayList<>();
    private final Map<String, TopologyFields.Problem> templateErrors = new LinkedHashMap<>();
    private final Map<String, Integer> templateErrorCounts = new HashMap<>();

    TopologySource(ModuleContext ctx, List<Path> files) {
        this.ctx = ctx;
        this.files = List.copyOf(files);
        for (Path f : files) {
            List<String> warnings = new ArrayList<>();
            Object doc = new YamlLoader(warnings::add).load(f);
            documents.add(doc instanceof YamlMap m ? m : new YamlMap(new SourcePos(f, 1, 1)));
            for (String w : warnings) {
                Matcher m = DUPLICATE_KEY.matcher(w);
                if (m.matches()) {
                    sourceProblems.add(new TopologyFields.Problem(new SourcePos(f, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))),
                            m.group(3) + " is defined twice in the same mapping: YAML keeps only the last one, the first is ignored"));
                }
            }
        }
    }

    /** The loader's warning for a key given twice ({@code FILE:LINE:COL: duplicate key 'k', the last one is used}). */
    private static final Pattern DUPLICATE_KEY = Pattern.compile(".*:(\\d+):(\\d+): duplicate key '(.*)', the last one is used");

    List<Path> files() {
        return files;
    }

    /**
     * Problems of the files themselves (a key given twice) and of templating the variables read so
     * far; a template error met again in values that use the first one (every {@code "{{
     * regions.primary }}"} after {@code regions.primary} itself) is counted with the first.
     */
    List<TopologyFields.Problem> sourceProblems() {
        List<TopologyFields.Problem> out = new ArrayList<>(sourceProblems);
        templateErrors.forEach((message, first) -> {
            int again = templateErrorCounts.get(message) - 1;
            out.add(again == 0 ? first : new TopologyFields.Problem(first.pos(), first.text() + " (and " + again + " more value"
                    + (again == 1 ? "" : "s") + " of the topology that use it)"));
        });
        return out;
    }

    boolean defined(String key) {
        return ctx.vars().containsKey(key) && ctx.vars().get(key) != null || documentDefining(key) >= 0;
    }

    /** The templated value of a topology variable; null when it is not defined. */
    Object value(String key) {
        return variable(key).value();
    }

    /** Where a part of a variable was written: {@code path} holds map keys and list indexes. */
    SourcePos pos(String key, List<Object> path) {
        Variable v = variable(key);
        SourcePos best = v.keyPos();
        Object node = v.positioned();
        for (Object step : path) {
            if (node instanceof YamlMap m && step instanceof String s && m.containsKey(s)) {
                best = m.posOf(s);
                node = m.get(s);
            } else if (node instanceof YamlList l && step instanceof Integer i && i < l.size()) {
                best = l.posOf(i);
                node = l.get(i);
            } else {
                break;
            }
        }
        return best;
    }

    /** Why the places of a variable are approximate (set outside the topology files), or null. */
    String note(String key) {
        return variable(key).note();
    }

    private Variable variable(String key) {
        Variable v = variables.get(key);
        if (v == null) {
            v = resolve(key);
            variables.put(key, v);
        }
        return v;
    }

    private int documentDefining(String key) {
        for (int i = documents.size() - 1; i >= 0; i--) {
            if (documents.get(i).containsKey(key)) {
                return i;
            }
        }
        return -1;
    }

    private Variable resolve(String key) {
        Object raw = ctx.vars().get(key);
        int doc = documentDefining(key);
        SourcePos keyPos = doc >= 0 ? documents.get(doc).posOf(key) : new SourcePos(files.get(0), 0, 0);
        Object positioned;
        String note = null;
        if (doc >= 0 && Objects.equals(documents.get(doc).get(key), raw)) {
            positioned = documents.get(doc).get(key);
        } else if (raw instanceof YamlMap m && m.pos().file() != null) {
            positioned = raw;
            keyPos = m.pos();
        } else if (raw instanceof YamlList l && l.pos().file() != null) {
            positioned = raw;
            keyPos = l.pos();
        } else {
            positioned = null;
            if (raw != null) {
                note = key + " is set outside " + (doc >= 0 ? SourcePos.displayPath(files.get(doc)) : "the topology files")
                        + " (with -e or in the inventory)";
            }
        }
        Object value = raw == null ? null : template(raw, key, new ArrayList<>(), keyPos, positioned);
        return new Variable(value, keyPos, positioned, note);
    }

    /** Templates leaf by leaf, so that a value that cannot be templated is reported where it was written. */
    private Object template(Object raw, String key, List<Object> path, SourcePos at, Object positioned) {
        if (raw instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                path.add(k);
                SourcePos p = positioned instanceof YamlMap pm && pm.containsKey(k) ? pm.posOf(k) : at;
                out.put(k, template(e.getValue(), key, path, p, positioned instanceof YamlMap pm2 ? pm2.get(k) : null));
                path.remove(path.size() - 1);
            }
            return out;
        }
        if (raw instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                path.add(i);
                SourcePos p = positioned instanceof YamlList pl && i < pl.size() ? pl.posOf(i) : at;
                out.add(template(l.get(i), key, path, p, positioned instanceof YamlList pl2 && i < pl2.size() ? pl2.get(i) : null));
                path.remove(path.size() - 1);
            }
            return out;
        }
        if (Templar.isTemplate(raw)) {
            try {
                return ctx.template(raw);
            } catch (TemplateError e) {
                templateErrors.putIfAbsent(e.getMessage(), new TopologyFields.Problem(at, TopologyFields.fieldName(key, path)
                        + " cannot be templated: " + e.getMessage()));
                templateErrorCounts.merge(e.getMessage(), 1, Integer::sum);
                return UNTEMPLATED;
            }
        }
        return raw instanceof CharSequence cs ? cs.toString() : raw;
    }
}
