package io.mm2dr.engine.model;

import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.KeyValueArgs;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleRegistry;
import io.mm2dr.engine.module.Names;
import io.mm2dr.engine.template.TemplateError;
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
import java.util.function.Consumer;

/**
 * Turns playbook, task, role and vars files into the model, refusing unknown keywords and
 * modules, unknown or missing arguments and template syntax errors with the file and line.
 * Static imports ({@code import_tasks}, {@code import_role}, {@code import_playbook}, play
 * {@code roles:}) are expanded here; dynamic includes are loaded by the executor through
 * {@link #loadTaskFile} and {@link #loadRole} when they run.
 */
public final class PlaybookLoader {
    /** Actions the engine itself carries out, not modules. */
    public static final Set<String> INCLUDE_TASKS = Set.of("include_tasks", "ansible.builtin.include_tasks");
    public static final Set<String> IMPORT_TASKS = Set.of("import_tasks", "ansible.builtin.import_tasks");
    public static final Set<String> INCLUDE_ROLE = Set.of("include_role", "ansible.builtin.include_role");
    public static final Set<String> IMPORT_ROLE = Set.of("import_role", "ansible.builtin.import_role");
    public static final Set<String> META = Set.of("meta", "ansible.builtin.meta");
    public static final Set<String> META_ACTIONS = Set.of("flush_handlers", "noop", "end_play", "end_host", "clear_host_errors",
            "refresh_inventory", "end_batch");

    private static final Set<String> COMMON_KEYWORDS = Set.of("name", "when", "tags", "vars", "ignore_errors", "no_log",
            "check_mode", "diff", "environment", "become", "become_user", "become_method", "become_flags", "delegate_to",
            "delegate_facts", "run_once", "connection", "any_errors_fatal", "ignore_unreachable", "collections",
            "module_defaults", "throttle", "timeout", "debugger");
    private static final Set<String> TASK_ONLY = Set.of("loop", "loop_control", "with_items", "with_list", "with_dict",
            "register", "until", "retries", "delay", "failed_when", "changed_when", "notify", "listen", "args", "action",
            "local_action", "async", "poll");
    private static final Set<String> BLOCK_ONLY = Set.of("block", "rescue", "always");
    /** Known to Ansible, accepted here with no effect, because everything runs on this machine. */
    private static final Set<String> HARMLESS = Set.of("connection", "collections", "debugger", "delegate_facts", "throttle",
            "any_errors_fatal", "ignore_unreachable");
    private static final Set<String> UNSUPPORTED = Set.of("become", "become_user", "become_method", "become_flags", "async",
            "poll", "timeout");
    private static final Set<String> PLAY_KEYWORDS = Set.of("name", "hosts", "vars", "vars_files", "tasks", "pre_tasks",
            "post_tasks", "handlers", "roles", "gather_facts", "connection", "tags", "become", "become_user",
            "become_method", "environment", "collections", "any_errors_fatal", "force_handlers", "ignore_errors",
            "no_log", "check_mode", "diff", "vars_prompt", "serial", "strategy", "max_fail_percentage", "module_defaults",
            "order", "run_once", "ignore_unreachable", "import_playbook", "when", "gather_subset", "gather_timeout",
            "fact_path", "throttle", "timeout", "debugger");

    /** Play keywords Ansible has that the runner refuses by name. */
    private static final List<String> PLAY_UNSUPPORTED = List.of("vars_prompt", "serial", "strategy", "become",
            "become_user", "become_method", "max_fail_percentage", "order", "when", "gather_subset", "gather_timeout",
            "fact_path");

    /** README markers of the generated keyword section. */
    public static final String KEYWORDS_BEGIN = "<!-- BEGIN supported-keywords -->";
    public static final String KEYWORDS_END = "<!-- END supported-keywords -->";

    /**
     * The README's keyword section, generated from the sets this loader checks: what each level accepts,
     * what it accepts with no effect, and what it refuses by name.
     */
    public static String keywordsReadmeSection() {
        java.util.function.Function<java.util.Collection<String>, String> list = c -> new java.util.TreeSet<>(c).stream()
                .map(k -> "`" + k + "`").collect(java.util.stream.Collectors.joining(", "));
        Set<String> play = new java.util.TreeSet<>(PLAY_KEYWORDS);
        play.removeAll(PLAY_UNSUPPORTED);
        play.removeAll(HARMLESS);
        Set<String> common = new java.util.TreeSet<>(COMMON_KEYWORDS);
        common.removeAll(UNSUPPORTED);
        common.removeAll(HARMLESS);
        Set<String> task = new java.util.TreeSet<>(TASK_ONLY);
        task.removeAll(UNSUPPORTED);
        return KEYWORDS_BEGIN + "\n"
                + "- Play: " + list.apply(play) + ".\n"
                + "- Play, block and task: " + list.apply(common) + ".\n"
                + "- Block: " + list.apply(BLOCK_ONLY) + ".\n"
                + "- Task: " + list.apply(task) + ", `with_<lookup>` for every lookup, and the module (or `action`).\n"
                + "- Accepted with no effect (everything runs on this machine): " + list.apply(HARMLESS) + ".\n"
                + "- Refused by name when the playbook is loaded: on a play " + list.apply(PLAY_UNSUPPORTED)
                + "; on a block or task " + list.apply(UNSUPPORTED) + ".\n"
                + KEYWORDS_END + "\n";
    }

    private final ModuleRegistry modules;
    private final Templar templar;
    private final YamlLoader yaml;
    private final List<Path> extraRolePaths;

    public PlaybookLoader(ModuleRegistry modules, Templar templar, Consumer<String> warnings, List<Path> rolePaths) {
        this.modules = modules;
        this.templar = templar;
        this.yaml = new YamlLoader(warnings);
        this.extraRolePaths = List.copyOf(rolePaths);
    }

    public YamlLoader yaml() {
        return yaml;
    }

    // ---------------------------------------------------------------- playbooks

    public Playbook loadPlaybook(Path file) {
        return new Playbook(file, loadPlays(file.toAbsolutePath().normalize(), new HashSet<>()));
    }

    private List<Play> loadPlays(Path file, Set<Path> seen) {
        if (!seen.add(file)) {
            throw new PlaybookError("import_playbook loop: " + SourcePos.displayPath(file) + " imports itself", new SourcePos(file, 0, 0));
        }
        Object doc = yaml.load(file);
        if (doc == null) {
            throw new PlaybookError("the playbook is empty: a playbook is a list of plays", new SourcePos(file, 1, 1));
        }
        if (!(doc instanceof YamlList list)) {
            throw new PlaybookError("a playbook must be a list of plays, found " + typeName(doc), pos(doc, file));
        }
        List<Play> plays = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object entry = list.get(i);
            if (!(entry instanceof YamlMap map)) {
                throw new PlaybookError("a play must be a mapping, found " + typeName(entry), list.posOf(i));
            }
            if (map.containsKey("import_playbook") || map.containsKey("ansible.builtin.import_playbook")) {
                String key = map.containsKey("import_playbook") ? "import_playbook" : "ansible.builtin.import_playbook";
                Object target = map.get(key);
                if (!(target instanceof String s) || Templar.isTemplate(s)) {
                    throw new PlaybookError("import_playbook needs a static file name", map.posOf(key));
                }
                for (String k : map.keySet()) {
                    if (!k.equals(key) && !k.equals("name") && !k.equals("vars") && !k.equals("when") && !k.equals("tags")) {
                        throw new PlaybookError("'" + k + "' is not a valid keyword for import_playbook", map.posOf(k));
                    }
                }
                Path target2 = file.getParent().resolve(s).normalize();
                if (!Files.exists(target2)) {
                    throw new PlaybookError("import_playbook: file not found: " + SourcePos.displayPath(target2), map.posOf(key));
                }
                plays.addAll(loadPlays(target2, seen));
                continue;
            }
            plays.add(loadPlay(map, file));
        }
        seen.remove(file);
        return plays;
    }

    private Play loadPlay(YamlMap map, Path file) {
        for (String k : map.keySet()) {
            if (!PLAY_KEYWORDS.contains(k)) {
                throw unknownKeyword(k, PLAY_KEYWORDS, "play", map.posOf(k));
            }
        }
        for (String k : PLAY_UNSUPPORTED) {
            if (map.containsKey(k)) {
                throw new PlaybookError("play keyword '" + k + "' is not supported by runner", map.posOf(k));
            }
        }
        if (!map.containsKey("hosts")) {
            throw new PlaybookError("the play has no 'hosts': every play needs one (use 'hosts: localhost')", map.pos());
        }
        Path dir = file.getParent();
        String name = map.get("name") == null ? null : String.valueOf(map.get("name"));
        Object hosts = map.get("hosts");
        Map<String, Object> vars = mapping(map, "vars", file);
        List<Object> varsFiles = new ArrayList<>();
        Object vf = map.get("vars_files");
        if (vf instanceof List<?> l) {
            varsFiles.addAll(l);
        } else if (vf != null) {
            varsFiles.add(vf);
        }
        TaskNode.Keywords playKw = new TaskNode.Keywords();
        playKw.pos = map.pos();
        playKw.tags = tags(map.get("tags"), map.posOf("tags"));
        playKw.ignoreErrors = bool(map, "ignore_errors");
        playKw.noLog = bool(map, "no_log");
        playKw.checkMode = bool(map, "check_mode");
        playKw.diff = bool(map, "diff");
        playKw.environment = mapping(map, "environment", file);
        playKw.moduleDefaults = moduleDefaults(map);
        Context ctx = new Context(file, dir, null);
        Set<String> loaded = new HashSet<>();
        currentRoleKeys = loaded;
        importedHandlers.clear();
        Block pre = section(playKw, map, "pre_tasks", ctx);
        List<Block> roles = new ArrayList<>();
        List<Task> handlers = new ArrayList<>();
        Object rolesSpec = map.get("roles");
        if (rolesSpec != null) {
            if (!(rolesSpec instanceof List<?> rl)) {
                throw new PlaybookError("'roles' must be a list", map.posOf("roles"));
            }
            for (int i = 0; i < rl.size(); i++) {
                SourcePos p = rl instanceof YamlList yl ? yl.posOf(i) : map.posOf("roles");
                RoleUse use = roleUse(rl.get(i), p);
                for (Role r : loadRoleWithDependencies(use.name, use.params, use.tasksFrom, dir, null, p, loaded)) {
                    TaskNode.Keywords kw = new TaskNode.Keywords();
                    kw.pos = p;
                    kw.when = use.when;
                    kw.tags = use.tags;
                    Block b = Block.container(kw, List.of(r.tasks), r);
                    b.attachTo(containerOf(playKw));
                    roles.add(b);
                    handlers.addAll(r.handlers);
                }
            }
        }
        Block tasks = section(playKw, map, "tasks", ctx);
        Block post = section(playKw, map, "post_tasks", ctx);
        Object h = map.get("handlers");
        List<Task> playHandlers = new ArrayList<>();
        if (h != null) {
            Block hb = section(playKw, map, "handlers", ctx);
            collectTasks(hb, playHandlers);
        }
        // Ansible lists the handlers of the play's roles before the play's own
        playHandlers.addAll(0, handlers);
        playHandlers.addAll(importedHandlers);
        boolean force = Boolean.TRUE.equals(bool(map, "force_handlers"));
        return new Play(name, map.pos(), dir, hosts, vars, varsFiles, pre, roles, tasks, post, playHandlers, force, loaded);
    }

    private final Map<TaskNode.Keywords, Block> playBlocks = new java.util.IdentityHashMap<>();

    /** One invisible block per play holding the play-level keywords (tags, environment...). */
    private Block containerOf(TaskNode.Keywords playKw) {
        return playBlocks.computeIfAbsent(playKw, k -> Block.container(k, List.of(), null));
    }

    private Block section(TaskNode.Keywords playKw, YamlMap map, String key, Context ctx) {
        Object v = map.get(key);
        List<TaskNode> nodes = v == null ? List.of() : taskList(v, map.posOf(key), ctx, key.equals("handlers"));
        Block b = Block.container(nodes, null);
        b.attachTo(containerOf(playKw));
        return b;
    }

    private static void collectTasks(Block b, List<Task> out) {
        for (TaskNode n : b.body) {
            if (n instanceof Task t) {
                out.add(t);
            } else if (n instanceof Block inner) {
                collectTasks(inner, out);
            }
        }
    }

    // ---------------------------------------------------------------- task files

    /** Where a task list is being read: its file, the folder for relative imports, its role. */
    public record Context(Path file, Path dir, Role role) {
    }

    /** Loads a task file (for include_tasks / import_tasks) as a block of its tasks. */
    public Block loadTaskFile(Path file, Role role) {
        Object doc = yaml.load(file);
        if (doc == null) {
            return Block.container(List.of(), null);
        }
        if (!(doc instanceof YamlList)) {
            throw new PlaybookError("a task file must be a list of tasks, found " + typeName(doc), pos(doc, file));
        }
        return Block.container(taskList(doc, pos(doc, file), new Context(file, file.getParent(), role), false), null);
    }

    private List<TaskNode> taskList(Object v, SourcePos p, Context ctx, boolean handlers) {
        if (!(v instanceof List<?> list)) {
            throw new PlaybookError("expected a list of tasks, found " + typeName(v), p);
        }
        List<TaskNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            SourcePos ip = list instanceof YamlList yl ? yl.posOf(i) : p;
            if (!(item instanceof YamlMap m)) {
                throw new PlaybookError("a task must be a mapping, found " + typeName(item), ip);
            }
            out.add(taskNode(m, ctx, handlers));
        }
        return out;
    }

    private TaskNode taskNode(YamlMap m, Context ctx, boolean handler) {
        if (m.containsKey("block")) {
            return block(m, ctx, handler);
        }
        for (String k : List.of("rescue", "always")) {
            if (m.containsKey(k)) {
                throw new PlaybookError("'" + k + "' is only valid together with 'block'", m.posOf(k));
            }
        }
        return task(m, ctx, handler);
    }

    private Block block(YamlMap m, Context ctx, boolean handler) {
        for (String k : m.keySet()) {
            if (!COMMON_KEYWORDS.contains(k) && !BLOCK_ONLY.contains(k)) {
                Set<String> allowed = new LinkedHashSet<>(COMMON_KEYWORDS);
                allowed.addAll(BLOCK_ONLY);
                throw unknownKeyword(k, allowed, "block", m.posOf(k));
            }
        }
        TaskNode.Keywords kw = keywords(m, ctx);
        List<TaskNode> body = taskList(nonNull(m, "block"), m.posOf("block"), ctx, handler);
        List<TaskNode> rescue = m.get("rescue") == null ? List.of() : taskList(m.get("rescue"), m.posOf("rescue"), ctx, handler);
        List<TaskNode> always = m.get("always") == null ? List.of() : taskList(m.get("always"), m.posOf("always"), ctx, handler);
        return new Block(kw, body, rescue, always, null, true);
    }

    private TaskNode task(YamlMap m, Context ctx, boolean handler) {
        String action = null;
        Object argsValue = null;
        SourcePos actionPos = m.pos();
        List<String> unknown = new ArrayList<>();
        for (String k : m.keySet()) {
            if (COMMON_KEYWORDS.contains(k) || TASK_ONLY.contains(k) || isWithLoop(k)) {
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
        if (action == null && (m.containsKey("action") || m.containsKey("local_action"))) {
            String key = m.containsKey("action") ? "action" : "local_action";
            Object spec = m.get(key);
            actionPos = m.posOf(key);
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
                throw new PlaybookError("'" + key + "' needs a module name", actionPos);
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
            Set<String> allowed = new LinkedHashSet<>(COMMON_KEYWORDS);
            allowed.addAll(TASK_ONLY);
            String near = Names.nearest(k, allowed);
            if (near != null || modules.find(k) == null) {
                throw unknownKeyword(k, allowed, "task", m.posOf(k));
            }
            throw new PlaybookError("conflicting action statements: " + action + ", " + k, m.posOf(k));
        }
        for (String k : m.keySet()) {
            if (UNSUPPORTED.contains(k)) {
                throw new PlaybookError("keyword '" + k + "' is not supported by runner", m.posOf(k));
            }
        }
        if (m.containsKey("delegate_to")) {
            Object d = m.get("delegate_to");
            if (!"localhost".equals(d) && !"127.0.0.1".equals(d)) {
                throw new PlaybookError("delegate_to supports only localhost: runner runs every task on this machine", m.posOf("delegate_to"));
            }
        }
        TaskNode.Keywords kw = keywords(m, ctx);
        Map<String, Object> args = args(action, argsValue, m, actionPos);
        Object loop = null;
        boolean withItems = false;
        int loops = 0;
        for (String k : m.keySet()) {
            if (k.equals("loop") || isWithLoop(k)) {
                loops++;
                loop = m.get(k);
                withItems = !k.equals("loop");
                if (k.equals("with_dict")) {
                    loop = new LinkedHashMap<>(Map.of("__with_dict__", loop == null ? "" : loop));
                } else if (k.equals("with_items")) {
                    loop = new LinkedHashMap<>(Map.of("__with_items__", loop == null ? List.of() : loop));
                } else if (!k.equals("loop") && !k.equals("with_list")) {
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
        Task.LoopControl lc = loopControl(m);
        String register = str(m, "register");
        if (register != null && !register.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new PlaybookError("register: '" + register + "' is not a valid variable name", m.posOf("register"));
        }
        List<String> notify = stringList(m.get("notify"), m.posOf("notify"), "notify");
        List<String> listen = stringList(m.get("listen"), m.posOf("listen"), "listen");
        if (!handler && !listen.isEmpty()) {
            throw new PlaybookError("'listen' is only valid for handlers", m.posOf("listen"));
        }
        Task t = new Task(kw, action, args, loop, withItems, lc, register, m.get("until"), m.get("retries"), m.get("delay"),
                conditions(m.get("failed_when")), conditions(m.get("changed_when")), notify, listen);
        validateTemplates(m, m.pos());
        if (IMPORT_TASKS.contains(action)) {
            return importTasks(t, ctx);
        }
        if (IMPORT_ROLE.contains(action)) {
            return importRole(t, ctx);
        }
        return t;
    }

    /** {@code with_<lookup>}: a loop whose items a lookup makes from the value. */
    private static boolean isWithLoop(String key) {
        return key.startsWith("with_") && key.length() > 5 && key.substring(5).matches("[a-z_][a-z0-9_]*");
    }

    private boolean isAction(String name) {
        return modules.find(name) != null || INCLUDE_TASKS.contains(name) || IMPORT_TASKS.contains(name)
                || INCLUDE_ROLE.contains(name) || IMPORT_ROLE.contains(name) || META.contains(name);
    }

    private PlaybookError unknownModule(String name, SourcePos p) {
        List<String> names = new ArrayList<>(modules.names());
        names.addAll(List.of("include_tasks", "import_tasks", "include_role", "import_role", "meta"));
        String near = Names.nearest(name, names);
        Set<String> keywords = new LinkedHashSet<>(COMMON_KEYWORDS);
        keywords.addAll(TASK_ONLY);
        String nearKeyword = Names.nearest(name, keywords);
        String hint = near != null ? " (did you mean '" + near + "'?)"
                : nearKeyword != null ? " (did you mean the keyword '" + nearKeyword + "'?)" : "";
        return new PlaybookError("couldn't resolve module/action '" + name + "'" + hint, p);
    }

    private static PlaybookError unknownKeyword(String k, Set<String> allowed, String what, SourcePos p) {
        String near = Names.nearest(k, allowed);
        return new PlaybookError("'" + k + "' is not a valid attribute for a " + what
                + (near != null ? " (did you mean '" + near + "'?)" : ""), p);
    }

    private Map<String, Object> args(String action, Object argsValue, YamlMap m, SourcePos actionPos) {
        Map<String, Object> args = new LinkedHashMap<>();
        Module module = modules.find(action);
        boolean freeForm = module == null || module.spec().freeForm();
        Set<String> known = module == null ? Set.of() : module.spec().allowedNames();
        if (argsValue instanceof Map<?, ?> am) {
            am.forEach((k, v) -> args.put(String.valueOf(k), v));
        } else if (argsValue instanceof String s) {
            if (META.contains(action) || INCLUDE_TASKS.contains(action) || IMPORT_TASKS.contains(action)
                    || INCLUDE_ROLE.contains(action) || IMPORT_ROLE.contains(action)) {
                Map<String, Object> parsed = KeyValueArgs.parse(s, true, Set.of("file", "name", "tasks_from", "apply"));
                args.putAll(parsed);
            } else {
                args.putAll(KeyValueArgs.parse(s, freeForm, known));
            }
        } else if (argsValue instanceof UnsafeText u) {
            args.put("_raw_params", u);
        } else if (argsValue != null) {
            throw new PlaybookError("the arguments of '" + action + "' must be a mapping or a string, found " + typeName(argsValue), actionPos);
        }
        Object extra = m.get("args");
        if (extra instanceof Map<?, ?> em) {
            em.forEach((k, v) -> args.putIfAbsent(String.valueOf(k), v));
        } else if (extra != null) {
            throw new PlaybookError("'args' must be a mapping", m.posOf("args"));
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
        } else if (META.contains(action)) {
            Object what = args.get("_raw_params");
            if (!(what instanceof String s) || !META_ACTIONS.contains(s) || args.size() != 1) {
                throw new PlaybookError("meta: expected one of " + String.join(", ", new java.util.TreeSet<>(META_ACTIONS)), actionPos);
            }
        }
        return args;
    }

    private TaskNode.Keywords keywords(YamlMap m, Context ctx) {
        TaskNode.Keywords kw = new TaskNode.Keywords();
        kw.pos = m.pos();
        kw.name = m.get("name") == null ? null : String.valueOf(m.get("name"));
        kw.when = conditions(m.get("when"));
        kw.tags = tags(m.get("tags"), m.posOf("tags"));
        kw.vars = mapping(m, "vars", ctx.file());
        kw.ignoreErrors = bool(m, "ignore_errors");
        kw.noLog = bool(m, "no_log");
        kw.checkMode = bool(m, "check_mode");
        kw.diff = bool(m, "diff");
        kw.environment = mapping(m, "environment", ctx.file());
        kw.moduleDefaults = moduleDefaults(m);
        return kw;
    }

    private Task.LoopControl loopControl(YamlMap m) {
        Object v = m.get("loop_control");
        if (v == null) {
            return Task.LoopControl.DEFAULT;
        }
        if (!(v instanceof YamlMap lc)) {
            throw new PlaybookError("'loop_control' must be a mapping", m.posOf("loop_control"));
        }
        Set<String> allowed = Set.of("loop_var", "index_var", "label", "pause", "extended", "extended_allitems");
        for (String k : lc.keySet()) {
            if (!allowed.contains(k)) {
                throw unknownKeyword(k, allowed, "loop_control", lc.posOf(k));
            }
        }
        String loopVar = lc.get("loop_var") == null ? "item" : String.valueOf(lc.get("loop_var"));
        String indexVar = lc.get("index_var") == null ? null : String.valueOf(lc.get("index_var"));
        return new Task.LoopControl(loopVar, indexVar, lc.get("label"), lc.get("pause"), Boolean.TRUE.equals(lc.get("extended")));
    }

    private Block importTasks(Task t, Context ctx) {
        Object file = t.args.getOrDefault("file", t.args.get("_raw_params"));
        if (!(file instanceof String f) || Templar.isTemplate(f)) {
            throw new PlaybookError("import_tasks needs a static file name (use include_tasks for a templated one)", t.pos);
        }
        Path path = findTaskFile(f, ctx, t.pos);
        Block inner = loadTaskFile(path, ctx.role());
        TaskNode.Keywords kw = new TaskNode.Keywords();
        kw.name = t.name;
        kw.pos = t.pos;
        kw.when = t.when;
        kw.tags = t.tags;
        kw.vars = t.vars;
        kw.ignoreErrors = t.ignoreErrors;
        kw.noLog = t.noLog;
        kw.checkMode = t.checkMode;
        kw.diff = t.diff;
        kw.environment = t.environment;
        return Block.container(kw, List.of(inner), null);
    }

    /** Finds a task file: beside the including file, in the role's tasks/, or absolute. */
    public Path findTaskFile(String name, Context ctx, SourcePos p) {
        List<Path> tried = new ArrayList<>();
        Path given = Path.of(name);
        if (given.isAbsolute()) {
            tried.add(given);
        } else {
            if (ctx.role() != null) {
                tried.add(ctx.role().path.resolve("tasks").resolve(name));
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

    private Block importRole(Task t, Context ctx) {
        Object name = t.args.get("name");
        if (!(name instanceof String n) || Templar.isTemplate(n)) {
            throw new PlaybookError("import_role needs a static role name (use include_role for a templated one)", t.pos);
        }
        String tasksFrom = t.args.get("tasks_from") == null ? null : String.valueOf(t.args.get("tasks_from"));
        Path base = ctx.dir();
        List<Role> roles = loadRoleWithDependencies(n, t.vars, tasksFrom, base, ctx.role(), t.pos,
                currentRoleKeys == null ? new HashSet<>() : currentRoleKeys);
        TaskNode.Keywords kw = new TaskNode.Keywords();
        kw.name = t.name;
        kw.pos = t.pos;
        kw.when = t.when;
        kw.tags = t.tags;
        kw.ignoreErrors = t.ignoreErrors;
        kw.noLog = t.noLog;
        kw.checkMode = t.checkMode;
        kw.environment = t.environment;
        List<TaskNode> blocks = new ArrayList<>();
        for (Role r : roles) {
            blocks.add(Block.container(List.of(r.tasks), r));
        }
        Block b = Block.container(kw, blocks, null);
        importedHandlers.addAll(roles.stream().flatMap(r -> r.handlers.stream()).toList());
        return b;
    }

    /** Role keys of the play being loaded (import_role adds to them). */
    private Set<String> currentRoleKeys;

    /** Handlers of roles imported with import_role in the play being loaded. */
    private final List<Task> importedHandlers = new ArrayList<>();

    // ---------------------------------------------------------------- roles

    private record RoleUse(String name, Map<String, Object> params, List<Object> when, Set<String> tags, String tasksFrom) {
    }

    private RoleUse roleUse(Object spec, SourcePos p) {
        if (spec instanceof String s) {
            return new RoleUse(s, Map.of(), List.of(), Set.of(), null);
        }
        if (spec instanceof YamlMap m) {
            Object name = m.containsKey("role") ? m.get("role") : m.get("name");
            if (!(name instanceof String n)) {
                throw new PlaybookError("a role entry needs 'role: NAME'", p);
            }
            Map<String, Object> params = new LinkedHashMap<>();
            List<Object> when = List.of();
            Set<String> tags = Set.of();
            for (Map.Entry<String, Object> e : m.entrySet()) {
                switch (e.getKey()) {
                    case "role", "name" -> { }
                    case "when" -> when = conditions(e.getValue());
                    case "tags" -> tags = tags(e.getValue(), m.posOf("tags"));
                    case "vars" -> {
                        if (e.getValue() instanceof Map<?, ?> vm) {
                            vm.forEach((k, v) -> params.put(String.valueOf(k), v));
                        }
                    }
                    default -> params.put(e.getKey(), e.getValue());
                }
            }
            return new RoleUse(n, params, when, tags, null);
        }
        throw new PlaybookError("a role entry must be a name or a mapping", p);
    }

    /** Finds a role folder by name: roles/ beside the playbook, ../roles, ./roles, then configured role paths. */
    public Path findRole(String name, Path playbookDir, Role parent, SourcePos p) {
        List<Path> tried = new ArrayList<>();
        Path direct = Path.of(name);
        if (direct.isAbsolute() || name.contains("/")) {
            tried.add((direct.isAbsolute() ? direct : playbookDir.resolve(direct)).normalize());
        } else {
            if (parent != null) {
                tried.add(parent.path.getParent().resolve(name));
            }
            tried.add(playbookDir.resolve("roles").resolve(name));
            tried.add(playbookDir.resolve("..").resolve("roles").resolve(name).normalize());
            for (Path rp : extraRolePaths) {
                tried.add(rp.resolve(name));
            }
            tried.add(Path.of("roles").toAbsolutePath().resolve(name));
        }
        for (Path t : tried) {
            if (Files.isDirectory(t)) {
                return t.toAbsolutePath().normalize();
            }
        }
        throw new PlaybookError("the role '" + name + "' was not found; looked in: "
                + String.join(", ", new LinkedHashSet<>(tried.stream().map(SourcePos::displayPath).toList())), p);
    }

    /** A role and the roles it depends on (meta/main.yml), dependencies first, each once. */
    public List<Role> loadRoleWithDependencies(String name, Map<String, Object> params, String tasksFrom, Path playbookDir,
                                               Role parent, SourcePos p, Set<String> loaded) {
        return loadRoleWithDependencies(name, params, tasksFrom, playbookDir, parent, p, loaded, false);
    }

    /**
     * As above; with {@code allowDuplicates} the role itself is loaded even if the play already ran
     * it with the same parameters (include_role's default), its dependencies still only once.
     */
    public List<Role> loadRoleWithDependencies(String name, Map<String, Object> params, String tasksFrom, Path playbookDir,
                                               Role parent, SourcePos p, Set<String> loaded, boolean allowDuplicates) {
        Path dir = findRole(name, playbookDir, parent, p);
        List<Role> out = new ArrayList<>();
        Object meta = optionalFile(dir.resolve("meta"), "main");
        List<Object> deps = List.of();
        if (meta instanceof Map<?, ?> mm && mm.get("dependencies") instanceof List<?> dl) {
            deps = new ArrayList<>(dl);
        }
        for (Object dep : deps) {
            RoleUse use = roleUse(dep, pos(meta, dir.resolve("meta/main.yml")));
            out.addAll(loadRoleWithDependencies(use.name, use.params, null, playbookDir, null, p, loaded));
        }
        String key = dir + "|" + params + "|" + tasksFrom;
        if (loaded.add(key) || allowDuplicates) {
            out.add(loadRole(dir, params, tasksFrom, p));
        }
        return out;
    }

    /** One role from its folder, without dependencies. */
    public Role loadRole(Path dir, Map<String, Object> params, String tasksFrom, SourcePos p) {
        String name = dir.getFileName().toString();
        Map<String, Object> defaults = asMap(optionalFile(dir.resolve("defaults"), "main"), dir.resolve("defaults"));
        Map<String, Object> vars = asMap(optionalFile(dir.resolve("vars"), "main"), dir.resolve("vars"));
        Role role = new Role(name, dir, defaults, vars, params == null ? Map.of() : params, List.of());
        String taskFile = tasksFrom == null ? "main" : tasksFrom.replaceAll("\\.ya?ml$", "");
        Path tasks = yamlFile(dir.resolve("tasks"), taskFile);
        if (tasks == null && tasksFrom != null) {
            throw new PlaybookError("role '" + name + "' has no tasks file '" + tasksFrom + "'", p);
        }
        role.tasks = tasks == null ? Block.container(List.of(), null) : loadTaskFileForRole(tasks, role);
        Path handlers = yamlFile(dir.resolve("handlers"), "main");
        if (handlers != null) {
            Object doc = yaml.load(handlers);
            if (doc != null) {
                Block hb = Block.container(taskList(doc, pos(doc, handlers), new Context(handlers, handlers.getParent(), role), true), role);
                List<Task> hs = new ArrayList<>();
                collectTasks(hb, hs);
                role.handlers = hs;
            }
        }
        return role;
    }

    private Block loadTaskFileForRole(Path file, Role role) {
        Object doc = yaml.load(file);
        if (doc == null) {
            return Block.container(List.of(), null);
        }
        return Block.container(taskList(doc, pos(doc, file), new Context(file, file.getParent(), role), false), null);
    }

    private Object optionalFile(Path dir, String base) {
        Path f = yamlFile(dir, base);
        return f == null ? null : yaml.load(f);
    }

    private static Path yamlFile(Path dir, String base) {
        for (String ext : List.of(".yml", ".yaml", "")) {
            Path f = dir.resolve(base + ext);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    /** A vars file: a mapping of variables. */
    public Map<String, Object> loadVarsFile(Path file) {
        Object doc = yaml.load(file);
        return asMap(doc, file);
    }

    private static Map<String, Object> asMap(Object doc, Path file) {
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw new PlaybookError("expected a mapping of variables, found " + typeName(doc), pos(doc, file));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    // ---------------------------------------------------------------- small readers

    private void validateTemplates(Object value, SourcePos p) {
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
                validateTemplates(e.getValue(), m.posOf(e.getKey()));
                if (BARE_EXPRESSIONS.contains(e.getKey())) {
                    validateNames(e.getValue(), m.posOf(e.getKey()));
                }
            }
        } else if (value instanceof YamlList l) {
            for (int i = 0; i < l.size(); i++) {
                validateTemplates(l.get(i), l.posOf(i));
            }
        }
    }

    /** Keywords whose values are bare Jinja expressions. */
    private static final Set<String> BARE_EXPRESSIONS = Set.of("when", "failed_when", "changed_when", "until");

    /** Unknown filters, tests and lookups in a bare expression are refused at load time, by name. */
    private void validateNames(Object value, SourcePos p) {
        if (value instanceof String s && !Templar.isTemplate(s)) {
            try {
                templar.validateNames(s);
            } catch (TemplateError e) {
                throw new PlaybookError("template error: " + e.getMessage() + " in \"" + s + "\"", p);
            }
        } else if (value instanceof List<?> l) {
            for (Object o : l) {
                validateNames(o, p);
            }
        }
    }

    private static List<Object> conditions(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        List<Object> one = new ArrayList<>();
        one.add(v);
        return one;
    }

    private static Set<String> tags(Object v, SourcePos p) {
        if (v == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        } else if (v instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else {
            out.add(String.valueOf(v));
        }
        return out;
    }

    private static List<String> stringList(Object v, SourcePos p, String what) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        throw new PlaybookError("'" + what + "' must be a name or a list of names", p);
    }

    private static Boolean bool(YamlMap m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            switch (s.trim().toLowerCase()) {
                case "yes", "true", "on", "1", "y" -> {
                    return true;
                }
                case "no", "false", "off", "0", "n" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        throw new PlaybookError("'" + key + "' must be a boolean, found: " + v, m.posOf(key));
    }

    private static String str(YamlMap m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static Map<String, Object> mapping(YamlMap m, String key, Path file) {
        Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> vm)) {
            throw new PlaybookError("'" + key + "' must be a mapping, found " + typeName(v), m.posOf(key));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        vm.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    /**
     * {@code module_defaults}: a mapping (or a list of mappings) from a module name, or
     * {@code group/<name>}, to the arguments it gets when the task does not give them.
     */
    private Map<String, Map<String, Object>> moduleDefaults(YamlMap m) {
        Object v = m.get("module_defaults");
        if (v == null) {
            return Map.of();
        }
        List<Object> parts = v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Object part : parts) {
            if (!(part instanceof Map<?, ?> pm)) {
                throw new PlaybookError("'module_defaults' must map module names (or group/<name>) to their arguments, found "
                        + typeName(part), m.posOf("module_defaults"));
            }
            for (Map.Entry<?, ?> e : pm.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof Map<?, ?> args)) {
                    throw new PlaybookError("module_defaults for '" + name + "' must be a mapping of arguments, found "
                            + typeName(e.getValue()), m.posOf("module_defaults"));
                }
                if (!name.startsWith("group/") && modules.find(name) == null) {
                    throw new PlaybookError("module_defaults names an unknown module '" + name + "'", m.posOf("module_defaults"));
                }
                Map<String, Object> a = out.computeIfAbsent(name, k -> new LinkedHashMap<>());
                args.forEach((k, val) -> a.put(String.valueOf(k), val));
            }
        }
        return out;
    }

    private static Object nonNull(YamlMap m, String key) {
        Object v = m.get(key);
        return v == null ? List.of() : v;
    }

    private static SourcePos pos(Object v, Path file) {
        if (v instanceof YamlMap m) {
            return m.pos();
        }
        if (v instanceof YamlList l) {
            return l.pos();
        }
        return new SourcePos(file, 1, 1);
    }

    static String typeName(Object v) {
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
}
