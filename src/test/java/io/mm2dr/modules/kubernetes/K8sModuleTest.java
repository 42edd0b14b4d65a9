package io.mm2dr.modules.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.FakeControllersTest;
import io.mm2dr.kubernetes.testing.MockCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** k8s against the mock API server with fake controllers: every playbook in check mode, then twice. */
class K8sModuleTest extends OnMockCluster {
    static final ResourceDefinitionContext MM2 = new ResourceDefinitionContext.Builder().withGroup("eventstreams.ibm.com")
            .withVersion("v1beta2").withKind("KafkaMirrorMaker2").withPlural("kafkamirrormaker2s").withNamespaced(true).build();

    @Test
    void createsCoreObjectsAndCustomResourcesThenLeavesThemAlone() {
        Path p = playbooks.playbook("""
                - name: namespace
                  kubernetes.core.k8s:
                    name: create-one
                    api_version: v1
                    kind: Namespace
                    state: present
                - name: config map
                  k8s:
                    definition:
                      apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: settings, namespace: create-one, labels: {app: demo}}
                      data: {retention: "7d", replicas: "3"}
                - name: mirror maker
                  k8s:
                    namespace: create-one
                    wait: true
                    wait_condition: {type: Ready, status: "True"}
                    wait_timeout: 30
                    definition:
                      apiVersion: eventstreams.ibm.com/v1beta2
                      kind: KafkaMirrorMaker2
                      metadata: {name: backup}
                      spec:
                        replicas: 1
                        connectCluster: south-america
                        mirrors:
                          - {sourceCluster: north-america, targetCluster: south-america, topicsPattern: "orders.*"}
                  register: mm2
                - name: check the registered result
                  assert:
                    that:
                      - mm2.result.metadata.namespace == 'create-one'
                      - mm2.result.status.conditions[0].type == 'Ready'
                      - mm2.method in ['create', 'update']
                  when: not ansible_check_mode
                """);
        Run first = playbooks.idempotent(p, 3);
        assertEquals("create", first.result("mirror maker").get("method"));
        GenericKubernetesResource live = cluster.client().genericKubernetesResources(MM2).inNamespace("create-one").withName("backup").get();
        assertNotNull(live);
        assertEquals("demo", cluster.client().configMaps().inNamespace("create-one").withName("settings").get().getMetadata().getLabels().get("app"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void partialDefinitionMergesIntoTheLiveObjectAndReplacesLists() {
        Path setup = playbooks.playbook("""
                - k8s: {name: merge-ns, kind: Namespace}
                - k8s:
                    definition:
                      apiVersion: eventstreams.ibm.com/v1beta2
                      kind: KafkaMirrorMaker2
                      metadata: {name: mm2, namespace: merge-ns, labels: {team: dr}}
                      spec:
                        replicas: 1
                        connectCluster: b
                        mirrors:
                          - {sourceCluster: a, targetCluster: b, topicsPattern: "x.*"}
                          - {sourceCluster: c, targetCluster: b, topicsPattern: "y.*"}
                """);
        playbooks.idempotent(setup, 2);
        Path patch = playbooks.playbook("""
                - name: scale only
                  k8s:
                    state: patched
                    definition:
                      apiVersion: eventstreams.ibm.com/v1beta2
                      kind: KafkaMirrorMaker2
                      metadata: {name: mm2, namespace: merge-ns}
                      spec:
                        replicas: 2
                        mirrors:
                          - {sourceCluster: a, targetCluster: b, topicsPattern: "z.*"}
                  register: r
                """);
        Run first = playbooks.idempotent(patch, 1);
        assertEquals("update", first.result("scale only").get("method"));
        GenericKubernetesResource live = cluster.client().genericKubernetesResources(MM2).inNamespace("merge-ns").withName("mm2").get();
        Map<String, Object> spec = (Map<String, Object>) live.getAdditionalProperties().get("spec");
        assertEquals(2, ((Number) spec.get("replicas")).intValue());
        assertEquals("b", spec.get("connectCluster"), "fields the patch does not name are kept");
        List<Object> mirrors = (List<Object>) spec.get("mirrors");
        assertEquals(1, mirrors.size(), "lists are replaced, not appended: " + mirrors);
        assertEquals("dr", live.getMetadata().getLabels().get("team"));
    }

    @Test
    void absentDeletesWaitsAndIsOkWhenAlreadyGone() {
        Path setup = playbooks.playbook("""
                - k8s: {name: doomed, kind: Namespace}
                - k8s:
                    definition:
                      apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: c1, namespace: doomed}
                      data: {a: "1"}
                - k8s:
                    definition:
                      apiVersion: kafka.strimzi.io/v1beta2
                      kind: KafkaTopic
                      metadata: {name: orders, namespace: doomed}
                      spec: {partitions: 3, replicas: 3}
                """);
        playbooks.idempotent(setup, 3);
        Path delete = playbooks.playbook("""
                - name: delete the config map
                  k8s:
                    state: absent
                    api_version: v1
                    kind: ConfigMap
                    name: c1
                    namespace: doomed
                - name: delete the region
                  k8s:
                    state: absent
                    kind: Namespace
                    name: doomed
                    wait: true
                    wait_timeout: 30
                  register: gone
                """);
        Run first = playbooks.idempotent(delete, 2);
        assertEquals("delete", first.result("delete the region").get("method"));
        assertEquals(null, cluster.client().namespaces().withName("doomed").get(), "the namespace is gone once the wait ends");
        assertEquals(List.of(), cluster.client().genericKubernetesResources(FakeControllersTest.TOPIC).inNamespace("doomed").list().getItems(),
                "the namespace took its objects with it");
    }

    @Test
    void applyRemovesWhatThePreviousApplySetAndTheDefinitionNoLongerHas() {
        Path v1 = playbooks.playbook("""
                - k8s: {name: apply-ns, kind: Namespace}
                - k8s:
                    apply: true
                    definition:
                      apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: cfg, namespace: apply-ns, labels: {a: "1", b: "2"}}
                      data: {x: "1", y: "2"}
                """);
        playbooks.idempotent(v1, 2);
        Path v2 = playbooks.playbook("""
                - k8s:
                    apply: true
                    definition:
                      apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: cfg, namespace: apply-ns, labels: {a: "1"}}
                      data: {x: "1"}
                """);
        playbooks.idempotent(v2, 1);
        var cm = cluster.client().configMaps().inNamespace("apply-ns").withName("cfg").get();
        assertEquals(Map.of("x", "1"), cm.getData());
        assertEquals(Map.of("a", "1"), cm.getMetadata().getLabels());
    }

    @Test
    void srcAndTemplateTakeSeveralDocuments() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("objects.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata: {name: from-src}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: one, namespace: from-src}
                data: {k: v}
                """);
        java.nio.file.Files.writeString(dir.resolve("topics.yaml.j2"), """
                {% for t in topics %}
                ---
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata:
                  name: {{ t }}
                  namespace: from-src
                  labels: {strimzi.io/cluster: {{ cluster_name }}}
                spec: {partitions: {{ partitions }}, replicas: 3}
                {% endfor %}
                """);
        Path p = playbooks.playbook("""
                - name: from a file
                  k8s:
                    src: %s
                - name: from a template
                  k8s:
                    template: %s
                  vars:
                    topics: [orders, payments, audit]
                    cluster_name: north-america
                    partitions: 6
                  register: topics
                - assert:
                    that: topics.result.results | length == 3
                """.formatted(dir.resolve("objects.yaml"), dir.resolve("topics.yaml.j2")));
        playbooks.idempotent(p, 2);
        var topics = cluster.client().genericKubernetesResources(FakeControllersTest.TOPIC).inNamespace("from-src").list().getItems();
        assertEquals(3, topics.size());
        assertEquals("north-america", topics.get(0).getMetadata().getLabels().get("strimzi.io/cluster"));
    }

    @Test
    void waitTimeoutNamesTheConditionsItSaw() {
        Path p = playbooks.playbook("""
                - k8s: {name: slow-ns, kind: Namespace}
                - name: wait for a condition that never comes
                  k8s:
                    wait: true
                    wait_condition: {type: Synced}
                    wait_timeout: 2
                    wait_sleep: 1
                    definition:
                      apiVersion: eventstreams.ibm.com/v1beta2
                      kind: KafkaUser
                      metadata: {name: u1, namespace: slow-ns}
                      spec: {authentication: {type: scram-sha-512}}
                """);
        Run r = playbooks.run(p);
        assertEquals(2, r.exitCode(), r.out());
        String msg = String.valueOf(r.result("wait for a condition that never comes").get("msg"));
        assertTrue(msg.contains("timed out after 2 s waiting for KafkaUser slow-ns/u1 condition Synced=True"), msg);
        assertTrue(msg.contains("last seen: Ready=True") || msg.contains("last seen: no status yet"), msg);
        assertTrue(r.out().contains("waiting for KafkaUser slow-ns/u1 condition Synced=True (now: "), "progress while waiting:\n" + r.out());
    }

    @Test
    void missingKindOrNameIsOneClearError() {
        Path p = playbooks.playbook("""
                - name: no kind
                  k8s:
                    name: x
                """);
        Run r = playbooks.run(p);
        assertEquals(2, r.exitCode());
        assertTrue(r.out().contains("no kind: give 'kind', or a definition with one"), r.out());
        assertTrue(!r.all().contains("Exception"), r.all());
    }

    @Test
    void theConnectionComesFromArgumentsTaskEnvironmentOrInventory() throws Exception {
        String text = MockCluster.kubeconfigText("http://127.0.0.1:1")
                .replace("current-context: mock", "current-context: dead")
                .replace("contexts:\n", "contexts:\n- name: dead\n  context: {cluster: dead, user: tester}\n")
                .replace("clusters:\n", "clusters:\n- name: dead\n  cluster: {server: \"http://127.0.0.1:1\"}\n");
        text = text.replace("server: http://127.0.0.1:1\n", "server: http://127.0.0.1:" + cluster.server().getPort() + "\n");
        Path twoContexts = dir.resolve("two-contexts.yaml");
        java.nio.file.Files.writeString(twoContexts, text);
        Path p = playbooks.playbook("""
                - name: by argument, with a context
                  k8s_info: {kind: Namespace, name: default, kubeconfig: "%1$s", context: mock}
                - name: by the task environment
                  k8s_info: {kind: Namespace, name: default, context: mock}
                  environment: {K8S_AUTH_KUBECONFIG: "%1$s"}
                - name: by inventory variables
                  k8s_info: {kind: Namespace, name: default}
                  vars: {k8s_kubeconfig: "%1$s", k8s_context: mock}
                """.formatted(twoContexts));
        Run r = io.mm2dr.cli.RunnerHarness.run(p.toString());
        assertEquals(0, r.exitCode(), r.out());
        Run dead = io.mm2dr.cli.RunnerHarness.run(playbooks.playbook("""
                - k8s_info: {kind: Namespace, name: default, kubeconfig: "%s"}
                """.formatted(twoContexts)).toString());
        assertEquals(3, dead.exitCode(), "the current context points at a dead server:\n" + dead.out());
    }

    @Test
    void moduleDefaultsForTheK8sGroupGiveTheConnectionToEveryKubernetesTask() throws Exception {
        Path p = playbooks.playbook("""
                - name: read with the group's defaults
                  k8s_info: {kind: Namespace, name: default}
                  register: r
                - name: write with them
                  kubernetes.core.k8s: {kind: ConfigMap, name: from-defaults, namespace: default}
                """);
        String text = java.nio.file.Files.readString(p).replace("  tasks:\n",
                "  module_defaults:\n    group/kubernetes.core.k8s: {kubeconfig: \"" + cluster.kubeconfig() + "\", wait_timeout: 30}\n  tasks:\n");
        java.nio.file.Files.writeString(p, text);
        Run r = io.mm2dr.cli.RunnerHarness.run(p.toString());
        assertEquals(0, r.exitCode(), r.out());
        assertNotNull(cluster.client().configMaps().inNamespace("default").withName("from-defaults").get());
    }
}
