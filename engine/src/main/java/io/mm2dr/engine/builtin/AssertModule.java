package io.mm2dr.engine.builtin;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import java.util.List;
import java.util.Map;

/** {@code assert}: every condition of {@code that} must hold. */
final class AssertModule extends BuiltinModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("that", ArgType.RAW).required().description("conditions, as in 'when'").add()
            .arg("fail_msg", ArgType.RAW).aliases("msg").description("message when a condition is false").add()
            .arg("success_msg", ArgType.RAW).description("message when all hold").add()
            .arg("quiet", ArgType.BOOL).defaultValue(false).description("do not show the result").add()
            .build();

    @Override
    public String name() {
        return "assert";
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
        boolean quiet = (Boolean) args.get("quiet");
        Object that = args.get("that");
        for (Object condition : that instanceof List<?> l ? l : List.of(that)) {
            if (!ctx.condition(condition)) {
                Object msg = args.get("fail_msg");
                ModuleResult.Builder f = ModuleResult.failed(msg == null ? "Assertion failed" : String.valueOf(msg))
                        .put("assertion", condition).put("evaluated_to", false);
                if (!quiet) {
                    // ansible-playbook shows a failed assertion indented, unless quiet
                    f.put("_ansible_verbose_always", true);
                }
                return f.build();
            }
        }
        Object msg = args.get("success_msg");
        ModuleResult.Builder r = ModuleResult.ok().msg(msg == null ? "All assertions passed" : String.valueOf(msg));
        if (!quiet) {
            r.put("_ansible_verbose_always", true);
        }
        return r.build();
    }
}
