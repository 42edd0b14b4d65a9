package io.mm2dr.modules.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.MockCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kubernetes.core's {@code k8s} lookup, and a kubeconfig given as a mapping (as
 * {@code lookup('file', ...) | from_yaml} gives it): against the mock API server.
 */
class K8sLookupAndInlineKubeconfigTest extends OnMockCluster {
    @BeforeAll
    static void setUpClass() {
        Path setup = playbooks.playbook("""
                - k8s: {name: looked, kind: Namespace}
                - k8s:
                    namespace: looked
                    definition:
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: one, labels: {app: web}}, data: {k: v1}}
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: two, labels: {app: db}}, data: {k: v2}}
                """);
        playbooks.idempotent(setup, 2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLookupReadsObjectsAndWhatTheServerServes() throws Exception {
        String kc = cluster.kubeconfig().toString();
        Path src = dir.resolve("two.yaml");
        java.nio.file.Files.writeString(src, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: two, namespace: looked}\n");
        Path p = playbooks.playbook("""
                - name: read
                  set_fact:
                    one: "{{ lookup('kubernetes.core.k8s', kind='ConfigMap', namespace='looked', resource_name='one', kubeconfig='KC') }}"
                    web: "{{ query('kubernetes.core.k8s', kind='ConfigMap', namespace='looked', label_selector='app=web', kubeconfig='KC') }}"
                    missing: "{{ query('kubernetes.core.k8s', kind='ConfigMap', namespace='looked', resource_name='three', kubeconfig='KC') }}"
                    from_file: "{{ lookup('kubernetes.core.k8s', src='SRC', kubeconfig='KC') }}"
                - name: show
                  assert:
                    that:
                      - one.data.k == 'v1'
                      - web | length == 1
                      - web[0].metadata.name == 'one'
                      - missing == []
                      - from_file.data.k == 'v2'
                """.replace("KC", kc).replace("SRC", src.toString()));
        Run r = playbooks.run(p);
        assertEquals(0, r.exitCode(), r.out());
        assertTrue(cluster.writes().isEmpty() || cluster.writes().stream().noneMatch(w -> w.contains("looked")), "a lookup only reads");
    }

    @Test
    @SuppressWarnings("unchecked")
    void clusterInfoGivesTheApiGroupsTheServerServes(@org.junit.jupiter.api.io.TempDir Path own) throws Exception {
        // the demo server (with discovery documents), not the plain mock
        try (MockCluster demo = MockCluster.startDemo(own)) {
            Path p = playbooks.playbook("""
                    - name: read
                      set_fact:
                        groups: "{{ lookup('kubernetes.core.k8s', cluster_info='api_groups', kubeconfig='KC') }}"
                    """.replace("KC", demo.kubeconfig().toString()));
            Run r = playbooks.run(p);
            assertEquals(0, r.exitCode(), r.out());
            List<String> served = demo.client().getApiGroups().getGroups().stream().map(g -> g.getName()).toList();
            assertTrue(served.contains("apps"), "the server serves API groups: " + served);
            assertEquals(served, ((Map<String, Object>) r.result("read").get("ansible_facts")).get("groups"));
        }
    }

    @Test
    void anUnknownOptionOrAMissingKindIsOneClearError() {
        Path p = playbooks.playbook("""
                - name: bad option
                  debug: {msg: "{{ lookup('kubernetes.core.k8s', kind='ConfigMap', colour='blue') }}"}
                  ignore_errors: true
                - name: no kind
                  debug: {msg: "{{ lookup('kubernetes.core.k8s', namespace='looked') }}"}
                  ignore_errors: true
                """);
        Run r = playbooks.run(p);
        assertEquals(0, r.exitCode(), r.out());
        assertTrue(String.valueOf(r.result("bad option").get("msg")).contains("unsupported option 'colour'"), r.out());
        assertTrue(String.valueOf(r.result("no kind").get("msg")).contains("no Kind specified"), r.out());
        assertFalse(r.all().contains("Exception"), r.all());
    }

    @Test
    void aKubeconfigAsAMappingConnectsAndItsTokenIsNeverShown() {
        Path p = playbooks.playbook("""
                - name: inline
                  k8s_info:
                    kind: ConfigMap
                    namespace: looked
                    name: two
                    kubeconfig: "{{ lookup('file', 'KC') | from_yaml }}"
                  register: found
                - assert:
                    that: found.resources[0].data.k == 'v2'
                """.replace("KC", cluster.kubeconfig().toString()));
        Run r = playbooks.run(p, "-vvv");
        assertEquals(0, r.exitCode(), r.out());
        assertEquals(List.of(), cluster.writes().stream().filter(w -> w.contains("looked")).toList());
        assertFalse(r.all().contains(MockCluster.TOKEN), "the kubeconfig's token is a secret:\n" + r.all());
        assertFalse(String.valueOf(r.report()).contains(MockCluster.TOKEN), "nor in the JSON report");
    }
}
