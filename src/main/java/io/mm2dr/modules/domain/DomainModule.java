package io.mm2dr.modules.domain;

import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.SecretKey;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.domain.PlatformException;
import io.mm2dr.domain.mm2.SpecException;
import io.mm2dr.modules.Platforms;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Platform;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the domain modules share: they compute a desired state from their arguments, hand it to
 * the task's {@link Platform} (the run's, see {@link Platforms}), and turn its {@link Outcome}
 * into the result in one place ({@link #result}); a {@link PlatformException} fails the task with
 * its message.
 */
abstract class DomainModule implements Module {

    @Override
    public String namespace() {
        return "mm2dr.kafka";
    }

    @Override
    public boolean supportsCheckMode() {
        return true;
    }

    static ArgSpec.Builder flavorArg(ArgSpec.Builder b) {
        return b.arg("flavor", ArgType.STR).choices("eventstreams", "strimzi")
                .description("the operator on Kubernetes (default: the 'flavor' variable, else eventstreams)").add();
    }

    static ArgSpec.Builder waitArgs(ArgSpec.Builder b, int timeoutSeconds) {
        return b.arg("wait", ArgType.BOOL).defaultValue(true).description("wait until it is ready (or gone)").add()
                .arg("wait_timeout", ArgType.INT).defaultValue(timeoutSeconds).description("seconds to wait").add();
    }

    @Override
    public final ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws Exception {
        Platform platform = null;
        try {
            platform = Platforms.forTask(ctx);
            return result(apply(args, ctx, platform), platform, ctx);
        } catch (PlatformException | SpecException e) {
            // the platform's refusals, and a specification it cannot realise (e.g. a v1 KafkaMirrorMaker2 with two targets)
            ModuleResult.Builder r = ModuleResult.failed(e.getMessage());
            if (platform != null) {
                platform.serverWarnings().forEach(w -> r.warn("the API server warns: " + w));
            }
            return r.build();
        }
    }

    /**
     * The outcome as the task's result, the one place it becomes one: changed when any object
     * was (or in check mode would be) created, updated or deleted; the facts as top-level keys;
     * each object's outcome under {@code actions}; the diffs under {@code --diff}.
     */
    static ModuleResult result(Outcome outcome, Platform platform, ModuleContext ctx) {
        ModuleResult.Builder r = ModuleResult.changed(outcome.changed());
        r.putAll(outcome.facts());
        r.put("platform", platform.name());
        r.put("actions", outcome.lines());
        outcome.warnings().forEach(r::warn);
        platform.serverWarnings().forEach(w -> r.warn("the API server warns: " + w));
        if (ctx.diffMode() && !outcome.diffs().isEmpty()) {
            r.put("diff", outcome.diffs().size() == 1 ? outcome.diffs().get(0) : outcome.diffs());
        }
        return r.build();
    }

    abstract Outcome apply(Map<String, Object> args, ModuleContext ctx, Platform platform) throws Exception;

    static Flavor flavor(Map<String, Object> args, ModuleContext ctx) {
        Object f = args.get("flavor");
        if (f == null && ctx.vars().get("flavor") != null) {
            f = ctx.template(ctx.vars().get("flavor"));
        }
        try {
            return f == null ? Flavor.EVENTSTREAMS : Flavor.of(String.valueOf(f));
        } catch (IllegalArgumentException e) {
            throw new ArgumentError(e.getMessage());
        }
    }

    static boolean present(Map<String, Object> args) {
        return !"absent".equals(args.get("state"));
    }

    /** The wait timeout, or null when the task does not wait. */
    static Duration timeout(Map<String, Object> args) {
        return Boolean.TRUE.equals(args.get("wait")) ? Duration.ofSeconds(((Number) args.get("wait_timeout")).longValue()) : null;
    }

    static int intArg(Map<String, Object> args, String name) {
        return ((Number) args.get(name)).intValue();
    }

    /** A secret key given as {name, key} or as a bare name (key defaulted). */
    static SecretKey secretKey(Object value, String arg, String defaultKey) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return new SecretKey(s, defaultKey);
        }
        if (value instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!List.of("name", "key").contains(String.valueOf(k))) {
                    throw new ArgumentError(arg + ": unknown key '" + k + "' (known: name, key)");
                }
            }
            if (m.get("name") == null) {
                throw new ArgumentError(arg + " needs a 'name'");
            }
            return new SecretKey(String.valueOf(m.get("name")), m.get("key") == null ? defaultKey : String.valueOf(m.get("key")));
        }
        throw new ArgumentError(arg + " must be a secret name or {name, key}");
    }

    /** A map of strings (labels, annotations, data); null gives an empty map. */
    static Map<String, String> strings(Object value, String arg) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new ArgumentError(arg + " must be a mapping");
        }
        m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        return out;
    }
}
