package io.mm2dr.engine.model;

import io.mm2dr.engine.model.Keyword.Level;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.KeyValueArgs;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleRegistry;
import io.mm2dr.engine.module.Names;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.template.UnsafeText;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.YamlList;
import io.mm2dr.engine.yaml.YamlLoader;
import io.mm2dr.engine.yaml.YamlMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns task lists into blocks and tasks: keywords checked and read through {@link KeywordTable},
 * the action found (module key, {@code action:} or {@code local_action:}), its arguments parsed
 * and checked against the module's spec, loops and {@code loop_control} read. Static imports
 * ({@code import_tasks}, {@code import_role}) are expanded here.
 */
final class TaskParser {
    private final ModuleRegistry modules;
    private final YamlLoader yaml;
    private final LoadChecks checks;
    private RoleLoader roles;

    /** Role keys of the play being loaded (import_role adds to them). */
    private Set<String> playRoleKeys;
    /** Handlers of roles imported with import_role in the play being loaded. */
    private final List<Task> importedHandlers = new ArrayList<>();

    TaskParser(ModuleRegistry modules, YamlLoader yaml, LoadChecks checks) {
        this.modules = modules;
        this.yaml = yaml;
        this.checks = checks;
    }

    void roles(RoleLoader roleLoader) {
        this.roles = roleLoader;
    }

    /** Starts loading a play: the roles it runs (each once) and the handlers import_role brings. */
    void startPlay(Set<String> roleKeys) {
        this.playRoleKeys = roleKeys;
        importedHandlers.clear();
    }

    List<Task> importedHandlers() {
        return importedHandlers;
    }

    // ---------------------------------------------------------------- task files and lists

    /** A task file as a block of its tasks (an empty file is an empty block). */
    Block taskFile(Path file, Role role) {
        Object doc = yaml.load(file);
        if (doc == null) {
            return Block.container(List.of(), null);
        }
        if (!(doc instanceof YamlList)) {
            throw new PlaybookError("a task file must be a list of tasks, found " + LoadChecks.describe(doc), LoadChecks.pos(doc, file));
        }
        return Block.container(taskList(doc, LoadChecks.pos(doc, file), new PlaybookLoader.Context(file, file.getParent(), role), false), null);
    }

    List<TaskNode> taskList(Object v, SourcePos p, PlaybookLoader.Context ctx, boolean handlers) {
        if (!(v instanceof List<?> list)) {
            throw new PlaybookError("expected a list of tasks, found " + LoadChecks.describe(v), p);
        }
        List<TaskNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            SourcePos ip = list instanceof YamlList yl ? yl.posOf(i) : p;
            if (!(item instanceof YamlMap m)) {
                throw new PlaybookError("a task must be a mapping, found " + LoadChecks.describe(item), ip);
            }
            out.add(taskNode(m, ctx, handlers));
        }
        return out;
    }

    private TaskNode taskNode(YamlMap m, PlaybookLoader.Context ctx, boolean handler) {
        if (m.containsKey(KeywordTable.BLOCK_BODY.name())) {
            return block(m, ctx, handler);
        }
        for (Keyword k : List.of(KeywordTable.RESCUE, KeywordTable.ALWAYS)) {
            if (m.containsKey(k.name())) {
                throw new PlaybookError("'" + k.name() + "' is only valid together with 'block'", m.posOf(k.name()));
            }
        }
        return task(m, ctx, handler);
    }

    private Block block(YamlMap m, PlaybookLoader.Context ctx, boolean handler) {
        for (String k : m.keySet()) {
            if (!KeywordTable.knownAt(k, Level.BLOCK)) {
                throw KeywordTable.unknown(k, KeywordTable.namesAt(Level.BLOCK), "block", m.posOf(k));
            }
        }
        KeywordTable.refuseUnsupported(m, Level.BLOCK);
        delegateTo(m);
        TaskNode.Keywords kw = keywords(m);
        List<TaskNode> body = section(m, KeywordTable.BLOCK_BODY, ctx, handler);
        List<TaskNode> rescue = section(m, KeywordTable.RESCUE, ctx, handler);
        List<TaskNode> always = section(m, KeywordTable.ALWAYS, ctx, handler);
        return new Block(kw, body, rescue, always, null, true);
    }

    private List<TaskNode> section(YamlMap m, Keyword k, PlaybookLoader.Context ctx, boolean handler) {
        Object v = m.get(k.name());
        return v == null ? List.of() : taskList(v, m.posOf(k.name()), ctx, handler);
    }

    // ---------------------------------------------------------------- tasks

    private TaskNode task(YamlMap m, PlaybookLoader.Context ctx, boolean handler) {
        String action = null;
        Object argsValue = null;
        SourcePos actionPos = m.pos();
        List<String> unknown = new ArrayList<>();
        for (String k : m.keySet()) {
            if (KeywordTable.knownAt(k, Level.TASK)) {
                continue;
            }
            if (isAction(k)) {
                if (action != null) {
                    throw new PlaybookError("conflicting action statements: " + action + ", " + k, m.posOf(k));
                }
                action = k;
                argsValue = m.get(k);
                actionPos = m.posOf(k);
            } else {
                unknown.add(k);
            }
        }
        String actionKey = m.containsKey(KeywordTable.ACTION.name()) ? KeywordTable.ACTION.name()
                : m.containsKey(KeywordTable.LOCAL_ACTION.name()) ? KeywordTable.LOCAL_ACTION.name() : null;
        if (action == null && actionKey != null) {
            Object spec = m.get(actionKey);
            actionPos = m.posOf(actionKey);
            if (spec instanceof Map<?, ?> am && am.get("module") != null) {
                action = String.valueOf(am.get("module"));
                Map<String, Object> rest = new LinkedHashMap<>();
                am.forEach((k, v) -> {
                    if (!"module".equals(k)) {
                        rest.put(String.valueOf(k), v);
                    }
                });
                argsValue = rest;
            } else if (spec instanceof String s && !s.isBlank()) {
                String[] parts = s.trim().split("\\s+", 2);
                action = parts[0];
                argsValue = parts.length > 1 ? parts[1] : null;
            } else {
                throw new PlaybookError("'" + actionKey + "' needs a module name", actionPos);
            }
            if (!isAction(action)) {
                throw unknownModule(action, actionPos);
            }
        }
        if (action == null) {
            if (!unknown.isEmpty()) {
                String k = unknown.get(0);
                throw unknownModule(k, m.posOf(k));
            }
            throw new PlaybookError("no module/action detected in task", m.pos());
        }
        if (!unknown.isEmpty()) {
            String k = unknown.get(0);
            Set<String> allowed = KeywordTable.namesAt(Level.TASK);
            String near = Names.nearest(k, allowed);
            if (near != null || modules.find(k) == null) {
                throw KeywordTable.unknown(k, allowed, "task", m.posOf(k));
            }
            throw new PlaybookError("conflicting action statements: " + action + ", " + k, m.posOf(k));
        }
        KeywordTable.refuseUnsupported(m, Level.TASK);
        delegateTo(m);
        TaskNode.Keywords kw = keywords(m);
        Map<String, Object> args = args(action, argsValue, m, actionPos);
        Object loop = loop(m);
        boolean withItems = loop != null && !m.containsKey(KeywordTable.LOOP.name());
        Task.LoopControl lc = loopControl(m);
        String register = (String) KeywordTable.REGISTER.read(m);
        if (register != null && !register.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new PlaybookError("register: '" + register + "' is not a valid variable name", m.posOf("register"));
        }
        List<String> notify = names(KeywordTable.NOTIFY, m);
        List<String> listen = names(KeywordTable.LISTEN, m);
        if (!handler && !listen.isEmpty()) {
            throw new PlaybookError("'listen' is only valid for handlers", m.posOf("listen"));
        }
        Task t = new Task(kw, action, args, loop, withItems, lc, register, conditions(KeywordTable.UNTIL, m),
                NumberOrTemplate.of(KeywordTable.RETRIES.read(m)), NumberOrTemplate.of(KeywordTable.DELAY.read(m)),
                conditions(KeywordTable.FAILED_WHEN, m), conditions(KeywordTable.CHANGED_WHEN, m), notify, listen, null);
        checks.templates(m, m.pos());
        if (PlaybookLoader.IMPORT_TASKS.contains(action)) {
            return importTasks(t, ctx);
        }
        if (PlaybookLoader.IMPORT_ROLE.contains(action)) {
            return importRole(t, ctx);
        }
        return t;
    }

    private static void delegateTo(YamlMap m) {
        Object d = KeywordTable.DELEGATE_TO.read(m);
        if (d != null && !"localhost".equals(d) && !"127.0.0.1".equals(d)) {
            throw new PlaybookError("delegate_to supports only localhost: runner runs every task on this machine", m.posOf("delegate_to"));
        }
    }

    /** {@code loop} or one {@code with_<lookup>}, as the executor reads it, or null. */
    private static Object loop(YamlMap m) {
        Object loop = null;
        int loops = 0;
        for (String k : m.keySet()) {
            if (k.equals(KeywordTable.LOOP.name()) || KeywordTable.isWithLoop(k)) {
                loops++;
                loop = m.get(k);
                if (k.equals(KeywordTable.WITH_DICT.name())) {
                    loop = new LinkedHashMap<>(Map.of("__with_dict__", loop == null ? "" : loop));
                } else if (k.equals(KeywordTable.WITH_ITEMS.name())) {
                    loop = new LinkedHashMap<>(Map.of("__with_items__", loop == null ? List.of() : loop));
                } else if (!k.equals(KeywordTable.LOOP.name()) && !k.equals(KeywordTable.WITH_LIST.name())) {
                    // with_<lookup>: the lookup of that name turns the terms into the items
                    Map<String, Object> spec = new LinkedHashMap<>();
                    spec.put("__with__", k.substring("with_".length()));
                    spec.put("__terms__", loop);
                    loop = spec;
                }
            }
        }
        if (loops > 1) {
            throw new PlaybookError("use only one of loop and the with_<lookup> keywords", m.pos());
        }
        return loop;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> conditions(Keyword k, YamlMap m) {
        Object v = k.read(m);
        return v == null ? List.of() : (List<Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Keyword k, YamlMap m) {
        Object v = k.read(m);
        return v == null ? List.of() : (List<String>) v;
    }

    private boolean isAction(String name) {
        return modules.find(name) != null || PlaybookLoader.isEngineAction(name);
    }

    private PlaybookError unknownModule(String name, SourcePos p) {
        List<String> names = new ArrayList<>(modules.names());
        names.addAll(List.of("include_tasks", "import_tasks", "include_role", "import_role", "meta"));
        String near = Names.nearest(name, names);
        String nearKeyword = Names.nearest(name, KeywordTable.namesAt(Level.TASK));
        String hint = near != null ? " (did you mean '" + near + "'?)"
                : nearKeyword != null ? " (did you mean the keyword '" + nearKeyword + "'?)" : "";
        return new PlaybookError("couldn't resolve module/action '" + name + "'" + hint, p);
    }

    private Map<String, Object> args(String action, Object argsValue, YamlMap m, SourcePos actionPos) {
        Map<String, Object> args = new LinkedHashMap<>();
        Module module = modules.find(action);
        boolean freeForm = module == null || module.spec().freeForm();
        Set<String> known = module == null ? Set.of() : module.spec().allowedNames();
        if (argsValue instanceof Map<?, ?> am) {
            am.forEach((k, v) -> args.put(String.valueOf(k), v));
        } else if (argsValue instanceof String s) {
            if (PlaybookLoader.isEngineAction(action)) {
                args.putAll(KeyValueArgs.parse(s, true, Set.of("file", "name", "tasks_from", "apply")));
            } else {
                args.putAll(KeyValueArgs.parse(s, freeForm, known));
            }
        } else if (argsValue instanceof UnsafeText u) {
            args.put("_raw_params", u);
        } else if (argsValue != null) {
            throw new PlaybookError("the arguments of '" + action + "' must be a mapping or a string, found "
                    + LoadChecks.describe(argsValue), actionPos);
        }
        for (Map.Entry<String, Object> e : LoadChecks.mapping(KeywordTable.ARGS, m).entrySet()) {
            args.putIfAbsent(e.getKey(), e.getValue());
        }
        if (module != null) {
            try {
                module.spec().checkNames(args.keySet(), true);
                if (!module.spec().freeForm() && args.containsKey("_raw_params")) {
                    throw new ArgumentError("'" + action + "' does not take free-form text; write its arguments as key: value");
                }
            } catch (ArgumentError e) {
                throw new PlaybookError(action + ": " + e.getMessage(), actionPos);
            }
        } else if (PlaybookLoader.META.contains(action)) {
            Object what = args.get("_raw_params");
            if (!(what instanceof String s) || !PlaybookLoader.META_ACTIONS.contains(s) || args.size() != 1) {
                throw new PlaybookError("meta: expected one of " + String.join(", ", new java.util.TreeSet<>(PlaybookLoader.META_ACTIONS)), actionPos);
            }
        }
        return args;
    }

    /** The keywords every node (play, block, task) has, read through the table. */
    TaskNode.Keywords keywords(YamlMap m) {
        TaskNode.Keywords kw = new TaskNode.Keywords();
        kw.pos = m.pos();
        kw.name = (String) KeywordTable.NAME.read(m);
        kw.when = conditions(KeywordTable.WHEN, m);
        kw.tags = new LinkedHashSet<>(names(KeywordTable.TAGS, m));
        kw.vars = LoadChecks.mapping(KeywordTable.VARS, m);
        kw.ignoreErrors = (Boolean) KeywordTable.IGNORE_ERRORS.read(m);
        kw.noLog = (Boolean) KeywordTable.NO_LOG.read(m);
        kw.checkMode = (Boolean) KeywordTable.CHECK_MODE.read(m);
        kw.diff = (Boolean) KeywordTable.DIFF.read(m);
        kw.environment = LoadChecks.mapping(KeywordTable.ENVIRONMENT, m);
        kw.moduleDefaults = checks.moduleDefaults(m);
        return kw;
    }

    private static final Set<String> LOOP_CONTROL = Set.of("loop_var", "index_var", "label", "pause", "extended", "extended_allitems");

    private static Task.LoopControl loopControl(YamlMap m) {
        Object v = m.get(KeywordTable.LOOP_CONTROL.name());
        if (v == null) {
            return Task.LoopControl.DEFAULT;
        }
        if (!(v instanceof YamlMap lc)) {
            throw new PlaybookError("'loop_control' must be a mapping", m.posOf("loop_control"));
        }
        for (String k : lc.keySet()) {
            if (!LOOP_CONTROL.contains(k)) {
                throw KeywordTable.unknown(k, LOOP_CONTROL, "loop_control", lc.posOf(k));
            }
        }
        String loopVar = lc.get("loop_var") == null ? "item" : String.valueOf(lc.get("loop_var"));
        String indexVar = lc.get("index_var") == null ? null : String.valueOf(lc.get("index_var"));
        return new Task.LoopControl(loopVar, indexVar, lc.get("label"), lc.get("pause"), Boolean.TRUE.equals(lc.get("extended")));
    }

    // ---------------------------------------------------------------- static imports

    private Block importTasks(Task t, PlaybookLoader.Context ctx) {
        Object file = t.args.getOrDefault("file", t.args.get("_raw_params"));
        if (!(file instanceof String f) || Templar.isTemplate(f)) {
            throw new PlaybookError("import_tasks needs a static file name (use include_tasks for a templated one)", t.pos);
        }
        Path path = findTaskFile(f, ctx, t.pos);
        Block inner = taskFile(path, ctx.role());
        TaskNode.Keywords kw = inherited(t);
        kw.vars = t.vars;
        kw.diff = t.diff;
        return Block.container(kw, List.of(inner), null);
    }

    /** The keywords an import passes to what it imports. */
    private static TaskNode.Keywords inherited(Task t) {
        TaskNode.Keywords kw = new TaskNode.Keywords();
        kw.name = t.name;
        kw.pos = t.pos;
        kw.when = t.when;
        kw.tags = t.tags;
        kw.ignoreErrors = t.ignoreErrors;
        kw.noLog = t.noLog;
        kw.checkMode = t.checkMode;
        kw.environment = t.environment;
        return kw;
    }

    /** Finds a task file: in the role's tasks/ or the role's folder, beside the including file, or absolute. */
    Path findTaskFile(String name, PlaybookLoader.Context ctx, SourcePos p) {
        List<Path> tried = new ArrayList<>();
        Path given = Path.of(name);
        if (given.isAbsolute()) {
            tried.add(given);
        } else {
            if (ctx.role() != null) {
                // as Ansible: <role>/tasks/NAME, unless NAME already starts with tasks/; then <role>/NAME
                if (!given.getName(0).toString().equals("tasks")) {
                    tried.add(ctx.role().path.resolve("tasks").resolve(name));
                }
                tried.add(ctx.role().path.resolve(name));
            }
            if (ctx.dir() != null) {
                tried.add(ctx.dir().resolve(name));
            }
        }
        for (Path candidate : tried) {
            if (Files.isRegularFile(candidate)) {
                return candidate.normalize();
            }
        }
        throw new PlaybookError("could not find task file '" + name + "'; looked in: "
                + String.join(", ", tried.stream().map(SourcePos::displayPath).toList()), p);
    }

    private Block importRole(Task t, PlaybookLoader.Context ctx) {
        Object name = t.args.get("name");
        if (!(name instanceof String n) || Templar.isTemplate(n)) {
            throw new PlaybookError("import_role needs a static role name (use include_role for a templated one)", t.pos);
        }
        String tasksFrom = t.args.get("tasks_from") == null ? null : String.valueOf(t.args.get("tasks_from"));
        // an imported role runs each time it is imported, as with include_role (allow_duplicates
        // defaults to yes for both); its dependencies still once per play
        Object allow = t.args.get("allow_duplicates");
        boolean allowDuplicates = !(Boolean.FALSE.equals(allow) || "false".equalsIgnoreCase(String.valueOf(allow))
                || "no".equalsIgnoreCase(String.valueOf(allow)));
        List<Role> loaded = roles.withDependencies(new RoleLoader.Use(n, t.vars, Map.of(), tasksFrom, t.pos), ctx.dir(), ctx.role(),
                playRoleKeys == null ? new HashSet<>() : playRoleKeys, allowDuplicates);
        List<TaskNode> blocks = new ArrayList<>();
        for (Role r : loaded) {
            blocks.add(Block.container(List.of(r.tasks), r));
        }
        importedHandlers.addAll(loaded.stream().flatMap(r -> r.handlers.stream()).toList());
        return Block.container(inherited(t), blocks, null);
    }
}
