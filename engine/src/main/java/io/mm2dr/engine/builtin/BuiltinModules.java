package io.mm2dr.engine.builtin;

import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleProvider;
import java.util.List;

/** The ansible.builtin modules runner implements. */
public final class BuiltinModules implements ModuleProvider {
    @Override
    public List<Module> modules() {
        return List.of(new DebugModule(), new SetFactModule(), new AssertModule(), new FailModule(), new CommandModule(false),
                new CommandModule(true), new PauseModule(), new TemplateModule(), new PipModule());
    }
}
