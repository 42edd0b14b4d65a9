package io.mm2dr.modules.kubernetes;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kubernetes.KubeGateway;
import io.mm2dr.kubernetes.KubeGateway.Written;
import io.mm2dr.kubernetes.KubeObjects;
import io.mm2dr.kubernetes.Readiness;
import io.mm2dr.kubernetes.ResourceRef;
import io.mm2dr.kubernetes.ResourceType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code k8s_scale}: sets {@code spec.replicas} of a Deployment, StatefulSet or any custom
 * resource that has one (KafkaConnect, KafkaMirrorMaker2), and by default waits for the result.
 */
final class K8sScaleModule extends KubeModule {
    private static final ArgSpec SPEC = waitArgs(connectionArgs(ArgSpec.builder()
            .arg("api_version", ArgType.STR).aliases("api", "version").defaultValue("apps/v1").description("the object's apiVersion").add()
            .arg("kind", ArgType.STR).required().description("the object's kind").add()
            .arg("name", ArgType.STR).required().description("the object's name").add()
            .arg("namespace", ArgType.STR).description("its namespace (default: the kubeconfig's)").add()
            .arg("replicas", ArgType.INT).required().description("the replicas to set").add()
            .arg("current_replicas", ArgType.INT).description("scale only if the object has this many replicas now").add()), true, 20)
            .build();

    @Override
    public String name() {
        return "k8s_scale";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    ModuleResult run(Map<String, Object> args, ModuleContext ctx, KubeGateway gateway) throws Exception {
        ResourceType type = gateway.type((String) args.get("api_version"), (String) args.get("kind"));
        String ns = (String) args.get("namespace");
        ResourceRef ref = new ResourceRef(type, type.namespaced() ? (ns != null ? ns : gateway.defaultNamespace()) : null, (String) args.get("name"));
        long replicas = ((Number) args.get("replicas")).longValue();
        if (replicas < 0) {
            return ModuleResult.failed("replicas must be 0 or more, got " + replicas).build();
        }
        Optional<Map<String, Object>> live = gateway.get(ref);
        if (live.isEmpty()) {
            // a failure, or in check mode a warning: an earlier task, also in check mode, would have created it
            String warning = gateway.unmet(ref + " not found: nothing to scale");
            return ModuleResult.ok().msg(ref + " does not exist yet: nothing to scale in check mode").warn(warning).build();
        }
        long current = KubeObjects.longAt(live.get(), 1, "spec", "replicas");
        Object expected = args.get("current_replicas");
        if (expected != null && ((Number) expected).longValue() != current) {
            return ModuleResult.ok().msg(ref + " has " + current + " replicas, not " + expected + " (current_replicas): left alone")
                    .put("result", shown(live.get())).build();
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("apiVersion", type.apiVersion());
        patch.put("kind", type.kind());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", ref.name());
        if (ref.namespace() != null) {
            meta.put("namespace", ref.namespace());
        }
        patch.put("metadata", meta);
        patch.put("spec", Map.of("replicas", replicas));
        Written outcome = gateway.patched(patch).orElseThrow(() -> new io.mm2dr.kubernetes.KubeException(ref + " disappeared while scaling"));
        Map<String, Object> after = outcome.after();
        ModuleResult.Builder r = ModuleResult.changed(outcome.changed());
        if (Boolean.TRUE.equals(args.get("wait"))) {
            Readiness readiness = args.get("wait_condition") != null ? readiness(args, type.kind()) : scaled(type.kind(), replicas);
            after = gateway.awaitReady(outcome, readiness, seconds(args, "wait_timeout"), seconds(args, "wait_sleep"), ctx::progress, ctx::sleep);
        }
        if (outcome.changed() && ctx.diffMode()) {
            r.put("diff", diffOf(outcome.before(), outcome.after()));
        }
        return r.put("result", shown(after)).build();
    }

    private static Readiness scaled(String kind, long replicas) {
        return switch (kind) {
            case "Deployment", "StatefulSet", "ReplicaSet" -> new Readiness.Replicas();
            default -> new Readiness.ScaledTo(replicas);
        };
    }
}
