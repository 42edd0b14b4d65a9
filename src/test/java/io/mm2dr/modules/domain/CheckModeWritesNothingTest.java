package io.mm2dr.modules.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.kubernetes.testing.MockCluster;
import io.mm2dr.sandbox.LocalCluster;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.testing.SandboxRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Check mode is the gateways' alone, so every domain module in check mode writes nothing on
 * either platform: on the local sandbox (real brokers, real processes) no file of the sandbox's
 * state changes, no process starts or stops, no topic, partition, config, credential or ACL
 * changes on the broker; on Kubernetes (the mock API server) no write request is sent and no
 * stored object changes. Both from an empty estate and from one already set up with a change
 * pending for each module, and each of those tasks must report its change, so that the proof
 * cannot pass by doing nothing.
 */
class CheckModeWritesNothingTest {
    private static final String NS = "region-a";
    private static final String NS2 = "region-b";
    private static final Path TOPOLOGY = Path.of("playbooks/vars/topology.yaml").toAbsolutePath();

    /** What a real run sets up first: a cluster with a topic, a user, a secret and a consumer. */
    private static final String SETUP = """
            - namespace: {name: "{{ ns }}"}
            - kafka_cluster: {name: c1, namespace: "{{ ns }}", brokers: 1}
            - kafka_topic: {name: T.ONE, cluster: c1, namespace: "{{ ns }}", partitions: 2, replicas: 1}
            - kafka_user:
                name: app
                cluster: c1
                namespace: "{{ ns }}"
                acls:
                  - {resource: {type: topic, name: T., patternType: prefix}, operations: [Read, Describe]}
                  - {resource: {type: group, name: g1}, operations: [Read]}
            - secret: {name: s1, namespace: "{{ ns }}", data: {token: first}}
            - kafka_app:
                role: consumer
                name: app-consumer
                namespace: "{{ ns }}"
                bootstrap: c1-kafka-bootstrap.{{ ns }}.svc:9093
                user: app
                password_secret: app
                ca_secret: c1-cluster-ca-cert
                topic_pattern: "T\\\\..*"
                group: g1
                wait: false
            """;

    /** Every domain module with something to do on the estate SETUP made: each task is named and must report a change. */
    private static final String PENDING = """
            - name: topology
              topology_check:
                files: ["%s"]
                live_clusters: [{name: c1, namespace: "{{ ns }}"}]
            - name: namespace
              namespace: {name: "{{ ns2 }}"}
            - name: cluster
              kafka_cluster: {name: c2, namespace: "{{ ns2 }}", brokers: 1}
            - name: topic grows
              kafka_topic: {name: T.ONE, cluster: c1, namespace: "{{ ns }}", partitions: 3, replicas: 1, allow_partition_increase: true,
                            config: {retention.ms: 7200000}}
            - name: new topic
              kafka_topic: {name: T.TWO, cluster: c1, namespace: "{{ ns }}", partitions: 1, replicas: 1}
            - name: user's ACLs
              kafka_user:
                name: app
                cluster: c1
                namespace: "{{ ns }}"
                acls:
                  - {resource: {type: topic, name: T., patternType: prefix}, operations: [Read, Describe, Write]}
                  - {resource: {type: group, name: g1}, operations: [Read]}
            - name: new user
              kafka_user: {name: other, cluster: c1, namespace: "{{ ns }}", acls: [{resource: {type: topic, name: T.ONE}, operations: [Read]}]}
            - name: secret
              secret: {name: s1, namespace: "{{ ns }}", data: {token: second}}
            - name: secret copy
              secret: {name: s1-copy, namespace: "{{ ns }}", copy_from: {name: s1}}
            - name: consumer
              kafka_app:
                role: consumer
                name: app-consumer
                namespace: "{{ ns }}"
                bootstrap: c1-kafka-bootstrap.{{ ns }}.svc:9093
                user: app
                password_secret: app
                ca_secret: c1-cluster-ca-cert
                topic_pattern: "T\\\\..*"
                group: g2
                wait: false
            - name: pause
              application: {kind: Deployment, name: app-consumer, namespace: "{{ ns }}", state: paused, wait: false}
            - name: mirror maker
              mirror_maker2:
                name: mm2
                namespace: "{{ ns }}"
                connect_cluster: b
                clusters:
                  - {alias: a, bootstrap: "c1-kafka-bootstrap.{{ ns }}.svc:9093", brokers: 1}
                  - {alias: b, bootstrap: "c2-kafka-bootstrap.{{ ns2 }}.svc:9093", brokers: 1}
                mirrors:
                  - {source: a, target: b, topics: "T\\\\..*"}
                replication_factor: 1
                heartbeats: {enabled: false}
                wait: false
            - name: topic deleted
              kafka_topic: {name: T.ONE, cluster: c1, namespace: "{{ ns }}", state: absent}
            - name: user deleted
              kafka_user: {name: app, cluster: c1, namespace: "{{ ns }}", acls: [], state: absent}
            - name: secret deleted
              secret: {name: s1, namespace: "{{ ns }}", state: absent}
            - name: consumer deleted
              kafka_app: {role: consumer, name: app-consumer, namespace: "{{ ns }}", bootstrap: x:9093, user: app, password_secret: app,
                          ca_secret: c1-cluster-ca-cert, topic_pattern: x, state: absent}
            - name: cluster deleted
              kafka_cluster: {name: c1, namespace: "{{ ns }}", state: absent}
            - name: region lost
              namespace: {name: "{{ ns }}", state: absent}
            """.formatted(TOPOLOGY);

    /** The tasks of PENDING that must report a change (topology_check only reads). */
    private static final List<String> CHANGES = List.of("namespace", "cluster", "topic grows", "new topic", "user's ACLs", "new user",
            "secret", "secret copy", "consumer", "pause", "mirror maker", "topic deleted", "user deleted", "secret deleted",
            "consumer deleted", "cluster deleted", "region lost");

    @TempDir
    static Path dir;
    static SandboxRuns estate;
    static MockCluster kube;
    static int count;

    @BeforeAll
    static void start() throws IOException {
        assertTrue(Files.isRegularFile(TOPOLOGY), "run from the repository's top");
        estate = new SandboxRuns(dir.resolve("estate"));
        kube = MockCluster.start(dir);
        kube.controllers().readyDelay(20);
    }

    @AfterAll
    static void stop() {
        if (kube != null) {
            kube.close();
        }
        if (estate != null && Files.exists(estate.root())) {
            estate.sandbox("down");
        }
    }

    private static Path playbook(String tasks, String ns, String ns2, boolean kubernetes) {
        try {
            Path p = dir.resolve("check-" + (++count) + ".yaml");
            // the topology's variables, for topology_check
            StringBuilder sb = new StringBuilder("- hosts: localhost\n  gather_facts: false\n  vars_files: [\"" + TOPOLOGY + "\"]\n"
                    + "  vars: {ns: " + ns + ", ns2: " + ns2 + (kubernetes ? ", platform: kubernetes" : "") + "}\n  tasks:\n");
            tasks.stripIndent().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
            Files.writeString(p, sb.toString());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Run onKube(Path playbook, String... extra) {
        List<String> args = new ArrayList<>(List.of("-e", "k8s_kubeconfig=" + kube.kubeconfig()));
        args.addAll(List.of(extra));
        args.add(playbook.toString());
        return RunnerHarness.run(args.toArray(String[]::new));
    }

    private static void reportsEveryChange(Run check) {
        assertEquals(0, check.exitCode(), check::all);
        for (String task : CHANGES) {
            assertEquals(Boolean.TRUE, check.result(task).get("changed"), () -> task + " reports no change, so it proves nothing:\n" + check.all());
        }
    }

    // ---- the local sandbox -------------------------------------------------------------------

    @Test
    void onAnEmptySandboxNothingIsCreated() {
        SandboxRuns empty = new SandboxRuns(dir.resolve("empty"));
        Run check = empty.play(playbook(SETUP + PENDING, NS, NS2, false).toString(), "--check");
        assertEquals(0, check.exitCode(), check::all);
        assertTrue(check.changed() >= 10, check::all);
        assertFalse(Files.exists(empty.root()), "check mode created the sandbox folder");
    }

    @Test
    void onASetUpSandboxNothingChanges() throws Exception {
        Run setup = estate.play(playbook(SETUP, NS, NS2, false).toString());
        assertEquals(0, setup.exitCode(), setup::all);
        Map<String, String> files = stateFiles(estate.root());
        var processes = estate.processes();
        Map<String, Object> broker = brokerState();
        assertFalse(processes.isEmpty());

        Run check = estate.play(playbook(PENDING, NS, NS2, false).toString(), "--check");
        reportsEveryChange(check);

        assertEquals(processes, estate.processes(), "check mode started or stopped a process");
        assertEquals(files, stateFiles(estate.root()), "check mode wrote a file of the sandbox");
        assertEquals(broker, brokerState(), "check mode changed a topic, a credential or an ACL");
    }

    /**
     * The sandbox's own state, file by file (a digest each): namespaces, secrets, brokers' and
     * workloads' configuration and state files. Not what the processes write as they run: their
     * logs, Kafka's data, the consumer's progress.
     */
    private static Map<String, String> stateFiles(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        MessageDigest sha = sha256();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(f).toString();
                if (rel.endsWith(".log") || rel.contains("/data/") || rel.endsWith(".lock") || rel.startsWith(".")) {
                    continue;
                }
                out.put(rel, HexFormat.of().formatHex(sha.digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the broker holds, asked independently of the runner: topics with partitions and set configs, SCRAM users, ACLs. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> brokerState() throws Exception {
        Path secret = estate.root().resolve(NS).resolve("secrets").resolve("c1-sandbox-admin.json");
        String password = ((Map<String, String>) Sandbox.readMap(secret).get("data")).get("password");
        KafkaConnection c = new LocalCluster(Sandbox.readOnly(estate.root()), NS, "c1").adminConnection(password);
        try (Admin admin = Admin.create(c.clientProperties())) {
            Map<String, Object> out = new TreeMap<>();
            var names = admin.listTopics().names().get();
            for (var e : admin.describeTopics(names).allTopicNames().get().entrySet()) {
                out.put("topic " + e.getKey(), e.getValue().partitions().size());
            }
            List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            for (Map.Entry<ConfigResource, Config> e : admin.describeConfigs(resources).all().get().entrySet()) {
                out.put("config " + e.getKey().name(), e.getValue().entries().stream()
                        .filter(x -> x.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG).map(x -> x.name() + "=" + x.value()).sorted().toList());
            }
            out.put("users", admin.describeUserScramCredentials().all().get().keySet().stream().sorted().toList());
            out.put("acls", admin.describeAcls(AclBindingFilter.ANY).values().get().stream().map(Object::toString).sorted().toList());
            assertTrue(out.containsKey("topic T.ONE") && String.valueOf(out.get("users")).contains("app"), out::toString);
            return out;
        }
    }

    // ---- Kubernetes --------------------------------------------------------------------------

    @Test
    void onAnEmptyKubernetesNothingIsWritten() {
        kube.clearRequests();
        Map<String, String> before = kube.state();
        Run check = onKube(playbook(SETUP + PENDING, "empty-a", "empty-b", true), "--check");
        assertEquals(0, check.exitCode(), check::all);
        assertTrue(check.changed() >= 10, check::all);
        assertEquals(List.of(), kube.writes(), "check mode sent a write");
        assertEquals(List.of(), MockCluster.differences(before, kube.state()));
    }

    @Test
    void onASetUpKubernetesNothingIsWritten() {
        Run setup = onKube(playbook(SETUP, NS, NS2, true));
        assertEquals(0, setup.exitCode(), setup::all);
        kube.settle();
        Map<String, String> before = kube.state();
        kube.clearRequests();

        Run check = onKube(playbook(PENDING, NS, NS2, true), "--check");
        reportsEveryChange(check);

        assertEquals(List.of(), kube.writes(), "check mode sent a write");
        kube.settle();
        assertEquals(List.of(), MockCluster.differences(before, kube.state()));
    }
}
