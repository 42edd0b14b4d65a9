package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets set with no_log, and secret module arguments, never appear in the console output (at
 * any verbosity, with --diff, in check mode) nor in the JSON and JUnit reports.
 */
class SecretRedactionTest {
    private static final List<String> SECRETS = List.of("S3cr3t-Value-42", "Hidden-Fact-99", "Loop-Secret-77");

    @ParameterizedTest
    @ValueSource(strings = {"", "-v", "-vvv", "--diff", "--check"})
    void noSecretInAnyOutput(String option) {
        String playbook = RunnerHarness.resource("playbooks/secrets/secrets.yaml").toString();
        RunnerHarness.Run run = option.isEmpty() ? RunnerHarness.run(playbook)
                : option.equals("--diff") ? RunnerHarness.run(option, playbook) : RunnerHarness.run(option, "--diff", playbook);
        assertEquals(2, run.exitCode(), run.out() + run.err());
        String everything = run.out() + run.err() + run.report() + run.junit();
        for (String secret : SECRETS) {
            assertFalse(everything.contains(secret), "'" + secret + "' leaked with " + option + ":\n" + everything);
        }
        assertTrue(run.out().contains("********"), "secret values are shown masked:\n" + run.out());
        assertTrue(run.out().contains("the output has been hidden"), "no_log results are censored:\n" + run.out());
        assertTrue(run.junit().contains("<failure"), "the final failure is reported:\n" + run.junit());
    }
}
