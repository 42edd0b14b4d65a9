package io.mm2dr.kubernetes.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A real cluster from {@code KUBECONFIG}, for the opt-in profile. Tests only touch namespaces
 * whose names start with {@link #prefix()}; {@link #state()} is the resourceVersion of every
 * object in them, so any write shows; {@link #close()} deletes them.
 */
public final class RealCluster implements ClusterTarget, AutoCloseable {
    private final KubernetesClient client = new KubernetesClientBuilder().build();
    private final Path kubeconfig;
    private final String prefix = "mm2dr-test-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";

    public RealCluster(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void settle() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Namespace> ours() {
        return client.namespaces().list().getItems().stream().filter(n -> n.getMetadata().getName().startsWith(prefix)).toList();
    }

    @Override
    public Map<String, String> state() {
        Map<String, String> out = new TreeMap<>();
        for (Namespace ns : ours()) {
            String n = ns.getMetadata().getName();
            out.put("Namespace/" + n, ns.getMetadata().getResourceVersion());
            Stream.<List<? extends HasMetadata>>of(
                            client.configMaps().inNamespace(n).list().getItems(),
                            client.secrets().inNamespace(n).list().getItems())
                    .flatMap(List::stream)
                    .filter(o -> !o.getMetadata().getName().equals("kube-root-ca.crt") && !o.getMetadata().getName().startsWith("default-token"))
                    .forEach(o -> out.put(o.getKind() + "/" + n + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
            // controllers keep writing a Deployment's status: its generation moves only when its spec does
            client.apps().deployments().inNamespace(n).list().getItems().forEach(d -> out.put("Deployment/" + n + "/"
                    + d.getMetadata().getName(), "generation " + d.getMetadata().getGeneration()));
        }
        return out;
    }

    @Override
    public void clearRequests() {
        // requests to a real server cannot be observed; state() shows any write
    }

    @Override
    public List<String> writes() {
        return List.of();
    }

    @Override
    public void close() {
        for (Namespace ns : ours()) {
            client.namespaces().resource(ns).delete();
        }
        client.close();
    }
}
