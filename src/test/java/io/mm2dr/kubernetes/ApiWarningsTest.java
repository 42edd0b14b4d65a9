package io.mm2dr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Warning headers as a Kubernetes API server sends them (k8s.io/apiserver's warning recorder: 299, agent "-", quoted text). */
class ApiWarningsTest {
    @Test
    void eachDistinctWarningIsHandedOutOnceInTheOrderItCame() {
        ApiWarnings w = new ApiWarnings();
        w.record("299 - \"kafka.strimzi.io/v1beta2 KafkaTopic is deprecated; use kafka.strimzi.io/v1 KafkaTopic\"");
        w.record("299 - \"unknown field \\\"spec.connectCluster\\\"\"");
        w.record("299 - \"kafka.strimzi.io/v1beta2 KafkaTopic is deprecated; use kafka.strimzi.io/v1 KafkaTopic\"");
        assertEquals(List.of("kafka.strimzi.io/v1beta2 KafkaTopic is deprecated; use kafka.strimzi.io/v1 KafkaTopic",
                "unknown field \"spec.connectCluster\""), w.unseen());
        assertEquals(List.of(), w.unseen(), "shown once per run");
        w.record("299 - \"kafka.strimzi.io/v1beta2 KafkaTopic is deprecated; use kafka.strimzi.io/v1 KafkaTopic\"");
        w.record("a header that is not RFC 7234");
        assertEquals(List.of("a header that is not RFC 7234"), w.unseen());
    }
}
