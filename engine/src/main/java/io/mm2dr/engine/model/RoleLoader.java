package io.mm2dr.engine.model;

import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.YamlLoader;
import io.mm2dr.engine.yaml.YamlMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds roles and loads them from their folders: {@code tasks/} (or a {@code tasks_from} file),
 * {@code handlers/}, {@code defaults/}, {@code vars/}, {@code meta/main.yml}'s dependencies, and
 * {@code meta/argument_specs.yml}, whose entry point becomes the role's first task, as in Ansible.
 */
final class RoleLoader {
    /** The action of the argument check the loader puts first in a role. */
    static final String VALIDATE_ARGUMENT_SPEC = "ansible.builtin.validate_argument_spec";

    private final YamlLoader yaml;
    private final TaskParser tasks;
    private final List<Path> extraRolePaths;

    RoleLoader(YamlLoader yaml, TaskParser tasks, List<Path> extraRolePaths) {
        this.yaml = yaml;
        this.tasks = tasks;
        this.extraRolePaths = List.copyOf(extraRolePaths);
    }

    /**
     * One use of a role: its name, the variables it gets there ({@code params}, which a role's
     * tasks see), the role parameters written on it (checked against its argument spec), the
     * tasks file and the place.
     */
    record Use(String name, Map<String, Object> params, Map<String, Object> roleParams, String tasksFrom, SourcePos pos) {
    }

    /** A {@code roles:} or {@code dependencies:} entry: a name, or a mapping with {@code role:} and parameters. */
    Use use(Object spec, SourcePos p, List<Object> whenOut, Set<String> tagsOut) {
        if (spec instanceof String s) {
            return new Use(s, Map.of(), Map.of(), null, p);
        }
        if (spec instanceof YamlMap m) {
            Object name = m.containsKey("role") ? m.get("role") : m.get("name");
            if (!(name instanceof String n)) {
                throw new PlaybookError("a role entry needs 'role: NAME'", p);
            }
            Map<String, Object> params = new LinkedHashMap<>();
            Map<String, Object> roleParams = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : m.entrySet()) {
                switch (e.getKey()) {
                    case "role", "name" -> { }
                    case "when" -> whenOut.addAll((List<?>) KeywordTable.WHEN.read(m));
                    case "tags" -> tagsOut.addAll((List<String>) KeywordTable.TAGS.read(m));
                    case "vars" -> {
                        if (e.getValue() instanceof Map<?, ?> vm) {
                            vm.forEach((k, v) -> params.put(String.valueOf(k), v));
                        }
                    }
                    default -> {
                        params.put(e.getKey(), e.getValue());
                        roleParams.put(e.getKey(), e.getValue());
                    }
                }
            }
            return new Use(n, params, roleParams, null, p);
        }
        throw new PlaybookError("a role entry must be a name or a mapping", p);
    }

    /** Finds a role folder by name: roles/ beside the playbook, ../roles, ./roles, then configured role paths. */
    Path find(String name, Path playbookDir, Role parent, SourcePos p) {
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

    /**
     * A role and the roles it depends on (meta/main.yml), dependencies first, each once per
     * {@code loaded}; with {@code allowDuplicates} the role itself is loaded even if the play
     * already ran it with the same parameters (include_role's default), its dependencies still once.
     */
    List<Role> withDependencies(Use use, Path playbookDir, Role parent, Set<String> loaded, boolean allowDuplicates) {
        Path dir = find(use.name(), playbookDir, parent, use.pos());
        List<Role> out = new ArrayList<>();
        Path metaFile = yamlFile(dir.resolve("meta"), "main");
        Object meta = metaFile == null ? null : yaml.load(metaFile);
        if (meta instanceof Map<?, ?> mm && mm.get("dependencies") instanceof List<?> deps) {
            for (Object dep : deps) {
                Use depUse = use(dep, LoadChecks.pos(meta, metaFile), new ArrayList<>(), new LinkedHashSet<>());
                out.addAll(withDependencies(new Use(depUse.name(), depUse.params(), depUse.roleParams(), null, use.pos()),
                        playbookDir, null, loaded, false));
            }
        }
        String key = dir + "|" + use.params() + "|" + use.tasksFrom();
        if (loaded.add(key) || allowDuplicates) {
            out.add(load(dir, use, meta, metaFile));
        }
        return out;
    }

    /** One role from its folder, without dependencies. */
    private Role load(Path dir, Use use, Object meta, Path metaFile) {
        String name = dir.getFileName().toString();
        Map<String, Object> defaults = variables(dir.resolve("defaults"));
        Map<String, Object> vars = variables(dir.resolve("vars"));
        Role role = new Role(name, dir, defaults, vars, use.params() == null ? Map.of() : use.params(), List.of());
        String entryPoint = use.tasksFrom() == null ? "main" : use.tasksFrom().replaceAll("\\.ya?ml$", "");
        Path taskFile = yamlFile(dir.resolve("tasks"), entryPoint);
        if (taskFile == null && use.tasksFrom() != null) {
            throw new PlaybookError("role '" + name + "' has no tasks file '" + use.tasksFrom() + "'", use.pos());
        }
        Block body = taskFile == null ? Block.container(List.of(), null) : roleTasks(taskFile, role);
        Task check = argumentCheck(dir, name, entryPoint, use, meta, metaFile);
        role.tasks = check == null ? body : Block.container(List.of(check, body), null);
        Path handlers = yamlFile(dir.resolve("handlers"), "main");
        if (handlers != null) {
            Object doc = yaml.load(handlers);
            if (doc != null) {
                Block hb = Block.container(tasks.taskList(doc, LoadChecks.pos(doc, handlers),
                        new PlaybookLoader.Context(handlers, handlers.getParent(), role), true), role);
                List<Task> hs = new ArrayList<>();
                PlaybookLoader.collectTasks(hb, hs);
                role.handlers = hs;
            }
        }
        return role;
    }

    /**
     * Ansible's "Validating arguments against arg spec" task for the role's entry point, when
     * {@code meta/argument_specs.yml} (or {@code argument_specs} in {@code meta/main.yml})
     * declares it; tagged {@code always}, as Ansible's.
     */
    private Task argumentCheck(Path dir, String roleName, String entryPoint, Use use, Object meta, Path metaFile) {
        Path specFile = yamlFile(dir.resolve("meta"), "argument_specs");
        Map<String, RoleArgumentSpec.EntryPoint> entries = specFile != null
                ? RoleArgumentSpec.read(yaml.load(specFile), specFile)
                : metaFile != null ? RoleArgumentSpec.read(meta, metaFile) : Map.of();
        RoleArgumentSpec.EntryPoint entry = entries.get(entryPoint);
        if (entry == null) {
            return null;
        }
        RoleArgumentSpec.Check check = new RoleArgumentSpec.Check(roleName, dir, entry, use.roleParams(), use.pos());
        TaskNode.Keywords kw = new TaskNode.Keywords();
        kw.name = check.taskName();
        kw.pos = entry.pos();
        kw.tags = Set.of("always");
        return new Task(kw, VALIDATE_ARGUMENT_SPEC, Map.of(), null, false, Task.LoopControl.DEFAULT, null, List.of(), null, null,
                List.of(), List.of(), List.of(), List.of(), check);
    }

    private Block roleTasks(Path file, Role role) {
        Object doc = yaml.load(file);
        if (doc == null) {
            return Block.container(List.of(), null);
        }
        return Block.container(tasks.taskList(doc, LoadChecks.pos(doc, file), new PlaybookLoader.Context(file, file.getParent(), role), false), null);
    }

    private Map<String, Object> variables(Path dir) {
        Path f = yamlFile(dir, "main");
        return f == null ? Map.of() : PlaybookLoader.asMap(yaml.load(f), dir);
    }

    static Path yamlFile(Path dir, String base) {
        for (String ext : List.of(".yml", ".yaml", "")) {
            Path f = dir.resolve(base + ext);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }
}
