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
 *
 * <p>Over 500 lines on purpose: a registry, one short method per lookup sharing the argument,
 * {@code wantlist} and file search rules; the lookups are each small, and splitting the registry
 * would scatter those shared rules.
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
        return joined(values);
    }

    @Function({"query", "q"})
    public static Object query(String plugin, Object... args) {
        List<Object> terms = new ArrayList<>();
        Map<String, Object> options = new LinkedHashMap<>();
        PythonMethods.splitArgs(args, terms, options);
        List<Object> values = run(plugin, terms, options);
        return values == null ? new ArrayList<>() : values;
    }

    /** Ansible's {@code now(utc=False, fmt=None)}: the local (or UTC) time, or that time formatted. */
    @Function("now")
    public static Object now(Object... args) {
        List<Object> positional = new ArrayList<>();
        Map<String, Object> named = new LinkedHashMap<>();
        PythonMethods.splitArgs(args, positional, named);
        Object utc = positional.size() > 0 ? positional.get(0) : named.getOrDefault("utc", false);
        Object fmt = positional.size() > 1 ? positional.get(1) : named.get("fmt");
        java.time.LocalDateTime t = Templar.truthy(PlainData.unwrap(utc))
                ? java.time.LocalDateTime.now(java.time.ZoneOffset.UTC) : java.time.LocalDateTime.now();
        PyDateTime now = new PyDateTime(t, null);
        return fmt == null ? now : now.strftime(PythonMethods.str(PlainData.unwrap(fmt)));
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

    /** The lookup plugins this engine has (each also usable as {@code ansible.builtin.<name>}). */
    static final java.util.Set<String> NAMES = java.util.Set.of("env", "file", "template", "vars", "pipe", "lines",
            "fileglob", "first_found", "dict", "items", "indexed_items", "list", "sequence", "together", "nested",
            "subelements", "varnames");

    static java.util.Set<String> names() {
        return NAMES;
    }

    /** The plugin's short name, or null when there is no such plugin ({@code ansible.builtin.X} is X). */
    static String pluginName(String name) {
        String full = JinjaEvaluation.builtinName(name);
        String n = full.startsWith("ansible.builtin.") ? full.substring("ansible.builtin.".length()) : full;
        return NAMES.contains(n) ? n : null;
    }

    /** Ansible's lookup() result: the list, or its strings joined with ',', or its one non-string item. */
    private static Object joined(List<Object> values) {
        boolean allStrings = values.stream().allMatch(v -> PlainData.unwrap(v) instanceof CharSequence);
        if (allStrings) {
            return values.stream().map(PythonMethods::str).collect(Collectors.joining(","));
        }
        return values.size() == 1 ? values.get(0) : values;
    }

    /** Runs a lookup plugin; null when it failed and errors='ignore'. */
    private static List<Object> run(String plugin, List<Object> terms, Map<String, Object> options) {
        String errors = PythonMethods.str(options.getOrDefault("errors", "strict"));
        String name = pluginName(plugin);
        LookupPlugin contributed = name == null ? contributed(plugin) : null;
        if (name == null && contributed == null) {
            throw new TemplateError("lookup plugin '" + plugin + "' not found");
        }
        try {
            if (contributed != null) {
                // plain Java data for a plugin outside the engine: lists, maps, strings, numbers
                List<Object> plainTerms = new ArrayList<>();
                for (Object t : flat(terms)) {
                    plainTerms.add(PlainData.plain(t));
                }
                Map<String, Object> plainOptions = new java.util.LinkedHashMap<>();
                options.forEach((k, v) -> plainOptions.put(k, PlainData.plain(v)));
                return contributed.run(plainTerms, plainOptions);
            }
            List<Object> given = new ArrayList<>();
            for (Object term : terms) {
                given.add(StrictUndefined.require(term));
            }
            return run(name, given, options, VariableContext.current());
        } catch (TemplateError e) {
            if ("ignore".equals(errors) || "warn".equals(errors)) {
                return null;
            }
            throw e;
        }
    }

    /** Whether a lookup plugin of that name exists, built in or contributed. */
    static boolean exists(String plugin) {
        return pluginName(plugin) != null || contributed(plugin) != null;
    }

    /** The contributed plugins by name, loaded at the first lookup no built-in plugin answers. */
    private static volatile Map<String, LookupPlugin> contributed;

    private static LookupPlugin contributed(String name) {
        Map<String, LookupPlugin> plugins = contributed;
        if (plugins == null) {
            plugins = new java.util.HashMap<>();
            for (LookupPlugin p : java.util.ServiceLoader.load(LookupPlugin.class, LookupPlugin.class.getClassLoader())) {
                for (String n : p.names()) {
                    plugins.put(n, p);
                }
            }
            contributed = plugins;
        }
        return plugins.get(name);
    }

    private static List<Object> flat(List<Object> terms) {
        List<Object> flatTerms = new ArrayList<>();
        for (Object term : terms) {
            Object t = PlainData.unwrap(term);
            if (t instanceof List<?> l) {
                flatTerms.addAll(l);
            } else {
                flatTerms.add(t);
            }
        }
        return flatTerms;
    }

    private static List<Object> run(String name, List<Object> terms, Map<String, Object> options, VariableContext ctx) {
        return switch (name) {
            case "env" -> env(flat(terms), options);
            case "file" -> file(flat(terms), options);
            case "template" -> template(flat(terms), options);
            case "vars" -> vars(flat(terms), options);
            case "pipe" -> pipe(flat(terms), false);
            case "lines" -> pipe(flat(terms), true);
            case "fileglob" -> fileglob(flat(terms), ctx);
            case "first_found" -> firstFound(terms, options, ctx);
            case "dict" -> dictItems(flat(terms));
            case "items" -> flat(terms);
            case "list" -> new ArrayList<>(terms);
            case "indexed_items" -> indexed(flat(terms));
            case "sequence" -> terms.isEmpty() ? new ArrayList<>() : Sequence.generate(flat(terms), options);
            case "together" -> together(terms);
            case "nested" -> nested(terms);
            case "subelements" -> subelements(terms, options);
            case "varnames" -> varnames(flat(terms), ctx);
            default -> throw new TemplateError("lookup plugin '" + name + "' not found");
        };
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

    /** file: the content, right-stripped unless rstrip=False, left-stripped with lstrip=True. */
    private static List<Object> file(List<Object> terms, Map<String, Object> options) {
        boolean rstrip = CoreFilters.toBool(options.getOrDefault("rstrip", true));
        boolean lstrip = CoreFilters.toBool(options.getOrDefault("lstrip", false));
        List<Object> out = new ArrayList<>();
        TemplateContext ctx = VariableContext.current().templateContext();
        for (Object term : terms) {
            Path path = locate(PythonMethods.str(term), ctx, "files", "file");
            out.add(PythonMethods.strip(read(path), null, lstrip, rstrip));
        }
        return out;
    }

    private static final java.util.Set<String> TEMPLATE_OPTIONS = java.util.Set.of("convert_data", "template_vars",
            "jinja2_native", "variable_start_string", "variable_end_string", "comment_start_string",
            "comment_end_string", "errors", "wantlist");

    /**
     * template: the file rendered with the current variables, {@code template_vars} on top, and the
     * variables Ansible adds ({@code ansible_managed}, {@code template_path}...), with the variable and
     * comment delimiters it is given.
     */
    private static List<Object> template(List<Object> terms, Map<String, Object> options) {
        for (String key : options.keySet()) {
            if (!TEMPLATE_OPTIONS.contains(key)) {
                throw new TemplateError("lookup('template'): unsupported option '" + key + "'");
            }
        }
        JinjaOptions jinja = JinjaOptions.DEFAULT;
        for (Map.Entry<String, Object> option : options.entrySet()) {
            if (option.getKey().endsWith("_string") && option.getValue() != null) {
                jinja = jinja.with(option.getKey(), PlainData.unwrap(option.getValue()));
            }
        }
        boolean convertData = CoreFilters.toBool(options.getOrDefault("convert_data", true));
        boolean nativeTypes = CoreFilters.toBool(options.getOrDefault("jinja2_native", false));
        Object templateVars = PlainData.unwrap(options.get("template_vars"));
        List<Object> out = new ArrayList<>();
        VariableContext current = VariableContext.current();
        RenderSession session = current.session();
        for (Object term : terms) {
            Path path = locate(PythonMethods.str(term), current.templateContext(), "templates", "template");
            List<Path> searchPaths = new ArrayList<>();
            searchPaths.add(path.toAbsolutePath().getParent());
            searchPaths.addAll(current.templateContext().searchPaths());
            String content = read(path);
            Map<String, Object> scope = current.scope();
            Map<String, Object> extra = new LinkedHashMap<>(TemplateVars.of(path, null));
            if (templateVars instanceof Map<?, ?> m) {
                m.forEach((k, v) -> extra.put(PlainData.keyString(k), v));
            }
            Map<String, Object> merged = new LinkedHashMap<>(scope);
            merged.putAll(extra);
            boolean template = Templar.isTemplate(content) || !jinja.standardDelimiters()
                    || content.startsWith(JinjaOptions.HEADER);
            Object rendered = template
                    ? session.templar().renderString(session, content, merged, new TemplateContext(searchPaths),
                            convertData || nativeTypes, jinja)
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

    /** The playbook's folder, where Ansible runs pipe commands and resolves globs. */
    private static Path baseDir(VariableContext ctx) {
        Object dir = ctx.scope().get("playbook_dir");
        if (dir != null && !(dir instanceof StrictUndefined)) {
            return Path.of(PythonMethods.str(PlainData.unwrap(dir)));
        }
        List<Path> paths = ctx.templateContext().searchPaths();
        return paths.isEmpty() ? Path.of("").toAbsolutePath() : paths.get(paths.size() - 1);
    }

    /** pipe: each command's stdout, right-stripped; lines: its lines. A failing command is an error. */
    private static List<Object> pipe(List<Object> terms, boolean lines) {
        List<Object> out = new ArrayList<>();
        Path cwd = baseDir(VariableContext.current());
        for (Object term : terms) {
            String command = PythonMethods.str(term);
            try {
                Process p = new ProcessBuilder("/bin/sh", "-c", command).directory(cwd.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int rc = p.waitFor();
                if (rc != 0) {
                    throw new TemplateError("lookup_plugin." + (lines ? "lines" : "pipe") + "(" + command
                            + ") returned " + rc);
                }
                if (lines) {
                    out.addAll(JinjaTextFilters.splitlines(stdout));
                } else {
                    out.add(stdout.replaceAll("\\s+$", ""));
                }
            } catch (IOException e) {
                throw new TemplateError("lookup_plugin.pipe(" + command + "): " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TemplateError("lookup_plugin.pipe(" + command + ") interrupted");
            }
        }
        return out;
    }

    /** fileglob: the files matching each pattern (relative ones in the files/ folders), sorted. */
    private static List<Object> fileglob(List<Object> terms, VariableContext ctx) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            String pattern = PythonMethods.str(term);
            Path p = Path.of(pattern);
            String dirPart = p.getParent() == null ? "" : p.getParent().toString();
            String filePart = p.getFileName().toString();
            List<Path> dirs = new ArrayList<>();
            if (p.isAbsolute()) {
                dirs.add(Path.of(dirPart));
            } else {
                for (Path base : ctx.templateContext().searchPaths()) {
                    dirs.add(base.resolve("files").resolve(dirPart));
                    dirs.add(base.resolve(dirPart));
                }
                if (dirs.isEmpty()) {
                    dirs.add(baseDir(ctx).resolve(dirPart));
                }
            }
            java.nio.file.PathMatcher matcher = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + filePart);
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                List<String> found = new ArrayList<>();
                try (var stream = Files.list(dir)) {
                    stream.filter(Files::isRegularFile).filter(f -> matcher.matches(f.getFileName()))
                            .filter(f -> !f.getFileName().toString().startsWith(".") || filePart.startsWith("."))
                            .forEach(f -> found.add(f.toAbsolutePath().normalize().toString()));
                } catch (IOException e) {
                    continue;
                }
                if (!found.isEmpty()) {
                    java.util.Collections.sort(found);
                    out.addAll(found);
                    break;
                }
            }
        }
        return out;
    }

    /** first_found: the first existing file of files x paths; {@code skip=True} gives [] when none. */
    private static List<Object> firstFound(List<Object> terms, Map<String, Object> options, VariableContext ctx) {
        List<String> candidates = new ArrayList<>();
        boolean skip = CoreFilters.toBool(options.getOrDefault("skip", false));
        List<Object> all = new ArrayList<>(terms);
        if (options.containsKey("files")) {
            all.add(Map.of("files", options.get("files"), "paths", options.getOrDefault("paths", List.of())));
        }
        for (Object term : flat(all)) {
            Object t = PlainData.unwrap(term);
            if (t instanceof Map<?, ?> m) {
                List<String> files = splitList(m.get("files"));
                List<String> paths = splitList(m.get("paths"));
                if (m.containsKey("skip")) {
                    skip = CoreFilters.toBool(m.get("skip"));
                }
                if (paths.isEmpty()) {
                    candidates.addAll(files);
                } else {
                    for (String path : paths) {
                        for (String file : files) {
                            candidates.add(Path.of(path).resolve(file).toString());
                        }
                    }
                }
            } else {
                candidates.add(PythonMethods.str(t));
            }
        }
        for (String candidate : candidates) {
            try {
                Path found = locate(candidate, ctx.templateContext(), "files", "first_found");
                return new ArrayList<>(List.of(found.toAbsolutePath().normalize().toString()));
            } catch (TemplateError notThere) {
                // next one
            }
        }
        if (skip) {
            return new ArrayList<>();
        }
        throw new TemplateError("No file was found when using first_found.");
    }

    /** A list, or a string split on commas, semicolons and whitespace (Ansible's _split_on). */
    private static List<String> splitList(Object value) {
        Object v = PlainData.unwrap(value);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof CharSequence cs) {
            for (String part : cs.toString().split("[,;\\s]+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
            return out;
        }
        for (Object o : PlainData.asIterable(v)) {
            out.addAll(splitList(o));
        }
        return out;
    }

    /** dict: each dict as [{'key': k, 'value': v}, ...]. */
    private static List<Object> dictItems(List<Object> terms) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            Object t = PlainData.unwrap(term);
            if (!(t instanceof Map<?, ?> m)) {
                throw new TemplateError("with_dict expects a dict");
            }
            m.forEach((k, v) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("key", k);
                item.put("value", v);
                out.add(item);
            });
        }
        return out;
    }

    private static List<Object> indexed(List<Object> items) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(PyTuple.of((long) i, items.get(i)));
        }
        return out;
    }

    private static List<Object> lists(List<Object> terms, String plugin) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            Object t = PlainData.unwrap(term);
            if (!(t instanceof List<?>)) {
                throw new TemplateError("with_" + plugin + " requires lists, got " + PythonRepr.typeName(t));
            }
            out.add(t);
        }
        if (out.isEmpty()) {
            throw new TemplateError("with_" + plugin + " requires at least one element in each list");
        }
        return out;
    }

    /** together: the lists zipped, shorter ones padded with None. */
    private static List<Object> together(List<Object> terms) {
        List<Object> lists = lists(terms, "together");
        int n = lists.stream().mapToInt(l -> ((List<?>) l).size()).max().orElse(0);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>();
            for (Object l : lists) {
                List<?> list = (List<?>) l;
                Object v = i < list.size() ? list.get(i) : null;
                if (PlainData.unwrap(v) instanceof List<?> inner) {
                    row.addAll(inner);
                } else {
                    row.add(v);
                }
            }
            out.add(row);
        }
        return out;
    }

    /** nested: every combination, as flat lists. */
    private static List<Object> nested(List<Object> terms) {
        List<Object> lists = lists(terms, "nested");
        List<List<Object>> result = new ArrayList<>();
        result.add(new ArrayList<>());
        for (Object l : lists) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : result) {
                for (Object item : (List<?>) l) {
                    List<Object> row = new ArrayList<>(prefix);
                    if (PlainData.unwrap(item) instanceof List<?> inner) {
                        row.addAll(inner);
                    } else {
                        row.add(item);
                    }
                    next.add(row);
                }
            }
            result = next;
        }
        return new ArrayList<>(result);
    }

    /** subelements: [list_or_dict, 'key.path'(, {'skip_missing': True})]. */
    private static List<Object> subelements(List<Object> terms, Map<String, Object> options) {
        List<Object> t = new ArrayList<>(terms);
        if (t.size() == 1 && PlainData.unwrap(t.get(0)) instanceof List<?> l && l.size() >= 2) {
            t = new ArrayList<>(l);
        }
        if (t.size() < 2 || t.size() > 3) {
            throw new TemplateError("subelements lookup expects a list of two or three items");
        }
        boolean skipMissing = CoreFilters.toBool(options.getOrDefault("skip_missing", false));
        if (t.size() == 3 && PlainData.unwrap(t.get(2)) instanceof Map<?, ?> flags) {
            for (Object k : flags.keySet()) {
                if (!"skip_missing".equals(k)) {
                    throw new TemplateError("the optional third item of subelements must be a dict with flags"
                            + " skip_missing");
                }
            }
            skipMissing = CoreFilters.toBool(flags.get("skip_missing"));
        }
        // the lookup (unlike the filter) hands out each element without its sub-element key
        String last = PythonMethods.str(PlainData.unwrap(t.get(1)));
        last = last.substring(last.lastIndexOf('.') + 1);
        List<Object> out = new ArrayList<>();
        for (Object pair : MoreAnsibleFilters.subelements(t.get(0), t.get(1), skipMissing)) {
            List<?> p = (List<?>) pair;
            Object element = PlainData.plain(p.get(0));
            if (element instanceof Map<?, ?> m && !PythonMethods.str(PlainData.unwrap(t.get(1))).contains(".")) {
                Map<Object, Object> copy = new LinkedHashMap<>(m);
                copy.remove(last);
                element = copy;
            }
            out.add(PyTuple.of(element, p.get(1)));
        }
        return out;
    }

    /** varnames: names of the variables matching any of the regular expressions. */
    private static List<Object> varnames(List<Object> terms, VariableContext ctx) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            java.util.regex.Pattern p = RegexFilters.compile(PythonMethods.str(term), false, false);
            for (String name : ctx.scope().keySet()) {
                if (p.matcher(name).find() && !out.contains(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /** Finds {@code name} (absolute, or relative to the search paths); the error lists where it looked. */
    static Path locate(String name, TemplateContext ctx, String subFolder, String plugin) {
        // as Ansible: a name starting with ~ is the user's, not one to search for
        Path given = Path.of(io.mm2dr.engine.files.UserPaths.expandUser(name));
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
