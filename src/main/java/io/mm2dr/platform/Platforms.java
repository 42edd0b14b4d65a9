package io.mm2dr.platform;

import io.mm2dr.engine.exec.RunPlan;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.modules.kubernetes.KubeSessions;
import io.mm2dr.platform.kubernetes.EventStreamsSettings;
import io.mm2dr.platform.kubernetes.KubernetesPlatform;
import io.mm2dr.platform.local.LocalPlatform;
import io.mm2dr.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which platform a task runs on: the host's {@code platform} variable (from the inventory or
 * {@code -e platform=...}), {@code local} when nothing says otherwise.
 */
public final class Platforms {
    public static final String VARIABLE = "platform";
    /** The collection of the modules that act on the estate through their task's platform (domain and Kafka modules). */
    public static final String COLLECTION = "mm2dr.kafka";

    private Platforms() {
    }

    public static String chosen(ModuleContext ctx) {
        Object v = ctx.vars().get(VARIABLE);
        return v == null ? "local" : String.valueOf(ctx.template(v)).trim();
    }

    /**
     * The task's platform, only to read from before anything is touched: locally the sandbox is
     * neither locked nor created; on Kubernetes reads are reads.
     */
    public static Platform forReading(ModuleContext ctx) {
        return "local".equals(chosen(ctx)) ? LocalPlatform.readOnly(ctx) : forTask(ctx);
    }

    public static Platform forTask(ModuleContext ctx) {
        String name = chosen(ctx);
        return switch (name) {
            case "kubernetes" -> new KubernetesPlatform(KubeSessions.gateway(Map.of(), ctx), ctx::progress, ctx::sleep,
                    eventStreams(ctx), variable(ctx, io.mm2dr.platform.kubernetes.OperatorApis.VARIABLE));
            case "local" -> LocalPlatform.forTask(ctx);
            default -> throw new ArgumentError("unknown platform '" + name + "' (variable '" + VARIABLE + "'): expected kubernetes or local");
        };
    }

    /** The inventory's Event Streams settings: licence and admin endpoints. */
    private static EventStreamsSettings eventStreams(ModuleContext ctx) {
        return new EventStreamsSettings(variable(ctx, EventStreamsSettings.LICENSE_USE_VARIABLE), variable(ctx, EventStreamsSettings.LICENSE_VARIABLE),
                variable(ctx, EventStreamsSettings.ENDPOINT_TYPE_VARIABLE), variable(ctx, EventStreamsSettings.INGRESS_DOMAIN_VARIABLE),
                variable(ctx, EventStreamsSettings.INGRESS_CLASS_VARIABLE));
    }

    /** A host variable, templated, as text; null when undefined or blank. */
    private static String variable(ModuleContext ctx, String name) {
        Object v = ctx.vars().get(name);
        if (v == null) {
            return null;
        }
        String s = String.valueOf(ctx.template(v)).trim();
        return s.isEmpty() ? null : s;
    }

    /** Whether a module acts on the estate through its task's platform (and so may read or change the local sandbox). */
    public static boolean actsOnPlatform(Module module) {
        return COLLECTION.equals(module.namespace());
    }

    /**
     * Before the first task of a run (see {@link io.mm2dr.engine.exec.PlaybookExecutor#beforeRun}):
     * when a play has a task that acts on the platform and its hosts use {@code local} (the
     * {@code platform} variable undefined or {@code local} as the play starts), the local sandbox of
     * those hosts is opened for the run at once: locked, or refused with the reason, before anything
     * runs; in check mode only checked, never created nor locked. A platform that is only known once
     * tasks have run (set by {@code set_fact}, say) is left to the task: the sandbox is then locked
     * at its first use, as before.
     */
    public static void prepareRun(RunPlan plan) {
        Set<Path> sandboxes = new LinkedHashSet<>();
        for (RunPlan.PlannedPlay play : plan.plays()) {
            if (play.hosts().isEmpty() || !play.mayCall(Platforms::actsOnPlatform)) {
                continue;
            }
            for (String host : play.hosts()) {
                Object platform;
                Object dir;
                try {
                    platform = play.variable(host, VARIABLE);
                    dir = play.variable(host, Sandbox.VARIABLE);
                } catch (RuntimeException e) {
                    continue;   // known only as the play runs: its first task opens the sandbox
                }
                if (platform == null || "local".equals(String.valueOf(platform).trim())) {
                    sandboxes.add(Sandbox.resolve(dir == null ? null : String.valueOf(dir), Map.of()));
                }
            }
        }
        for (Path root : sandboxes) {
            LocalPlatform.openForRun(plan, root);
        }
    }
}
