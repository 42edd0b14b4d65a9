package io.mm2dr.kubernetes.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects on a cluster as the playbooks made them, for comparing two runs: kind, apiVersion,
 * namespace, name, labels, annotations and every top-level field but metadata and status (spec,
 * data, type...), keys sorted. What the API server sets (uid, resourceVersion, generation,
 * timestamps, finalizers, status) is left out, and so are the objects a controller owns (the pods of
 * a Deployment).
 */
public final class DemoObjects {
    private DemoObjects() {
    }

    public static List<Map<String, Object>> dump(KubernetesClient client) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (var ns : client.namespaces().list().getItems()) {
            if (DemoOperator.PLATFORM_NAMESPACES.contains(ns.getMetadata().getName())) {
                continue; // the platform's, not the playbooks'
            }
            Map<String, Object> o = new TreeMap<>();
            o.put("kind", "Namespace");
            o.put("apiVersion", "v1");
            o.put("name", ns.getMetadata().getName());
            if (ns.getMetadata().getLabels() != null && !ns.getMetadata().getLabels().isEmpty()) {
                o.put("labels", new TreeMap<>(ns.getMetadata().getLabels()));
            }
            if (ns.getMetadata().getDeletionTimestamp() != null) {
                o.put("terminating", true);
            }
            out.add(o);
        }
        for (ResourceDefinitionContext k : FakeControllers.allKinds()) {
            for (GenericKubernetesResource r : client.genericKubernetesResources(k).inAnyNamespace().list().getItems()) {
                if (r.getKind().equals("ConfigMap") && r.getMetadata().getName().equals(DemoOperator.ROOT_CA_CONFIG_MAP)) {
                    continue; // the cluster's, in every namespace
                }
                if (r.getMetadata().getOwnerReferences() != null
                        && r.getMetadata().getOwnerReferences().stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()))) {
                    continue; // a controller's (a Deployment's pods), not the playbooks'
                }
                Map<String, Object> o = new TreeMap<>();
                o.put("kind", r.getKind());
                o.put("apiVersion", r.getApiVersion());
                o.put("namespace", r.getMetadata().getNamespace());
                o.put("name", r.getMetadata().getName());
                if (r.getMetadata().getLabels() != null && !r.getMetadata().getLabels().isEmpty()) {
                    o.put("labels", new TreeMap<>(r.getMetadata().getLabels()));
                }
                if (r.getMetadata().getAnnotations() != null && !r.getMetadata().getAnnotations().isEmpty()) {
                    o.put("annotations", new TreeMap<>(r.getMetadata().getAnnotations()));
                }
                r.getAdditionalProperties().forEach((key, value) -> {
                    if (!key.equals("status")) {
                        o.put(key, sorted(value));
                    }
                });
                out.add(o);
            }
        }
        out.sort(Comparator.comparing((Map<String, Object> m) -> String.valueOf(m.get("kind")))
                .thenComparing(m -> String.valueOf(m.get("namespace")))
                .thenComparing(m -> String.valueOf(m.get("name"))));
        return out;
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(DemoObjects::sorted).toList();
        }
        return value;
    }

    /** Objects keyed "Kind namespace/name", for a readable assertion message. */
    public static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> o : objects) {
            out.put(o.get("kind") + " " + (o.get("namespace") == null ? "" : o.get("namespace") + "/") + o.get("name"), o);
        }
        return out;
    }
}
