package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.OperatorApi;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/** {@code --version} and {@code --help}: what they say, and that it is true. */
class VersionAndHelpTest {
    @Test
    void versionSaysTheBuildTheCommitJavaKafkaAndTheOperatorApis() throws Exception {
        for (String option : List.of("--version", "-V")) {
            RunnerHarness.Run r = RunnerHarness.cli(option);
            assertEquals(0, r.exitCode(), r::all);
            List<String> lines = r.out().lines().toList();
            assertEquals(4, lines.size(), r::all);
            Matcher first = Pattern.compile("runner (\\S+) \\(commit ([0-9a-f]{7}|unknown)\\)").matcher(lines.get(0));
            assertTrue(first.matches(), lines.get(0));
            assertTrue(first.group(1).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), lines.get(0));
            String head = gitHead();
            if (head != null) {
                // built in a git work tree (as in a clone): the commit it was built from
                assertEquals(head, first.group(2), "the commit in --version");
            }
            assertEquals("Java " + System.getProperty("java.version"), lines.get(1).substring(0, lines.get(1).indexOf(" (")));
            // the Kafka client library on the class path says the same of itself
            assertTrue(lines.get(2).startsWith("Kafka " + AppInfoParser.getVersion() + " (kafka-clients, commit " + AppInfoParser.getCommitId()),
                    lines.get(2));
            for (Flavor f : Flavor.values()) {
                for (OperatorApi.Generation g : OperatorApi.Generation.values()) {
                    assertTrue(lines.get(3).contains(new OperatorApi(f, g).apiVersion()), lines.get(3));
                }
            }
            assertTrue(lines.get(3).contains("kafka.strimzi.io/v1beta2") && lines.get(3).contains("eventstreams.ibm.com/v1beta2"), lines.get(3));
        }
        // the sandbox command answers the same
        assertEquals(RunnerHarness.cli("--version").out(), RunnerHarness.cli("sandbox", "--version").out());
    }

    @Test
    void aValueTheBuildDidNotFillInIsUnknown() {
        Properties p = new Properties();
        p.setProperty("runner.commit", "${buildNumber}");
        p.setProperty("blank", " ");
        assertEquals("unknown", VersionInfo.value(p, "runner.commit"));
        assertEquals("unknown", VersionInfo.value(p, "blank"));
        assertEquals("unknown", VersionInfo.value(p, "missing"));
    }

    @Test
    void helpListsEveryCommandWithItsUsage() {
        RunnerHarness.Run r = RunnerHarness.cli("--help");
        assertEquals(0, r.exitCode(), r::all);
        assertTrue(r.out().startsWith("Usage: runner "), r::all);
        for (Subcommands.Entry e : Subcommands.ALL) {
            assertTrue(r.out().contains("       runner " + e.usage() + "\n"), "synopsis line of " + e.name() + ":\n" + r.out());
            assertTrue(Pattern.compile("(?m)^  " + Pattern.quote(e.usage()) + " +" + Pattern.quote(e.summary()) + "$").matcher(r.out()).find(),
                    "command list line of " + e.name() + ":\n" + r.out());
        }
        assertTrue(r.out().contains("  sandbox status|logs|down"), r::all);
        assertTrue(r.out().indexOf("Commands:") < r.out().indexOf("Exit codes:"), r::all);

        RunnerHarness.Run sandbox = RunnerHarness.cli("sandbox", "--help");
        assertEquals(0, sandbox.exitCode(), sandbox::all);
        assertTrue(sandbox.out().startsWith("Usage: runner sandbox "), sandbox::all);
        assertTrue(sandbox.out().contains("status") && sandbox.out().contains("logs") && sandbox.out().contains("down"), sandbox::all);
        RunnerHarness.Run status = RunnerHarness.cli("sandbox", "status", "--help");
        assertTrue(status.out().startsWith("Usage: runner sandbox status "), status::all);
        RunnerHarness.Run logs = RunnerHarness.cli("sandbox", "logs", "--help");
        assertTrue(logs.out().startsWith("Usage: runner sandbox logs "), logs::all);
    }

    /** The short hash of HEAD, or null outside a git work tree (a source archive) or without git. */
    private static String gitHead() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty() ? out : null;
        } catch (java.io.IOException | InterruptedException e) {
            return null;
        }
    }
}
