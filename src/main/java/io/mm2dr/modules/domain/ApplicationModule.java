package io.mm2dr.modules.domain;

import io.mm2dr.domain.ApplicationSpec;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Platform;
import java.util.Map;

/**
 * {@code application}: pauses a Deployment, KafkaConnect or KafkaMirrorMaker2 (records its replica
 * count, scales to 0) or resumes it (back to the recorded count). Pausing something paused, or
 * resuming something running, changes nothing.
 */
final class ApplicationModule extends DomainModule {
    private static final ArgSpec SPEC = waitArgs(flavorArg(ArgSpec.builder()
            .arg("kind", ArgType.STR).required().choices("Deployment", "KafkaConnect", "KafkaMirrorMaker2").description("the application's kind").add()
            .arg("name", ArgType.STR).required().description("its name").add()
            .arg("namespace", ArgType.STR).required().description("its namespace").add()
            .arg("state", ArgType.STR).required().choices("paused", "running").description("paused (scaled to 0, its count recorded) or running (back to the recorded count)").add()
            .arg("replicas", ArgType.INT).description("resume to this count when none was recorded").add()), 600)
            .build();

    @Override
    public String name() {
        return "application";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    Outcome apply(Map<String, Object> args, ModuleContext ctx, Platform platform) throws InterruptedException {
        ApplicationSpec spec = new ApplicationSpec((String) args.get("kind"), (String) args.get("name"), (String) args.get("namespace"),
                flavor(args, ctx), "running".equals(args.get("state")),
                args.get("replicas") == null ? null : ((Number) args.get("replicas")).intValue());
        return platform.application(spec, timeout(args));
    }
}
