package io.mm2dr.modules.kubernetes;

import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleName;
import io.mm2dr.engine.module.ModuleProvider;
import java.util.List;

/** The kubernetes.core modules runner implements: k8s, k8s_info, k8s_scale. */
public final class KubernetesModules implements ModuleProvider {
    private static final String NS = "kubernetes.core";

    @Override
    public List<Module> modules() {
        return names().stream().map(n -> make(n.name())).toList();
    }

    /** By name, each made at its first use (a playbook without k8s tasks loads no Kubernetes code). */
    @Override
    public List<ModuleName> names() {
        return List.of(new ModuleName(NS, "k8s", List.of("community.kubernetes.k8s")),
                new ModuleName(NS, "k8s_info", List.of("community.kubernetes.k8s_info")),
                new ModuleName(NS, "k8s_scale", List.of("community.kubernetes.k8s_scale")));
    }

    @Override
    public Module make(String name) {
        return switch (name) {
            case "k8s" -> new K8sModule();
            case "k8s_info" -> new K8sInfoModule();
            case "k8s_scale" -> new K8sScaleModule();
            default -> throw new IllegalArgumentException("no module " + name);
        };
    }
}
