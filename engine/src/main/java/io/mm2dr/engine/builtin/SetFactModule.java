package io.mm2dr.engine.builtin;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code set_fact}: sets host variables that outlive the task (every argument is a variable). */
final class SetFactModule extends BuiltinModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("cacheable", ArgType.BOOL).defaultValue(false).description("accepted for compatibility; facts are not cached").add()
            .openEnded()
            .build();

    @Override
    public String name() {
        return "set_fact";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public boolean supportsCheckMode() {
        return true;
    }

    @Override
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) {
        Map<String, Object> facts = new LinkedHashMap<>(args);
        facts.remove("cacheable");
        if (facts.isEmpty()) {
            throw new ArgumentError("set_fact needs at least one variable to set");
        }
        for (String name : facts.keySet()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ArgumentError("the variable name '" + name + "' is not valid");
            }
        }
        return ModuleResult.ok().facts(facts).build();
    }
}
