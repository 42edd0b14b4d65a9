package io.mm2dr.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.engine.module.ModuleProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The runner names its module providers; they must be the ones its service files declare, in their order. */
class RunnerModulesTest {
    @Test
    void theNamedProvidersAreTheDeclaredServices() {
        List<String> declared = new ArrayList<>();
        for (ModuleProvider p : ServiceLoader.load(ModuleProvider.class)) {
            // (not the test classes' own providers)
            if (p.getClass().getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes")) {
                continue;
            }
            declared.add(p.getClass().getName());
        }
        List<String> named = RunnerModules.providers().stream().map(p -> p.getClass().getName()).toList();
        assertTrue(declared.size() >= 4, "the service files declare " + declared);
        assertEquals(declared, named);
    }

    @Test
    void runnerJarListsTheSameServices() throws java.io.IOException {
        // the jar holds the runner's and the engine's classes together: their two service files become one
        List<String> merged = java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/main/assembly/ModuleProvider.services")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(RunnerModules.providers().stream().map(p -> p.getClass().getName()).toList(), merged);
    }
}
