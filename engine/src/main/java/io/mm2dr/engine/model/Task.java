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
    public final Object until;
    public final Object retries;
    public final Object delay;
    public final List<Object> failedWhen;
    public final List<Object> changedWhen;
    public final List<String> notify;
    /** For handlers: the topics they listen to. */
    public final List<String> listen;

    public Task(Keywords k, String action, Map<String, Object> args, Object loop, boolean withItems, LoopControl loopControl,
                String register, Object until, Object retries, Object delay, List<Object> failedWhen,
                List<Object> changedWhen, List<String> notify, List<String> listen) {
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
