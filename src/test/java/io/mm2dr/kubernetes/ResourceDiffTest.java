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

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        return (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
                .get("template")).get("spec")).get("containers");
    }

    private static Map<String, Object> podSpecPatch(Object... keysAndValues) {
        Map<String, Object> spec = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            spec.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Map.of("spec", Map.of("template", Map.of("spec", spec)));
    }

    @Test
    void aStrategicMergeMergesNamedListItemsByTheirKeyAndReplacesOtherLists() {
        // a new container is added beside the live one; a known one is merged field by field
        Map<String, Object> added = ResourceDiff.strategicMerge(live(), podSpecPatch("containers", List.of(Map.of("name", "side", "image", "redis"))));
        assertEquals(List.of("app", "side"), containers(added).stream().map(c -> c.get("name")).toList());
        assertEquals("img:1", containers(added).get(0).get("image"));
        Map<String, Object> changed = ResourceDiff.strategicMerge(live(), podSpecPatch("containers", List.of(Map.of("name", "app", "image", "img:2"))));
        assertEquals(1, containers(changed).size());
        assertEquals(Map.of("name", "app", "image", "img:2", "imagePullPolicy", "IfNotPresent", "terminationMessagePath", "/dev/termination-log"),
                containers(changed).get(0), "the other fields of the live container stay");
        // $patch: delete removes the namesake; a list without a merge key (args) replaces
        Map<String, Object> deleted = ResourceDiff.strategicMerge(added, podSpecPatch("containers", List.of(Map.of("name", "side", "$patch", "delete"))));
        assertEquals(List.of("app"), containers(deleted).stream().map(c -> c.get("name")).toList());
        Map<String, Object> withArgs = ResourceDiff.strategicMerge(live(), podSpecPatch("containers", List.of(Map.of("name", "app", "args", List.of("b")))));
        Map<String, Object> argsReplaced = ResourceDiff.strategicMerge(withArgs, podSpecPatch("containers", List.of(Map.of("name", "app", "args", List.of("c")))));
        assertEquals(List.of("c"), containers(argsReplaced).get(0).get("args"));
        // the same patch again changes nothing: what makes a second run report no change
        assertTrue(ResourceDiff.contains(added, ResourceDiff.strategicMerge(added, podSpecPatch("containers", List.of(Map.of("name", "side", "image", "redis"))))));
        assertFalse(ResourceDiff.contains(live(), added));
    }

    @Test
    void portsAreKeyedByContainerPortInAContainerAndByPortInAService() {
        Map<String, Object> service = Map.of("spec", Map.of("ports", List.of(Map.of("port", 80, "targetPort", 8080))));
        Map<String, Object> merged = ResourceDiff.strategicMerge(service, Map.of("spec", Map.of("ports", List.of(Map.of("port", 443), Map.of("port", 80, "name", "http")))));
        assertEquals(List.of(Map.of("port", 80, "targetPort", 8080, "name", "http"), Map.of("port", 443)), ((Map<?, ?>) merged.get("spec")).get("ports"));
        Map<String, Object> withPort = ResourceDiff.strategicMerge(live(), podSpecPatch("containers",
                List.of(Map.of("name", "app", "ports", List.of(Map.of("containerPort", 9092, "name", "kafka"))))));
        Map<String, Object> twoPorts = ResourceDiff.strategicMerge(withPort, podSpecPatch("containers",
                List.of(Map.of("name", "app", "ports", List.of(Map.of("containerPort", 9404))))));
        assertEquals(2, ((List<?>) containers(twoPorts).get(0).get("ports")).size());
    }

    @Test
    void aStrategicMergeRemovesANullAndReplacesAnObjectMarkedReplace() {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("replicas", null);
        patch.put("selector", Map.of("$patch", "replace", "matchLabels", Map.of("app", "new")));
        Map<String, Object> live = new LinkedHashMap<>(Map.of("replicas", 2, "selector", Map.of("matchLabels", Map.of("app", "old", "tier", "x")), "paused", false));
        Map<String, Object> merged = ResourceDiff.strategicMerge(live, patch);
        assertEquals(Map.of("selector", Map.of("matchLabels", Map.of("app", "new")), "paused", false), merged);
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
