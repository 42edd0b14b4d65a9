package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the JUnit report says: one test case per loop item named as Ansible shows the item, the
 * failed item's own message, skipped and ignored items, task paths relative to the working
 * directory; and no secret in either report, for loop items and for parse errors.
 */
class JUnitReportTest {
    private static final List<String> SECRETS = List.of("S3cr3t-Value-42", "Hidden-Fact-99", "Loop-Secret-77");

    @TempDir
    Path tmp;

    /** A folder below the working directory, so that paths in reports are relative. */
    private Path dir() throws Exception {
        return Files.createDirectories(Path.of("target", "reports-test", tmp.getFileName().toString()));
    }

    @Test
    void aFailingLoopIsOneTestCasePerItemWithTheFailedItemsMessage() throws Exception {
        Path dir = dir();
        Path playbook = dir.resolve("loop.yml");
        Files.writeString(playbook, """
                - name: stage
                  hosts: localhost
                  tasks:
                    - name: optional
                      fail: {msg: "not needed"}
                      loop: [x]
                      ignore_errors: true
                    - name: small ones
                      debug: {msg: "{{ item }}"}
                      when: item > 5
                      loop: [1, 2]
                    - name: topics
                      debug: {msg: "topic {{ item.name }} has {{ item.partitions }} partitions"}
                      failed_when: item.name == 'orders'
                      loop: [{name: customers, partitions: 3}, {name: orders, partitions: 6}, {name: stock, partitions: 1}]
                      loop_control: {label: "{{ item.name }}"}
                """);
        ReportChecks.Reports r = ReportChecks.run(dir, true, playbook.toString());
        assertEquals(2, r.exitCode(), r.all());
        assertEquals(List.of("optional (item=x)", "small ones (item=1)", "small ones (item=2)", "topics (item=customers)",
                "topics (item=orders)", "topics (item=stock)"), r.caseNames(), r.junit());
        assertEquals(List.of("topic orders has 6 partitions"), r.failureMessages(), r.junit());
        assertFalse(r.junit().contains("One or more items failed"), r.junit());
        Element suite = (Element) ReportChecks.parse(r.junit()).getElementsByTagName("testsuite").item(0);
        assertEquals("stage", suite.getAttribute("name"));
        assertEquals("6", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("2", suite.getAttribute("skipped"));
        assertEquals(playbook.toString(), suite.getAttribute("file"), "the playbook, relative to the working directory");
        NodeList failures = suite.getElementsByTagName("failure");
        assertTrue(failures.item(0).getTextContent().startsWith("task path: " + playbook + ":12\n"), failures.item(0).getTextContent());
        String ignored = ((Element) suite.getElementsByTagName("testcase").item(0)).getElementsByTagName("system-out").item(0).getTextContent();
        assertEquals("task path: " + playbook + ":4\nfailed (failure ignored: not needed)", ignored);
        assertFalse(r.junit().contains(Path.of("").toAbsolutePath().toString()), "no absolute path:\n" + r.junit());
    }

    @Test
    void aFailureARescueHandledPassesAsTheRecapSays() throws Exception {
        Path dir = dir();
        Path playbook = dir.resolve("rescue.yml");
        Files.writeString(playbook, """
                - hosts: localhost
                  tasks:
                    - block:
                        - name: breaks
                          fail: {msg: broke}
                      rescue:
                        - name: mends
                          debug: {msg: mended}
                """);
        ReportChecks.Reports r = ReportChecks.run(dir, true, playbook.toString());
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(List.of("breaks", "mends"), r.caseNames(), r.junit());
        assertTrue(r.junit().contains("failed (rescued: broke)"), r.junit());
        Map<?, ?> play = (Map<?, ?>) ((List<?>) r.json().get("plays")).get(0);
        Map<?, ?> task = (Map<?, ?>) ((List<?>) play.get("tasks")).get(0);
        Map<?, ?> host = (Map<?, ?>) ((Map<?, ?>) task.get("hosts")).get("localhost");
        assertEquals(true, host.get("rescued"), r.jsonText());
    }

    @Test
    void noSecretInEitherReportForLoopItemsAndParseErrors() throws Exception {
        Path dir = dir();
        Path playbook = dir.resolve("secrets.yml");
        Files.writeString(playbook, """
                - hosts: localhost
                  vars:
                    db_password: "S3cr3t-Value-42"
                  tasks:
                    - name: a no_log fact
                      set_fact: {hidden: "Hidden-Fact-99"}
                      no_log: true
                    - name: a secret argument
                      secret_echo: {name: db, password: "{{ db_password }}"}
                    - name: a no_log loop whose item fails
                      fail: {msg: "bad {{ item }}"}
                      loop: ["Loop-Secret-77"]
                      no_log: true
                      ignore_errors: true
                    - name: a loop whose failed item mentions the secret
                      fail: {msg: "login failed for {{ db_password }} on {{ item }}"}
                      loop: [eu]
                      ignore_errors: true
                    - name: a file named after the no_log fact, that does not parse
                      include_tasks: "broken-{{ hidden }}.yml"
                """);
        Files.writeString(dir.resolve("broken-Hidden-Fact-99.yml"), "- debug: {msg: x}\n  bogus_keyword: 1\n");
        ReportChecks.Reports run = ReportChecks.run(dir, true, playbook.toString());
        assertEquals(4, run.exitCode(), run.all());
        assertTrue(run.caseNames().contains("a no_log loop whose item fails (item=None)"), run.junit());
        assertTrue(run.caseNames().contains("a loop whose failed item mentions the secret (item=eu)"), run.junit());
        assertTrue(run.junit().contains("login failed for ******** on eu"), run.junit());
        assertTrue(run.failureMessages().stream().anyMatch(m -> m.contains("broken-********.yml:2:3: 'bogus_keyword'")), run.junit());

        Path early = dir.resolve("early.yml");
        Files.writeString(early, """
                - hosts: localhost
                  tasks:
                    - no_such_module: {password: "S3cr3t-Value-42"}
                """);
        ReportChecks.Reports parse = ReportChecks.run(dir, true, early.toString());
        assertEquals(4, parse.exitCode(), parse.all());
        assertEquals(List.of(early + ":3:7: couldn't resolve module/action 'no_such_module'"), parse.failureMessages(), parse.junit());

        for (ReportChecks.Reports r : List.of(run, parse)) {
            for (String secret : SECRETS) {
                assertFalse(r.junit().contains(secret), "'" + secret + "' in the JUnit report:\n" + r.junit());
                assertFalse(r.jsonText().contains(secret), "'" + secret + "' in the JSON report:\n" + r.jsonText());
            }
        }
    }
}
