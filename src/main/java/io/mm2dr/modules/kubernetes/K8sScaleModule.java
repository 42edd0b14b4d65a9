package io.mm2dr.modules.kubernetes;

import java.util.List;
import java.util.ArrayList;
import io.mm2dr.kubernetes.LabelSelector;
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
            .arg("api_version", ArgType.STR).aliases("api", "version").defaultValue("v1").description("the objects' apiVersion; a bare version is looked for in every group").add()
            .arg("kind", ArgType.STR).description("the objects' kind: a kind, plural, singular or short name").add()
            .arg("name", ArgType.STR).description("the object's name (else every object label_selectors select)").add()
            .arg("namespace", ArgType.STR).description("their namespace (default: the kubeconfig's)").add()
            .arg("resource_definition", ArgType.RAW).aliases("definition", "inline").description("the object, as a mapping or YAML text (its apiVersion, kind, name and namespace)").add()
            .arg("src", ArgType.PATH).description("a YAML file of the object (searched in files/)").add()
            .arg("replicas", ArgType.INT).required().description("the replicas to set (a Job's parallelism)").add()
            .arg("current_replicas", ArgType.INT).description("scale only an object that has this many replicas now (else a warning)").add()
            .arg("resource_version", ArgType.STR).description("scale only an object at this resourceVersion (else a warning)").add()
            .arg("label_selectors", ArgType.LIST).description("scale every object of the kind these select").add()
            .arg("continue_on_error", ArgType.BOOL).defaultValue(false).description("scaling several: go on after one fails, its error in errors").add()
            .mutuallyExclusive("resource_definition", "src")), true, 20)
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
        Map<String, Object> definition = definition(args, ctx);
        ResourceType type = gateway.type(KubeObjects.stringAt(definition, "apiVersion"), KubeObjects.stringAt(definition, "kind"));
        String ns = KubeObjects.stringAt(definition, "metadata", "namespace");
        ns = type.namespaced() ? (ns != null ? ns : gateway.defaultNamespace()) : null;
        String name = KubeObjects.stringAt(definition, "metadata", "name");
        long replicas = ((Number) args.get("replicas")).longValue();
        if (replicas < 0) {
            return ModuleResult.failed("replicas must be 0 or more, got " + replicas).build();
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        if (name != null) {
            ResourceRef ref = new ResourceRef(type, ns, name);
            Optional<Map<String, Object>> live = gateway.get(ref);
            if (live.isEmpty()) {
                // a failure, or in check mode a warning: an earlier task, also in check mode, would have created it
                String warning = gateway.unmet("Failed to retrieve requested object: " + ref + " not found");
                return ModuleResult.ok().msg(ref + " does not exist yet: nothing to scale in check mode").warn(warning).build();
            }
            objects.add(live.get());
        } else {
            objects.addAll(gateway.list(type, ns, LabelSelector.parse(strings(args.get("label_selectors"))), null));
        }
        // as kubernetes.core: scaling several objects, the result is 'results', one per object
        boolean several = objects.size() > 1;
        boolean continueOnError = Boolean.TRUE.equals(args.get("continue_on_error"));
        List<Object> results = new ArrayList<>();
        List<Object> errors = new ArrayList<>();
        boolean changed = false;
        for (Map<String, Object> live : objects) {
            ResourceRef ref = new ResourceRef(type, type.namespaced() ? KubeObjects.stringAt(live, "metadata", "namespace") : null,
                    KubeObjects.stringAt(live, "metadata", "name"));
            String where = "object kind=" + type.kind() + " name=" + ref.name() + " namespace=" + ref.namespace() + ".";
            boolean job = type.kind().equalsIgnoreCase("job");
            Object count = KubeObjects.at(live, "spec", job ? "parallelism" : "replicas");
            if (count == null && List.of("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController").contains(type.kind())) {
                count = 1L; // the API server's default, where a test server left it out
            }
            if (!(count instanceof Number current)) {
                String error = "Failed to retrieve the available count for " + where;
                if (several && continueOnError) {
                    errors.add(Map.of("error", error, "failed", true));
                    continue;
                }
                return ModuleResult.failed(error).build();
            }
            String warning = null;
            Object version = args.get("resource_version");
            if (version != null && !String.valueOf(version).equals(KubeObjects.stringAt(live, "metadata", "resourceVersion"))) {
                warning = "expected resource version " + version + " does not match with actual "
                        + KubeObjects.stringAt(live, "metadata", "resourceVersion") + " for " + where;
            } else if (args.get("current_replicas") != null && ((Number) args.get("current_replicas")).longValue() != current.longValue()) {
                warning = "current replicas " + args.get("current_replicas") + " does not match with actual " + current + " for " + where;
            }
            if (warning != null) {
                if (!several) {
                    return ModuleResult.ok().put("warning", warning).put("result", Map.of()).build();
                }
                results.add(Map.of("warning", warning, "changed", false));
                continue;
            }
            Map<String, Object> one = scaleOne(type, ref, job, replicas, current.longValue() != replicas, args, ctx, gateway);
            changed |= Boolean.TRUE.equals(one.get("changed"));
            if (!several) {
                ModuleResult.Builder r = ModuleResult.changed(Boolean.TRUE.equals(one.get("changed")));
                one.forEach((k, v) -> {
                    if (!k.equals("changed")) {
                        r.put(k, v);
                    }
                });
                return r.build();
            }
            results.add(one);
        }
        ModuleResult.Builder r = ModuleResult.changed(changed);
        if (several) {
            r.put("results", results);
            if (!errors.isEmpty()) {
                r.put("errors", errors);
            }
        } else {
            r.put("result", Map.of());
        }
        return r.build();
    }

    /** Scales one object (a Job: its parallelism) and waits for it when asked. */
    private Map<String, Object> scaleOne(ResourceType type, ResourceRef ref, boolean job, long replicas, boolean differs, Map<String, Object> args,
                                         ModuleContext ctx, KubeGateway gateway) throws Exception {
        Map<String, Object> one = new LinkedHashMap<>();
        if (!differs) {
            one.put("changed", false);
            one.put("result", shown(gateway.get(ref).orElse(Map.of())));
            if (ctx.diffMode()) {
                one.put("diff", Map.of());
            }
            if (Boolean.TRUE.equals(args.get("wait"))) {
                one.put("duration", 0);
            }
            return one;
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
        patch.put("spec", Map.of(job ? "parallelism" : "replicas", replicas));
        long start = System.nanoTime();
        Written outcome = gateway.patched(patch).orElseThrow(() -> new io.mm2dr.kubernetes.KubeException(ref + " disappeared while scaling"));
        Map<String, Object> after = outcome.after();
        if (Boolean.TRUE.equals(args.get("wait")) && !job) {
            Readiness readiness = args.get("wait_condition") != null ? readiness(args, type.kind()) : scaled(type.kind(), replicas);
            after = gateway.awaitReady(outcome, readiness, seconds(args, "wait_timeout"), seconds(args, "wait_sleep"), ctx::progress, ctx::sleep);
            one.put("duration", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
        }
        one.put("changed", outcome.changed());
        if (outcome.changed() && ctx.diffMode()) {
            one.put("diff", diffOf(outcome.before(), outcome.after()));
        }
        one.put("result", shown(after));
        return one;
    }

    /** The object the task names: its definition or src, completed by api_version, kind, name and namespace. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> definition(Map<String, Object> args, ModuleContext ctx) throws java.io.IOException {
        Object given = args.get("resource_definition");
        Map<String, Object> d = new LinkedHashMap<>();
        if (given instanceof String text) {
            Object parsed = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.LoaderOptions()).load(text);
            if (parsed instanceof Map<?, ?> m) {
                d = io.mm2dr.kubernetes.ResourceDiff.deepCopy((Map<String, Object>) m);
            }
        } else if (given instanceof Map<?, ?> m) {
            d = io.mm2dr.kubernetes.ResourceDiff.deepCopy((Map<String, Object>) m);
        } else if (args.get("src") != null) {
            java.nio.file.Path src = ctx.findFile("files", (String) args.get("src"));
            Object parsed = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.LoaderOptions()).load(java.nio.file.Files.readString(src));
            if (parsed instanceof Map<?, ?> m) {
                d = io.mm2dr.kubernetes.ResourceDiff.deepCopy((Map<String, Object>) m);
            }
        }
        d.putIfAbsent("apiVersion", args.get("api_version"));
        if (d.get("kind") == null) {
            if (args.get("kind") == null) {
                throw new io.mm2dr.engine.module.ArgumentError("no kind: give 'kind', or a definition with one");
            }
            d.put("kind", args.get("kind"));
        }
        Map<String, Object> meta = new LinkedHashMap<>(KubeObjects.map(d, "metadata"));
        d.put("metadata", meta);
        if (meta.get("name") == null && args.get("name") != null) {
            meta.put("name", args.get("name"));
        }
        if (meta.get("namespace") == null && args.get("namespace") != null) {
            meta.put("namespace", args.get("namespace"));
        }
        if (meta.get("name") == null && strings(args.get("label_selectors")).isEmpty()) {
            throw new io.mm2dr.engine.module.ArgumentError("no object to scale: give 'name' (or a definition with metadata.name) or 'label_selectors'");
        }
        return d;
    }

    private static List<String> strings(Object v) {
        return v == null ? List.of() : ((List<?>) v).stream().map(String::valueOf).toList();
    }

    private static Readiness scaled(String kind, long replicas) {
        return switch (kind) {
            case "Deployment", "StatefulSet", "ReplicaSet" -> new Readiness.Replicas();
            default -> new Readiness.ScaledTo(replicas);
        };
    }
}
