package io.mm2dr.modules;

import io.mm2dr.engine.builtin.BuiltinModules;
import io.mm2dr.engine.module.ModuleProvider;
import io.mm2dr.engine.module.ModuleRegistry;
import io.mm2dr.modules.domain.DomainModules;
import io.mm2dr.modules.kafka.KafkaModules;
import io.mm2dr.modules.kubernetes.KubernetesModules;
import java.util.List;

/**
 * The runner's modules: the engine's built-in ones and the Kubernetes, domain and Kafka ones, declared
 * as {@link ModuleProvider} services. Run from runner.jar, whose class path is fixed, they are these
 * four: a service lookup would open every one of the jar's libraries to look for more (about 70 ms).
 * From a class path (tests, {@code exec:java}) the services are looked up, test modules included.
 * {@code RunnerModulesTest} keeps this list, the service files and the jar's merged file equal.
 */
public final class RunnerModules {
    private RunnerModules() {
    }

    public static List<ModuleProvider> providers() {
        return List.of(new KubernetesModules(), new DomainModules(), new KafkaModules(), new BuiltinModules());
    }

    public static ModuleRegistry registry() {
        return System.getProperty(io.mm2dr.launch.Launcher.LIB_PATH_PROPERTY) != null ? ModuleRegistry.of(providers()) : ModuleRegistry.discover();
    }
}
