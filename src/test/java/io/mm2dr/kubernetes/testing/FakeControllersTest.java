package io.mm2dr.kubernetes.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture itself: what the fake controllers do on the mock, checked with a plain client. */
public class FakeControllersTest {
    public static final ResourceDefinitionContext TOPIC = FakeControllers.rdc("kafka.strimzi.io", "v1beta2", "KafkaTopic", "kafkatopics");

    @TempDir
    static Path dir;
    static MockCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = MockCluster.start(dir);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void customResourcesTurnReadyForEachGeneration() {
        var client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("fc").endMetadata().build()).create();
        GenericKubernetesResource t = new GenericKubernetesResource();
        t.setApiVersion("kafka.strimzi.io/v1beta2");
        t.setKind("KafkaTopic");
        t.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("t").withNamespace("fc").build());
        t.getAdditionalProperties().put("spec", Map.of("partitions", 1));
        client.genericKubernetesResources(TOPIC).inNamespace("fc").resource(t).create();
        GenericKubernetesResource ready = client.genericKubernetesResources(TOPIC).inNamespace("fc").withName("t")
                .waitUntilCondition(r -> r.getAdditionalProperties().get("status") != null, 10, TimeUnit.SECONDS);
        Map<String, Object> status = (Map<String, Object>) ready.getAdditionalProperties().get("status");
        assertEquals("Ready", ((List<Map<String, Object>>) status.get("conditions")).get(0).get("type"));
        assertEquals(ready.getMetadata().getGeneration().longValue(), ((Number) status.get("observedGeneration")).longValue());
    }

    @Test
    void deletingANamespaceDeletesItsObjectsThenTheNamespace() {
        var client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("cascade").endMetadata().build()).create();
        client.configMaps().inNamespace("cascade").resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()).create();
        client.namespaces().withName("cascade").waitUntilCondition(
                n -> n.getMetadata().getFinalizers() != null && n.getMetadata().getFinalizers().contains(FakeControllers.NAMESPACE_FINALIZER),
                10, TimeUnit.SECONDS);
        client.namespaces().withName("cascade").delete();
        assertNotNull(client.namespaces().withName("cascade").get().getMetadata().getDeletionTimestamp(), "held by its finalizer first");
        client.namespaces().withName("cascade").waitUntilCondition(n -> n == null, 10, TimeUnit.SECONDS);
        assertNull(client.configMaps().inNamespace("cascade").withName("c").get());
    }
}
