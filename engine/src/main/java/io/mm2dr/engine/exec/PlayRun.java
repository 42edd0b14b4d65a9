package io.mm2dr.engine.exec;

import io.mm2dr.engine.model.Block;
import io.mm2dr.engine.model.Play;
import io.mm2dr.engine.model.PlaybookError;
import io.mm2dr.engine.model.PlaybookLoader;
import io.mm2dr.engine.model.Role;
import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.model.TaskNode;
import io.mm2dr.engine.template.TemplateContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A play being run: the play, its handlers (include_role adds some), its vars_files values and
 * its roles' vars and defaults. It is the {@link TaskScope} its tasks run in (variables, search
 * paths, notifications) and makes the blocks its dynamic includes bring in.
 */
final class PlayRun implements TaskScope {
    private final RunVariables variables;
    final Play play;
    final String name;
    final List<Task> handlers;
    Map<String, Object> varsFiles = Map.of();

    /** vars and defaults of the roles in {@code roles:}, the last role first: visible to the whole play, as in Ansible. */
    final List<Map<String, Object>> playRoleVars = new ArrayList<>();
    final List<Map<String, Object>> playRoleDefaults = new ArrayList<>();

    PlayRun(RunVariables variables, Play play, String name, List<Task> handlers) {
        this.variables = variables;
        this.play = play;
        this.name = name;
        this.handlers = handlers;
        for (Block b : play.roles) {
            if (b.role == null) {
                continue;
            }
            if (!b.role.vars.isEmpty()) {
                playRoleVars.add(0, b.role.vars);
            }
            if (!b.role.defaults.isEmpty()) {
                playRoleDefaults.add(0, b.role.defaults);
            }
        }
    }

    /** The block an include_tasks brings in, below the include, with the include's variables as parameters. */
    Block includedTasks(PlaybookLoader loader, Task t, TaskRunner.Inclusion inc) {
        Block file = loader.loadTaskFile(inc.file(), t.role());
        TaskNode.Keywords kw = new TaskNode.Keywords();
        kw.pos = t.pos;
        kw.vars = inc.vars();
        Block holder = Block.container(kw, List.of(file), null);
        holder.includeParams = true;
        holder.attachTo(t.parent());
        return holder;
    }

    /** The block an include_role brings in (the role after its dependencies), its handlers added to the play's. */
    Block includedRole(PlaybookLoader loader, Task t, TaskRunner.Inclusion inc) {
        // include_role runs every time it is reached (allow_duplicates defaults to true), unlike roles:
        boolean dedup = "false".equalsIgnoreCase(String.valueOf(t.args.get("allow_duplicates")))
                || Boolean.FALSE.equals(t.args.get("allow_duplicates"));
        List<Role> roles = loader.loadRoleWithDependencies(inc.roleName(), inc.vars(), inc.tasksFrom(), play.playbookDir,
                t.role(), t.pos, play.roleKeys, !dedup);
        List<TaskNode> blocks = new ArrayList<>();
        for (Role r : roles) {
            blocks.add(Block.container(List.of(r.tasks), r));
            for (Task handler : r.handlers) {
                if (!handlers.contains(handler)) {
                    handlers.add(handler);
                }
            }
        }
        TaskNode.Keywords kw = new TaskNode.Keywords();
        kw.pos = t.pos;
        Block holder = Block.container(kw, blocks, null);
        holder.attachTo(t.parent());
        return holder;
    }

    @Override
    public Map<String, Object> vars(HostState host, TaskNode node) {
        return variables.varsFor(this, host, node, null);
    }

    @Override
    public TemplateContext templateContext(TaskNode node) {
        return variables.templateContext(this, node);
    }

    @Override
    public List<Path> searchPaths(TaskNode node, String kind) {
        return variables.searchPaths(this, node, kind);
    }

    @Override
    public Path playbookDir() {
        return play.playbookDir;
    }

    /** Records a notification, failing clearly when no handler answers to the name. */
    @Override
    public void notify(HostState h, String name, Task from) {
        boolean found = false;
        for (Task handler : handlers) {
            if (handlerNames(handler).contains(name)) {
                // every handler with that name or listening to that topic runs
                h.notifiedHandlers.add(handler);
                found = true;
            }
        }
        if (found) {
            return;
        }
        throw new PlaybookError("the handler '" + name + "' notified by this task was not found in the play", from.pos);
    }

    /** The names a handler answers to: its topics, its name, and its name with its role's. */
    static List<String> handlerNames(Task handler) {
        List<String> names = new ArrayList<>(handler.listen);
        if (handler.name != null) {
            names.add(handler.name);
            Role r = handler.role();
            if (r != null) {
                names.add(r.name + " : " + handler.name);
            }
        }
        return names;
    }
}
