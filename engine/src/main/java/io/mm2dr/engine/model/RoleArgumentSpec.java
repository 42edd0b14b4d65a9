package io.mm2dr.engine.model;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.YamlMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A role's {@code meta/argument_specs.yml} (or the {@code argument_specs} of its
 * {@code meta/main.yml}), read with the place of every option, and the check Ansible 2.14 runs
 * before the role's tasks ("Validating arguments against arg spec 'main'"): each declared option
 * found among the task's variables (or given as a role parameter) must have its type, its
 * choices, its list elements' type and its nested options' rules; required options must be
 * there; a role parameter that is no option is refused. As in Ansible, nothing is converted or
 * set: a {@code default} in the spec documents the one in {@code defaults/main.yml}. Values are
 * converted by the modules' argument reader ({@link ArgSpec}) to see whether they can be.
 */
public final class RoleArgumentSpec {
    /** What a value of a {@code no_log} option reads as in a message. */
    static final String MASK = "********";
    private static final Set<String> TYPES = Set.of("str", "int", "float", "bool", "list", "dict", "path", "raw");

    /** One declared option, where it is declared. */
    public record Option(String name, ArgType type, boolean required, List<Object> choices, ArgType elements,
                         List<Option> options, boolean noLog, SourcePos pos) {
    }

    /** One entry point ({@code main}, or a {@code tasks_from} file's name). */
    public record EntryPoint(String name, String shortDescription, List<Option> options, Object data, SourcePos pos) {
    }

    /**
     * The check of one use of a role: its entry point's options, the role parameters given where
     * it is used, and where it is used.
     */
    public record Check(String roleName, Path rolePath, EntryPoint entryPoint, Map<String, Object> params, SourcePos usedAt) {

        /** The task's name, as Ansible's. */
        public String taskName() {
            return "Validating arguments against arg spec '" + entryPoint.name() + "'"
                    + (entryPoint.shortDescription() == null ? "" : " - " + entryPoint.shortDescription());
        }

        /**
         * What is wrong with these values (the declared options found among the task's
         * variables, already templated, with the role parameters over them), each with the place
         * of the option it is about; empty when the role may run.
         */
        public List<Problem> problems(Map<String, Object> values) {
            List<Problem> out = new ArrayList<>();
            validate(entryPoint.options(), values, null, entryPoint.pos(), out);
            Set<String> unknown = new TreeSet<>(params.keySet());
            entryPoint.options().forEach(o -> unknown.remove(o.name()));
            for (String name : unknown) {
                out.add(new Problem(name + ". Supported parameters include: " + names(entryPoint.options()) + ".", usedAt));
            }
            Set<String> secrets = new TreeSet<>((a, b) -> a.length() != b.length() ? b.length() - a.length() : a.compareTo(b));
            noLogValues(entryPoint.options(), values, secrets);
            if (secrets.isEmpty()) {
                return out;
            }
            List<Problem> masked = new ArrayList<>();
            for (Problem p : out) {
                String m = p.message();
                for (String s : secrets) {
                    m = m.replace(s, MASK);
                }
                masked.add(new Problem(m, p.pos()));
            }
            return masked;
        }
    }

    /** One error: Ansible's text, and the place it is about (the option's declaration, or the role's use). */
    public record Problem(String message, SourcePos pos) {
    }

    private RoleArgumentSpec() {
    }

    // ------------------------------------------------------------------ reading

    /** The entry points of a role's argument specs document, or an empty map when it declares none. */
    public static Map<String, EntryPoint> read(Object doc, Path file) {
        if (doc == null) {
            return Map.of();
        }
        SourcePos filePos = new SourcePos(file, 1, 1);
        if (!(doc instanceof YamlMap top)) {
            throw new PlaybookError("argument specs must be a mapping with 'argument_specs'", filePos);
        }
        Object specs = top.get("argument_specs");
        if (specs == null) {
            return Map.of();
        }
        if (!(specs instanceof YamlMap entries)) {
            throw new PlaybookError("'argument_specs' must map entry points (main, or a tasks file's name) to their options",
                    top.posOf("argument_specs"));
        }
        Map<String, EntryPoint> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            SourcePos p = entries.posOf(e.getKey());
            if (!(e.getValue() instanceof YamlMap entry)) {
                throw new PlaybookError("the entry point '" + e.getKey() + "' must be a mapping (short_description, options)", p);
            }
            Object sd = entry.get("short_description");
            List<Option> options = options(entry.get("options"), entry.posOf("options"));
            out.put(e.getKey(), new EntryPoint(e.getKey(), sd == null ? null : String.valueOf(sd), options,
                    plain(entry.get("options")), p));
        }
        return out;
    }

    private static List<Option> options(Object value, SourcePos p) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof YamlMap m)) {
            throw new PlaybookError("'options' must map argument names to their specs", p);
        }
        List<Option> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            SourcePos op = m.posOf(e.getKey());
            if (!(e.getValue() instanceof YamlMap o)) {
                throw new PlaybookError("the argument '" + e.getKey() + "' must be a mapping (type, required, default, choices...)", op);
            }
            ArgType type = type(o, "type", ArgType.STR);
            ArgType elements = o.containsKey("elements") ? type(o, "elements", null) : null;
            Object required = o.get("required");
            if (required != null && !(required instanceof Boolean)) {
                throw new PlaybookError("'required' of the argument '" + e.getKey() + "' must be true or false", o.posOf("required"));
            }
            Object choices = o.get("choices");
            if (choices != null && !(choices instanceof List)) {
                throw new PlaybookError("'choices' of the argument '" + e.getKey() + "' must be a list", o.posOf("choices"));
            }
            Object noLog = o.get("no_log");
            if (noLog != null && !(noLog instanceof Boolean)) {
                throw new PlaybookError("'no_log' of the argument '" + e.getKey() + "' must be true or false", o.posOf("no_log"));
            }
            out.add(new Option(e.getKey(), type, Boolean.TRUE.equals(required),
                    choices == null ? null : new ArrayList<>((List<?>) choices), elements,
                    options(o.get("options"), o.posOf("options")), Boolean.TRUE.equals(noLog), op));
        }
        return List.copyOf(out);
    }

    private static ArgType type(YamlMap o, String key, ArgType absent) {
        Object t = o.get(key);
        if (t == null) {
            return absent;
        }
        String name = String.valueOf(t).toLowerCase(Locale.ROOT);
        if (!TYPES.contains(name)) {
            throw new PlaybookError("'" + key + "' must be one of " + String.join(", ", new TreeSet<>(TYPES)) + ", found '" + t + "'",
                    o.posOf(key));
        }
        return ArgType.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static Object plain(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), plain(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(RoleArgumentSpec::plain).toList();
        }
        return v;
    }

    // ------------------------------------------------------------------ checking

    /** Ansible's order: missing required options, then each option's type and choices, then nested options. */
    private static void validate(List<Option> options, Map<?, ?> values, String parent, SourcePos where, List<Problem> out) {
        String in = parent == null ? "" : " found in " + parent;
        List<String> missing = new ArrayList<>();
        SourcePos firstMissing = null;
        for (Option o : options) {
            if (o.required() && values.get(o.name()) == null) {
                missing.add(o.name());
                firstMissing = firstMissing == null ? o.pos() : firstMissing;
            }
        }
        if (!missing.isEmpty()) {
            out.add(new Problem("missing required arguments: " + String.join(", ", new TreeSet<>(missing)) + in, firstMissing));
        }
        List<Runnable> nested = new ArrayList<>();
        for (Option o : options) {
            Object v = values.get(o.name());
            if (v == null) {
                continue;
            }
            Object converted;
            try {
                converted = convert(o.name(), o.type(), o.choices(), v);
            } catch (ArgumentError e) {
                String msg = e.getMessage();
                if (parent != null) {
                    msg = msg.replaceFirst(" and we were unable", " found in '" + parent + "'. and we were unable")
                            .replaceFirst(", got: (.*)$", ", got: $1" + in);
                }
                out.add(new Problem(msg, o.pos()));
                continue;
            }
            if (o.elements() != null && converted instanceof List<?> l) {
                for (Object item : l) {
                    try {
                        convert(o.name(), o.elements(), null, item);
                    } catch (ArgumentError e) {
                        out.add(new Problem(e.getMessage().replaceFirst("^argument '", "Elements value for option '"), o.pos()));
                        break;
                    }
                }
            }
            if (!o.options().isEmpty() && converted instanceof Map<?, ?> m) {
                String path = parent == null ? o.name() : parent + "." + o.name();
                nested.add(() -> {
                    validate(o.options(), m, path, o.pos(), out);
                    Set<String> unknown = new TreeSet<>();
                    m.keySet().forEach(k -> unknown.add(String.valueOf(k)));
                    o.options().forEach(x -> unknown.remove(x.name()));
                    for (String k : unknown) {
                        out.add(new Problem(path + "." + k + ". Supported parameters include: " + names(o.options()) + ".", o.pos()));
                    }
                });
            }
        }
        nested.forEach(Runnable::run);
    }

    /**
     * The text of every value given to a {@code no_log} option, at any depth (each scalar of a
     * list or dict), as Ansible collects them to keep them out of messages; unlike Ansible
     * (whose choices error prints the value), no message shows them.
     */
    private static void noLogValues(List<Option> options, Map<?, ?> values, Set<String> out) {
        for (Option o : options) {
            Object v = values.get(o.name());
            if (v == null) {
                continue;
            }
            if (o.noLog()) {
                scalars(v, out);
            } else if (!o.options().isEmpty() && v instanceof Map<?, ?> m) {
                noLogValues(o.options(), m, out);
            }
        }
    }

    private static void scalars(Object v, Set<String> out) {
        if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> scalars(x, out));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> scalars(x, out));
        } else if (v != null && !String.valueOf(v).isEmpty()) {
            out.add(String.valueOf(v));
        }
    }

    private static Object convert(String name, ArgType type, List<Object> choices, Object value) {
        ArgSpec.ArgBuilder arg = ArgSpec.builder().arg(name, type);
        if (choices != null) {
            arg.choices(choices.toArray());
        }
        Map<String, Object> given = new HashMap<>();
        given.put(name, value);
        return arg.add().build().validate(given).get(name);
    }

    private static String names(List<Option> options) {
        return String.join(", ", new TreeSet<>(options.stream().map(Option::name).toList()));
    }
}
