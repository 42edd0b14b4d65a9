package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleName;
import io.mm2dr.engine.module.ModuleProvider;
import io.mm2dr.engine.module.ModuleRegistry;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Modules declared by name are the modules made: every provider's names are the ones its modules answer to. */
class ModuleNamesTest {
    @Test
    void everyDeclaredNameIsTheNameOfTheModuleMade() {
        for (ModuleProvider p : ServiceLoader.load(ModuleProvider.class)) {
            for (ModuleName n : p.names()) {
                Module m = p.make(n.name());
                assertEquals(n.name(), m.name());
                assertEquals(n.namespace() + "." + n.name(), m.fullName());
                assertEquals(n.aliases(), m.aliases(), m.fullName());
            }
        }
        ModuleRegistry registry = ModuleRegistry.discover();
        List<Module> all = registry.modules();   // makes every module: a wrong declaration throws
        assertTrue(all.size() >= 27, all.size() + " modules");
        for (String name : List.of("debug", "ansible.builtin.debug", "k8s", "community.kubernetes.k8s", "kafka_cluster", "mm2dr.kafka.mirror_compare")) {
            assertSame(registry.find(name), registry.find(name), name);
            assertTrue(registry.names().contains(name), name);
        }
        assertSame(registry.find("k8s"), registry.find("kubernetes.core.k8s"));
    }

    @Test
    void aProviderThatDeclaresAnotherNameIsCaught() {
        ModuleProvider wrong = new ModuleProvider() {
            @Override
            public List<Module> modules() {
                return List.of(make("debug"));
            }

            @Override
            public List<ModuleName> names() {
                return List.of(new ModuleName("ansible.builtin", "debug", List.of("say")));
            }

            @Override
            public Module make(String name) {
                return new io.mm2dr.engine.builtin.BuiltinModules().make(name);
            }
        };
        ModuleRegistry registry = ModuleRegistry.of(List.of(wrong));
        assertTrue(registry.names().contains("say"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.find("say"));
        assertTrue(e.getMessage().contains("declares it as"), e.getMessage());
    }
}
