package io.mm2dr.platform.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.domain.ExternalListener;
import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.KafkaClusterSpec;
import io.mm2dr.domain.OperatorApi;
import io.mm2dr.kubernetes.testing.CrdSchemas;
import io.mm2dr.kubernetes.testing.OperatorRelease;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The listener for clients outside the cluster, of each type, on a Kafka (Strimzi) and an
 * EventStreams, in every API generation each release serves: valid for the release's real CRD
 * schemas, nothing pruned; TLS with the internal listener's authentication.
 */
class ExternalListenerTest {
    private static final List<ExternalListener> EVERY_TYPE = List.of(new ExternalListener("route", null, null),
            new ExternalListener("ingress", "apps.example.com", "nginx"), new ExternalListener("ingress", "apps.example.com", null),
            new ExternalListener("loadbalancer", null, null), new ExternalListener("nodeport", null, null));

    @ParameterizedTest
    @EnumSource(OperatorRelease.class)
    void everyTypeIsValidForEveryGenerationOfEveryRelease(OperatorRelease release) {
        Flavor flavor = Flavor.of(release.flavor());
        int rendered = 0;
        for (String version : release.servedVersions()) {
            OperatorApi.Generation g = OperatorApi.Generation.of(version);
            if (g == null) {
                continue;
            }
            for (ExternalListener e : EVERY_TYPE) {
                for (String auth : List.of("scram-sha-512", "tls")) {
                    KafkaClusterSpec c = new KafkaClusterSpec("na", "north-america", flavor, 3, "ephemeral", auth, false, null, null, e);
                    for (Map<String, Object> r : KafkaResources.cluster(c, new OperatorApi(flavor, g), EventStreamsSettings.defaults().resolved(() -> true))) {
                        CrdSchemas.Report report = release.schemas().validate(r);
                        assertTrue(report.clean(), () -> release.title() + " " + r.get("apiVersion") + " " + r.get("kind") + " " + e + ": " + report);
                        rendered++;
                    }
                }
            }
        }
        assertTrue(rendered > 0, "something was rendered for " + release);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theListenerIsTlsWithTheInternalOnesAuthenticationAndAnIngressNamesItsHosts() {
        KafkaClusterSpec c = new KafkaClusterSpec("na", "north-america", Flavor.STRIMZI, 2, "ephemeral", "scram-sha-512", false, null, null,
                new ExternalListener("ingress", "apps.example.com", "nginx"));
        Map<String, Object> kafka = KafkaResources.cluster(c, new OperatorApi(Flavor.STRIMZI, OperatorApi.Generation.values()[0]),
                EventStreamsSettings.defaults()).get(1);
        List<Map<String, Object>> listeners = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) kafka.get("spec")).get("kafka")).get("listeners");
        assertEquals(List.of("tls", "external"), listeners.stream().map(l -> l.get("name")).toList());
        Map<String, Object> external = listeners.get(1);
        assertEquals(Map.of("name", "external", "port", 9094, "type", "ingress", "tls", true,
                "authentication", Map.of("type", "scram-sha-512"),
                "configuration", Map.of("class", "nginx", "bootstrap", Map.of("host", "bootstrap-na.apps.example.com"),
                        "brokers", List.of(Map.of("broker", 0, "host", "broker-0-na.apps.example.com"),
                                Map.of("broker", 1, "host", "broker-1-na.apps.example.com")))), external);
    }

    @Test
    void anUnknownTypeOrAnIngressWithoutHostsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ExternalListener("cluster-ip", null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExternalListener("ingress", null, null));
        assertTrue(e.getMessage().contains("host_suffix"), e.getMessage());
    }
}
