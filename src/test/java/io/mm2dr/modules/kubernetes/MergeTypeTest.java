package io.mm2dr.modules.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.kubernetes.KubeGateway.WriteMode;
import io.mm2dr.kubernetes.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** merge_type: the first of the list that applies to the kind, as kubernetes.core tries them; bad values refused by name. */
class MergeTypeTest {
    private static final ResourceType DEPLOYMENT = new ResourceType("apps/v1", "Deployment", "deployments", true);
    private static final ResourceType KAFKA = new ResourceType("kafka.strimzi.io/v1beta2", "Kafka", "kafkas", true);

    @Test
    void theDefaultIsAStrategicMergeForBuiltInKindsAndAMergeForCustomResources() {
        assertEquals(WriteMode.STRATEGIC, K8sModule.mergeMode(null, DEPLOYMENT));
        assertEquals(WriteMode.MERGE, K8sModule.mergeMode(null, KAFKA));
        assertEquals(WriteMode.MERGE, K8sModule.mergeMode(List.of("merge", "strategic-merge"), DEPLOYMENT));
    }

    @Test
    void aJsonPatchOrAnUnknownTypeIsOneClearError() {
        ArgumentError json = assertThrows(ArgumentError.class, () -> K8sModule.mergeMode(List.of("json"), DEPLOYMENT));
        assertTrue(json.getMessage().contains("merge_type 'json'") && json.getMessage().contains("not supported yet"), json.getMessage());
        ArgumentError unknown = assertThrows(ArgumentError.class, () -> K8sModule.mergeMode(List.of("strategic"), DEPLOYMENT));
        assertEquals("value of merge_type must be one or more of: json, merge, strategic-merge, got: strategic", unknown.getMessage());
    }
}
