package io.mm2dr.engine.exec;

import io.mm2dr.engine.module.Module;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a run is about to do, as known once its playbooks and inventory are loaded and before its
 * first task: given to the preparation registered with {@link PlaybookExecutor#beforeRun}, which
 * may take resources the whole run needs (shared with the modules, closed when the run ends) or
 * refuse the run with a {@link RunRefusedException}.
 */
public interface RunPlan {
    /** {@code --check}: the run changes nothing. */
    boolean checkMode();

    /** The plays of every playbook, in order. */
    List<PlannedPlay> plays();

    /** The same registry as {@link io.mm2dr.engine.module.ModuleContext#shared}: what is put here, tasks get. */
    <T extends AutoCloseable> T shared(String key, Class<T> type, Supplier<T> factory);

    /** A play as it will start. */
    interface PlannedPlay {
        String name();

        /** The hosts the play's pattern matches in the inventory (none: the play will be skipped). */
        List<String> hosts();

        /**
         * Whether a task of the play (handlers included) calls a module that passes the test. What
         * {@code include_tasks} and {@code include_role} bring in is looked into when their names are
         * plain; a templated name (or one that cannot be loaded) may bring in anything, and counts.
         * Tags and conditions are not looked at: a task that may run counts.
         */
        boolean mayCall(Predicate<Module> module);

        /**
         * A variable of a host as the play starts (extra vars, vars_files, play vars, inventory),
         * templated; null when none of those defines it. Variables set later (role variables, block
         * and task vars, set_fact) are not seen.
         *
         * @throws RuntimeException when its value cannot be templated yet (it needs a fact set by a task, say)
         */
        Object variable(String host, String name);
    }
}
