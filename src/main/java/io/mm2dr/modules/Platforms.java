package io.mm2dr.modules;

import io.mm2dr.engine.exec.PlaybookExecutor;
import io.mm2dr.engine.exec.RunPlan;
import io.mm2dr.engine.exec.RunRefusedException;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.modules.kubernetes.KubeSessions;
import io.mm2dr.platform.Platform;
import io.mm2dr.platform.PlatformConfig;
import io.mm2dr.platform.PlatformRuntime;
import io.mm2dr.platform.TaskScope;
import io.mm2dr.platform.kubernetes.EventStreamsSettings;
import io.mm2dr.platform.kubernetes.KubernetesRuntime;
import io.mm2dr.platform.kubernetes.OperatorApis;
import io.mm2dr.platform.local.LocalRuntime;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.SandboxLocation;
import io.mm2dr.sandbox.SandboxException;
import io.mm2dr.sandbox.UnusableSandboxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The glue between the engine's module SPI and the platforms: which platform a task runs on (the
 * host's {@code platform} variable, from the inventory or {@code -e platform=...}; {@code local}
 * when nothing says otherwise), read into a typed {@link PlatformConfig}; the platform built once
 * per run for each configuration and kept among the run's shared resources; and each task's
 * {@link TaskScope} (its check mode, progress, redactor). The platform packages know nothing of
 * the engine.
 */
public final class Platforms {
    public static final String VARIABLE = "platform";
    /** The collection of the modules that act on the estate through their task's platform (domain and Kafka modules). */
    public static final String COLLECTION = "mm2dr.kafka";

    private Platforms() {
    }

    public static String chosen(ModuleContext ctx) {
        Object v = ctx.vars().get(VARIABLE);
        return v == null ? PlatformConfig.LOCAL : String.valueOf(ctx.template(v)).trim();
    }

    /** The task's platform configuration, from its host's variables (and, for Kubernetes, its environment). */
    public static PlatformConfig config(ModuleContext ctx) {
        String name = chosen(ctx);
        return switch (name) {
            case PlatformConfig.KUBERNETES -> PlatformConfig.kubernetes(KubeSessions.connection(Map.of(), ctx), eventStreams(ctx),
                    variable(ctx, OperatorApis.VARIABLE));
            case PlatformConfig.LOCAL -> {
                Object configured = ctx.vars().get(Sandbox.VARIABLE);
                yield PlatformConfig.local(SandboxLocation.resolve(configured == null ? null : String.valueOf(ctx.template(configured)), ctx.environment()));
            }
            default -> throw new ArgumentError("unknown platform '" + name + "' (variable '" + VARIABLE + "'): expected kubernetes or local");
        };
    }

    /** The task's scope: its check mode, where its progress and its secrets go, how it sleeps. */
    public static TaskScope scope(ModuleContext ctx) {
        return new TaskScope(ctx.checkMode(), ctx::progress, ctx::secret, ctx::sleep);
    }

    /** The run's platform for this task's configuration, built at its first use. */
    public static PlatformRuntime runtime(ModuleContext ctx) {
        PlatformConfig config = config(ctx);
        // the connection's session first: a shared resource is not created from inside the creation of another
        var gateways = config.local() ? null : KubeSessions.gateways(config.kube(), ctx);
        return ctx.shared(config.key(), PlatformRuntime.class, () -> config.local() ? new LocalRuntime(config)
                : new KubernetesRuntime(config, gateways));
    }

    /** The task's platform: it writes, in the task's check mode, through the platform's gateway. */
    public static Platform forTask(ModuleContext ctx) {
        return runtime(ctx).platform(scope(ctx));
    }

    /**
     * The task's platform, only to read from before anything is touched: locally the sandbox is
     * neither locked nor created; on Kubernetes reads are reads.
     */
    public static Platform forReading(ModuleContext ctx) {
        return runtime(ctx).reader(scope(ctx));
    }

    /** The inventory's Event Streams settings: licence and admin endpoints. */
    private static EventStreamsSettings eventStreams(ModuleContext ctx) {
        try {
            return settings(ctx);
        } catch (IllegalArgumentException e) {
            throw new ArgumentError(e.getMessage());   // an inventory variable's mistake, said as the task's
        }
    }

    private static EventStreamsSettings settings(ModuleContext ctx) {
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

    /** {@link #actsOnPlatform} as a class rather than a lambda: every run asks it (a lambda's first use costs a short run). */
    private static final java.util.function.Predicate<Module> ACTS_ON_PLATFORM = new java.util.function.Predicate<>() {
        @Override
        public boolean test(Module module) {
            return actsOnPlatform(module);
        }
    };

    /**
     * Before the first task of a run (see {@link PlaybookExecutor#beforeRun}): when a play has a
     * task that acts on the platform and its hosts use {@code local} (the {@code platform}
     * variable undefined or {@code local} as the play starts), the local platform of those hosts
     * is built for the run at once and its sandbox locked, or the run refused with the reason,
     * before anything runs; in check mode the sandbox is only checked, never created nor locked.
     * Refusals: exit 5 when the folder cannot be used where it is (command line or environment), 2
     * when another run holds the lock (as when a task finds it so). A platform that is only known
     * once tasks have run (set by {@code set_fact}, say) is left to the task: the sandbox is then
     * locked at its first use, as before.
     */
    public static void prepareRun(RunPlan plan) {
        Set<Path> sandboxes = new LinkedHashSet<>();
        for (RunPlan.PlannedPlay play : plan.plays()) {
            if (play.hosts().isEmpty() || !play.mayCall(ACTS_ON_PLATFORM)) {
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
                if (platform == null || PlatformConfig.LOCAL.equals(String.valueOf(platform).trim())) {
                    sandboxes.add(SandboxLocation.resolve(dir == null ? null : String.valueOf(dir), Map.of()));
                }
            }
        }
        for (Path root : sandboxes) {
            PlatformConfig config = PlatformConfig.local(root);
            try {
                LocalRuntime runtime = (LocalRuntime) plan.shared(config.key(), PlatformRuntime.class, () -> new LocalRuntime(config));
                if (plan.checkMode()) {
                    runtime.checkUsable();
                } else {
                    runtime.open();
                }
            } catch (UnusableSandboxException e) {
                throw new RunRefusedException(e.getMessage(), PlaybookExecutor.EXIT_USAGE);
            } catch (SandboxException e) {
                throw new RunRefusedException(e.getMessage(), PlaybookExecutor.EXIT_FAILED);
            }
        }
    }
}
