package io.mm2dr.engine.module;

import java.util.ArrayList;
import java.util.List;

/**
 * A module known by its names before it is made: {@code namespace.name}, {@code name} and its
 * aliases. {@link ModuleRegistry} asks the provider to make it ({@link ModuleProvider#make}) at the
 * first lookup of one of these names, so a run loads and sets up only the modules its playbooks
 * use. They must be the names the module itself answers to ({@link Module#name()},
 * {@link Module#fullName()}, {@link Module#aliases()}): the registry checks that when it makes it.
 */
public record ModuleName(String namespace, String name, List<String> aliases) {
    public ModuleName {
        aliases = List.copyOf(aliases);
    }

    public ModuleName(String namespace, String name) {
        this(namespace, name, List.of());
    }

    /** Short name, fully qualified name, aliases. */
    public List<String> all() {
        List<String> all = new ArrayList<>(List.of(name, namespace + "." + name));
        all.addAll(aliases);
        return all;
    }

    /** The names a module made already answers to. */
    static List<String> of(Module m) {
        List<String> all = new ArrayList<>(List.of(m.name(), m.fullName()));
        all.addAll(m.aliases());
        return all;
    }
}
