package io.mm2dr.kubernetes.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The few {@code oc} commands the public demo's shell tasks and its region-loss script run, against
 * the cluster of {@code KUBECONFIG}: {@code oc delete project NAME} (waits until it is gone, as
 * oc does), {@code oc get KIND -n NS -o name}, {@code oc delete -n NS KIND.GROUP/NAME...} (and,
 * as oc, an error when no resource is given). Started by {@code demo-platform/bin/oc}.
 */
public final class FakeOc {
    private FakeOc() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws InterruptedException {
        String namespace = null;
        String output = null;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-n") || args[i].equals("--namespace")) {
                namespace = args[++i];
            } else if (args[i].equals("-o")) {
                output = args[++i];
            } else {
                words.add(args[i]);
            }
        }
        if (words.isEmpty()) {
            System.err.println("fake oc: no command");
            return 1;
        }
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            String verb = words.get(0);
            List<String> rest = words.subList(1, words.size());
            if (verb.equals("delete") && rest.size() == 2 && rest.get(0).equals("project")) {
                String name = rest.get(1);
                if (client.namespaces().withName(name).get() == null) {
                    System.err.println("Error from server (NotFound): projects.project.openshift.io \"" + name + "\" not found");
                    return 1;
                }
                client.namespaces().withName(name).delete();
                System.out.println("project.project.openshift.io \"" + name + "\" deleted");
                for (int i = 0; i < 600 && client.namespaces().withName(name).get() != null; i++) {
                    Thread.sleep(100);
                }
                return client.namespaces().withName(name).get() == null ? 0 : 1;
            }
            if (verb.equals("get") && rest.size() == 1 && "name".equals(output)) {
                ResourceDefinitionContext kind = kind(client, rest.get(0), namespace);
                if (kind == null) {
                    System.err.println("error: the server doesn't have a resource type \"" + rest.get(0) + "\"");
                    return 1;
                }
                for (GenericKubernetesResource r : client.genericKubernetesResources(kind).inNamespace(namespace).list().getItems()) {
                    System.out.println(kind.getKind().toLowerCase() + "." + kind.getGroup() + "/" + r.getMetadata().getName());
                }
                return 0;
            }
            if (verb.equals("delete")) {
                if (rest.isEmpty()) {
                    System.err.println("error: You must provide one or more resources by argument or filename.");
                    return 1;
                }
                int rc = 0;
                for (String ref : rest) {
                    int slash = ref.indexOf('/');
                    if (slash < 0) {
                        System.err.println("fake oc: only KIND.GROUP/NAME references are supported, got " + ref);
                        return 1;
                    }
                    ResourceDefinitionContext kind = kind(client, ref.substring(0, slash), namespace);
                    String name = ref.substring(slash + 1);
                    if (kind == null || client.genericKubernetesResources(kind).inNamespace(namespace).withName(name).get() == null) {
                        System.err.println("Error from server (NotFound): " + ref + " not found");
                        rc = 1;
                        continue;
                    }
                    client.genericKubernetesResources(kind).inNamespace(namespace).withName(name).delete();
                    System.out.println(kind.getKind().toLowerCase() + "." + kind.getGroup() + " \"" + name + "\" deleted");
                }
                return rc;
            }
            System.err.println("fake oc: unsupported command: " + String.join(" ", args));
            return 1;
        }
    }

    /** KIND or KIND.GROUP: the kind the demo's platform serves (Event Streams first, as on its clusters). */
    private static ResourceDefinitionContext kind(KubernetesClient client, String word, String namespace) {
        String kind = word.contains(".") ? word.substring(0, word.indexOf('.')) : word;
        String group = word.contains(".") ? word.substring(word.indexOf('.') + 1) : null;
        for (ResourceDefinitionContext k : FakeControllers.allKinds()) {
            boolean named = k.getKind().equalsIgnoreCase(kind) || k.getPlural().equalsIgnoreCase(kind);
            if (named && (group == null ? "eventstreams.ibm.com".equals(k.getGroup()) || k.getGroup().isEmpty() : group.equals(k.getGroup()))) {
                return k;
            }
        }
        return null;
    }
}
