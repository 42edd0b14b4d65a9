package io.mm2dr.platform;

import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.kubernetes.KubeSessions;
import io.mm2dr.platform.kubernetes.KubernetesPlatform;
import io.mm2dr.platform.local.LocalPlatform;
import java.util.Map;

/**
 * Which platform a task runs on: the host's {@code platform} variable (from the inventory or
 * {@code -e platform=...}), {@code local} when nothing says otherwise.
 */
public final class Platforms {
    public static final String VARIABLE = "platform";

    private Platforms() {
    }

    public static String chosen(ModuleContext ctx) {
        Object v = ctx.vars().get(VARIABLE);
        return v == null ? "local" : String.valueOf(ctx.template(v)).trim();
    }

    public static Platform forTask(ModuleContext ctx) {
        String name = chosen(ctx);
        return switch (name) {
            case "kubernetes" -> new KubernetesPlatform(KubeSessions.gateway(Map.of(), ctx), ctx::progress, ctx::sleep,
                    ctx.vars().get("eventstreams_license_use") == null ? null : String.valueOf(ctx.template(ctx.vars().get("eventstreams_license_use"))));
            case "local" -> LocalPlatform.forTask(ctx);
            default -> throw new ArgumentError("unknown platform '" + name + "' (variable '" + VARIABLE + "'): expected kubernetes or local");
        };
    }
}
