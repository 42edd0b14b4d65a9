package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that may change the local sandbox holds its lock from before its first task, so a second
 * run is refused before it does anything; check mode, runs with nothing for the platform to do and
 * runs on Kubernetes take no lock. No broker needed: the tasks that would change something are a
 * template and a drill record mark, both only files.
 */
class SandboxRunLockTest {
    @TempDir
    Path dir;

    Path root;
    Path marker;
    Path record;
    Path playbook;

    @BeforeEach
    void files() throws IOException {
        root = dir.resolve("sandbox");
        marker = dir.resolve("marker.txt");
        record = root.resolve("drill-record.json");
        Files.writeString(dir.resolve("marker.j2"), "written by {{ inventory_hostname }}\n");
        // the first task writes a file and knows nothing of the sandbox; the second one does
        playbook = write("drill.yaml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: Write the marker
                      template: {src: marker.j2, dest: "{{ marker }}"}
                    - name: Mark the drill
                      drill_report: {action: mark, event: region_lost, record: "{{ sandbox_dir }}/drill-record.json"}
                """);
    }

    private Path write(String name, String yaml) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, yaml);
        return p;
    }

    private Run run(Path book, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--sandbox", root.toString(), "-e", "marker=" + marker));
        args.addAll(List.of(more));
        args.add(book.toString());
        return RunnerHarness.run(args.toArray(String[]::new));
    }

    @Test
    void aSecondRunIsRefusedBeforeItsFirstTaskAndCheckModeStillWorks() throws Exception {
        try (Sandbox held = Sandbox.lock(root)) {
            Run second = run(playbook);
            assertEquals(2, second.exitCode(), second::all);
            assertEquals("ERROR! the sandbox " + root + " is in use by another run (pid " + ProcessHandle.current().pid()
                    + "): wait for it to finish", second.err().strip(), second::all);
            assertFalse(second.out().contains("TASK ["), second::all);
            assertFalse(Files.exists(marker), "the first task ran: " + second.all());
            assertFalse(Files.exists(record), "the drill record was written: " + second.all());
            assertEquals(2, second.report().get("exit_code"), second::all);
            assertEquals(List.of(second.err().strip().substring("ERROR! ".length())), second.report().get("errors"), second::all);
            assertTrue(second.junit().contains("in use by another run"), second::junit);

            Run check = run(playbook, "--check");
            assertEquals(0, check.exitCode(), check::all);
            assertEquals(2, check.changed(), check::all);
            assertFalse(Files.exists(marker), check::all);
            assertFalse(Files.exists(record), check::all);
        }
        Run alone = run(playbook);
        assertEquals(0, alone.exitCode(), alone::all);
        assertTrue(Files.exists(marker), alone::all);
        assertTrue(Files.readString(record).contains("region_lost"), alone::all);
        // the lock went with the run
        Sandbox.lock(root).close();
    }

    @Test
    void theRunHoldsTheLockUntilItEnds() throws Exception {
        Path probe = write("probe.yaml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: Is the sandbox locked while this run goes on?
                      command: {argv: [java, -cp, "{{ classpath }}", io.mm2dr.cli.Main, --sandbox, "{{ sandbox_dir }}", sandbox, down]}
                      register: down
                      failed_when: false
                    - name: Mark the drill
                      drill_report: {action: mark, event: region_lost, record: "{{ sandbox_dir }}/drill-record.json"}
                    - debug: {var: down.stderr}
                """);
        Run r = run(probe, "-e", "classpath=" + System.getProperty("java.class.path"));
        assertEquals(0, r.exitCode(), r::all);
        assertTrue(r.out().contains("is in use by another run (pid " + ProcessHandle.current().pid() + "): wait for it to finish"), r::all);
        assertTrue(Files.exists(record), r::all);
    }

    @Test
    void checkModeNeverCreatesTheSandbox() {
        Run check = run(playbook, "--check");
        assertEquals(0, check.exitCode(), check::all);
        assertFalse(Files.exists(root), check::all);
    }

    @Test
    void aRunWithNothingForThePlatformTakesNoLock() throws Exception {
        Path plain = write("plain.yaml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: Write the marker
                      template: {src: marker.j2, dest: "{{ marker }}"}
                """);
        Path elsewhere = dir.resolve("other");
        try (Sandbox held = Sandbox.lock(root)) {
            Run r = run(plain);
            assertEquals(0, r.exitCode(), r::all);
            assertTrue(Files.exists(marker), r::all);
            Run fresh = RunnerHarness.run("--sandbox", elsewhere.toString(), "-e", "marker=" + marker, plain.toString());
            assertEquals(0, fresh.exitCode(), fresh::all);
            assertFalse(Files.exists(elsewhere), "a run with nothing for the platform created the sandbox: " + fresh.all());
        }
    }

    @Test
    void includesAreLookedIntoWhenTheirNamesArePlain() throws Exception {
        write("plain-tasks.yaml", "- template: {src: marker.j2, dest: \"{{ marker }}\"}\n");
        write("platform-tasks.yaml", "- namespace: {name: europe}\n  when: false\n");
        Files.createDirectories(dir.resolve("roles/plain/tasks"));
        Files.writeString(dir.resolve("roles/plain/tasks/main.yaml"), "- include_tasks: ../../../plain-tasks.yaml\n");
        String head = "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - template: {src: marker.j2, dest: \"{{ marker }}\"}\n";
        Path plainTasks = write("a.yaml", head + "    - include_tasks: plain-tasks.yaml\n");
        Path plainRole = write("b.yaml", head + "    - include_role: {name: plain}\n");
        Path platformTasks = write("c.yaml", head + "    - include_tasks: {file: platform-tasks.yaml}\n");
        Path templated = write("d.yaml", head + "    - include_tasks: \"{{ which }}-tasks.yaml\"\n");
        try (Sandbox held = Sandbox.lock(root)) {
            for (Path free : List.of(plainTasks, plainRole)) {
                Run r = run(free);
                assertEquals(0, r.exitCode(), r::all);
                assertTrue(Files.exists(marker), r::all);
                Files.delete(marker);
            }
            for (Path locking : List.of(platformTasks, templated)) {
                Run r = run(locking, "-e", "which=plain");
                assertEquals(2, r.exitCode(), r::all);
                assertTrue(r.err().contains("is in use by another run"), r::all);
                assertFalse(Files.exists(marker), r::all);
            }
        }
    }

    @Test
    void kubernetesRunsTakeNoLock() throws Exception {
        // the Kubernetes task is skipped: no cluster is needed, only the play's platform counts
        Path kube = write("kube.yaml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: Write the marker
                      template: {src: marker.j2, dest: "{{ marker }}"}
                    - name: A region
                      namespace: {name: europe}
                      when: false
                """);
        Path inventory = write("kubernetes.yaml", "all:\n  hosts:\n    localhost:\n  vars:\n    platform: kubernetes\n");
        try (Sandbox held = Sandbox.lock(root)) {
            Run local = run(kube);
            assertEquals(2, local.exitCode(), local::all);
            assertFalse(Files.exists(marker), local::all);

            Run extraVars = run(kube, "-e", "platform=kubernetes");
            assertEquals(0, extraVars.exitCode(), extraVars::all);
            assertTrue(Files.exists(marker), extraVars::all);
            Files.delete(marker);

            Run fromInventory = run(kube, "-i", inventory.toString());
            assertEquals(0, fromInventory.exitCode(), fromInventory::all);
            assertTrue(Files.exists(marker), fromInventory::all);
            Files.delete(marker);

            write("kube-vars.yaml", "platform: kubernetes\n");
            Path withVarsFile = write("kube-vars-files.yaml", Files.readString(kube).replace("  gather_facts: false\n",
                    "  gather_facts: false\n  vars_files: [kube-vars.yaml]\n"));
            Run fromVarsFile = run(withVarsFile);
            assertEquals(0, fromVarsFile.exitCode(), fromVarsFile::all);
            assertTrue(Files.exists(marker), fromVarsFile::all);
        }
        Path none = dir.resolve("never");
        Run r = RunnerHarness.run("--sandbox", none.toString(), "-e", "marker=" + marker, "-e", "platform=kubernetes", kube.toString());
        assertEquals(0, r.exitCode(), r::all);
        assertFalse(Files.exists(none), "a Kubernetes run created the sandbox: " + r.all());
    }

    @Test
    void aSandboxPathThatIsAFileIsRefusedBeforeAnyTask() throws Exception {
        Files.writeString(root, "not a folder");
        for (String[] mode : new String[][] {{}, {"--check"}}) {
            Run r = run(playbook, mode);
            assertEquals(5, r.exitCode(), r::all);
            assertEquals("ERROR! the sandbox path " + root + " is a file, so the sandbox cannot keep its state there: choose another folder"
                    + " with --sandbox DIR or the environment variable MM2DR_SANDBOX, or move the file away", r.err().strip(), r::all);
            assertFalse(r.out().contains("TASK ["), r::all);
            assertFalse(Files.exists(marker), r::all);
            assertEquals("not a folder", Files.readString(root));
        }
        Path below = root.resolve("sub");
        Run r = RunnerHarness.run("--sandbox", below.toString(), "-e", "marker=" + marker, playbook.toString());
        assertEquals(5, r.exitCode(), r::all);
        assertEquals("ERROR! the sandbox folder " + below + " cannot be created because " + root + " is a file: choose another folder"
                + " with --sandbox DIR or the environment variable MM2DR_SANDBOX", r.err().strip(), r::all);
        assertFalse(Files.exists(marker), r::all);
    }
}
