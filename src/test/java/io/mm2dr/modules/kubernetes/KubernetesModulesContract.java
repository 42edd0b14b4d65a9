package io.mm2dr.modules.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.ClusterTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The module tests that hold on any cluster, with core kinds only: run against the mock with
 * fake controllers by {@link MockClusterModulesTest}, and against a real cluster by
 * {@link RealClusterModulesTest} when asked for. Every playbook runs in check mode (nothing may
 * change), then twice (the second run changes nothing).
 */
abstract class KubernetesModulesContract {

    abstract ClusterTarget cluster();

    abstract KubePlaybooks playbooks();

    /** A namespace name unique to this test run. */
    abstract String ns(String name);

    private Run idempotent(String tasks, int changed) {
        return playbooks().idempotent(playbooks().playbook(tasks), changed);
    }

    private Run idempotent(String tasks, int changed, int checkChanged) {
        return playbooks().idempotent(playbooks().playbook(tasks), changed, checkChanged);
    }

    @Test
    void namespaceConfigMapSecretAndDeploymentAreCreatedOnceAndScaled() {
        String ns = ns("core");
        Run r = idempotent("""
                - name: namespace
                  k8s: {kind: Namespace, name: %1$s}
                - name: objects
                  k8s:
                    namespace: %1$s
                    definition:
                      - apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: settings, labels: {app: demo}}
                        data: {topics: "orders,payments"}
                      - apiVersion: v1
                        kind: Secret
                        metadata: {name: credentials}
                        stringData: {password: contract-pw-1234}
                - name: deployment
                  k8s:
                    definition:
                      apiVersion: apps/v1
                      kind: Deployment
                      metadata: {name: consumer, namespace: %1$s}
                      spec:
                        selector: {matchLabels: {app: consumer}}
                        template:
                          metadata: {labels: {app: consumer}}
                          spec:
                            containers:
                              - name: consumer
                                image: registry.k8s.io/pause:3.9
                                args: ["--one"]
                - name: scale to zero
                  k8s_scale: {kind: Deployment, name: consumer, namespace: %1$s, replicas: 0, wait_timeout: 120}
                """.formatted(ns), 4, 3);
        assertEquals("create", r.result("namespace").get("method"));
    }

    @Test
    void patchedMergesAndReplacesListsThenApplyRemovesWhatItNoLongerSets() {
        String ns = ns("merge");
        idempotent("""
                - k8s: {kind: Namespace, name: %1$s}
                - k8s:
                    apply: true
                    definition:
                      apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: cfg, namespace: %1$s, labels: {a: "1", b: "2"}}
                      data: {x: "1", y: "2"}
                """.formatted(ns), 2);
        Run patched = idempotent("""
                - name: patch
                  k8s:
                    state: patched
                    definition:
                      apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: cfg, namespace: %1$s, labels: {c: "3"}}
                      data: {x: "9"}
                - name: patch something absent
                  k8s:
                    state: patched
                    definition: {apiVersion: v1, kind: ConfigMap, metadata: {name: nothing, namespace: %1$s}, data: {x: "1"}}
                """.formatted(ns), 1);
        assertEquals("update", patched.result("patch").get("method"));
        Run applied = idempotent("""
                - name: apply
                  k8s:
                    apply: true
                    definition:
                      apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: cfg, namespace: %1$s, labels: {a: "1"}}
                      data: {x: "9"}
                  register: cfg
                - assert:
                    that:
                      - "cfg.result.data == {'x': '9'}"
                      - "cfg.result.metadata.labels == {'a': '1', 'c': '3'}"
                  when: not ansible_check_mode
                """.formatted(ns), 1);
        assertEquals(0, applied.exitCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void infoFindsBySelectorsAndAbsentWaitsUntilGone() {
        String ns = ns("info");
        idempotent("""
                - k8s: {kind: Namespace, name: %1$s}
                - k8s:
                    namespace: %1$s
                    definition:
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: a, labels: {app: web, tier: front}}}
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: b, labels: {app: web, tier: back}}}
                """.formatted(ns), 2);
        Run info = idempotent("""
                - name: find
                  k8s_info: {kind: ConfigMap, namespace: %1$s, label_selectors: ["app=web", "tier in (front)"]}
                """.formatted(ns), 0);
        List<Object> found = (List<Object>) info.result("find").get("resources");
        assertEquals(List.of("a"), found.stream().map(o -> ((Map<String, Object>) ((Map<String, Object>) o).get("metadata")).get("name")).toList());
        Run gone = idempotent("""
                - name: delete
                  k8s: {kind: Namespace, name: %1$s, state: absent, wait: true, wait_timeout: 300}
                """.formatted(ns), 1);
        assertTrue(cluster().state().keySet().stream().noneMatch(k -> k.contains(ns)), cluster().state().toString());
        assertEquals("delete", gone.result("delete").get("method"));
    }
}
