package io.mm2dr.modules.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kubernetes.testing.MockCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Secrets applied, changed, read back and printed at the highest verbosity, with --diff, in
 * check mode and for real: no value, plain or base64, appears in anything the run shows or writes.
 */
class KubeSecretsTest extends OnMockCluster {
    static final String PASSWORD = "S3cr3t-Passw0rd-for-na";
    static final String TOKEN = "tok-8f2e61d0c4a9";
    static final String NEW_PASSWORD = "Rotated-Passw0rd-2026";

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Path secretPlaybook(String password) {
        return playbooks.playbook("""
                - k8s: {kind: Namespace, name: vault}
                - name: apply the secret
                  k8s:
                    definition:
                      apiVersion: v1
                      kind: Secret
                      metadata: {name: na-user, namespace: vault, labels: {eventstreams.ibm.com/kind: KafkaUser}}
                      type: Opaque
                      stringData: {password: "%s"}
                      data: {token: "%s"}
                  register: applied
                - name: read it back
                  k8s_info: {kind: Secret, namespace: vault, name: na-user}
                  register: read
                - name: show everything
                  debug: {var: read}
                - name: show the result of the apply
                  debug: {var: applied}
                """.formatted(password, b64(TOKEN)));
    }

    private static void assertNoSecretIn(Run r) {
        List<String> leaks = new ArrayList<>();
        for (String s : List.of(PASSWORD, b64(PASSWORD), TOKEN, b64(TOKEN), NEW_PASSWORD, b64(NEW_PASSWORD))) {
            if (r.all().contains(s)) {
                leaks.add(s);
            }
        }
        assertEquals(List.of(), leaks, "secret values leaked into the output or reports:\n" + r.all());
    }

    @Test
    void noSecretValueAppearsInOutputDiffsOrReports() {
        Path first = secretPlaybook(PASSWORD);
        Run check = playbooks.run(first, "--check", "--diff", "-vvv");
        assertEquals(0, check.exitCode(), check.out());
        assertNoSecretIn(check);

        Run applied = playbooks.run(first, "--diff", "-vvv");
        assertEquals(0, applied.exitCode(), applied.out());
        assertEquals(2, applied.changed());
        assertTrue(applied.out().contains("\"password\": \"********\""), "the diff names the key, masked:\n" + applied.out());
        assertNoSecretIn(applied);

        Run again = playbooks.run(first, "--diff", "-vvv");
        assertEquals(0, again.changed(), "stringData is compared as the server stores it (base64 data):\n" + again.out());
        assertNoSecretIn(again);

        Run rotated = playbooks.run(secretPlaybook(NEW_PASSWORD), "--diff", "-vvv");
        assertEquals(1, rotated.changed());
        assertTrue(rotated.out().contains("******** (changed)"), "a changed value is marked, never shown:\n" + rotated.out());
        assertNoSecretIn(rotated);

        String operatorMade = "made-by-an-operator-0c41d7";
        cluster.client().secrets().inNamespace("vault").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("operator-made").endMetadata().addToData("password", b64(operatorMade)).build()).create();
        Run read = playbooks.run(playbooks.playbook("""
                - k8s_info: {kind: Secret, namespace: vault, name: operator-made}
                  register: s
                - debug: {var: s}
                - debug: {msg: "{{ s.resources[0].data.password | b64decode }}"}
                """), "-vvv");
        assertEquals(0, read.exitCode(), read.out());
        assertFalse(read.all().contains(operatorMade) || read.all().contains(b64(operatorMade)),
                "a Secret read (never written) by the run leaked:\n" + read.out());

        String stored = cluster.client().secrets().inNamespace("vault").withName("na-user").get().getData().get("password");
        assertEquals(NEW_PASSWORD, new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8), "the value itself reached the server");
        assertFalse(rotated.out().contains(stored));
    }
}
