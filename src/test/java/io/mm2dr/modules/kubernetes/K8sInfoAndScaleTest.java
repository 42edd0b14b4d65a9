package io.mm2dr.modules.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.MockCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** k8s_info and k8s_scale against the mock API server with fake controllers. */
class K8sInfoAndScaleTest extends OnMockCluster {
    @BeforeAll
    static void setUpClass() throws Exception {
        Path setup = playbooks.playbook("""
                - k8s: {name: info, kind: Namespace}
                - k8s:
                    namespace: info
                    definition:
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: web-1, labels: {app: web, tier: front}}}
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: web-2, labels: {app: web, tier: back}}}
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: db-1, labels: {app: db}}}
                - k8s:
                    wait: true
                    definition:
                      apiVersion: apps/v1
                      kind: Deployment
                      metadata: {name: producer, namespace: info}
                      spec:
                        replicas: 2
                        selector: {matchLabels: {app: producer}}
                        template:
                          metadata: {labels: {app: producer}}
                          spec:
                            containers: [{name: app, image: "registry.example/producer:1"}]
                - k8s:
                    definition:
                      apiVersion: eventstreams.ibm.com/v1beta2
                      kind: KafkaMirrorMaker2
                      metadata: {name: backup, namespace: info}
                      spec: {replicas: 1, connectCluster: b, clusters: [], mirrors: []}
                """);
        playbooks.idempotent(setup, 4);
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Run r, String task) {
        List<Object> resources = (List<Object>) r.result(task).get("resources");
        return resources.stream().map(o -> (String) ((Map<String, Object>) ((Map<String, Object>) o).get("metadata")).get("name")).sorted().toList();
    }

    @Test
    void findsByNameAndBySelectorsIncludingSetBasedOnes() {
        Path p = playbooks.playbook("""
                - name: by name
                  k8s_info: {kind: ConfigMap, name: web-1, namespace: info}
                - name: missing
                  k8s_info: {kind: ConfigMap, name: nothing, namespace: info}
                - name: by label
                  k8s_info: {kind: ConfigMap, namespace: info, label_selectors: ["app=web"]}
                - name: set based
                  kubernetes.core.k8s_info: {kind: ConfigMap, namespace: info, label_selectors: ["app in (web, db)", "tier notin (back)"]}
                - name: by field
                  k8s_info: {kind: ConfigMap, namespace: info, field_selectors: ["metadata.name=db-1"]}
                - name: custom resource ready
                  k8s_info:
                    api_version: eventstreams.ibm.com/v1beta2
                    kind: KafkaMirrorMaker2
                    name: backup
                    namespace: info
                    wait: true
                    wait_condition: {type: Ready}
                    wait_timeout: 30
                """);
        Run r = playbooks.idempotent(p, 0);
        assertEquals(List.of("web-1"), names(r, "by name"));
        assertEquals(List.of(), names(r, "missing"));
        assertEquals(List.of("web-1", "web-2"), names(r, "by label"));
        assertEquals(List.of("db-1", "web-1"), names(r, "set based"), "the mock ignores set-based selectors; the module does not");
        assertEquals(List.of("db-1"), names(r, "by field"));
        assertEquals(List.of("backup"), names(r, "custom resource ready"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void scalesADeploymentAndWaitsForItsReplicas() {
        Path p = playbooks.playbook("""
                - name: scale
                  kubernetes.core.k8s_scale:
                    kind: Deployment
                    name: producer
                    namespace: info
                    replicas: 3
                    wait_timeout: 30
                  register: s
                - assert:
                    that: s.result.status.readyReplicas == 3
                  when: not ansible_check_mode
                """);
        playbooks.idempotent(p, 1);
        assertEquals(3, cluster.client().apps().deployments().inNamespace("info").withName("producer").get().getSpec().getReplicas());
    }

    @Test
    @SuppressWarnings("unchecked")
    void scalesACustomResourceAndRespectsCurrentReplicas() {
        Path p = playbooks.playbook("""
                - name: scale mm2 down
                  k8s_scale:
                    api_version: eventstreams.ibm.com/v1beta2
                    kind: KafkaMirrorMaker2
                    name: backup
                    namespace: info
                    replicas: 0
                    wait_timeout: 30
                - name: only from 5
                  k8s_scale:
                    api_version: eventstreams.ibm.com/v1beta2
                    kind: KafkaMirrorMaker2
                    name: backup
                    namespace: info
                    replicas: 7
                    current_replicas: 5
                """);
        playbooks.idempotent(p, 1);
        var live = cluster.client().genericKubernetesResources(K8sModuleTest.MM2).inNamespace("info").withName("backup").get();
        Map<String, Object> spec = (Map<String, Object>) live.getAdditionalProperties().get("spec");
        assertEquals(0, ((Number) spec.get("replicas")).intValue(), "scaled to 0, and current_replicas: 5 kept it from 7");
    }

    @Test
    void scalingSomethingMissingFailsClearly() {
        Run r = playbooks.run(playbooks.playbook("""
                - name: scale nothing
                  k8s_scale: {kind: Deployment, name: ghost, namespace: info, replicas: 1}
                """));
        assertEquals(2, r.exitCode());
        assertEquals("Failed to retrieve requested object: Deployment info/ghost not found", r.result("scale nothing").get("msg"));
    }
}
