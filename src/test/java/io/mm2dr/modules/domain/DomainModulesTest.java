package io.mm2dr.modules.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.MockCluster;
import io.mm2dr.kubernetes.testing.MockClusterFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The domain modules one by one on the kubernetes platform: their edges, each playbook run twice. */
class DomainModulesTest {
    @RegisterExtension
    static final MockClusterFixture K8S = new MockClusterFixture().readyDelay(10);
    @TempDir
    static Path dir;
    static MockCluster cluster;
    static int count;

    @BeforeAll
    static void start() throws Exception {
        cluster = K8S.cluster();
        Run r = run("""
                - namespace: {name: apps}
                - k8s:
                    definition:
                      apiVersion: apps/v1
                      kind: Deployment
                      metadata: {name: consumer, namespace: apps}
                      spec:
                        replicas: 3
                        selector: {matchLabels: {app: consumer}}
                        template: {metadata: {labels: {app: consumer}}, spec: {containers: [{name: c, image: busybox}]}}
                """);
        assertEquals(0, r.exitCode(), r.out());
    }

    static Run run(String tasks, String... extra) {
        try {
            Path p = dir.resolve("domain-" + (++count) + ".yaml");
            StringBuilder sb = new StringBuilder("- hosts: localhost\n  gather_facts: false\n  vars: {platform: kubernetes}\n  tasks:\n");
            tasks.stripIndent().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
            Files.writeString(p, sb.toString());
            String[] args = new String[extra.length + 3];
            args[0] = "-e";
            args[1] = "k8s_kubeconfig=" + cluster.kubeconfig();
            System.arraycopy(extra, 0, args, 2, extra.length);
            args[args.length - 1] = p.toString();
            return RunnerHarness.run(args);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs twice: the first changes {@code changed} tasks, the second none. */
    static Run twice(String tasks, int changed) {
        Run first = run(tasks);
        assertEquals(0, first.exitCode(), first.out());
        assertEquals(changed, first.changed(), first.out());
        cluster.settle();
        Run second = run(tasks);
        assertEquals(0, second.exitCode(), second.out());
        assertEquals(0, second.changed(), second.out());
        return first;
    }

    @Test
    void pauseRecordsTheReplicaCountAndResumeRestoresIt() {
        String pause = """
                - name: pause
                  application: {kind: Deployment, name: consumer, namespace: apps, state: paused}
                """;
        Run paused = twice(pause, 1);
        assertEquals(3, ((Number) paused.result("pause").get("recorded_replicas")).intValue());
        var d = cluster.client().apps().deployments().inNamespace("apps").withName("consumer").get();
        assertEquals(0, d.getSpec().getReplicas());
        assertEquals("3", d.getMetadata().getAnnotations().get("mm2dr.io/paused-replicas"));
        Run resumed = twice("""
                - name: resume
                  application: {kind: Deployment, name: consumer, namespace: apps, state: running}
                """, 1);
        assertEquals(3, ((Number) resumed.result("resume").get("replicas")).intValue(), "the recorded count, not 1");
        d = cluster.client().apps().deployments().inNamespace("apps").withName("consumer").get();
        assertEquals(3, d.getSpec().getReplicas());
        assertTrue(d.getMetadata().getAnnotations() == null || !d.getMetadata().getAnnotations().containsKey("mm2dr.io/paused-replicas"));
    }

    @Test
    void resumingSomethingNeverPausedAtZeroReplicasIsRefused() {
        Run setup = run("""
                - k8s:
                    definition:
                      apiVersion: apps/v1
                      kind: Deployment
                      metadata: {name: idle, namespace: apps}
                      spec: {replicas: 0, selector: {matchLabels: {app: idle}}, template: {metadata: {labels: {app: idle}}, spec: {containers: [{name: c, image: busybox}]}}}
                """);
        assertEquals(0, setup.exitCode(), setup.out());
        Run r = run("""
                - name: resume
                  application: {kind: Deployment, name: idle, namespace: apps, state: running}
                """);
        assertEquals(2, r.exitCode());
        assertTrue(String.valueOf(r.result("resume").get("msg")).contains("has 0 replicas and no recorded count"), r.out());
        twice("""
                - application: {kind: Deployment, name: idle, namespace: apps, state: running, replicas: 2}
                """, 1);
    }

    @Test
    void secretCopiesUnderANewNameWithLabelsAndAnnotationsAndNeverShowsAValue() {
        String value = "copy-me-secret-value-42";
        cluster.client().secrets().inNamespace("apps").resource(new SecretBuilder().withNewMetadata().withName("original")
                .addToLabels("keep", "me").endMetadata().addToData("password", b64(value)).build()).create();
        Run r = twice("""
                - namespace: {name: vault}
                - name: copy
                  secret:
                    name: copied
                    namespace: vault
                    copy_from: {namespace: apps, name: original}
                    labels: {eventstreams.ibm.com/kind: Kafka}
                    annotations: {eventstreams.ibm.com/ca-cert-generation: "0"}
                """, 2);
        Secret copied = cluster.client().secrets().inNamespace("vault").withName("copied").get();
        assertEquals(b64(value), copied.getData().get("password"));
        assertEquals("Kafka", copied.getMetadata().getLabels().get("eventstreams.ibm.com/kind"));
        assertEquals("0", copied.getMetadata().getAnnotations().get("eventstreams.ibm.com/ca-cert-generation"));
        assertEquals(List.of("password"), r.result("copy").get("keys"));
        Run shown = run("""
                - secret: {name: copied2, namespace: vault, copy_from: {namespace: apps, name: original}}
                  register: c
                - debug: {var: c}
                """, "--diff", "-vvv");
        assertFalse(shown.all().contains(value) || shown.all().contains(b64(value)), shown.all());
    }

    @Test
    void reuseCaWithoutRestoredSecretsIsRefusedBeforeAnythingIsCreated() {
        Run r = run("""
                - namespace: {name: bare}
                - name: cluster
                  kafka_cluster: {name: c1, namespace: bare, reuse_ca: true, brokers: 1}
                """);
        assertEquals(2, r.exitCode(), r.out());
        assertEquals("reuse_ca: the CA secret bare/c1-cluster-ca-cert is missing: restore it (secret module, copy_from) before the cluster",
                r.result("cluster").get("msg"));
        assertNull(cluster.client().genericKubernetesResources(io.mm2dr.kubernetes.testing.FakeControllers.rdc("eventstreams.ibm.com",
                "v1beta2", "EventStreams", "eventstreams")).inNamespace("bare").withName("c1").get(), "no cluster was created");
    }

    @Test
    void aMirrorMakerSpecificationWithMistakesIsRefusedBeforeAnythingIsWritten() {
        cluster.clearRequests();
        Run r = run("""
                - name: bad mm2
                  mirror_maker2:
                    name: mm2-bad
                    namespace: apps
                    connect_cluster: eu
                    clusters:
                      - {alias: na, bootstrap: "na:9093", brokers: 3}
                      - {alias: eu, bootstrap: "eu:9093", brokers: 1}
                    mirrors:
                      - {source: na, target: emea, topics: "LH\\\\..*", groups: "orders-.*"}
                    replication_factor: 3
                    consumer_groups: [consumer-southamerica]
                """);
        assertEquals(2, r.exitCode(), r.out());
        String msg = String.valueOf(r.result("bad mm2").get("msg"));
        assertTrue(msg.contains("nothing was applied"), msg);
        assertTrue(msg.contains("mirrors[0].target: 'emea' is not a defined cluster"), msg);
        assertTrue(msg.contains("replication_factor"), msg);
        assertEquals(List.of(), cluster.writes(), "refused before touching anything");
    }

    @Test
    void aclMistakesAreOneClearError() {
        Run r = run("""
                - name: user
                  kafka_user:
                    name: u
                    cluster: c
                    namespace: apps
                    acls: [{resource: {type: topic, name: x}, operations: [Reed]}]
                """);
        assertEquals(2, r.exitCode());
        assertTrue(r.out().contains("acls[0]: unknown operation 'Reed'"), r.out());
    }

    @Test
    void anUnknownPlatformIsNamedClearly() {
        Run r = RunnerHarness.run(write("""
                - hosts: localhost
                  gather_facts: false
                  vars: {platform: nowhere}
                  tasks:
                    - name: region
                      namespace: {name: x}
                """).toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.out().contains("unknown platform 'nowhere' (variable 'platform'): expected kubernetes or local"), r.out());
    }

    private static Path write(String text) {
        try {
            Path p = dir.resolve("raw-" + (++count) + ".yaml");
            Files.writeString(p, text);
            return p;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
