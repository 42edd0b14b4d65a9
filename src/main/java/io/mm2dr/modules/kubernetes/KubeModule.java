package io.mm2dr.modules.kubernetes;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kubernetes.KubeException;
import io.mm2dr.kubernetes.KubeGateway;
import io.mm2dr.modules.kubernetes.KubeSessions;
import io.mm2dr.kubernetes.Readiness;
import io.mm2dr.kubernetes.ResourceDiff;
import io.mm2dr.kubernetes.SecretValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the kubernetes.core modules share: the connection arguments (see {@link KubeSessions}),
 * the wait arguments, and turning a {@link KubeException} into a failed result.
 */
abstract class KubeModule implements Module {

    static ArgSpec.Builder connectionArgs(ArgSpec.Builder b) {
        return KubeSessions.connectionArgs(b);
    }

    static ArgSpec.Builder waitArgs(ArgSpec.Builder b, boolean waitDefault, int timeoutDefault) {
        return b.arg("wait", ArgType.BOOL).defaultValue(waitDefault).description("wait until the object is ready (or gone)").add()
                .arg("wait_condition", ArgType.DICT).description("the status condition to wait for: type, status (default True), reason").add()
                .arg("wait_timeout", ArgType.INT).defaultValue(timeoutDefault).description("seconds to wait").add()
                .arg("wait_sleep", ArgType.INT).defaultValue(5).description("longest pause in seconds between two checks").add();
    }

    @Override
    public String namespace() {
        return "kubernetes.core";
    }

    @Override
    public List<String> aliases() {
        return List.of("community.kubernetes." + name());
    }

    /** kubernetes.core's action group: {@code module_defaults: {group/k8s: {kubeconfig: ...}}}. */
    @Override
    public List<String> groups() {
        return List.of("k8s", "kubernetes.core.k8s", "community.kubernetes.k8s");
    }

    @Override
    public boolean supportsCheckMode() {
        return true;
    }

    @Override
    public final ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws Exception {
        KubeGateway gateway = null;
        try {
            gateway = gateway(args, ctx);
            ModuleResult r = run(args, ctx, gateway);
            return r.withWarnings(serverWarnings(gateway));
        } catch (KubeException e) {
            ModuleResult.Builder failed = ModuleResult.failed(e.getMessage());
            // as kubernetes.core: the API's answer (HTTP code and reason) beside the message
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() > 0) {
                    failed.put("status", k.getCode()).put("error", k.getCode());
                    if (k.getStatus() != null && k.getStatus().getReason() != null) {
                        failed.put("reason", k.getStatus().getReason());
                    }
                    break;
                }
            }
            return failed.build().withWarnings(serverWarnings(gateway));
        }
    }

    abstract ModuleResult run(Map<String, Object> args, ModuleContext ctx, KubeGateway gateway) throws Exception;

    /** The API server's warnings not shown yet in this run, as task warnings. */
    private static java.util.List<String> serverWarnings(KubeGateway gateway) {
        return gateway == null ? java.util.List.of() : gateway.serverWarnings().stream().map(w -> "the API server warns: " + w).toList();
    }

    static KubeGateway gateway(Map<String, Object> args, ModuleContext ctx) {
        return KubeSessions.gateway(args, ctx);
    }

    // ------------------------------------------------------------------ waits and results

    /** The readiness asked by {@code wait_condition}, or the kind's default. */
    static Readiness readiness(Map<String, Object> args, String kind) {
        Object wc = args.get("wait_condition");
        if (wc instanceof Map<?, ?> m && !m.isEmpty()) {
            Object type = m.get("type");
            if (type == null) {
                throw new ArgumentError("wait_condition needs a 'type' (e.g. Ready)");
            }
            for (Object k : m.keySet()) {
                if (!List.of("type", "status", "reason").contains(String.valueOf(k))) {
                    throw new ArgumentError("wait_condition has an unknown key '" + k + "' (known: type, status, reason)");
                }
            }
            Object status = m.get("status");
            String s = status instanceof Boolean b ? (b ? "True" : "False") : status == null ? null : String.valueOf(status);
            return new Readiness.Condition(String.valueOf(type), s, m.get("reason") == null ? null : String.valueOf(m.get("reason")));
        }
        return Readiness.forKind(kind);
    }

    static Duration seconds(Map<String, Object> args, String name) {
        long n = ((Number) args.get(name)).longValue();
        if (n < 1 && name.equals("wait_sleep")) {
            throw new ArgumentError("wait_sleep must be 1 second or more, got " + n);
        }
        if (n < 0) {
            throw new ArgumentError(name + " must not be negative, got " + n);
        }
        return Duration.ofSeconds(n);
    }

    /** A before/after pair for --diff: without server-owned fields, Secret values masked. */
    static Map<String, Object> diffOf(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> b = ResourceDiff.withoutServerFields(before);
        Map<String, Object> a = ResourceDiff.withoutServerFields(after);
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("before", b == null ? null : SecretValues.maskBefore(b));
        d.put("after", a == null ? null : SecretValues.maskAfter(b, a));
        return d;
    }

    /**
     * The object as returned to the playbook: all of it, its managedFields included, as the
     * collection returns it (hidden_fields: [metadata.managedFields] leaves them out).
     */
    static Map<String, Object> shown(Map<String, Object> object) {
        return object == null ? Map.of() : ResourceDiff.deepCopy(object);
    }
}
