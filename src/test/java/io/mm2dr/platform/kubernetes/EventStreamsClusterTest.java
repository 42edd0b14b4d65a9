package io.mm2dr.platform.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.KafkaClusterSpec;
import io.mm2dr.domain.OperatorApi;
import io.mm2dr.kubernetes.testing.CrdSchemas;
import io.mm2dr.kubernetes.testing.OperatorRelease;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * What an Event Streams / Strimzi expert expects of a cluster's resources. The node pool shapes
 * were checked by hand against KafkaNodePool's {@code spec} schema of Strimzi 0.45.0 (v1beta2),
 * 0.51.0 (v1, v1beta2) and 1.2.0 (v1), which Event Streams' {@code strimziOverrides.nodePools[]}
 * items take (plus a {@code name}): {@code roles} items are {@code controller|broker},
 * {@code storage.type} is {@code ephemeral|persistent-claim|jbod}, {@code size} a string and
 * {@code deleteClaim} a boolean, all known fields (nothing pruned). The licence and the admin
 * endpoints follow Event Streams' documented EventStreams spec ({@code spec.license.license},
 * {@code spec.adminApi.endpoints[]} with {@code name}, {@code type} internal|route|ingress, {@code
 * host} required for ingress, {@code class}).
 */
class EventStreamsClusterTest {

    private static KafkaClusterSpec cluster(Flavor flavor, int brokers, String storage, String controllerStorage) {
        return new KafkaClusterSpec("na-eventstreams", "north-america", flavor, brokers, storage, "scram-sha-512", false, null,
                controllerStorage);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> m, String... path) {
        Object o = m;
        for (String p : path) {
            o = ((Map<String, Object>) o).get(p);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> pools(Map<String, Object> eventStreams) {
        return (List<Map<String, Object>>) at(eventStreams, "spec", "strimziOverrides").get("nodePools");
    }

    private static Map<String, Object> eventStreams(KafkaClusterSpec c, EventStreamsSettings es, OperatorApi api) {
        List<Map<String, Object>> resources = KafkaResources.cluster(c, api, es);
        assertEquals(1, resources.size());
        assertEquals("EventStreams", resources.get(0).get("kind"));
        return resources.get(0);
    }

    /**
     * Every shape this test renders, for every release, is valid for its real CRD schema with
     * nothing pruned (Strimzi's CRDs; Event Streams' model: strimziOverrides checked against
     * Strimzi's types, the rest of the EventStreams spec not known offline).
     */
    @ParameterizedTest
    @EnumSource(OperatorRelease.class)
    void everyShapeIsValidForTheReleasesSchemas(OperatorRelease release) {
        Flavor flavor = Flavor.of(release.flavor());
        List<String> versions = release.servedVersions();
        for (String version : versions) {
            OperatorApi.Generation g = OperatorApi.Generation.of(version);
            if (g == null) {
                continue;   // v1beta1, v1alpha1 of older kinds: never rendered
            }
            OperatorApi api = new OperatorApi(flavor, g);
            for (KafkaClusterSpec c : List.of(cluster(flavor, 3, "ephemeral", null), cluster(flavor, 1, "ephemeral", "5Gi"),
                    cluster(flavor, 3, "100Gi", null), new KafkaClusterSpec("na-eventstreams", "north-america", flavor, 3, "ephemeral",
                            "scram-sha-512", true, null))) {
                for (EventStreamsSettings es : List.of(EventStreamsSettings.defaults(), new EventStreamsSettings(null, "L-ABCD-EFGHIJ",
                        "internal", null, null), new EventStreamsSettings(null, null, "ingress", "apps.example.com", "nginx"))) {
                    for (Map<String, Object> r : KafkaResources.cluster(c, api, es.resolved(() -> true))) {
                        CrdSchemas.Report report = release.schemas().validate(r);
                        assertTrue(report.clean(), () -> release.title() + " " + r.get("apiVersion") + " " + r.get("kind") + ": " + report);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OperatorApi.Generation.class)
    void ephemeralEventStreamsGetsPersistentControllersInAPoolOfTheirOwn(OperatorApi.Generation g) {
        Map<String, Object> es = eventStreams(cluster(Flavor.EVENTSTREAMS, 3, "ephemeral", null), EventStreamsSettings.defaults(),
                new OperatorApi(Flavor.EVENTSTREAMS, g));
        assertEquals(List.of(
                Map.of("name", "kafka", "replicas", 3, "roles", List.of("broker"), "storage", Map.of("type", "ephemeral")),
                Map.of("name", "controller", "replicas", 3, "roles", List.of("controller"),
                        "storage", Map.of("type", "persistent-claim", "size", "10Gi", "deleteClaim", false))),
                pools(es));
    }

    @Test
    void theControllersVolumeSizeIsTheClustersAndTheirQuorumIsOdd() {
        Map<String, Object> es = eventStreams(cluster(Flavor.EVENTSTREAMS, 1, "ephemeral", "20Gi"), EventStreamsSettings.defaults(),
                OperatorApi.v1(Flavor.EVENTSTREAMS));
        Map<String, Object> controller = pools(es).get(1);
        assertEquals(1, controller.get("replicas"), "one broker: one controller");
        assertEquals("20Gi", at(controller, "storage").get("size"));
        assertEquals(3, pools(eventStreams(cluster(Flavor.EVENTSTREAMS, 5, "ephemeral", null), EventStreamsSettings.defaults(),
                OperatorApi.v1(Flavor.EVENTSTREAMS))).get(1).get("replicas"), "five brokers: a quorum of three");
        assertEquals(1, pools(eventStreams(cluster(Flavor.EVENTSTREAMS, 2, "ephemeral", null), EventStreamsSettings.defaults(),
                OperatorApi.v1(Flavor.EVENTSTREAMS))).get(1).get("replicas"), "two brokers: no even quorum");
        assertEquals("10Gi", new KafkaClusterSpec("a", "b", Flavor.EVENTSTREAMS, 3, "ephemeral", "none", false, null).controllerStorage(),
                "the former constructor gives the default size");
    }

    @Test
    void persistentEventStreamsKeepsOneDualRolePoolWhoseVolumesHoldTheMetadata() {
        Map<String, Object> es = eventStreams(cluster(Flavor.EVENTSTREAMS, 3, "100Gi", null), EventStreamsSettings.defaults(),
                OperatorApi.v1(Flavor.EVENTSTREAMS));
        List<Map<String, Object>> pools = pools(es);
        assertEquals(1, pools.size());
        assertEquals(List.of("controller", "broker"), pools.get(0).get("roles"));
        assertEquals(Map.of("type", "jbod", "volumes", List.of(Map.of("id", 0, "type", "persistent-claim", "size", "100Gi",
                "deleteClaim", false, "kraftMetadata", "shared"))), pools.get(0).get("storage"));
    }

    @Test
    void strimziIsUnchangedItsEphemeralControllersAreAllowed() {
        List<Map<String, Object>> r = KafkaResources.cluster(cluster(Flavor.STRIMZI, 3, "ephemeral", null), OperatorApi.v1(Flavor.STRIMZI),
                EventStreamsSettings.defaults());
        assertEquals(List.of("KafkaNodePool", "Kafka"), r.stream().map(m -> m.get("kind")).toList());
        assertEquals(Map.of("replicas", 3, "roles", List.of("controller", "broker"), "storage", Map.of("type", "ephemeral")), r.get(0).get("spec"));
    }

    @Test
    void theLicenceIdentifierIsRenderedOnlyWhenSet() {
        Map<String, Object> without = eventStreams(cluster(Flavor.EVENTSTREAMS, 3, "ephemeral", null), EventStreamsSettings.defaults(),
                OperatorApi.v1(Flavor.EVENTSTREAMS));
        assertEquals(Map.of("accept", true, "use", "CloudPakForIntegrationNonProduction"), at(without, "spec", "license"));
        Map<String, Object> with = eventStreams(cluster(Flavor.EVENTSTREAMS, 3, "ephemeral", null),
                new EventStreamsSettings("CloudPakForIntegrationProduction", "L-ABCD-EFGHIJ", null, null, null), OperatorApi.v1(Flavor.EVENTSTREAMS));
        assertEquals(Map.of("accept", true, "license", "L-ABCD-EFGHIJ", "use", "CloudPakForIntegrationProduction"), at(with, "spec", "license"));
        // the former entry point (licence use only) still renders
        assertEquals(Map.of("accept", true, "use", "X"), at(KafkaResources.cluster(cluster(Flavor.EVENTSTREAMS, 3, "ephemeral", null),
                OperatorApi.v1(Flavor.EVENTSTREAMS), "X").get(0), "spec", "license"));
        String warning = EventStreamsSettings.missingLicenseWarning("north-america", "na-eventstreams");
        assertTrue(warning.contains("north-america/na-eventstreams") && warning.contains("eventstreams_license"), warning);
    }

    @Test
    void adminEndpointsFollowTheEndpointType() {
        KafkaClusterSpec c = cluster(Flavor.EVENTSTREAMS, 3, "ephemeral", null);
        OperatorApi api = OperatorApi.v1(Flavor.EVENTSTREAMS);
        // route: the operator's own default endpoint (a route), as before
        Map<String, Object> route = eventStreams(c, new EventStreamsSettings(null, null, "route", null, null), api);
        assertEquals(Map.of(), at(route, "spec", "adminApi"));
        assertEquals(Map.of(), at(route, "spec", "adminUI"));
        Map<String, Object> internal = eventStreams(c, new EventStreamsSettings(null, null, "internal", null, null), api);
        assertEquals(Map.of("endpoints", List.of(Map.of("name", "internal", "type", "internal"))), at(internal, "spec", "adminApi"));
        assertEquals(Map.of("endpoints", List.of(Map.of("name", "internal", "type", "internal"))), at(internal, "spec", "adminUI"));
        Map<String, Object> ingress = eventStreams(c, new EventStreamsSettings(null, null, "Ingress", "apps.example.com", "nginx"), api);
        assertEquals(Map.of("endpoints", List.of(Map.of("name", "ingress", "type", "ingress",
                "host", "na-eventstreams-admin-api.apps.example.com", "class", "nginx"))), at(ingress, "spec", "adminApi"));
        assertEquals(Map.of("endpoints", List.of(Map.of("name", "ingress", "type", "ingress",
                "host", "na-eventstreams-ui.apps.example.com", "class", "nginx"))), at(ingress, "spec", "adminUI"));
    }

    @Test
    void unsupportedEndpointSettingsAreClearErrors() {
        IllegalArgumentException nodePort = assertThrows(IllegalArgumentException.class, () -> new EventStreamsSettings(null, null, "nodeport", null, null));
        assertTrue(nodePort.getMessage().contains("route, ingress, internal"), nodePort.getMessage());
        IllegalArgumentException noDomain = assertThrows(IllegalArgumentException.class, () -> new EventStreamsSettings(null, null, "ingress", null, null));
        assertTrue(noDomain.getMessage().contains("eventstreams_ingress_domain"), noDomain.getMessage());
    }

    @Test
    void unsetTheEndpointTypeIsARouteOnOpenShiftAndInternalElsewhere() {
        assertEquals("route", EventStreamsSettings.defaults().resolved(() -> true).endpointType());
        assertEquals("internal", EventStreamsSettings.defaults().resolved(() -> false).endpointType());
        EventStreamsSettings set = new EventStreamsSettings(null, null, "internal", null, null);
        assertEquals("internal", set.resolved(() -> {
            throw new AssertionError("no discovery when the inventory says");
        }).endpointType());
        assertFalse(EventStreamsSettings.defaults().resolved(() -> false).endpointType().equals("route"));
    }
}
