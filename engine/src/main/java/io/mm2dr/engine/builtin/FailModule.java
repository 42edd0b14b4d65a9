package io.mm2dr.engine.builtin;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.engine.template.Templar;
import java.util.Map;

/** {@code fail}: fails the task with a message. */
final class FailModule extends BuiltinModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("msg", ArgType.RAW).defaultValue("Failed as requested from task").description("the failure's message").add()
            .build();

    @Override
    public String name() {
        return "fail";
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
        Object msg = args.get("msg");
        return ModuleResult.failed(msg instanceof String s ? s : Templar.render(msg)).build();
    }
}
