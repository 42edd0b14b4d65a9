package io.mm2dr.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorsAndReadinessTest {
    @Test
    void labelSelectorsInKubectlSyntax() {
        LabelSelector s = LabelSelector.parse(List.of("app in (web, db)", "tier!=back,release", "!canary"));
        assertTrue(s.matches(Map.of("app", "web", "tier", "front", "release", "1")));
        assertFalse(s.matches(Map.of("app", "web", "tier", "back", "release", "1")));
        assertFalse(s.matches(Map.of("app", "cache", "release", "1")));
        assertFalse(s.matches(Map.of("app", "db", "release", "1", "canary", "yes")));
        assertFalse(s.matches(Map.of("app", "db")), "release must exist");
        assertTrue(LabelSelector.parse(List.of("env notin (prod)")).matches(Map.of()));
        KubeException e = assertThrows(KubeException.class, () -> LabelSelector.parse(List.of("app ~ web")));
        assertTrue(e.getMessage().startsWith("invalid label selector 'app ~ web'"), e.getMessage());
    }

    private static Map<String, Object> mm2(long generation, Object observed, String readyStatus) {
        Map<String, Object> status = observed == null ? Map.of()
                : Map.of("observedGeneration", observed, "conditions", List.of(Map.of("type", "Ready", "status", readyStatus, "reason", "R")));
        return Map.of("metadata", Map.of("name", "m", "generation", generation), "spec", Map.of("replicas", 2), "status", status);
    }

    @Test
    void aConditionCountsOnlyForTheLatestGeneration() {
        Readiness ready = new Readiness.Condition("Ready", null, null);
        assertTrue(ready.check(mm2(2, 2, "True")).ready());
        Readiness.Verdict stale = ready.check(mm2(3, 2, "True"));
        assertFalse(stale.ready(), "Ready=True of generation 2 says nothing about generation 3");
        assertTrue(stale.seen().startsWith("generation 3 not yet observed"), stale.seen());
        assertEquals("Ready=False (R)", ready.check(mm2(2, 2, "False")).seen());
        assertEquals("no status yet; no conditions yet", ready.check(mm2(1, null, null)).seen());
        assertFalse(new Readiness.Condition("Ready", "True", "Other").check(mm2(2, 2, "True")).ready(), "reason must match when given");
    }

    @Test
    void workloadsWaitForEveryReplica() {
        Readiness r = Readiness.forKind("Deployment");
        Map<String, Object> half = Map.of("metadata", Map.of("generation", 1), "spec", Map.of("replicas", 3),
                "status", Map.of("observedGeneration", 1, "replicas", 3, "updatedReplicas", 3, "readyReplicas", 1));
        assertFalse(r.check(half).ready());
        assertEquals("1/3 ready, 3 updated", r.check(half).seen());
        Map<String, Object> zero = Map.of("metadata", Map.of("generation", 2), "spec", Map.of("replicas", 0),
                "status", Map.of("observedGeneration", 2));
        assertTrue(r.check(zero).ready(), "scaled to zero: nothing to wait for");
        assertTrue(Readiness.forKind("ConfigMap").check(Map.of()).ready());
    }

    @Test
    void scaledCustomResourcesWaitForTheirReportedReplicas() {
        Readiness r = new Readiness.ScaledTo(0);
        Map<String, Object> before = Map.of("metadata", Map.of("generation", 2),
                "status", Map.of("observedGeneration", 2, "replicas", 1, "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        assertFalse(r.check(before).ready());
        Map<String, Object> after = Map.of("metadata", Map.of("generation", 2),
                "status", Map.of("observedGeneration", 2, "replicas", 0, "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        assertTrue(r.check(after).ready());
    }

    @Test
    void mirrorMakerIsReadyOnlyWithEveryConnectorRunning() {
        Map<String, Object> failed = Map.of("metadata", Map.of("generation", 1), "status", Map.of("observedGeneration", 1,
                "conditions", List.of(Map.of("type", "Ready", "status", "True")),
                "connectors", List.of(Map.of("name", "na->eu.MirrorSourceConnector", "connector", Map.of("state", "RUNNING"),
                        "tasks", List.of(Map.of("id", 0, "state", "FAILED"))))));
        Readiness.Verdict v = new Readiness.ConnectorsRunning().check(failed);
        assertFalse(v.ready());
        assertTrue(v.seen().endsWith("not running: na->eu.MirrorSourceConnector task 0 FAILED"), v.seen());
        Map<String, Object> running = Map.of("metadata", Map.of("generation", 1), "status", Map.of("observedGeneration", 1,
                "conditions", List.of(Map.of("type", "Ready", "status", "True")),
                "connectors", List.of(Map.of("name", "x", "connector", Map.of("state", "RUNNING"), "tasks", List.of(Map.of("id", 0, "state", "RUNNING"))))));
        assertTrue(new Readiness.ConnectorsRunning().check(running).ready());
    }
}
