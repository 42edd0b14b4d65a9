package io.mm2dr.modules.kubernetes;

import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleProvider;
import java.util.List;

/** The kubernetes.core modules runner implements: k8s, k8s_info, k8s_scale. */
public final class KubernetesModules implements ModuleProvider {
    @Override
    public List<Module> modules() {
        return List.of(new K8sModule(), new K8sInfoModule(), new K8sScaleModule());
    }
}
