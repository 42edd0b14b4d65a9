package io.mm2dr.engine.model;

import io.mm2dr.engine.model.Keyword.Level;
import io.mm2dr.engine.module.ModuleRegistry;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.YamlList;
import io.mm2dr.engine.yaml.YamlLoader;
import io.mm2dr.engine.yaml.YamlMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns playbook, task, role and vars files into the model, refusing unknown keywords and
 * modules, unknown or missing arguments and template syntax errors with the file and line. This
 * class reads playbooks and plays ({@code import_playbook} expanded in place); tasks and blocks
 * are read by {@link TaskParser}, roles by {@link RoleLoader}, keywords through
 * {@link KeywordTable}, values' templates and {@code module_defaults} checked by
 * {@link LoadChecks}. Dynamic includes are loaded by the executor through {@link #loadTaskFile}
 * and {@link #loadRoleWithDependencies} when they run.
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

    /** Keys an {@code import_playbook} entry may have besides itself. */
    private static final Set<String> IMPORT_PLAYBOOK_KEYS = Set.of("name", "vars", "when", "tags");

    private final YamlLoader yaml;
    private final TaskParser tasks;
    private final RoleLoader roles;
    private final Map<TaskNode.Keywords, Block> playBlocks = new IdentityHashMap<>();

    public PlaybookLoader(ModuleRegistry modules, Templar templar, Consumer<String> warnings, List<Path> rolePaths) {
        this.yaml = new YamlLoader(warnings);
        this.tasks = new TaskParser(modules, yaml, new LoadChecks(templar, modules));
        this.roles = new RoleLoader(yaml, tasks, rolePaths);
        tasks.roles(roles);
    }

    public YamlLoader yaml() {
        return yaml;
    }

    /** Whether an action is carried out by the engine (includes, imports, meta) rather than by a module. */
    public static boolean isEngineAction(String name) {
        return INCLUDE_TASKS.contains(name) || IMPORT_TASKS.contains(name) || INCLUDE_ROLE.contains(name)
                || IMPORT_ROLE.contains(name) || META.contains(name);
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
            throw new PlaybookError("a playbook must be a list of plays, found " + LoadChecks.describe(doc), LoadChecks.pos(doc, file));
        }
        List<Play> plays = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object entry = list.get(i);
            if (!(entry instanceof YamlMap map)) {
                throw new PlaybookError("a play must be a mapping, found " + LoadChecks.describe(entry), list.posOf(i));
            }
            if (map.containsKey("import_playbook") || map.containsKey("ansible.builtin.import_playbook")) {
                plays.addAll(importPlaybook(map, file, seen));
                continue;
            }
            plays.add(loadPlay(map, file));
        }
        seen.remove(file);
        return plays;
    }

    private List<Play> importPlaybook(YamlMap map, Path file, Set<Path> seen) {
        String key = map.containsKey("import_playbook") ? "import_playbook" : "ansible.builtin.import_playbook";
        Object target = map.get(key);
        if (!(target instanceof String s) || Templar.isTemplate(s)) {
            throw new PlaybookError("import_playbook needs a static file name", map.posOf(key));
        }
        for (String k : map.keySet()) {
            if (!k.equals(key) && !IMPORT_PLAYBOOK_KEYS.contains(k)) {
                throw new PlaybookError("'" + k + "' is not a valid keyword for import_playbook", map.posOf(k));
            }
        }
        Path imported = file.getParent().resolve(s).normalize();
        if (!Files.exists(imported)) {
            throw new PlaybookError("import_playbook: file not found: " + SourcePos.displayPath(imported), map.posOf(key));
        }
        return loadPlays(imported, seen);
    }

    private Play loadPlay(YamlMap map, Path file) {
        for (String k : map.keySet()) {
            if (!KeywordTable.knownAt(k, Level.PLAY)) {
                throw KeywordTable.unknown(k, KeywordTable.namesAt(Level.PLAY), "play", map.posOf(k));
            }
        }
        KeywordTable.refuseUnsupported(map, Level.PLAY);
        if (!map.containsKey(KeywordTable.HOSTS.name())) {
            throw new PlaybookError("the play has no 'hosts': every play needs one (use 'hosts: localhost')", map.pos());
        }
        Path dir = file.getParent();
        String name = (String) KeywordTable.NAME.read(map);
        Object hosts = KeywordTable.HOSTS.read(map);
        Map<String, Object> vars = LoadChecks.mapping(KeywordTable.VARS, map);
        List<Object> varsFiles = new ArrayList<>();
        Object vf = KeywordTable.VARS_FILES.read(map);
        if (vf instanceof List<?> l) {
            varsFiles.addAll(l);
        } else if (vf != null) {
            varsFiles.add(vf);
        }
        TaskNode.Keywords playKw = tasks.keywords(map);
        playKw.name = null;
        playKw.when = List.of();
        playKw.vars = Map.of();
        Context ctx = new Context(file, dir, null);
        Set<String> loaded = new HashSet<>();
        tasks.startPlay(loaded);
        Block pre = section(playKw, map, KeywordTable.PRE_TASKS, ctx);
        List<Block> roleBlocks = new ArrayList<>();
        List<Task> handlers = new ArrayList<>();
        Object rolesSpec = KeywordTable.ROLES.read(map);
        if (rolesSpec != null) {
            if (!(rolesSpec instanceof List<?> rl)) {
                throw new PlaybookError("'roles' must be a list", map.posOf("roles"));
            }
            for (int i = 0; i < rl.size(); i++) {
                SourcePos p = rl instanceof YamlList yl ? yl.posOf(i) : map.posOf("roles");
                List<Object> when = new ArrayList<>();
                Set<String> tags = new LinkedHashSet<>();
                RoleLoader.Use use = roles.use(rl.get(i), p, when, tags);
                for (Role r : roles.withDependencies(use, dir, null, loaded, false)) {
                    TaskNode.Keywords kw = new TaskNode.Keywords();
                    kw.pos = p;
                    kw.when = when;
                    kw.tags = tags;
                    Block b = Block.container(kw, List.of(r.tasks), r);
                    b.attachTo(containerOf(playKw));
                    roleBlocks.add(b);
                    handlers.addAll(r.handlers);
                }
            }
        }
        Block body = section(playKw, map, KeywordTable.TASKS, ctx);
        Block post = section(playKw, map, KeywordTable.POST_TASKS, ctx);
        List<Task> playHandlers = new ArrayList<>();
        if (map.get(KeywordTable.HANDLERS.name()) != null) {
            collectTasks(section(playKw, map, KeywordTable.HANDLERS, ctx), playHandlers);
        }
        // Ansible lists the handlers of the play's roles before the play's own
        playHandlers.addAll(0, handlers);
        playHandlers.addAll(tasks.importedHandlers());
        boolean force = Boolean.TRUE.equals(KeywordTable.FORCE_HANDLERS.read(map));
        return new Play(name, map.pos(), dir, hosts, vars, varsFiles, pre, roleBlocks, body, post, playHandlers, force, loaded);
    }

    /** One invisible block per play holding the play-level keywords (tags, environment...). */
    private Block containerOf(TaskNode.Keywords playKw) {
        Block block = playBlocks.get(playKw);
        if (block == null) {
            block = Block.container(playKw, List.of(), null);
            playBlocks.put(playKw, block);
        }
        return block;
    }

    private Block section(TaskNode.Keywords playKw, YamlMap map, Keyword key, Context ctx) {
        Object v = map.get(key.name());
        List<TaskNode> nodes = v == null ? List.of() : tasks.taskList(v, map.posOf(key.name()), ctx, key == KeywordTable.HANDLERS);
        Block b = Block.container(nodes, null);
        b.attachTo(containerOf(playKw));
        return b;
    }

    static void collectTasks(Block b, List<Task> out) {
        for (TaskNode n : b.body) {
            if (n instanceof Task t) {
                out.add(t);
            } else if (n instanceof Block inner) {
                collectTasks(inner, out);
            }
        }
    }

    // ---------------------------------------------------------------- what the executor loads while running

    /** Where a task list is being read: its file, the folder for relative imports, its role. */
    public record Context(Path file, Path dir, Role role) {
    }

    /** Loads a task file (for include_tasks / import_tasks) as a block of its tasks. */
    public Block loadTaskFile(Path file, Role role) {
        return tasks.taskFile(file, role);
    }

    /** Finds a task file: beside the including file, in the role's tasks/, or absolute. */
    public Path findTaskFile(String name, Context ctx, SourcePos p) {
        return tasks.findTaskFile(name, ctx, p);
    }

    /** Finds a role folder by name: roles/ beside the playbook, ../roles, ./roles, then configured role paths. */
    public Path findRole(String name, Path playbookDir, Role parent, SourcePos p) {
        return roles.find(name, playbookDir, parent, p);
    }

    /**
     * A role used by {@code include_role} and the roles it depends on, dependencies first; with
     * {@code allowDuplicates} the role itself is loaded even if the play already ran it with the
     * same parameters (include_role's default), its dependencies still only once.
     */
    public List<Role> loadRoleWithDependencies(String name, Map<String, Object> params, String tasksFrom, Path playbookDir,
                                               Role parent, SourcePos p, Set<String> loaded, boolean allowDuplicates) {
        return roles.withDependencies(new RoleLoader.Use(name, params, Map.of(), tasksFrom, p), playbookDir, parent, loaded,
                allowDuplicates);
    }

    /** A vars file: a mapping of variables. */
    public Map<String, Object> loadVarsFile(Path file) {
        return asMap(yaml.load(file), file);
    }

    static Map<String, Object> asMap(Object doc, Path file) {
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw new PlaybookError("expected a mapping of variables, found " + LoadChecks.describe(doc), LoadChecks.pos(doc, file));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
