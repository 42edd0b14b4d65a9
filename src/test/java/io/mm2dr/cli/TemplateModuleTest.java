package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template module: idempotent, check mode writes nothing, --diff shows the change. */
class TemplateModuleTest {
    @TempDir
    Path tmp;

    @Test
    void rendersOnceThenReportsNoChange() throws IOException {
        Path dest = tmp.resolve("out/config.properties");
        Files.createDirectories(dest.getParent());
        Path templates = tmp.resolve("templates");
        Files.createDirectories(templates);
        Files.writeString(templates.resolve("config.j2"), "bootstrap={{ host }}:{{ port }}\n{% for t in topics %}topic.{{ loop.index }}={{ t }}\n{% endfor %}");
        Path p = tmp.resolve("play.yaml");
        Files.writeString(p, """
                - hosts: localhost
                  vars: {host: 127.0.0.1, port: 9092, topics: [LH.ORDERS, LH.DOORS]}
                  tasks:
                    - template: {src: config.j2, dest: "%s", mode: "0600"}
                """.formatted(dest));

        RunnerHarness.Run check = RunnerHarness.run("--check", "--diff", p.toString());
        assertEquals(0, check.exitCode(), check.out() + check.err());
        assertEquals(1, check.changed(), "check mode reports the change it would make");
        assertFalse(Files.exists(dest), "check mode writes nothing");
        assertTrue(check.out().contains("+bootstrap=127.0.0.1:9092"), check.out());

        RunnerHarness.Run first = RunnerHarness.run(p.toString());
        assertEquals(1, first.changed(), first.out());
        assertEquals("bootstrap=127.0.0.1:9092\ntopic.1=LH.ORDERS\ntopic.2=LH.DOORS\n", Files.readString(dest));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest)));

        RunnerHarness.Run second = RunnerHarness.run(p.toString());
        assertEquals(0, second.exitCode());
        assertEquals(0, second.changed(), "the second run changes nothing:\n" + second.out());

        Files.writeString(dest, "edited by hand\n");
        RunnerHarness.Run repair = RunnerHarness.run("--diff", p.toString());
        assertEquals(1, repair.changed());
        assertTrue(repair.out().contains("-edited by hand"), repair.out());
    }

    /** ansible-playbook 2.14 wrote "# Ansible managed\nsrc=m.j2 dest=out.txt\n" for this template. */
    @Test
    void ansibleManagedAndTemplateVariables() throws IOException {
        Path dest = tmp.resolve("out.txt");
        Path templates = Files.createDirectories(tmp.resolve("templates"));
        Files.writeString(templates.resolve("m.j2"),
                "# {{ ansible_managed }}\nsrc={{ template_path | basename }} dest={{ template_destpath | basename }}\n");
        Path p = tmp.resolve("managed.yaml");
        Files.writeString(p, """
                - hosts: localhost
                  tasks:
                    - template: {src: m.j2, dest: "%s"}
                """.formatted(dest));
        RunnerHarness.Run run = RunnerHarness.run(p.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals("# Ansible managed\nsrc=m.j2 dest=out.txt\n", Files.readString(dest));
    }

    @Test
    void commandRunsTwiceAndAlwaysReportsChangedUnlessCreatesExists() throws IOException {
        Path marker = tmp.resolve("made");
        Path p = tmp.resolve("cmd.yaml");
        Files.writeString(p, """
                - hosts: localhost
                  tasks:
                    - command: touch %s
                      args: {creates: "%s"}
                """.formatted(marker, marker));
        assertEquals(1, RunnerHarness.run(p.toString()).changed());
        assertTrue(Files.exists(marker));
        assertEquals(0, RunnerHarness.run(p.toString()).changed(), "creates makes the command idempotent");
    }
}
