package io.mm2dr.engine.module;

import java.util.List;

/**
 * Contributes modules to the engine; found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.mm2dr.engine.module.ModuleProvider}, so that the Kubernetes and Kafka
 * modules plug in without the engine knowing them.
 *
 * <p>A provider that declares its modules by name ({@link #names()}) has each made by
 * {@link #make} at its first use, so a run pays only for the modules it uses; one that does not
 * has all of them made at once by {@link #modules()}.
 */
public interface ModuleProvider {
    /** Every module of this provider, made now. */
    List<Module> modules();

    /** The modules this provider makes one by one with {@link #make}; empty (the default): see {@link #modules()}. */
    default List<ModuleName> names() {
        return List.of();
    }

    /** Makes the module of this short name, one of {@link #names()}. */
    default Module make(String name) {
        throw new IllegalArgumentException("no module " + name);
    }
}
