package io.mm2dr.engine.model;

import io.mm2dr.engine.yaml.SourcePos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A play: hosts, variables, and the task sections in the order Ansible runs them. */
public final class Play {
    public final String name;
    public final SourcePos pos;
    public final Path playbookDir;
    public final Object hosts;
    public final Map<String, Object> vars;
    /** vars_files entries as written (templated at run time). */
    public final List<Object> varsFiles;
    public final Block preTasks;
    /** Each role of {@code roles:} as a block with the role set, in order (dependencies first). */
    public final List<Block> roles;
    public final Block tasks;
    public final Block postTasks;
    /** Play handlers followed by the handlers of its roles. */
    public final List<Task> handlers;
    public final boolean forceHandlers;
    /** Roles already part of this play (name, parameters, tasks file): each runs once per play. */
    public final java.util.Set<String> roleKeys;

    public Play(String name, SourcePos pos, Path playbookDir, Object hosts, Map<String, Object> vars, List<Object> varsFiles,
                Block preTasks, List<Block> roles, Block tasks, Block postTasks, List<Task> handlers, boolean forceHandlers,
                java.util.Set<String> roleKeys) {
        this.roleKeys = roleKeys;
        this.name = name;
        this.pos = pos;
        this.playbookDir = playbookDir;
        this.hosts = hosts;
        this.vars = vars;
        this.varsFiles = varsFiles;
        this.preTasks = preTasks;
        this.roles = roles;
        this.tasks = tasks;
        this.postTasks = postTasks;
        this.handlers = handlers;
        this.forceHandlers = forceHandlers;
    }
}
