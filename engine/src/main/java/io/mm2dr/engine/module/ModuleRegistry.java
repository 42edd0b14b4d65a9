package io.mm2dr.engine.module;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds modules by short or fully qualified name. */
public final class ModuleRegistry {
    private final Map<String, Module> byName = new LinkedHashMap<>();
    private final List<Module> modules = new ArrayList<>();

    public ModuleRegistry(Collection<Module> modules) {
        for (Module m : modules) {
            register(m);
        }
    }

    /** All modules on the class path, found through {@link ModuleProvider} services. */
    public static ModuleRegistry discover() {
        List<Module> all = new ArrayList<>();
        for (ModuleProvider p : ServiceLoader.load(ModuleProvider.class)) {
            all.addAll(p.modules());
        }
        return new ModuleRegistry(all);
    }

    public void register(Module m) {
        modules.add(m);
        byName.put(m.name(), m);
        byName.put(m.fullName(), m);
        for (String alias : m.aliases()) {
            byName.put(alias, m);
        }
    }

    public Module find(String name) {
        return byName.get(name);
    }

    public List<Module> modules() {
        return List.copyOf(modules);
    }

    /** Every name a module answers to, sorted. */
    public Collection<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
