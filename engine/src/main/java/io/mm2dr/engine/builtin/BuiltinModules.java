package io.mm2dr.engine.builtin;

import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleName;
import io.mm2dr.engine.module.ModuleProvider;
import java.util.List;

/** The ansible.builtin modules runner implements. */
public final class BuiltinModules implements ModuleProvider {
    private static final String NS = "ansible.builtin";

    @Override
    public List<Module> modules() {
        return names().stream().map(n -> make(n.name())).toList();
    }

    /** By name, each made at its first use (a playbook of debug tasks sets up nothing else). */
    @Override
    public List<ModuleName> names() {
        return List.of(new ModuleName(NS, "debug"),
                new ModuleName(NS, "set_fact"),
                new ModuleName(NS, "assert"),
                new ModuleName(NS, "fail"),
                new ModuleName(NS, "command"),
                new ModuleName(NS, "shell"),
                new ModuleName(NS, "pause"),
                new ModuleName(NS, "template"),
                new ModuleName(NS, "pip"),
                new ModuleName(NS, "copy"),
                new ModuleName(NS, "file"));
    }

    @Override
    public Module make(String name) {
        return switch (name) {
            case "debug" -> new DebugModule();
            case "set_fact" -> new SetFactModule();
            case "assert" -> new AssertModule();
            case "fail" -> new FailModule();
            case "command" -> new CommandModule(false);
            case "shell" -> new CommandModule(true);
            case "pause" -> new PauseModule();
            case "template" -> new TemplateModule();
            case "pip" -> new PipModule();
            case "copy" -> new CopyModule();
            case "file" -> new FileModule();
            default -> throw new IllegalArgumentException("no module " + name);
        };
    }
}
