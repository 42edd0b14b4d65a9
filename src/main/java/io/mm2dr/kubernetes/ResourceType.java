package io.mm2dr.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** A kind of the API: its group/version, its plural (the URL segment) and whether it lives in a namespace. */
public record ResourceType(String apiVersion, String kind, String plural, boolean namespaced) {

    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public String version() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }

    /**
     * Whether this is a custom resource's kind: its group has a dot and is not one of Kubernetes'
     * own ({@code *.k8s.io}). A server patches only built-in kinds with a strategic merge.
     */
    public boolean custom() {
        String g = group();
        return g.contains(".") && !g.endsWith(".k8s.io");
    }

    ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group())
                .withVersion(version())
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }
}
