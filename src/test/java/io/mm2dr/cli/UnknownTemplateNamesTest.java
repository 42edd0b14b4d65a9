package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unknown filter, test or lookup is refused by name, with its file and line, before any task runs
 * (Ansible itself finds it only when the task runs; we refuse the playbook up front).
 */
class UnknownTemplateNamesTest {
    @TempDir
    Path tmp;

    private RunnerHarness.Run run(String badTask) throws IOException {
        Path p = tmp.resolve("play.yaml");
        Files.writeString(p, """
                - hosts: localhost
                  tasks:
                    - name: first
                      debug: {msg: runs before}
                %s
                """.formatted(badTask));
        return RunnerHarness.run(p.toString());
    }

    private static void refused(RunnerHarness.Run run, String name, int line) {
        String all = run.out() + run.err();
        assertEquals(4, run.exitCode(), all);
        assertTrue(all.contains(name), all);
        assertTrue(all.contains("play.yaml': line " + line + ","), all);
        assertFalse(all.contains("TASK [first]"), "nothing runs:\n" + all);
    }

    @Test
    void unknownFilterInACondition() throws IOException {
        refused(run("""
                    - debug: {msg: x}
                      when: 1 | nosuchfilter
                """), "no filter named 'nosuchfilter'", 6);
    }

    @Test
    void jinjavaOnlyFilterAndTest() throws IOException {
        refused(run("""
                    - debug: {msg: "{{ 'x' | datetimeformat }}"}
                """), "no filter named 'datetimeformat'", 5);
        refused(run("""
                    - debug: {msg: "{{ 'x' is string_containing('a') }}"}
                """), "no test named 'string_containing'", 5);
    }

    @Test
    void unknownLookup() throws IOException {
        refused(run("""
                    - debug: {msg: "{{ lookup('nosuchlookup', 'x') }}"}
                """), "lookup plugin 'nosuchlookup' not found", 5);
        refused(run("""
                    - debug: {msg: x}
                      until: query('ansible.builtin.nope') | length > 0
                """), "'ansible.builtin.nope'", 6);
    }
}
