package io.mm2dr.modules.domain;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Platform;
import java.time.Duration;
import java.util.Map;

/**
 * {@code namespace}: a region. {@code state: absent} removes it with everything in it, and waits
 * until it is really gone. Returns {@code existed}: whether it was there before the task (with
 * {@code check_mode: true} and {@code changed_when: false}, a read-only probe).
 */
final class NamespaceModule extends DomainModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.STR).required().description("the region's name").add()
            .arg("state", ArgType.STR).choices("present", "absent").defaultValue("present").description("present, or absent (deleted with everything in it)").add()
            .arg("wait_timeout", ArgType.INT).defaultValue(600).description("seconds to wait for a deleted region to be gone").add()
            .build();

    @Override
    public String name() {
        return "namespace";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    Outcome apply(Map<String, Object> args, ModuleContext ctx, Platform platform) throws InterruptedException {
        boolean present = present(args);
        Outcome outcome = platform.namespace((String) args.get("name"), present, Duration.ofSeconds(intArg(args, "wait_timeout")));
        // whether it was there before: created means it was not, deleted means it was
        return outcome.fact("existed", present != outcome.changed());
    }
}
