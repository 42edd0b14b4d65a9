package io.mm2dr.engine.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A role as loaded from its folder: {@code tasks/ handlers/ defaults/ vars/ templates/ files/ meta/}.
 * {@code params} are the variables given where the role is used ({@code roles:} entry or
 * {@code include_role} vars).
 */
public final class Role {
    public final String name;
    public final Path path;
    public final Map<String, Object> defaults;
    public final Map<String, Object> vars;
    public final Map<String, Object> params;
    public final List<Role> dependencies;
    public Block tasks;
    public List<Task> handlers = List.of();

    public Role(String name, Path path, Map<String, Object> defaults, Map<String, Object> vars, Map<String, Object> params,
                List<Role> dependencies) {
        this.name = name;
        this.path = path;
        this.defaults = defaults;
        this.vars = vars;
        this.params = params;
        this.dependencies = dependencies;
    }
}
