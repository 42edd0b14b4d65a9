package io.mm2dr.testmodules;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleProvider;
import io.mm2dr.engine.module.ModuleResult;
import java.util.List;
import java.util.Map;

/**
 * Modules for tests only. {@code secret_echo} is deliberately careless: it puts its secret
 * argument into its message, its data, its diff and its progress reports, so that tests prove
 * the engine redacts secrets centrally, whatever a module does.
 */
public final class TestModules implements ModuleProvider {
    @Override
    public List<Module> modules() {
        return List.of(new SecretEcho());
    }

    static final class SecretEcho implements Module {
        private static final ArgSpec SPEC = ArgSpec.builder()
                .arg("name", ArgType.STR).required().add()
                .arg("password", ArgType.STR).required().secret().add()
                .build();

        @Override
        public String name() {
            return "secret_echo";
        }

        @Override
        public String namespace() {
            return "test.modules";
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
            String password = (String) args.get("password");
            ctx.progress("storing " + password);
            return ModuleResult.changed(true).msg("stored " + args.get("name") + " with " + password)
                    .put("password", password).diff(Map.of("password", "old"), Map.of("password", password)).build();
        }
    }
}
