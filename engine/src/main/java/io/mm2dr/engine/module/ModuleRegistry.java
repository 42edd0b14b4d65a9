package io.mm2dr.engine.module;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Finds modules by short or fully qualified name. The modules a provider declares by name
 * ({@link ModuleProvider#names()}) are made at the first lookup of one of their names.
 */
public final class ModuleRegistry {
    private final Map<String, Slot> byName = new LinkedHashMap<>();
    private final List<Slot> slots = new ArrayList<>();

    /** One module, made, or to be made by its provider. */
    private static final class Slot {
        final ModuleProvider provider;
        final ModuleName declared;
        Module module;

        Slot(Module module) {
            this.provider = null;
            this.declared = null;
            this.module = module;
        }

        Slot(ModuleProvider provider, ModuleName declared) {
            this.provider = provider;
            this.declared = declared;
        }

        List<String> names() {
            return declared != null ? declared.all() : ModuleName.of(module);
        }

        Module get() {
            if (module == null) {
                Module m = provider.make(declared.name());
                if (!new TreeSet<>(ModuleName.of(m)).equals(new TreeSet<>(declared.all()))) {
                    throw new IllegalStateException("module " + m.fullName() + " answers to " + ModuleName.of(m)
                            + " but " + provider.getClass().getName() + " declares it as " + declared.all());
                }
                module = m;
            }
            return module;
        }
    }

    public ModuleRegistry(Collection<Module> modules) {
        for (Module m : modules) {
            register(m);
        }
    }

    private ModuleRegistry() {
    }

    /** All modules on the class path, found through {@link ModuleProvider} services; those declared by name made at their first use. */
    public static ModuleRegistry discover() {
        return of(ServiceLoader.load(ModuleProvider.class));
    }

    /** The modules of these providers; those declared by name made at their first use. */
    public static ModuleRegistry of(Iterable<ModuleProvider> providers) {
        ModuleRegistry registry = new ModuleRegistry();
        for (ModuleProvider p : providers) {
            List<ModuleName> declared = p.names();
            if (declared.isEmpty()) {
                for (Module m : p.modules()) {
                    registry.register(m);
                }
            } else {
                for (ModuleName n : declared) {
                    registry.add(new Slot(p, n));
                }
            }
        }
        return registry;
    }

    public void register(Module m) {
        add(new Slot(m));
    }

    private void add(Slot slot) {
        slots.add(slot);
        for (String name : slot.names()) {
            byName.put(name, slot);
        }
    }

    public Module find(String name) {
        Slot slot = byName.get(name);
        return slot == null ? null : slot.get();
    }

    /** Every module registered, in order, made now if not yet. */
    public List<Module> modules() {
        List<Module> all = new ArrayList<>();
        for (Slot s : slots) {
            all.add(s.get());
        }
        return List.copyOf(all);
    }

    /** Every name a module answers to, sorted (no module is made for it). */
    public Collection<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
