package io.mm2dr.modules.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.MockCluster;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong between the runner and an API server: conflicts, 5xx answers, slow answers, a
 * server that is down, a certificate not trusted, credentials refused. Faults are injected with
 * the mock's expectations, which it answers before its CRUD store.
 */
class KubeFaultsTest extends OnMockCluster {
    private static final String CM_PATH = "/api/v1/namespaces/faults/configmaps/c";

    @BeforeAll
    static void setUpClass() throws Exception {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("faults").endMetadata().build()).create();
    }

    @BeforeEach
    void freshConfigMap() {
        cluster.server().clearExpectations();
        cluster.client().configMaps().inNamespace("faults").withName("c").delete();
        cluster.client().configMaps().inNamespace("faults").withName("c").waitUntilCondition(c -> c == null, 5, TimeUnit.SECONDS);
        cluster.client().configMaps().inNamespace("faults")
                .resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().addToData("v", "0").build()).create();
        cluster.clearRequests();
    }

    private static Path setValue(String value, String extraArgs) {
        return playbooks.playbook("""
                - name: set value
                  k8s:
                    %s
                    definition:
                      apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: c, namespace: faults}
                      data: {v: "%s"}
                """.formatted(extraArgs, value));
    }

    @Test
    void aConflictIsReadAgainAndRetried() {
        cluster.server().expect().put().withPath(CM_PATH)
                .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
                        .withMessage("the object has been modified; please apply your changes to the latest version").build())
                .once();
        Run r = playbooks.run(setValue("1", ""));
        assertEquals(0, r.exitCode(), r.out());
        assertEquals(1, r.changed());
        assertEquals("1", cluster.client().configMaps().inNamespace("faults").withName("c").get().getData().get("v"));
        assertEquals(2, cluster.requests().stream().filter(q -> q.startsWith("PUT ")).count(), cluster.requests().toString());
    }

    @Test
    void passing503sAreRetried() {
        cluster.server().expect().get().withPath(CM_PATH).andReturn(503, "busy").times(2);
        Run r = playbooks.run(setValue("2", ""));
        assertEquals(0, r.exitCode(), r.out());
        assertEquals("2", cluster.client().configMaps().inNamespace("faults").withName("c").get().getData().get("v"));
    }

    @Test
    void a503ThatLastsFailsTheTaskWithTheStatus() {
        cluster.server().expect().get().withPath(CM_PATH).andReturn(503, "busy").times(20);
        Run r = playbooks.run(setValue("3", ""));
        assertEquals(2, r.exitCode(), r.out());
        String msg = (String) r.result("set value").get("msg");
        assertTrue(msg.contains("answered HTTP 503 while reading ConfigMap faults/c, also after retries"), msg);
        assertEquals(4, cluster.requests().stream().filter(q -> q.startsWith("GET " + CM_PATH)).count(),
                "one request and three retries: " + cluster.requests());
        assertFalse(r.all().contains("at io.fabric8"), "no stack trace");
    }

    @Test
    void aSlowAnswerWithinTheTimeoutIsWaitedFor() {
        cluster.server().expect().get().delay(600, TimeUnit.MILLISECONDS).withPath(CM_PATH)
                .andReturn(200, cluster.client().configMaps().inNamespace("faults").withName("c").get()).once();
        Run r = playbooks.run(setValue("0", "request_timeout: 5"));
        assertEquals(0, r.exitCode(), r.out());
        assertEquals(0, r.changed());
    }

    @Test
    void anAnswerSlowerThanTheTimeoutMakesTheServerUnreachable() {
        cluster.server().expect().get().delay(3, TimeUnit.SECONDS).withPath(CM_PATH).andReturn(200, "{}").times(10);
        Run r = playbooks.run(setValue("4", "request_timeout: 1"));
        assertEquals(3, r.exitCode(), r.out());
        assertTrue(r.out().contains("did not answer in time while reading ConfigMap faults/c"), r.out());
    }

    @Test
    void refusedCredentialsMakeTheServerUnreachable() {
        cluster.server().expect().get().withPath(CM_PATH).andReturn(401, new StatusBuilder().withCode(401).withReason("Unauthorized").build()).always();
        Run r = playbooks.run(setValue("5", ""));
        assertEquals(3, r.exitCode(), r.out());
        assertTrue(r.out().contains("refused the credentials (HTTP 401 Unauthorized)"), r.out());
    }

    @Test
    void aServerThatIsDownIsReportedOnceWithExitCode3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path kubeconfig = dir.resolve("down.yaml");
        Files.writeString(kubeconfig, MockCluster.kubeconfigText("http://127.0.0.1:" + port));
        Path p = playbooks.playbook("""
                - name: first
                  k8s: {kind: Namespace, name: a}
                - name: second
                  k8s: {kind: Namespace, name: b}
                """);
        Run r = RunnerHarness.run("-e", "k8s_kubeconfig=" + kubeconfig, p.toString());
        assertEquals(3, r.exitCode(), r.out());
        String expected = "cannot connect to the Kubernetes API server at http://127.0.0.1:" + port + "/: connection refused";
        assertEquals(1, r.out().split(java.util.regex.Pattern.quote(expected), -1).length - 1, r.out());
        assertFalse(r.out().contains("TASK [second]"), "the host is unreachable: nothing more runs on it");
        assertTrue(r.out().contains("unreachable=1"), r.out());
        assertFalse(r.all().contains("Exception"), r.all());
    }

    @Test
    void anUntrustedCertificateIsRefusedUnlessValidationIsOff() throws Exception {
        try (MockCluster https = MockCluster.startHttps(dir)) {
            Path p = playbooks.playbook("""
                    - name: read
                      k8s_info: {kind: Namespace, name: default}
                    """);
            Run refused = RunnerHarness.run("-e", "k8s_kubeconfig=" + https.kubeconfig(), p.toString());
            assertEquals(3, refused.exitCode(), refused.out());
            assertTrue(refused.out().contains("its TLS certificate is not trusted"), refused.out());
            Run accepted = RunnerHarness.run("-e", "k8s_kubeconfig=" + https.kubeconfig(), "-e", "k8s_validate_certs=false", p.toString());
            assertEquals(0, accepted.exitCode(), accepted.out());
        }
    }

    @Test
    void aMissingKubeconfigOrContextIsOneClearError() {
        Path p = playbooks.playbook("""
                - name: bad context
                  k8s_info: {kind: Namespace, context: nowhere}
                  ignore_errors: true
                - name: bad file
                  k8s_info: {kind: Namespace, kubeconfig: /nonexistent/kubeconfig}
                  ignore_errors: true
                """);
        Run r = playbooks.run(p);
        assertEquals(0, r.exitCode(), "both failures are ignored:\n" + r.out());
        assertEquals("context 'nowhere' is not in kubeconfig " + cluster.kubeconfig() + " (context nowhere)",
                r.result("bad context").get("msg"));
        assertEquals("cannot read kubeconfig /nonexistent/kubeconfig: no such file or not readable", r.result("bad file").get("msg"));
        assertEquals(List.of(), cluster.writes());
        assertFalse(r.all().contains("Exception"), r.all());
    }
}
