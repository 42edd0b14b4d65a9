package io.mm2dr.engine.module;

import java.util.List;
import java.util.Map;

/**
 * A task module: one class, a declared argument spec, and a call that returns one result.
 * A module never prints; it reports progress through {@link ModuleContext#progress} and
 * returns everything else in its {@link ModuleResult}.
 */
public interface Module {
    /** Short name, e.g. {@code debug}. */
    String name();

    /** Collection namespace for the fully qualified name, e.g. {@code ansible.builtin}. */
    String namespace();

    /** Other names this module answers to (short or fully qualified). */
    default List<String> aliases() {
        return List.of();
    }

    ArgSpec spec();

    /** Action groups this module belongs to, for {@code module_defaults: {group/<name>: ...}} (e.g. k8s). */
    default List<String> groups() {
        return List.of();
    }

    /** Whether the module can tell what it would change without changing it. */
    boolean supportsCheckMode();

    /** Runs with validated arguments (defaults filled in, types converted). */
    ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws Exception;

    /**
     * What {@code runner doc} shows besides the argument spec; by default read from the resource
     * {@code NAME.doc.yml} beside the module's class, only when asked for (see {@link ModuleDoc}).
     */
    default ModuleDoc doc() {
        return ModuleDoc.load(this);
    }

    default String fullName() {
        return namespace() + "." + name();
    }
}
