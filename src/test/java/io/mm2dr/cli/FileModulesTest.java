package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.engine.files.FileModes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * copy and file: check mode writes nothing, a run makes the tree, the second run changes nothing,
 * and check mode after it reports nothing to change. (What they report and refuse is compared with
 * ansible-playbook by the conformance playbooks p82_copy and p83_file.)
 */
class FileModulesTest {
    @TempDir
    Path tmp;

    @Test
    void checkModeWritesNothingAndTheSecondRunChangesNothing() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.createDirectories(tmp.resolve("files/conf"));
        Files.writeString(tmp.resolve("files/conf/app.properties"), "a=1\n");
        Files.writeString(tmp.resolve("files/conf/log.properties"), "level=INFO\n");
        Files.writeString(tmp.resolve("old.txt"), "old\n");
        Path playbook = tmp.resolve("play.yml");
        Files.writeString(playbook, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: folder
                      file: {path: "OUT/etc/app", state: directory, mode: "0750"}
                    - name: config folder
                      copy: {src: conf/, dest: "OUT/etc/app/", mode: "0640"}
                    - name: content
                      copy: {content: "{{ {'topics': ['LH.ORDERS']} | to_json }}", dest: "OUT/topics.json"}
                    - name: link
                      file: {src: app, path: "OUT/etc/current", state: link, force: true}
                    - name: gone
                      file: {path: "OUT/old.txt", state: absent}
                    - name: plain
                      copy: {content: "x\\n", dest: "OUT/plain.txt"}
                """.replace("OUT", out.toString()));
        Files.copy(tmp.resolve("old.txt"), out.resolve("old.txt"));
        Map<String, String> before = tree(out);

        RunnerHarness.Run check = RunnerHarness.run("--check", playbook.toString());
        assertEquals(0, check.exitCode(), check.out());
        assertEquals(6, check.changed(), check.out());
        assertEquals(before, tree(out), "check mode changed nothing");

        RunnerHarness.Run first = RunnerHarness.run(playbook.toString());
        assertEquals(0, first.exitCode(), first.out());
        assertEquals(6, first.changed(), first.out());
        assertEquals("a=1\n", Files.readString(out.resolve("etc/app/app.properties")));
        assertEquals(0640, FileModes.of(out.resolve("etc/app/log.properties"), true));
        assertEquals(0750, FileModes.of(out.resolve("etc/app"), true));
        assertEquals("{\"topics\": [\"LH.ORDERS\"]}", Files.readString(out.resolve("topics.json")));
        assertEquals(Path.of("app"), Files.readSymbolicLink(out.resolve("etc/current")));
        assertFalse(Files.exists(out.resolve("old.txt")));
        // a new file without a mode gets the umask's, as a file the shell makes (not a temporary file's 0600)
        Path probe = Files.createFile(tmp.resolve("probe"));
        assertEquals(FileModes.of(probe, true), FileModes.of(out.resolve("plain.txt"), true));
        Map<String, String> made = tree(out);

        RunnerHarness.Run second = RunnerHarness.run(playbook.toString());
        assertEquals(0, second.exitCode(), second.out());
        assertEquals(0, second.changed(), "the second run changes nothing:\n" + second.out());
        assertEquals(made, tree(out));
        RunnerHarness.Run checkAgain = RunnerHarness.run("--check", playbook.toString());
        assertEquals(0, checkAgain.changed(), checkAgain.out());
    }

    @Test
    void aModeThatCannotBeReadIsOneClearError() throws IOException {
        Path playbook = tmp.resolve("bad.yml");
        Files.writeString(playbook, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: bad mode
                      file: {path: "%s", state: directory, mode: "u*x"}
                """.formatted(tmp.resolve("d")));
        RunnerHarness.Run run = RunnerHarness.run(playbook.toString());
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.out().contains("mode must be in octal or symbolic form"), run.out());
        assertFalse(run.all().contains("Exception"), run.all());
        assertFalse(Files.exists(tmp.resolve("d")), "nothing was made");
    }

    @Test
    void aFileSystemFailureIsOneSentenceNamingThePath() throws IOException {
        Path playbook = tmp.resolve("fs.yml");
        Files.writeString(playbook, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: a link in a folder that is not there
                      file: {src: "%1$s", path: "%1$s/no/such/folder/link", state: link}
                """.formatted(tmp));
        RunnerHarness.Run run = RunnerHarness.run(playbook.toString());
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.out().contains("No such file or directory: " + tmp.resolve("no/such/folder")), run.out());
        assertFalse(run.all().contains("Exception"), run.all());
    }

    /** Every path under {@code root} with its kind, mode and content. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String kind = Files.isSymbolicLink(p) ? "link " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p) ? "dir" : "file " + Files.readString(p);
                m.put(root.relativize(p).toString(), kind + " " + FileModes.format(FileModes.of(p, false)));
            }
        }
        return m;
    }
}
