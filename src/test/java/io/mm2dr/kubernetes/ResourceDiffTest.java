package io.mm2dr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules: what a definition asks of a live object, and what is written. */
class ResourceDiffTest {
    private static Map<String, Object> live() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", "apps/v1");
        m.put("kind", "Deployment");
        m.put("metadata", new LinkedHashMap<>(Map.of("name", "app", "namespace", "ns", "resourceVersion", "42", "uid", "u-1",
                "generation", 3, "labels", Map.of("app", "web"))));
        m.put("spec", new LinkedHashMap<>(Map.of("replicas", 2, "revisionHistoryLimit", 10,
                "template", Map.of("spec", Map.of("containers", List.of(
                        Map.of("name", "app", "image", "img:1", "imagePullPolicy", "IfNotPresent", "terminationMessagePath", "/dev/termination-log")))))));
        m.put("status", Map.of("readyReplicas", 2));
        return m;
    }

    @Test
    void serverDefaultsAndServerOwnedFieldsAreNotDifferences() {
        Map<String, Object> asked = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "app", "namespace", "ns"),
                "spec", Map.of("replicas", 2L, "template", Map.of("spec", Map.of("containers", List.of(Map.of("name", "app", "image", "img:1"))))));
        assertTrue(ResourceDiff.contains(live(), asked), "defaults inside list items and numbers as longs are not differences");
    }

    @Test
    void aChangedValueAListOfAnotherLengthOrARemovedKeyIsADifference() {
        assertFalse(ResourceDiff.contains(live(), Map.of("spec", Map.of("replicas", 3))));
        assertFalse(ResourceDiff.contains(live(), Map.of("spec", Map.of("template", Map.of("spec", Map.of("containers", List.of()))))));
        Map<String, Object> removeLabel = new HashMap<>();
        removeLabel.put("app", null);
        assertFalse(ResourceDiff.contains(live(), Map.of("metadata", Map.of("labels", removeLabel))));
        Map<String, Object> removeAbsent = new HashMap<>();
        removeAbsent.put("other", null);
        assertTrue(ResourceDiff.contains(live(), Map.of("metadata", Map.of("labels", removeAbsent))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mergeKeepsWhatIsNotNamedReplacesListsAndRemovesNulls() {
        Map<String, Object> labels = new HashMap<>();
        labels.put("app", null);
        labels.put("tier", "front");
        Map<String, Object> merged = ResourceDiff.merge(live(), Map.of(
                "metadata", Map.of("labels", labels),
                "spec", Map.of("replicas", 5, "template", Map.of("spec", Map.of("containers", List.of(Map.of("name", "app", "image", "img:2")))))));
        Map<String, Object> spec = (Map<String, Object>) merged.get("spec");
        assertEquals(5, spec.get("replicas"));
        assertEquals(10, spec.get("revisionHistoryLimit"));
        assertEquals(List.of(Map.of("name", "app", "image", "img:2")),
                ((Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec")).get("containers"));
        assertEquals(Map.of("tier", "front"), ((Map<String, Object>) merged.get("metadata")).get("labels"));
        assertEquals("42", ((Map<String, Object>) merged.get("metadata")).get("resourceVersion"), "kept for the optimistic update");
        assertEquals(2, ((Map<String, Object>) live().get("spec")).get("replicas"), "the live object is not modified");
    }

    @Test
    void applyRemovesKeysThePreviousApplySetAndNoLongerAsks() {
        Map<String, Object> last = Map.of("metadata", Map.of("labels", Map.of("a", "1", "b", "2")), "data", Map.of("x", "1"));
        Map<String, Object> now = Map.of("metadata", Map.of("labels", Map.of("a", "1")));
        Map<String, Object> patch = ResourceDiff.applyPatch(last, now);
        assertTrue(patch.containsKey("data") && patch.get("data") == null, patch.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> labels = (Map<String, Object>) ((Map<String, Object>) patch.get("metadata")).get("labels");
        assertTrue(labels.containsKey("b") && labels.get("b") == null, labels.toString());
        assertEquals("1", labels.get("a"));
    }

    @Test
    void withoutServerFieldsDropsStatusAndServerMetadata() {
        Map<String, Object> shown = ResourceDiff.withoutServerFields(live());
        assertFalse(shown.containsKey("status"));
        assertEquals(Map.of("name", "app", "namespace", "ns", "labels", Map.of("app", "web")), shown.get("metadata"));
    }

    @Test
    void pluralsFollowKubectl() {
        assertEquals("kafkamirrormaker2s", ResourceKinds.plural("KafkaMirrorMaker2"));
        assertEquals("ingresses", ResourceKinds.plural("Ingress"));
        assertEquals("networkpolicies", ResourceKinds.plural("NetworkPolicy"));
        assertEquals("gateways", ResourceKinds.plural("Gateway"));
        assertEquals("eventstreams", ResourceKinds.plural("EventStreams"));
    }
}
