package io.mm2dr.engine.module;

import java.util.List;

/**
 * Contributes modules to the engine; found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.mm2dr.engine.module.ModuleProvider}, so that the Kubernetes and Kafka
 * modules plug in without the engine knowing them.
 */
public interface ModuleProvider {
    List<Module> modules();
}
