package io.mm2dr.kubernetes.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mock as "an API server with operator release X installed": discovery, 404 for what the
 * release does not serve, 422 for what its real CRDs refuse or would prune, the deprecation
 * warning, and the fake controllers making the served versions Ready. The objects come from
 * Strimzi's own examples of the release.
 */
public class OperatorReleaseMockTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static final Map<OperatorRelease, MockCluster> CLUSTERS = new EnumMap<>(OperatorRelease.class);

    /** One server per release, shared by the tests, each test in its own namespace. */
    static synchronized MockCluster cluster(OperatorRelease release, String namespace) throws Exception {
        MockCluster c = CLUSTERS.get(release);
        if (c == null) {
            c = MockCluster.start(dir, release);
            CLUSTERS.put(release, c);
        }
        c.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        return c;
    }

    @AfterAll
    static void stop() {
        CLUSTERS.values().forEach(MockCluster::close);
    }

    static GenericKubernetesResource resource(Map<String, Object> object, String namespace) {
        GenericKubernetesResource r = JSON.convertValue(object, GenericKubernetesResource.class);
        r.getMetadata().setNamespace(namespace);
        return r;
    }

    static HttpResponse<String> get(MockCluster c, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.server().getPort() + path))
                .header("Authorization", "Bearer " + MockCluster.TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void discoveryNamesTheServedVersionsPreferredFirstAndTheKindsOfEach() throws Exception {
        MockCluster c = cluster(OperatorRelease.STRIMZI_0_51, "disc");
        APIGroup strimzi = c.client().getApiGroups().getGroups().stream().filter(g -> g.getName().equals("kafka.strimzi.io")).findFirst().orElseThrow();
        assertEquals("v1", strimzi.getPreferredVersion().getVersion());
        assertEquals(List.of("v1", "v1beta2", "v1beta1", "v1alpha1"), strimzi.getVersions().stream().map(v -> v.getVersion()).toList());
        assertTrue(c.client().getApiGroups().getGroups().stream().anyMatch(g -> g.getName().equals("apps")));
        assertTrue(c.client().getApiGroups().getGroups().stream().noneMatch(g -> g.getName().equals("eventstreams.ibm.com")));

        APIResource mm2 = c.client().getApiResources("kafka.strimzi.io/v1").getResources().stream()
                .filter(r -> r.getKind().equals("KafkaMirrorMaker2") && !r.getName().contains("/")).findFirst().orElseThrow();
        assertEquals("kafkamirrormaker2s", mm2.getName());
        assertTrue(mm2.getNamespaced());
        assertTrue(mm2.getVerbs().containsAll(List.of("create", "get", "list", "patch", "update", "watch", "delete")));
        assertEquals(List.of("KafkaTopic", "KafkaUser"), c.client().getApiResources("kafka.strimzi.io/v1beta1").getResources().stream()
                .filter(r -> !r.getName().contains("/")).map(APIResource::getKind).sorted().toList());

        Map<String, Object> group = JSON.readValue(get(c, "/apis/kafka.strimzi.io").body(), Map.class);
        assertEquals("APIGroup", group.get("kind"));
        assertEquals(Map.of("groupVersion", "kafka.strimzi.io/v1", "version", "v1"), group.get("preferredVersion"));
        assertEquals(404, get(c, "/apis/eventstreams.ibm.com").statusCode());
        assertEquals(404, get(c, "/apis/kafka.strimzi.io/v2").statusCode());
        assertTrue(JSON.readValue(get(c, "/api/v1").body(), Map.class).toString().contains("name=namespaces"));
        assertTrue(JSON.readValue(get(c, "/apis/apps/v1").body(), Map.class).toString().contains("kind=Deployment"));

        MockCluster es = cluster(OperatorRelease.EVENTSTREAMS_13, "disc");
        APIGroup eventstreams = es.client().getApiGroups().getGroups().stream().filter(g -> g.getName().equals("eventstreams.ibm.com"))
                .findFirst().orElseThrow();
        assertEquals(List.of("v1"), eventstreams.getVersions().stream().map(v -> v.getVersion()).toList());
        assertTrue(es.client().getApiResources("eventstreams.ibm.com/v1").getResources().stream().anyMatch(r -> r.getKind().equals("EventStreams")));
    }

    @Test
    void aVersionTheReleaseDoesNotServeIs404ForEveryRequest() throws Exception {
        MockCluster c = cluster(OperatorRelease.STRIMZI_1_2, "unserved");
        ResourceDefinitionContext old = OperatorRelease.STRIMZI_1_2.context("KafkaTopic", "v1beta2");
        Map<String, Object> topic = CrdSchemasTest.copy(CrdSchemasTest.example("1.2.0", "topic__kafka-topic.yaml", "KafkaTopic"));
        topic.put("apiVersion", "kafka.strimzi.io/v1beta2");
        KubernetesClientException create = assertThrows(KubernetesClientException.class,
                () -> c.client().genericKubernetesResources(old).inNamespace("unserved").resource(resource(topic, "unserved")).create());
        assertEquals(404, create.getCode());
        KubernetesClientException list = assertThrows(KubernetesClientException.class,
                () -> c.client().genericKubernetesResources(old).inNamespace("unserved").list());
        assertEquals(404, list.getCode());
        HttpResponse<String> one = get(c, "/apis/kafka.strimzi.io/v1beta2/namespaces/unserved/kafkatopics/my-topic");
        assertEquals(404, one.statusCode());
        assertTrue(one.body().contains("\"reason\":\"NotFound\"") && one.body().contains("the server could not find the requested resource"), one.body());
        assertEquals(404, get(c, "/apis/eventstreams.ibm.com/v1beta2/namespaces/unserved/kafkatopics").statusCode());
        // fabric8 answers 404 on a single get with null, as for an absent object: the runner must ask discovery
        assertNull(c.client().genericKubernetesResources(old).inNamespace("unserved").withName("my-topic").get());
    }

    @Test
    void anObjectTheRealSchemaRefusesIs422NamingTheField() throws Exception {
        MockCluster c = cluster(OperatorRelease.STRIMZI_1_2, "invalid");
        ResourceDefinitionContext mm2 = OperatorRelease.STRIMZI_1_2.context("KafkaMirrorMaker2");
        Map<String, Object> object = CrdSchemasTest.copy(CrdSchemasTest.example("1.2.0", "mirror-maker__kafka-mirror-maker-2.yaml", "KafkaMirrorMaker2"));
        CrdSchemasTest.at(object, "spec").remove("target");
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> c.client().genericKubernetesResources(mm2).inNamespace("invalid").resource(resource(object, "invalid")).create());
        assertEquals(422, e.getCode());
        assertEquals("KafkaMirrorMaker2.kafka.strimzi.io \"my-mirror-maker-2\" is invalid: spec.target: Required value", e.getStatus().getMessage());
        assertEquals("Invalid", e.getStatus().getReason());
        assertEquals("spec.target", e.getStatus().getDetails().getCauses().get(0).getField());
        assertEquals("FieldValueRequired", e.getStatus().getDetails().getCauses().get(0).getReason());
        assertNull(c.client().genericKubernetesResources(mm2).inNamespace("invalid").withName("my-mirror-maker-2").get(), "nothing stored");
        assertTrue(c.refusals().contains(e.getStatus().getMessage()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFieldTheServerWouldPruneIsRefusedAndRecorded() throws Exception {
        MockCluster c = cluster(OperatorRelease.STRIMZI_1_2, "prune");
        ResourceDefinitionContext mm2 = OperatorRelease.STRIMZI_1_2.context("KafkaMirrorMaker2");
        Map<String, Object> object = CrdSchemasTest.copy(CrdSchemasTest.example("1.2.0", "mirror-maker__kafka-mirror-maker-2.yaml", "KafkaMirrorMaker2"));
        CrdSchemasTest.at(object, "spec").put("connectCluster", "cluster-b");
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> c.client().genericKubernetesResources(mm2).inNamespace("prune").resource(resource(object, "prune")).create());
        assertEquals(422, e.getCode());
        assertEquals("KafkaMirrorMaker2.kafka.strimzi.io \"my-mirror-maker-2\" is invalid: would be pruned: spec.connectCluster",
                e.getStatus().getMessage());
        assertTrue(c.pruned().contains("KafkaMirrorMaker2 prune/my-mirror-maker-2: spec.connectCluster"), c.pruned().toString());

        CrdSchemasTest.at(object, "spec").remove("connectCluster");
        GenericKubernetesResource created = c.client().genericKubernetesResources(mm2).inNamespace("prune").resource(resource(object, "prune")).create();
        String version = created.getMetadata().getResourceVersion();

        // a patch is checked as the object it makes: JSON patch, then JSON merge patch
        KubernetesClientException patched = assertThrows(KubernetesClientException.class, () -> c.client().genericKubernetesResources(mm2)
                .inNamespace("prune").withName("my-mirror-maker-2").edit(r -> {
                    ((Map<String, Object>) r.getAdditionalProperties().get("spec")).put("clusters", List.of(Map.of("alias", "a")));
                    return r;
                }));
        assertEquals(422, patched.getCode());
        assertEquals("KafkaMirrorMaker2.kafka.strimzi.io \"my-mirror-maker-2\" is invalid: would be pruned: spec.clusters",
                patched.getStatus().getMessage());
        KubernetesClientException merge = assertThrows(KubernetesClientException.class, () -> c.client().genericKubernetesResources(mm2)
                .inNamespace("prune").withName("my-mirror-maker-2").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":\"two\"}}"));
        assertEquals(422, merge.getCode());
        assertTrue(merge.getStatus().getMessage().endsWith("is invalid: spec.replicas: Invalid value: \"string\": spec.replicas in body "
                + "must be of type integer: \"string\""), merge.getStatus().getMessage());
        GenericKubernetesResource stored = c.client().genericKubernetesResources(mm2).inNamespace("prune").withName("my-mirror-maker-2").get();
        assertEquals(version, stored.getMetadata().getResourceVersion(), "a refused patch stores nothing");
        GenericKubernetesResource ok = c.client().genericKubernetesResources(mm2).inNamespace("prune").withName("my-mirror-maker-2")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":2}}");
        assertEquals(2, ((Number) ((Map<String, Object>) ok.getAdditionalProperties().get("spec")).get("replicas")).intValue());
    }

    @Test
    void aBodyOfAnotherVersionThanTheUrlIs400() throws Exception {
        MockCluster c = cluster(OperatorRelease.STRIMZI_0_51, "mismatch");
        Map<String, Object> topic = CrdSchemasTest.copy(CrdSchemasTest.example("0.45.0", "topic__kafka-topic.yaml", "KafkaTopic"));
        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> c.client()
                .genericKubernetesResources(OperatorRelease.STRIMZI_0_51.context("KafkaTopic", "v1")).inNamespace("mismatch")
                .resource(resource(topic, "mismatch")).create());
        assertEquals(400, e.getCode());
        assertTrue(e.getMessage().contains("the API version in the data (kafka.strimzi.io/v1beta2) does not match the expected API version "
                + "(kafka.strimzi.io/v1)"), e.getMessage());
    }

    @Test
    void aDeprecatedVersionAnswersWithTheCrdsWarning() throws Exception {
        MockCluster c = cluster(OperatorRelease.STRIMZI_0_51, "deprecated");
        HttpResponse<String> old = get(c, "/apis/kafka.strimzi.io/v1beta2/namespaces/deprecated/kafkatopics");
        assertEquals(200, old.statusCode());
        assertEquals(List.of("299 - \"Version v1beta2 of the KafkaTopic API is deprecated. Please use the v1 version instead.\""),
                old.headers().allValues("Warning"));
        HttpResponse<String> current = get(c, "/apis/kafka.strimzi.io/v1/namespaces/deprecated/kafkatopics");
        assertEquals(200, current.statusCode());
        assertEquals(List.of(), current.headers().allValues("Warning"));
        assertTrue(c.warnings().contains("GET /apis/kafka.strimzi.io/v1beta2/namespaces/deprecated/kafkatopics: "
                + "Version v1beta2 of the KafkaTopic API is deprecated. Please use the v1 version instead."), c.warnings().toString());
        c.settle();
        assertTrue(c.warnings().stream().noneMatch(w -> w.contains("/v1beta1/")), "the fake controllers' own requests are not the runner's: "
                + c.warnings());
        // and the old shape is still accepted there, as Strimzi 0.51 does
        Map<String, Object> mm2 = CrdSchemasTest.copy(CrdSchemasTest.example("0.45.0", "mirror-maker__kafka-mirror-maker-2.yaml", "KafkaMirrorMaker2"));
        assertNotNull(c.client().genericKubernetesResources(OperatorRelease.STRIMZI_0_51.context("KafkaMirrorMaker2", "v1beta2"))
                .inNamespace("deprecated").resource(resource(mm2, "deprecated")).create());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFakeOperatorsMakeEveryServedVersionReady() throws Exception {
        for (OperatorRelease release : List.of(OperatorRelease.STRIMZI_1_2, OperatorRelease.STRIMZI_0_51)) {
            MockCluster c = cluster(release, "ready");
            for (String version : release.definition("KafkaTopic").orElseThrow().servedVersions().subList(0, release == OperatorRelease.STRIMZI_0_51 ? 2 : 1)) {
                Map<String, Object> topic = CrdSchemasTest.copy(CrdSchemasTest.example("1.2.0", "topic__kafka-topic.yaml", "KafkaTopic"));
                topic.put("apiVersion", "kafka.strimzi.io/" + version);
                CrdSchemasTest.at(topic, "metadata").put("name", "t-" + version);
                ResourceDefinitionContext ctx = release.context("KafkaTopic", version);
                c.client().genericKubernetesResources(ctx).inNamespace("ready").resource(resource(topic, "ready")).create();
                GenericKubernetesResource ready = c.client().genericKubernetesResources(ctx).inNamespace("ready").withName("t-" + version)
                        .waitUntilCondition(r -> r.getAdditionalProperties().get("status") != null, 10, TimeUnit.SECONDS);
                Map<String, Object> status = (Map<String, Object>) ready.getAdditionalProperties().get("status");
                assertEquals("Ready", ((List<Map<String, Object>>) status.get("conditions")).get(0).get("type"), release + " " + version);
            }
        }
        MockCluster es = cluster(OperatorRelease.EVENTSTREAMS_13, "ready");
        Map<String, Object> object = Map.of("apiVersion", "eventstreams.ibm.com/v1", "kind", "EventStreams", "metadata", Map.of("name", "es"),
                "spec", Map.of("version", "latest", "license", Map.of("accept", true, "license", "L-X", "use", "EventAutomationDevelopment"),
                        "strimziOverrides", Map.of("kafka", Map.of("listeners", List.of(Map.of("name", "plain", "port", 9092, "type", "internal", "tls", false))),
                                "nodePools", List.of(Map.of("name", "kafka", "replicas", 1, "roles", List.of("controller", "broker"),
                                        "storage", Map.of("type", "ephemeral"))))));
        ResourceDefinitionContext ctx = OperatorRelease.EVENTSTREAMS_13.context("EventStreams");
        es.client().genericKubernetesResources(ctx).inNamespace("ready").resource(resource(object, "ready")).create();
        GenericKubernetesResource ready = es.client().genericKubernetesResources(ctx).inNamespace("ready").withName("es")
                .waitUntilCondition(r -> r.getAdditionalProperties().get("status") != null, 10, TimeUnit.SECONDS);
        assertNotNull(ready);
        assertNotNull(es.client().secrets().inNamespace("ready").withName("es-cluster-ca-cert").get(), "the fake operator made the CA");
        es.settle();
        assertFalse(es.refusals().stream().anyMatch(r -> r.contains("\"es\"")), es.refusals().toString());
    }

    @Test
    void deletingANamespaceDeletesTheReleasesObjectsInEveryServedVersion() throws Exception {
        MockCluster c = cluster(OperatorRelease.STRIMZI_0_51, "cascade");
        for (String version : List.of("v1", "v1beta2")) {
            Map<String, Object> topic = CrdSchemasTest.copy(CrdSchemasTest.example("1.2.0", "topic__kafka-topic.yaml", "KafkaTopic"));
            topic.put("apiVersion", "kafka.strimzi.io/" + version);
            c.client().genericKubernetesResources(OperatorRelease.STRIMZI_0_51.context("KafkaTopic", version)).inNamespace("cascade")
                    .resource(resource(topic, "cascade")).create();
        }
        c.client().namespaces().withName("cascade").waitUntilCondition(n -> n.getMetadata().getFinalizers() != null
                && n.getMetadata().getFinalizers().contains(FakeControllers.NAMESPACE_FINALIZER), 10, TimeUnit.SECONDS);
        c.client().namespaces().withName("cascade").delete();
        c.client().namespaces().withName("cascade").waitUntilCondition(n -> n == null, 10, TimeUnit.SECONDS);
        for (String version : List.of("v1", "v1beta2")) {
            assertEquals(List.of(), c.client().genericKubernetesResources(OperatorRelease.STRIMZI_0_51.context("KafkaTopic", version))
                    .inNamespace("cascade").list().getItems(), version);
        }
    }

    @Test
    void eventStreams11ServesV1beta2OnlyAndEventStreams13V1Only() throws Exception {
        MockCluster es11 = cluster(OperatorRelease.EVENTSTREAMS_11, "es");
        assertEquals(404, get(es11, "/apis/eventstreams.ibm.com/v1/namespaces/es/eventstreams").statusCode());
        assertEquals(200, get(es11, "/apis/eventstreams.ibm.com/v1beta2/namespaces/es/eventstreams").statusCode());
        assertEquals(404, get(es11, "/apis/kafka.strimzi.io/v1beta2/namespaces/es/kafkatopics").statusCode());
        assertEquals(404, get(es11, "/apis/eventstreams.ibm.com/v1beta2/namespaces/es/kafkanodepools").statusCode(), "not a kind it serves");
        MockCluster es13 = cluster(OperatorRelease.EVENTSTREAMS_13, "es");
        assertEquals(404, get(es13, "/apis/eventstreams.ibm.com/v1beta2/namespaces/es/kafkatopics").statusCode());
        assertEquals(200, get(es13, "/apis/eventstreams.ibm.com/v1/namespaces/es/kafkatopics").statusCode());
    }

    @Test
    void thePermissiveMockStillAcceptsAnything() throws Exception {
        try (MockCluster c = MockCluster.start(dir)) {
            assertNull(c.release());
            Map<String, Object> mm2 = CrdSchemasTest.copy(CrdSchemasTest.example("1.2.0", "mirror-maker__kafka-mirror-maker-2.yaml", "KafkaMirrorMaker2"));
            CrdSchemasTest.at(mm2, "spec").put("connectCluster", "x");
            mm2.put("apiVersion", "kafka.strimzi.io/v1beta2");
            c.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("any").endMetadata().build()).create();
            assertNotNull(c.client().genericKubernetesResources(FakeControllers.rdc("kafka.strimzi.io", "v1beta2", "KafkaMirrorMaker2",
                    "kafkamirrormaker2s")).inNamespace("any").resource(resource(mm2, "any")).create());
            assertEquals(List.of(), c.pruned());
        }
    }
}
