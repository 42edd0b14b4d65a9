package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.kubernetes.testing.MockCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exit code writes both reports, as {@code java -jar runner.jar} runs: 0, 1 (playbook not
 * found, no task matched --start-at-task), 2 (a task failed), 3 (unreachable), 4 (a playbook or an
 * included file does not parse, bad extra vars), 5 (bad options, the report options before or
 * after them), 99 (interrupted, in a JVM of its own). Each JUnit report validates against the
 * strict junit-10.xsd with counts that add up and a failure exactly when the exit code is not 0;
 * each JSON report parses with its schema version and the exit code.
 */
class ReportsOnEveryExitCodeTest {
    @TempDir
    Path tmp;

    private static final String OK = "- hosts: localhost\n  tasks:\n    - debug: {msg: fine}\n";

    static Stream<Arguments> exits() {
        return Stream.of(
                Arguments.of("success", 0, "", List.of()),
                Arguments.of("playbook not found", 1, "", List.of("nothere.yml")),
                Arguments.of("no task matched --start-at-task", 1, "no task matched --start-at-task 'nope'",
                        List.of("--start-at-task", "nope", "ok.yml")),
                Arguments.of("task failed", 2, "it broke", List.of("fail.yml")),
                Arguments.of("unreachable", 3, "cannot connect to the Kubernetes API server", List.of("k8s.yml")),
                Arguments.of("playbook does not parse", 4, "unknown.yml:3:7: couldn't resolve module/action 'no_such_module'",
                        List.of("unknown.yml")),
                Arguments.of("included file does not parse", 4, "broken.yml:2:3: 'bogus_keyword' is not a valid attribute for a task",
                        List.of("include.yml")),
                Arguments.of("extra vars file not found", 5, "extra vars file not found", List.of("-e", "@nope.yaml", "ok.yml")),
                Arguments.of("malformed extra vars, never echoed", 5, "the 2nd -e is not key=value pairs",
                        List.of("-e", "a=1", "-e", "password hunter2pw", "ok.yml")),
                Arguments.of("unknown option", 5, "Unknown option: '--bogus'", List.of("--bogus", "ok.yml")),
                Arguments.of("bad --color", 5, "--color must be auto, always or never", List.of("--color", "sometimes", "ok.yml")),
                Arguments.of("no playbook", 5, "Missing required parameter", List.of()));
    }

    @ParameterizedTest(name = "{0}: exit {1}")
    @MethodSource("exits")
    void bothReportsForEveryExitCode(String what, int exit, String message, List<String> args) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "reports-test", tmp.getFileName().toString()));
        Files.writeString(dir.resolve("ok.yml"), OK);
        Files.writeString(dir.resolve("fail.yml"), "- hosts: localhost\n  tasks:\n    - fail: {msg: it broke}\n");
        Files.writeString(dir.resolve("unknown.yml"), "- hosts: localhost\n  tasks:\n    - no_such_module: {a: 1}\n");
        Files.writeString(dir.resolve("include.yml"), "- hosts: localhost\n  tasks:\n    - include_tasks: broken.yml\n");
        Files.writeString(dir.resolve("broken.yml"), "- debug: {msg: x}\n  bogus_keyword: 1\n");
        Files.writeString(dir.resolve("k8s.yml"), "- hosts: localhost\n  tasks:\n    - k8s: {kind: Namespace, name: a}\n");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Files.writeString(dir.resolve("down.yaml"), MockCluster.kubeconfigText("http://127.0.0.1:" + closed));
        List<String> all = new ArrayList<>();
        if (exit == 3) {
            all.addAll(List.of("-e", "k8s_kubeconfig=" + dir.resolve("down.yaml")));
        }
        for (String a : args.isEmpty() && exit == 0 ? List.of("ok.yml") : args) {
            all.add(a.matches("[a-z0-9]+\\.yml") ? dir.resolve(a).toString() : a);
        }
        for (boolean reportsFirst : exit == 5 ? List.of(true, false) : List.of(true)) {
            ReportChecks.Reports r = ReportChecks.run(dir, reportsFirst, all.toArray(String[]::new));
            assertEquals(exit, r.exitCode(), what + ":\n" + r.all());
            assertEquals(exit, r.json().get("exit_code"));
            assertFalse(r.all().contains("hunter2pw"), "a malformed -e's text is never shown:\n" + r.all());
            if (!message.isEmpty()) {
                assertTrue(r.failureMessages().stream().anyMatch(m -> m.contains(message)),
                        what + ": the message is a failure's message: " + message + "\n" + r.junit());
            }
            if (exit == 4 || exit == 5) {
                assertTrue(((List<?>) r.json().get("errors")).stream().anyMatch(e -> String.valueOf(e).contains(message)),
                        "the JSON report has the error:\n" + r.jsonText());
            }
            if (exit == 4) {
                // the position is relative to the working directory, as a CI tool links it
                String relative = Path.of("target", "reports-test", tmp.getFileName().toString()).toString();
                assertTrue(r.failureMessages().stream().anyMatch(m -> m.startsWith(relative + "/")), r.junit());
            }
        }
    }

    @Test
    void anInterruptedRunWritesBothReportsWithExit99() throws Exception {
        Path playbook = tmp.resolve("pause.yml");
        Files.writeString(playbook, """
                - hosts: localhost
                  tasks:
                    - name: first
                      debug: {msg: before}
                    - name: long pause
                      pause: {seconds: 600}
                """);
        Path json = tmp.resolve("report.json");
        Path junit = tmp.resolve("report.xml");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                Main.class.getName(), "--report-json", json.toString(), "--report-junit", junit.toString(), "--color", "never",
                playbook.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("TASK [long pause]")) {
                    p.toHandle().destroy(); // SIGTERM: the JVM's shutdown hooks run, as on Ctrl-C
                }
            }
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the interrupted run ends:\n" + output);
        } finally {
            p.destroyForcibly();
        }
        assertTrue(output.toString().contains("User interrupted execution"), output.toString());
        assertEquals(99, p.exitValue(), output.toString());
        String xml = Files.readString(junit);
        ReportChecks.checkJunit(xml, 99);
        assertTrue(xml.contains("name=\"first\""), "what ran before the interruption is reported:\n" + xml);
        assertTrue(xml.contains("type=\"interrupted\""), xml);
        @SuppressWarnings("unchecked")
        Map<String, Object> report = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json.toFile(), Map.class);
        assertEquals(99, report.get("exit_code"));
        assertEquals(1, report.get("schema_version"));
    }

    @Test
    void aReportThatCannotBeWrittenIsOneErrorAndTheOtherIsStillWritten() throws IOException {
        Path playbook = tmp.resolve("ok.yml");
        Files.writeString(playbook, OK);
        Path blocked = Files.createDirectories(tmp.resolve("a-folder"));
        Path junit = tmp.resolve("report.xml");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = Main.run(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), false,
                "--report-json", blocked.toString(), "--report-junit", junit.toString(), playbook.toString());
        String errText = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, errText);
        assertTrue(errText.contains("cannot write the JSON report " + blocked), errText);
        assertFalse(errText.contains("\tat "), "no stack trace:\n" + errText);
        String xml = Files.readString(junit);
        ReportChecks.checkJunit(xml, 1);
        assertTrue(xml.contains("cannot write the JSON report"), xml);
    }
}
