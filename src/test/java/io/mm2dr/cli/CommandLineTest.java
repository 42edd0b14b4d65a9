package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options and exit codes of the command line, and the reports CI stages read. */
class CommandLineTest {
    @TempDir
    Path tmp;

    private Path playbook(String yaml) throws IOException {
        Path p = tmp.resolve("play.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    /** ansible-playbook's banner: the text, a space, and stars up to column 80. */
    private static String banner80(String text) {
        return text + " " + "*".repeat(80 - text.length() - 1);
    }

    @Test
    void readmePlaybookSucceedsAndChangesNothingTwiceAndInCheckMode() {
        for (String[] args : new String[][] {{"playbooks/preflight.yaml"}, {"playbooks/preflight.yaml"}, {"--check", "playbooks/preflight.yaml"}}) {
            RunnerHarness.Run run = RunnerHarness.run(args);
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(0, run.changed(), run.out());
            assertEquals(4, run.recap("localhost").get("ok"), run.out());
        }
    }

    @Test
    void missingPlaybookIsExitCode1() {
        RunnerHarness.Run run = RunnerHarness.run("does-not-exist.yaml");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("the playbook: does-not-exist.yaml could not be found"), run.err());
    }

    @Test
    void badOptionIsExitCode5() throws IOException {
        RunnerHarness.Run run = RunnerHarness.run("--no-such-option", playbook("- hosts: localhost\n  tasks: []\n").toString());
        assertEquals(5, run.exitCode());
        assertTrue(run.err().contains("Unknown option: '--no-such-option'"), run.err());
    }

    @Test
    void badExtraVarsFileIsExitCode5() throws IOException {
        RunnerHarness.Run run = RunnerHarness.run("-e", "@nope.yaml", playbook("- hosts: localhost\n  tasks: []\n").toString());
        assertEquals(5, run.exitCode());
        assertTrue(run.err().contains("extra vars file not found"), run.err());
    }

    @Test
    void extraVarsInEveryFormLaterOnesWin() throws IOException {
        Path vars = tmp.resolve("vars.yaml");
        Files.writeString(vars, "from_file: file\nlist: [1, 2]\noverridden: file\n");
        Path p = playbook("""
                - hosts: localhost
                  tasks:
                    - assert:
                        that:
                          - from_file == 'file'
                          - list == [1, 2]
                          - kv == 'a b'
                          - json.nested == true
                          - overridden == 'kv'
                """);
        RunnerHarness.Run run = RunnerHarness.run("-e", "@" + vars, "-e", "kv='a b' overridden=kv", "-e", "{\"json\": {\"nested\": true}}", p.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
    }

    @Test
    void failedTaskIsExitCode2AndReportedInBothReports() throws IOException {
        Path p = playbook("""
                - name: stage
                  hosts: localhost
                  tasks:
                    - name: first
                      debug: {msg: one}
                    - name: breaks
                      fail: {msg: it broke}
                """);
        RunnerHarness.Run run = RunnerHarness.run(p.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.junit().contains("<testcase classname=\"stage\" name=\"first\""), run.junit());
        assertTrue(run.junit().contains("<failure message=\"it broke\""), run.junit());
        assertTrue(run.junit().contains("tests=\"2\" failures=\"1\""), run.junit());
        assertEquals(2, run.report().get("exit_code"));
        List<?> plays = (List<?>) run.report().get("plays");
        List<?> tasks = (List<?>) ((Map<?, ?>) plays.get(0)).get("tasks");
        Map<?, ?> broke = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) tasks.get(1)).get("hosts")).get("localhost");
        assertEquals("failed", broke.get("status"));
        assertEquals("it broke", ((Map<?, ?>) broke.get("result")).get("msg"));
        assertTrue(((Number) broke.get("duration_ms")).longValue() >= 0);
        assertEquals(Map.of("ok", 1, "changed", 0, "unreachable", 0, "failed", 1, "skipped", 0, "rescued", 0, "ignored", 0),
                run.reportStats("localhost"));
    }

    @Test
    void syntaxCheckLoadsWithoutRunning() throws IOException {
        Path marker = tmp.resolve("marker");
        Path p = playbook("- hosts: localhost\n  tasks:\n    - command: touch " + marker + "\n");
        RunnerHarness.Run run = RunnerHarness.run("--syntax-check", p.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("playbook: " + p), run.out());
        assertFalse(Files.exists(marker));
    }

    @Test
    void listTasksHonoursTags() throws IOException {
        Path p = playbook("""
                - name: listing
                  hosts: localhost
                  tasks:
                    - name: tagged task
                      debug: {msg: x}
                      tags: [deploy]
                    - name: other task
                      debug: {msg: y}
                """);
        RunnerHarness.Run run = RunnerHarness.run("--list-tasks", "--tags", "deploy", p.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("tagged task\tTAGS: [deploy]"), run.out());
        assertFalse(run.out().contains("other task"), run.out());
    }

    @Test
    void startAtTaskSkipsEarlierTasks() throws IOException {
        Path p = playbook("""
                - hosts: localhost
                  tasks:
                    - name: one
                      fail: {msg: must be skipped}
                    - name: two
                      debug: {msg: from here}
                """);
        RunnerHarness.Run run = RunnerHarness.run("--start-at-task", "two", p.toString());
        assertEquals(0, run.exitCode(), run.out());
        assertEquals(1, run.recap("localhost").get("ok"));
    }

    @Test
    void outputLooksLikeAnsiblePlaybook() throws IOException {
        Path p = playbook("""
                - name: demo
                  hosts: localhost
                  tasks:
                    - name: greet
                      debug: {msg: hello}
                    - name: each
                      debug: {msg: "{{ item }}"}
                      loop: [a, b]
                    - name: skipped
                      debug: {msg: never}
                      when: false
                """);
        RunnerHarness.Run run = RunnerHarness.run(p.toString());
        String expectedStart = "\n" + banner80("PLAY [demo]") + "\n\n"
                + banner80("TASK [greet]") + "\n"
                + "ok: [localhost] => {\n    \"msg\": \"hello\"\n}\n\n"
                + banner80("TASK [each]") + "\n"
                + "ok: [localhost] => (item=a) => {\n    \"msg\": \"a\"\n}\n"
                + "ok: [localhost] => (item=b) => {\n    \"msg\": \"b\"\n}\n\n"
                + banner80("TASK [skipped]") + "\n"
                + "skipping: [localhost]\n";
        assertTrue(run.out().startsWith(expectedStart), "expected:\n" + expectedStart + "\ngot:\n" + run.out());
        assertTrue(run.out().contains("skipping: [localhost]\n"), run.out());
        assertTrue(run.out().contains("localhost                  : ok=2    changed=0    unreachable=0    failed=0    skipped=1    rescued=0    ignored=0"), run.out());
        assertFalse(run.out().contains("\u001b["), "no colour when not on a terminal");
        assertTrue(RunnerHarness.run("--color", "always", p.toString()).out().contains("\u001b[0;32mok: [localhost]"));
    }
}
