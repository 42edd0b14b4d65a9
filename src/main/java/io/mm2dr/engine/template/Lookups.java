package io.mm2dr.engine.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Global functions: {@code lookup()}, {@code query()}/{@code q()} with the {@code env}, {@code file},
 * {@code template} and {@code vars} lookups, and {@code dict()}. ({@code range()} is jinjava's.)
 *
 * <p>Files named relatively are searched in the {@link TemplateContext}'s folders, in order, each
 * folder's {@code files/} (or {@code templates/}) sub-folder first, as Ansible does.
 */
final class Lookups {
    /** Marks a static method registered as a global function under the given names. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Function {
        String[] value();
    }

    private Lookups() {
    }

    @Function("lookup")
    public static Object lookup(String plugin, Object... args) {
        List<Object> terms = new ArrayList<>();
        Map<String, Object> options = new LinkedHashMap<>();
        PythonMethods.splitArgs(args, terms, options);
        List<Object> values = run(plugin, terms, options);
        if (values == null) {
            return "";
        }
        if (CoreFilters.toBool(options.getOrDefault("wantlist", false))) {
            return values;
        }
        if (values.size() == 1) {
            return values.get(0);
        }
        return values.stream().map(PythonMethods::str).collect(Collectors.joining(","));
    }

    @Function({"query", "q"})
    public static Object query(String plugin, Object... args) {
        List<Object> terms = new ArrayList<>();
        Map<String, Object> options = new LinkedHashMap<>();
        PythonMethods.splitArgs(args, terms, options);
        List<Object> values = run(plugin, terms, options);
        return values == null ? new ArrayList<>() : values;
    }

    /** {@code dict(a=1, b=2)} or {@code dict([['a', 1], ['b', 2]])}. */
    @Function("dict")
    public static Object dict(Object... args) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object arg : args == null ? new Object[0] : args) {
            if (arg instanceof NamedParameter np) {
                out.put(np.getName(), np.getValue());
            } else if (PlainData.unwrap(arg) instanceof Map<?, ?> m) {
                m.forEach((k, v) -> out.put(PlainData.keyString(k), v));
            } else {
                for (Object pair : PlainData.asIterable(arg)) {
                    List<?> kv = new ArrayList<>(PlainData.asCollection(pair));
                    out.put(PlainData.keyString(kv.get(0)), kv.get(1));
                }
            }
        }
        return out;
    }

    /** Runs a lookup plugin; null when it failed and errors='ignore'. */
    private static List<Object> run(String plugin, List<Object> terms, Map<String, Object> options) {
        String errors = PythonMethods.str(options.getOrDefault("errors", "strict"));
        try {
            List<Object> flatTerms = new ArrayList<>();
            for (Object term : terms) {
                Object t = PlainData.unwrap(StrictUndefined.require(term));
                if (t instanceof List<?> l) {
                    flatTerms.addAll(l);
                } else {
                    flatTerms.add(t);
                }
            }
            return switch (plugin) {
                case "env" -> env(flatTerms, options);
                case "file" -> file(flatTerms);
                case "template" -> template(flatTerms, options);
                case "vars" -> vars(flatTerms, options);
                default -> throw new TemplateError("lookup plugin '" + plugin + "' not found");
            };
        } catch (TemplateError e) {
            if ("ignore".equals(errors) || "warn".equals(errors)) {
                return null;
            }
            throw e;
        }
    }

    private static List<Object> env(List<Object> terms, Map<String, Object> options) {
        Object fallback = options.getOrDefault("default", "");
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            String value = System.getenv(PythonMethods.str(term));
            out.add(value == null ? fallback : value);
        }
        return out;
    }

    private static List<Object> file(List<Object> terms) {
        List<Object> out = new ArrayList<>();
        TemplateContext ctx = VariableContext.current().templateContext();
        for (Object term : terms) {
            Path path = locate(PythonMethods.str(term), ctx, "files", "file");
            out.add(PythonMethods.strip(read(path), null, false, true));
        }
        return out;
    }

    /** The template lookup's options besides the Jinja ones (accepted; rendering is always to text here). */
    private static final java.util.Set<String> TEMPLATE_LOOKUP_OPTIONS = java.util.Set.of(
            "convert_data", "jinja2_native", "template_vars", "variable_start_string", "variable_end_string",
            "comment_start_string", "comment_end_string", "wantlist", "errors");

    private static List<Object> template(List<Object> terms, Map<String, Object> options) {
        List<Object> out = new ArrayList<>();
        VariableContext current = VariableContext.current();
        RenderSession session = current.session();
        JinjaOptions jinja = JinjaOptions.DEFAULT;
        Map<String, Object> scope = current.scope();
        for (Map.Entry<String, Object> option : options.entrySet()) {
            String name = option.getKey();
            if (!TEMPLATE_LOOKUP_OPTIONS.contains(name)) {
                throw new TemplateError("lookup('template'): unknown option '" + name + "'");
            }
            if (name.endsWith("_string") && option.getValue() != null) {
                jinja = jinja.with(name, PlainData.unwrap(option.getValue()));
            } else if (name.equals("template_vars") && PlainData.unwrap(option.getValue()) instanceof Map<?, ?> extra) {
                Map<String, Object> merged = new LinkedHashMap<>(scope);
                extra.forEach((k, v) -> merged.put(PlainData.keyString(k), v));
                scope = merged;
            }
        }
        for (Object term : terms) {
            Path path = locate(PythonMethods.str(term), current.templateContext(), "templates", "template");
            List<Path> searchPaths = new ArrayList<>();
            searchPaths.add(path.toAbsolutePath().getParent());
            searchPaths.addAll(current.templateContext().searchPaths());
            String content = read(path);
            boolean template = Templar.isTemplate(content) || !jinja.standardDelimiters()
                    || content.startsWith(JinjaOptions.HEADER);
            Object rendered = template
                    ? session.templar().renderString(session, content, scope, new TemplateContext(searchPaths), false, jinja)
                    : content;
            out.add(rendered);
        }
        return out;
    }

    private static List<Object> vars(List<Object> terms, Map<String, Object> options) {
        VariableContext current = VariableContext.current();
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            String name = PythonMethods.str(term);
            Object value = current.session().variable(name, current.scope());
            if (value instanceof StrictUndefined) {
                if (options.containsKey("default")) {
                    value = options.get("default");
                } else {
                    throw new UndefinedVariableError(name, "No variable found with this name: " + name);
                }
            }
            out.add(value);
        }
        return out;
    }

    /** Finds {@code name} (absolute, or relative to the search paths); the error lists where it looked. */
    static Path locate(String name, TemplateContext ctx, String subFolder, String plugin) {
        Path given = Path.of(name);
        List<Path> candidates = new ArrayList<>();
        if (given.isAbsolute()) {
            candidates.add(given);
        } else {
            for (Path base : ctx.searchPaths()) {
                candidates.add(base.resolve(subFolder).resolve(name));
                candidates.add(base.resolve(name));
            }
            if (ctx.searchPaths().isEmpty()) {
                candidates.add(given);
            }
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new TemplateError("lookup('" + plugin + "'): could not find '" + name + "' (searched: "
                + candidates.stream().map(Path::toString).collect(Collectors.joining(", ")) + ")");
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemplateError("could not read " + path + ": " + e.getMessage());
        }
    }
}
