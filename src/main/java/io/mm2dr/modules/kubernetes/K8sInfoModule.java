package io.mm2dr.modules.kubernetes;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kubernetes.KubeGateway;
import io.mm2dr.kubernetes.LabelSelector;
import io.mm2dr.kubernetes.Readiness;
import io.mm2dr.kubernetes.ResourceRef;
import io.mm2dr.kubernetes.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code k8s_info}: reads objects by name or by label and field selectors; can wait for them to be ready. */
final class K8sInfoModule extends KubeModule {
    private static final ArgSpec SPEC = waitArgs(connectionArgs(ArgSpec.builder()
            .arg("api_version", ArgType.STR).aliases("api", "version").defaultValue("v1").description("the objects' apiVersion").add()
            .arg("kind", ArgType.STR).required().description("the objects' kind").add()
            .arg("name", ArgType.STR).description("one object by name (default: list them)").add()
            .arg("namespace", ArgType.STR).description("the namespace to read in (by default: every namespace when listing, the kubeconfig's by name)").add()
            .arg("label_selectors", ArgType.LIST).description("e.g. ['app=web', 'tier in (a,b)']").add()
            .arg("field_selectors", ArgType.LIST).description("e.g. ['metadata.name=x']").add()
            .arg("hidden_fields", ArgType.LIST).description("fields left out of each object, e.g. metadata.managedFields").add()
            .arg("metadata_only", ArgType.BOOL).defaultValue(false).description("only the objects' apiVersion, kind and metadata").add()), false, 120)
            .build();

    @Override
    public String name() {
        return "k8s_info";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    ModuleResult run(Map<String, Object> args, ModuleContext ctx, KubeGateway gateway) throws Exception {
        ResourceType type;
        try {
            type = gateway.type((String) args.get("api_version"), (String) args.get("kind"));
        } catch (io.mm2dr.kubernetes.KindNotFoundException e) {
            // as kubernetes.core: not an error, nothing found
            return ModuleResult.ok().put("api_found", false).put("resources", List.of()).build();
        }
        String namespace = (String) args.get("namespace");
        String name = (String) args.get("name");
        boolean wait = Boolean.TRUE.equals(args.get("wait"));
        Readiness readiness = wait ? readiness(args, type.kind()) : null;
        List<Map<String, Object>> found = new ArrayList<>();
        if (name != null) {
            ResourceRef ref = new ResourceRef(type, type.namespaced() ? (namespace != null ? namespace : gateway.defaultNamespace()) : null, name);
            if (wait) {
                // in check mode the task that creates it did not run: the gateway does not wait for it
                gateway.awaitExistsThenReady(ref, readiness, seconds(args, "wait_timeout"), seconds(args, "wait_sleep"), ctx::progress, ctx::sleep)
                        .ifPresent(found::add);
            } else {
                gateway.get(ref).ifPresent(found::add);
            }
        } else {
            LabelSelector labels = LabelSelector.parse(strings(args.get("label_selectors")));
            String fields = String.join(",", strings(args.get("field_selectors")));
            for (Map<String, Object> o : gateway.list(type, namespace, labels, fields)) {
                if (wait) {
                    ResourceRef ref = new ResourceRef(type, type.namespaced() ? io.mm2dr.kubernetes.KubeObjects.stringAt(o, "metadata", "namespace") : null,
                            io.mm2dr.kubernetes.KubeObjects.stringAt(o, "metadata", "name"));
                    o = gateway.awaitReady(ref, readiness, seconds(args, "wait_timeout"), seconds(args, "wait_sleep"), ctx::progress, ctx::sleep);
                }
                found.add(o);
            }
        }
        boolean metadataOnly = Boolean.TRUE.equals(args.get("metadata_only"));
        List<Object> resources = new ArrayList<>();
        for (Map<String, Object> o : found) {
            Map<String, Object> shown = shown(o);
            if (metadataOnly) {
                Map<String, Object> partial = new java.util.LinkedHashMap<>();
                partial.put("apiVersion", shown.get("apiVersion"));
                partial.put("kind", shown.get("kind"));
                partial.put("metadata", shown.get("metadata"));
                shown = partial;
            }
            Map<String, Object> one = new java.util.LinkedHashMap<>();
            one.put("result", shown);
            K8sModule.hide(one, args.get("hidden_fields"));
            resources.add(one.get("result"));
        }
        return ModuleResult.ok()
                .put("api_found", true)
                .put("resources", resources)
                .build();
    }

    private static List<String> strings(Object v) {
        if (v == null) {
            return List.of();
        }
        return ((List<?>) v).stream().map(String::valueOf).toList();
    }
}
