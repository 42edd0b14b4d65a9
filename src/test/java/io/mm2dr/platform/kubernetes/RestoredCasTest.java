package io.mm2dr.platform.kubernetes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.KafkaClusterSpec;
import org.junit.jupiter.api.Test;

class RestoredCasTest {
    @Test
    void theWarningSaysWhoRenewsTheRestoredCasAndWhere() {
        String es = RestoredCas.warning(new KafkaClusterSpec("na-eventstreams", "north-america", Flavor.EVENTSTREAMS, 3, "ephemeral",
                "scram-sha-512", true, null));
        assertTrue(es.startsWith("EventStreams north-america/na-eventstreams"), es);
        assertTrue(es.contains("spec.strimziOverrides.clusterCa") && es.contains("generateCertificateAuthority: true"), es);
        String strimzi = RestoredCas.warning(new KafkaClusterSpec("na", "north-america", Flavor.STRIMZI, 3, "ephemeral",
                "scram-sha-512", true, null));
        assertTrue(strimzi.startsWith("Kafka north-america/na") && strimzi.contains("in spec.clusterCa/clientsCa"), strimzi);
        assertTrue(strimzi.contains("na-cluster-ca-cert") && strimzi.contains("ca-cert-generation"), strimzi);
    }
}
