package io.mm2dr.kubernetes;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves {@code apiVersion} and {@code kind} to a {@link ResourceType} without model classes:
 * the kinds this tool works with are known, anything else is asked of the API server's discovery
 * documents, and when the server has none (the mock) the plural is derived as kubectl does.
 */
public final class ResourceKinds {
    private static final Map<String, ResourceType> KNOWN = new HashMap<>();

    static {
        known("v1", true, "ConfigMap", "Secret", "Service", "ServiceAccount", "Pod", "PersistentVolumeClaim",
                "Endpoints", "Event", "LimitRange", "ResourceQuota", "ReplicationController");
        known("v1", false, "Namespace", "Node", "PersistentVolume");
        known("apps/v1", true, "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet");
        known("batch/v1", true, "Job", "CronJob");
        known("rbac.authorization.k8s.io/v1", true, "Role", "RoleBinding");
        known("rbac.authorization.k8s.io/v1", false, "ClusterRole", "ClusterRoleBinding");
        known("networking.k8s.io/v1", true, "NetworkPolicy", "Ingress");
        known("policy/v1", true, "PodDisruptionBudget");
        known("apiextensions.k8s.io/v1", false, "CustomResourceDefinition");
        known("route.openshift.io/v1", true, "Route");
        for (String group : List.of("eventstreams.ibm.com/v1beta2", "eventstreams.ibm.com/v1", "kafka.strimzi.io/v1beta2", "kafka.strimzi.io/v1")) {
            known(group, true, "KafkaTopic", "KafkaUser", "KafkaMirrorMaker2", "KafkaConnect", "KafkaConnector",
                    "KafkaRebalance", "KafkaBridge");
        }
        known("kafka.strimzi.io/v1beta2", true, "Kafka", "KafkaNodePool");
        known("kafka.strimzi.io/v1", true, "Kafka", "KafkaNodePool");
        known("eventstreams.ibm.com/v1beta2", true, "EventStreams", "EventStreamsGeoReplicator", "KafkaNodePool");
        known("eventstreams.ibm.com/v1", true, "EventStreams", "KafkaNodePool");
        known("core.strimzi.io/v1beta2", true, "StrimziPodSet");
    }

    private static void known(String apiVersion, boolean namespaced, String... kinds) {
        for (String kind : kinds) {
            KNOWN.put(apiVersion + "|" + kind, new ResourceType(apiVersion, kind, plural(kind), namespaced));
        }
    }

    private final KubernetesClient client;
    private final Map<String, ResourceType> discovered = new ConcurrentHashMap<>();
    private final Map<String, List<String>> groups = new ConcurrentHashMap<>();

    public ResourceKinds(KubernetesClient client) {
        this.client = client;
    }

    /** The type of {@code kind} in {@code apiVersion}; never null. */
    public ResourceType resolve(String apiVersion, String kind) {
        if (apiVersion == null || apiVersion.isBlank()) {
            throw new KubeException("the object has no apiVersion (kind " + kind + ")");
        }
        if (kind == null || kind.isBlank()) {
            throw new KubeException("the object has no kind (apiVersion " + apiVersion + ")");
        }
        String key = apiVersion + "|" + kind;
        ResourceType type = KNOWN.get(key);
        if (type != null) {
            requireServed(apiVersion);
            return type;
        }
        if (!apiVersion.contains("/")) {
            // a bare version (v1, the modules' default) and a kind known in one group of that version: that group
            List<ResourceType> known = KNOWN.values().stream()
                    .filter(t -> t.kind().equals(kind) && t.version().equals(apiVersion) && !t.apiVersion().contains(".ibm.com")).toList();
            if (known.size() == 1) {
                requireServed(known.get(0).apiVersion());
                return known.get(0);
            }
        }
        return discovered.computeIfAbsent(key, k -> discover(apiVersion, kind));
    }

    /** The operators' groups, whose versions come and go with the operator's release: asked of the server before use. */
    private static final List<String> OPERATOR_GROUPS = List.of("eventstreams.ibm.com", "kafka.strimzi.io", "core.strimzi.io");

    /**
     * Refuses a version of an operator's group that the server does not serve, with what it
     * serves: without this a read answers 404 and the object looks "not created yet" (in check
     * mode, every object would be reported as to be created).
     */
    private void requireServed(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        if (slash < 0 || !OPERATOR_GROUPS.contains(apiVersion.substring(0, slash))) {
            return;
        }
        String group = apiVersion.substring(0, slash);
        List<String> served = servedVersions(group);
        if (!served.contains(apiVersion.substring(slash + 1))) {
            throw new KubeException(apiVersion + " is not served by the API server "
                    + (served.isEmpty() ? "(it does not serve " + group + " at all: is the operator installed?)"
                            : "(it serves " + group + " at " + String.join(", ", served) + " only)")
                    + (group.equals("kafka.strimzi.io") && served.contains("v1") && !served.contains("v1beta2")
                            ? ": Strimzi 1.0 removed v1beta2; write apiVersion: kafka.strimzi.io/v1 (the v1 shapes differ for KafkaConnect and KafkaMirrorMaker2)"
                            : ""));
        }
    }

    /** The versions of {@code group} the server serves, preferred first; empty when it serves no such group. */
    public List<String> servedVersions(String group) {
        return groups.computeIfAbsent(group, this::discoverGroup);
    }

    private List<String> discoverGroup(String group) {
        try {
            io.fabric8.kubernetes.api.model.APIGroup g = client.getApiGroup(group);
            if (g == null || g.getVersions() == null) {
                return List.of();
            }
            java.util.List<String> out = new java.util.ArrayList<>();
            if (g.getPreferredVersion() != null && g.getPreferredVersion().getVersion() != null) {
                out.add(g.getPreferredVersion().getVersion());
            }
            g.getVersions().forEach(v -> {
                if (v.getVersion() != null && !out.contains(v.getVersion())) {
                    out.add(v.getVersion());
                }
            });
            return List.copyOf(out);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw ApiFailures.translate(e, "discovering the API group " + group);
        }
    }

    /**
     * A kind not known here, found as kubernetes.core finds it: by kind, then plural name, then
     * singular name, then short name, in {@code apiVersion}; a bare version ({@code v1}, the
     * default) is looked for in the core group first, then in every group serving that version.
     * Where the server has no discovery documents at all (a bare mock server), the type is derived.
     */
    private ResourceType discover(String apiVersion, String kind) {
        try {
            List<String> groupVersions = new java.util.ArrayList<>();
            if (apiVersion.contains("/") || apiVersion.equals("v1")) {
                groupVersions.add(apiVersion);
            }
            boolean anyDocument = false;
            for (int pass = 0; pass < 2; pass++) {
                List<ResourceType> found = new java.util.ArrayList<>();
                for (String gv : groupVersions) {
                    APIResourceList list = resources(gv);
                    anyDocument |= list != null;
                    if (list != null) {
                        match(gv, list, kind).ifPresent(found::add);
                    }
                }
                List<ResourceType> exact = found.stream().filter(t -> t.apiVersion().equals(apiVersion)).toList();
                if (exact.size() == 1 || found.size() == 1) {
                    return exact.size() == 1 ? exact.get(0) : found.get(0);
                }
                if (found.size() > 1) {
                    throw new KubeException("Multiple matches found for " + apiVersion + "." + kind + ": "
                            + found.stream().map(t -> t.apiVersion() + "." + t.kind()).toList());
                }
                if (pass == 0 && !apiVersion.contains("/")) {
                    // a bare version: every group serving it
                    groupVersions = groupsServing(apiVersion);
                    anyDocument |= !groupVersions.isEmpty();
                } else {
                    break;
                }
            }
            if (anyDocument) {
                throw new KindNotFoundException(apiVersion, kind);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 401 || e.getCode() == 403 || e.getCode() == 0) {
                throw ApiFailures.translate(e, "discovering " + kind + " in " + apiVersion);
            }
            // no discovery document (a mock server, an aggregated API that is down): derive it
        }
        return new ResourceType(apiVersion, kind, plural(kind), true);
    }

    private final Map<String, Optional<APIResourceList>> resourceLists = new ConcurrentHashMap<>();

    /** A group version's resource list, or null when the server has none. */
    private APIResourceList resources(String groupVersion) {
        return resourceLists.computeIfAbsent(groupVersion, gv -> {
            try {
                return Optional.ofNullable(client.getApiResources(gv));
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        }).orElse(null);
    }

    /** Every group/version the server serves whose version is {@code version}. */
    private List<String> groupsServing(String version) {
        List<String> out = new java.util.ArrayList<>();
        io.fabric8.kubernetes.api.model.APIGroupList groups;
        try {
            groups = client.getApiGroups();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return out;
            }
            throw e;
        }
        if (groups == null || groups.getGroups() == null) {
            return out;
        }
        for (io.fabric8.kubernetes.api.model.APIGroup g : groups.getGroups()) {
            if (g.getVersions() == null) {
                continue;
            }
            for (var v : g.getVersions()) {
                if (version.equals(v.getVersion())) {
                    out.add(v.getGroupVersion() != null ? v.getGroupVersion() : g.getName() + "/" + version);
                }
            }
        }
        return out;
    }

    /** The resource of a list that {@code name} names: by kind, plural, singular name, then short name (as kubernetes.core). */
    private static Optional<ResourceType> match(String groupVersion, APIResourceList list, String name) {
        if (list.getResources() == null) {
            return Optional.empty();
        }
        List<APIResource> top = list.getResources().stream().filter(r -> r.getName() != null && !r.getName().contains("/")).toList();
        List<java.util.function.Predicate<APIResource>> tests = List.of(
                r -> name.equals(r.getKind()),
                r -> name.equals(r.getName()),
                r -> name.equals(r.getSingularName()) || (r.getSingularName() == null || r.getSingularName().isEmpty())
                        && r.getKind() != null && name.equals(r.getKind().toLowerCase(Locale.ROOT)),
                r -> r.getShortNames() != null && r.getShortNames().contains(name));
        for (var test : tests) {
            List<APIResource> hits = top.stream().filter(test).toList();
            if (hits.size() == 1) {
                APIResource r = hits.get(0);
                return Optional.of(new ResourceType(groupVersion, r.getKind(), r.getName(), Boolean.TRUE.equals(r.getNamespaced())));
            }
        }
        return Optional.empty();
    }

    /** kubectl's rule for a kind's plural: Policy -> policies, Ingress -> ingresses, Kafka -> kafkas. */
    static String plural(String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.equals("endpoints") || k.equals("eventstreams")) {
            return k;
        }
        if (k.endsWith("s") || k.endsWith("x") || k.endsWith("z") || k.endsWith("ch") || k.endsWith("sh")) {
            return k + "es";
        }
        if (k.endsWith("y") && k.length() > 1 && "aeiou".indexOf(k.charAt(k.length() - 2)) < 0) {
            return k.substring(0, k.length() - 1) + "ies";
        }
        return k + "s";
    }
}
