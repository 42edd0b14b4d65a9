package io.mm2dr.engine.model;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code block}/{@code rescue}/{@code always}. Also the container for a role's tasks, an imported
 * or included file and a play's task sections, so that inherited keywords have one home.
 */
public final class Block extends TaskNode {
    public final List<TaskNode> body;
    public final List<TaskNode> rescue;
    public final List<TaskNode> always;
    /** Set when this block is the root of a role's tasks. */
    public final Role role;
    /** True for blocks the user wrote (as opposed to containers made by the loader). */
    public final boolean explicit;
    /**
     * The holder of an {@code include_tasks}: its vars are the include's parameters, which Ansible
     * ranks above the included tasks' own vars, their blocks' and set_fact (a task var
     * {@code x: "{{ x }}"} there reads the include's {@code x}).
     */
    public boolean includeParams;

    public Block(Keywords k, List<TaskNode> body, List<TaskNode> rescue, List<TaskNode> always, Role role, boolean explicit) {
        super(k);
        this.body = new ArrayList<>(body);
        this.rescue = new ArrayList<>(rescue);
        this.always = new ArrayList<>(always);
        this.role = role;
        this.explicit = explicit;
        for (TaskNode n : this.body) {
            n.parent = this;
        }
        for (TaskNode n : this.rescue) {
            n.parent = this;
        }
        for (TaskNode n : this.always) {
            n.parent = this;
        }
    }

    /** Attaches a block made at run time (an included file) below a node of the loaded tree. */
    public void attachTo(Block parent) {
        this.parent = parent;
    }

    public static Block container(List<TaskNode> tasks, Role role) {
        return new Block(new Keywords(), tasks, List.of(), List.of(), role, false);
    }

    public static Block container(Keywords k, List<TaskNode> tasks, Role role) {
        return new Block(k, tasks, List.of(), List.of(), role, false);
    }
}
