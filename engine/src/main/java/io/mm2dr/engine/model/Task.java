package io.mm2dr.engine.model;

import java.util.List;
import java.util.Map;

/** One task: a module call (or an include/import/meta action) with its keywords. */
public final class Task extends TaskNode {
    /** The module name as written (short or fully qualified). */
    public final String action;
    /** Arguments as written, not yet templated. Free-form text is under {@code _raw_params}. */
    public final Map<String, Object> args;
    /** {@code loop} or {@code with_items} (flattened one level), or null. */
    public final Object loop;
    public final boolean withItems;
    public final LoopControl loopControl;
    public final String register;
    /** {@code until}: conditions that must all hold for the task to stop retrying; empty when it does not retry. */
    public final List<Object> until;
    /** {@code retries} and {@code delay}, or null when not written (3 and 5 seconds). */
    public final NumberOrTemplate retries;
    public final NumberOrTemplate delay;
    public final List<Object> failedWhen;
    public final List<Object> changedWhen;
    public final List<String> notify;
    /** For handlers: the topics they listen to. */
    public final List<String> listen;
    /**
     * Set on the task the loader puts first in a role that declares arguments for the entry point
     * (Ansible's "Validating arguments against arg spec" task); null on every other task.
     */
    public final RoleArgumentSpec.Check argumentCheck;

    public Task(Keywords k, String action, Map<String, Object> args, Object loop, boolean withItems, LoopControl loopControl,
                String register, List<Object> until, NumberOrTemplate retries, NumberOrTemplate delay,
                List<Object> failedWhen, List<Object> changedWhen, List<String> notify, List<String> listen,
                RoleArgumentSpec.Check argumentCheck) {
        super(k);
        this.action = action;
        this.args = args;
        this.loop = loop;
        this.withItems = withItems;
        this.loopControl = loopControl;
        this.register = register;
        this.until = until;
        this.retries = retries;
        this.delay = delay;
        this.failedWhen = failedWhen;
        this.changedWhen = changedWhen;
        this.notify = notify;
        this.listen = listen;
        this.argumentCheck = argumentCheck;
    }

    /** Whether the task retries until its conditions hold. */
    public boolean retriesUntil() {
        return !until.isEmpty();
    }

    /** What banners show: the task's name, or the action when it has none. */
    public String displayName() {
        String base = name != null ? name : action;
        Role role = role();
        return role != null ? role.name + " : " + base : base;
    }

    /** {@code loop_control}. */
    public record LoopControl(String loopVar, String indexVar, Object label, Object pause, boolean extended) {
        public static final LoopControl DEFAULT = new LoopControl("item", null, null, null, false);
    }
}
