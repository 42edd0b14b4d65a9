package io.mm2dr.modules.kubernetes;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mm2dr.engine.files.UserPaths;
import io.mm2dr.engine.template.LookupPlugin;
import io.mm2dr.engine.template.TemplateError;
import io.mm2dr.kubernetes.KindNotFoundException;
import io.mm2dr.kubernetes.KubeConnection;
import io.mm2dr.kubernetes.KubeException;
import io.mm2dr.kubernetes.KubeGateway;
import io.mm2dr.kubernetes.LabelSelector;
import io.mm2dr.kubernetes.ResourceKinds;
import io.mm2dr.kubernetes.ResourceRef;
import io.mm2dr.kubernetes.ResourceType;
import io.mm2dr.engine.module.PlatformUnreachableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * kubernetes.core's {@code k8s} lookup: {@code lookup('kubernetes.core.k8s', kind='ConfigMap',
 * namespace='x', resource_name='y')} gives the object (or the list of objects matching the
 * selectors; nothing when there is none), {@code cluster_info='api_groups'} the API groups the
 * server serves and {@code cluster_info='version'} its version. As the collection's lookup, it
 * runs where the playbook runs and takes its connection from its options and the process's
 * {@code K8S_AUTH_*} variables, then the usual kubeconfig.
 */
public final class K8sLookup implements LookupPlugin {
    private static final Set<String> OPTIONS = Set.of("kind", "api_version", "resource_name", "namespace", "label_selector",
            "field_selector", "resource_definition", "src", "cluster_info", "kubeconfig", "context", "host", "api_key",
            "validate_certs", "verify_ssl", "ca_cert", "ssl_ca_cert", "wantlist", "errors");

    @Override
    public List<String> names() {
        return List.of("kubernetes.core.k8s", "community.kubernetes.k8s", "k8s");
    }

    @Override
    public List<Object> run(List<Object> terms, Map<String, Object> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new TemplateError("lookup('kubernetes.core.k8s'): unsupported option '" + key + "' (supported: "
                        + String.join(", ", new java.util.TreeSet<>(OPTIONS)) + ")");
            }
        }
        Object clusterInfo = options.get("cluster_info");
        if (clusterInfo == null && options.get("kind") == null && !(options.get("resource_definition") instanceof Map<?, ?>) && options.get("src") == null) {
            throw new TemplateError("lookup('kubernetes.core.k8s'): Error: no Kind specified. Hint: use the 'kind' parameter, "
                    + "or provide an object YAML configuration using the 'resource_definition' parameter.");
        }
        KubeConnection connection = connection(options);
        try (KubernetesClient client = connection.open()) {
            if ("api_groups".equals(clusterInfo)) {
                List<Object> groups = new ArrayList<>();
                for (APIGroup g : client.getApiGroups().getGroups()) {
                    groups.add(g.getName());
                }
                return List.of(groups);
            }
            if ("version".equals(clusterInfo)) {
                io.fabric8.kubernetes.client.VersionInfo v = client.getKubernetesVersion();
                Map<String, Object> version = new LinkedHashMap<>();
                version.put("major", v.getMajor());
                version.put("minor", v.getMinor());
                version.put("gitVersion", v.getGitVersion());
                version.put("platform", v.getPlatform());
                return List.of(Map.of("kubernetes", version));
            }
            if (clusterInfo != null) {
                throw new TemplateError("lookup('kubernetes.core.k8s'): cluster_info must be 'version' or 'api_groups', got '" + clusterInfo + "'");
            }
            return objects(new KubeGateway(client, new ResourceKinds(client), false, s -> { }), options);
        } catch (KubeException | PlatformUnreachableException e) {
            throw new TemplateError("lookup('kubernetes.core.k8s'): " + e.getMessage());
        } catch (KubernetesClientException e) {
            throw new TemplateError("lookup('kubernetes.core.k8s'): " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static List<Object> objects(KubeGateway gateway, Map<String, Object> options) {
        String kind = string(options.get("kind"));
        String apiVersion = string(options.getOrDefault("api_version", "v1"));
        String name = string(options.get("resource_name"));
        String namespace = string(options.get("namespace"));
        Object definitionGiven = options.get("resource_definition");
        if (definitionGiven == null && options.get("src") != null) {
            Path file = path(options.get("src"));
            try {
                // as the collection: the file's first document
                for (Object doc : new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions()))
                        .loadAll(java.nio.file.Files.readString(file))) {
                    if (doc != null) {
                        definitionGiven = doc;
                        break;
                    }
                }
            } catch (java.io.IOException e) {
                throw new TemplateError("lookup('kubernetes.core.k8s'): cannot read src " + file + ": " + e.getMessage());
            } catch (org.yaml.snakeyaml.error.YAMLException e) {
                throw new TemplateError("lookup('kubernetes.core.k8s'): src " + file + " is not YAML: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (definitionGiven instanceof Map<?, ?> definition) {
            // the definition's fields win; the options fill what it leaves out (as the collection's lookup)
            kind = definition.get("kind") != null ? string(definition.get("kind")) : kind;
            apiVersion = definition.get("apiVersion") != null ? string(definition.get("apiVersion")) : apiVersion;
            if (definition.get("metadata") instanceof Map<?, ?> metadata) {
                name = metadata.get("name") != null ? string(metadata.get("name")) : name;
                namespace = metadata.get("namespace") != null ? string(metadata.get("namespace")) : namespace;
            }
        }
        if (kind == null) {
            throw new TemplateError("lookup('kubernetes.core.k8s'): the resource_definition has no kind");
        }
        ResourceType type;
        try {
            type = gateway.type(apiVersion, kind);
        } catch (KindNotFoundException e) {
            // as the collection: a kind the server does not serve is an error, not "nothing found"
            throw new TemplateError("lookup('kubernetes.core.k8s'): " + e.getMessage());
        }
        List<Object> found = new ArrayList<>();
        if (name != null) {
            String ns = type.namespaced() ? (namespace != null ? namespace : gateway.defaultNamespace()) : null;
            gateway.get(new ResourceRef(type, ns, name)).ifPresent(o -> found.add(KubeModule.shown(o)));
            return found;
        }
        String labels = string(options.get("label_selector"));
        LabelSelector selector = LabelSelector.parse(labels == null ? List.of() : List.of(labels.split(",(?![^(]*\\))")));
        String fields = string(options.get("field_selector"));
        for (Map<String, Object> o : gateway.list(type, namespace, selector, fields == null ? "" : fields)) {
            found.add(KubeModule.shown(o));
        }
        return found;
    }

    private static KubeConnection connection(Map<String, Object> options) {
        Object kubeconfig = setting(options, "kubeconfig", "K8S_AUTH_KUBECONFIG");
        String inline = null;
        if (kubeconfig instanceof Map<?, ?> m) {
            try {
                inline = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new TemplateError("lookup('kubernetes.core.k8s'): kubeconfig: " + e.getOriginalMessage());
            }
        }
        // an option under either of its names wins over the environment
        Object validate = setting(options.get("validate_certs") != null ? options : aliased(options, "verify_ssl", "validate_certs"),
                "validate_certs", "K8S_AUTH_VERIFY_SSL");
        Object caCert = setting(options.get("ca_cert") != null ? options : aliased(options, "ssl_ca_cert", "ca_cert"),
                "ca_cert", "K8S_AUTH_SSL_CA_CERT");
        return new KubeConnection(inline != null || kubeconfig == null ? null : path(kubeconfig), inline,
                string(setting(options, "context", "K8S_AUTH_CONTEXT")), string(setting(options, "host", "K8S_AUTH_HOST")),
                string(setting(options, "api_key", "K8S_AUTH_API_KEY")),
                validate == null ? null : bool(validate), caCert == null ? null : path(caCert),
                KubeConnection.DEFAULT_REQUEST_TIMEOUT, KubeConnection.DEFAULT_RETRIES);
    }

    private static Map<String, Object> aliased(Map<String, Object> options, String alias, String name) {
        return options.get(alias) == null ? options : Map.of(name, options.get(alias));
    }

    private static Object setting(Map<String, Object> options, String name, String env) {
        Object v = options.get(name);
        if (v == null || String.valueOf(v).isBlank()) {
            v = System.getenv(env);
        }
        return v == null || String.valueOf(v).isBlank() ? null : v;
    }

    private static Path path(Object p) {
        return Path.of(UserPaths.expand(String.valueOf(p))).toAbsolutePath().normalize();
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        return switch (String.valueOf(v).trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new TemplateError("lookup('kubernetes.core.k8s'): validate_certs must be a boolean, got '" + v + "'");
        };
    }

    private static String string(Object v) {
        return v == null ? null : String.valueOf(v);
    }
}
