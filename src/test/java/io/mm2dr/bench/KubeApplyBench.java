package io.mm2dr.bench;

import io.mm2dr.cli.PlaybookCommand;
import io.mm2dr.kubernetes.testing.MockCluster;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How long the k8s module takes per object: applies 500 objects (100 namespaces, 200 Secrets,
 * 200 KafkaTopic custom resources) to fabric8's mock API server, then applies them again, which
 * must change nothing. Run with:
 *
 * <pre>mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.mm2dr.bench.KubeApplyBench</pre>
 */
public final class KubeApplyBench {
    private static final int NAMESPACES = 100;
    private static final int SECRETS = 200;
    private static final int TOPICS = 200;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = Files.createTempDirectory("kube-bench");
        String playbook = """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - k8s: {kind: Namespace, name: "bench-{{ item }}"}
                      loop: "{{ range(0, %1$d) | list }}"
                    - k8s:
                        definition:
                          apiVersion: v1
                          kind: Secret
                          metadata: {name: "credentials-{{ item }}", namespace: "bench-{{ item %% %1$d }}", labels: {app: bench}}
                          stringData: {password: "bench-password-{{ item }}"}
                      loop: "{{ range(0, %2$d) | list }}"
                    - k8s:
                        definition:
                          apiVersion: kafka.strimzi.io/v1beta2
                          kind: KafkaTopic
                          metadata: {name: "topic-{{ item }}", namespace: "bench-{{ item %% %1$d }}", labels: {strimzi.io/cluster: na}}
                          spec: {partitions: 6, replicas: 3, config: {retention.ms: -1, min.insync.replicas: 2}}
                      loop: "{{ range(0, %3$d) | list }}"
                """.formatted(NAMESPACES, SECRETS, TOPICS);
        Path file = dir.resolve("bench.yaml");
        Files.writeString(file, playbook);
        int objects = NAMESPACES + SECRETS + TOPICS;
        System.out.printf("k8s module against the mock API server, %d objects (%d namespaces, %d secrets, %d custom resources)%n",
                objects, NAMESPACES, SECRETS, TOPICS);
        for (int round = 1; round <= rounds; round++) {
            try (MockCluster cluster = MockCluster.startBare(dir)) {
                long apply = run(cluster, file);
                long reapply = run(cluster, file);
                System.out.printf(Locale.ROOT, "round %d: apply %6d ms (%.2f ms/object), re-apply with no change %6d ms (%.2f ms/object)%n",
                        round, apply, (double) apply / objects, reapply, (double) reapply / objects);
            }
        }
    }

    private static long run(MockCluster cluster, Path file) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        long start = System.nanoTime();
        int code = PlaybookCommand.commandLine(new PlaybookCommand(quiet, quiet, false))
                .execute("-e", "k8s_kubeconfig=" + cluster.kubeconfig(), "--color", "never", file.toString());
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (code != 0) {
            throw new IllegalStateException("the benchmark playbook failed with exit code " + code);
        }
        return ms;
    }
}
