package io.mm2dr.platform.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.domain.Flavor;
import io.mm2dr.kubernetes.KubeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generation chosen from what the server serves, with the served versions of each release
 * as its CRDs declare them (Strimzi 0.45-0.48: v1beta2, plus the older v1beta1/v1alpha1 of some
 * kinds; 0.49-0.51: v1 and v1beta2; 1.x: v1; Event Streams 11-12: v1beta2; 13: v1).
 */
class OperatorApisTest {
    private static final String SERVER = "https://api.example:6443/";

    @Test
    void v1IsPreferredWhereItIsServedAndV1beta2IsUsedWhereItIsNot() {
        assertEquals("kafka.strimzi.io/v1", OperatorApis.choose(Flavor.STRIMZI, List.of("v1"), null, SERVER).apiVersion());
        assertEquals("kafka.strimzi.io/v1", OperatorApis.choose(Flavor.STRIMZI, List.of("v1beta2", "v1"), null, SERVER).apiVersion(),
                "0.49-0.51 serve both, v1beta2 still the storage version: v1 is rendered");
        assertEquals("kafka.strimzi.io/v1beta2", OperatorApis.choose(Flavor.STRIMZI, List.of("v1beta2", "v1beta1", "v1alpha1"), null, SERVER)
                .apiVersion());
        assertEquals("eventstreams.ibm.com/v1beta2", OperatorApis.choose(Flavor.EVENTSTREAMS, List.of("v1beta2"), null, SERVER).apiVersion());
        assertEquals("eventstreams.ibm.com/v1", OperatorApis.choose(Flavor.EVENTSTREAMS, List.of("v1"), null, SERVER).apiVersion());
    }

    @Test
    void theInventoryCanForceAServedGeneration() {
        assertEquals("kafka.strimzi.io/v1beta2", OperatorApis.choose(Flavor.STRIMZI, List.of("v1", "v1beta2"), "v1beta2", SERVER).apiVersion());
        assertEquals("kafka.strimzi.io/v1", OperatorApis.choose(Flavor.STRIMZI, List.of("v1", "v1beta2"), " V1 ", SERVER).apiVersion());
        assertEquals("kafka.strimzi.io/v1", OperatorApis.choose(Flavor.STRIMZI, List.of("v1", "v1beta2"), "", SERVER).apiVersion(),
                "blank is unset");
    }

    @Test
    void aGroupThatIsNotServedIsAClearErrorNamingTheOperatorAndItsReleases() {
        KubeException e = assertThrows(KubeException.class, () -> OperatorApis.choose(Flavor.STRIMZI, List.of(), null, SERVER));
        assertTrue(e.getMessage().contains("does not serve kafka.strimzi.io"), e.getMessage());
        assertTrue(e.getMessage().contains("Strimzi 0.45 to 0.51 (v1beta2)"), e.getMessage());
        assertTrue(e.getMessage().contains(SERVER), e.getMessage());
        e = assertThrows(KubeException.class, () -> OperatorApis.choose(Flavor.EVENTSTREAMS, List.of(), null, SERVER));
        assertTrue(e.getMessage().contains("eventstreams.ibm.com, the API of IBM Event Streams"), e.getMessage());
    }

    @Test
    void onlyOlderGenerationsOrAForcedOneNotServedAreClearErrors() {
        KubeException e = assertThrows(KubeException.class,
                () -> OperatorApis.choose(Flavor.STRIMZI, List.of("v1beta1", "v1alpha1"), null, SERVER));
        assertTrue(e.getMessage().contains("serves kafka.strimzi.io at v1beta1, v1alpha1 only"), e.getMessage());
        e = assertThrows(KubeException.class, () -> OperatorApis.choose(Flavor.STRIMZI, List.of("v1"), "v1beta2", SERVER));
        assertTrue(e.getMessage().contains("operator_api_version asks for kafka.strimzi.io/v1beta2"), e.getMessage());
        assertTrue(e.getMessage().contains("serves kafka.strimzi.io at v1 only"), e.getMessage());
        e = assertThrows(KubeException.class, () -> OperatorApis.choose(Flavor.STRIMZI, List.of("v1"), "v2", SERVER));
        assertTrue(e.getMessage().contains("expected one of v1, v1beta2"), e.getMessage());
    }
}
