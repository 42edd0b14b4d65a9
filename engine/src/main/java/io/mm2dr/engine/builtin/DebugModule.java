package io.mm2dr.engine.builtin;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.engine.template.UndefinedVariableError;
import java.util.Map;

/** {@code debug}: prints a message or a variable (the result is always shown). */
final class DebugModule extends BuiltinModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("msg", ArgType.RAW).description("the message to show").add()
            .arg("var", ArgType.STR).description("a variable name or expression to show").add()
            .arg("verbosity", ArgType.INT).defaultValue(0L).description("show only at this -v level or above").add()
            .mutuallyExclusive("msg", "var")
            .build();

    @Override
    public String name() {
        return "debug";
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
        long verbosity = (Long) args.get("verbosity");
        if (ctx.verbosity() < verbosity) {
            return ModuleResult.skipped(null).put("skipped_reason", "Verbosity threshold not met.").build();
        }
        ModuleResult.Builder r = ModuleResult.ok().put("_ansible_verbose_always", true);
        String var = (String) args.get("var");
        if (var != null) {
            Object value;
            try {
                value = ctx.evaluate(var);
            } catch (UndefinedVariableError e) {
                value = "VARIABLE IS NOT DEFINED!";
            }
            return r.put(var, value).build();
        }
        Object msg = args.get("msg");
        return r.put("msg", msg == null ? "Hello world!" : msg).build();
    }
}
