package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sandbox} commands without brokers: bad input gets one clear message, down removes only the sandbox's own files. */
class SandboxCommandTest {
    @TempDir
    Path dir;

    @Test
    void noSandboxIsSaidPlainly() {
        Path none = dir.resolve("none");
        Run status = RunnerHarness.sandbox("status", "--sandbox", none.toString());
        assertEquals(0, status.exitCode(), status::all);
        assertTrue(status.out().contains("No sandbox at " + none), status::all);
        Run logs = RunnerHarness.sandbox("logs", "consumer", "--sandbox", none.toString());
        assertEquals(1, logs.exitCode(), logs::all);
        assertEquals("ERROR! no sandbox at " + none, logs.err().strip());
        Run down = RunnerHarness.sandbox("down", "--sandbox", none.toString());
        assertEquals(0, down.exitCode(), down::all);
        assertFalse(Files.exists(none));
    }

    @Test
    void anUnknownLogNamesTheLogsThereAre() throws Exception {
        Path root = dir.resolve("sb");
        Files.createDirectories(root.resolve("europe/apps/consumer-eu"));
        Files.writeString(root.resolve("europe/namespace.json"), "{\"name\":\"europe\"}");
        Files.writeString(root.resolve("europe/apps/consumer-eu/consumer-eu.log"), "line 1\nline 2\n");
        Run logs = RunnerHarness.sandbox("logs", "nope", "--sandbox", root.toString());
        assertEquals(1, logs.exitCode(), logs::all);
        assertEquals("ERROR! no log named nope in the sandbox " + root + "; there are: europe/consumer-eu", logs.err().strip());
        assertFalse(logs.all().contains("Exception"), logs::all);
        Run ok = RunnerHarness.sandbox("logs", "europe/consumer-eu", "-n", "1", "--sandbox", root.toString());
        assertEquals("line 2", ok.out().strip(), ok::all);
        // an app whose creation was cut short (killed before its state was written) is still a row of the status
        Run status = RunnerHarness.sandbox("status", "--sandbox", root.toString());
        assertEquals(0, status.exitCode(), status::all);
        assertTrue(status.out().lines().anyMatch(l -> l.contains("consumer-eu") && l.contains("paused")), status::all);
        assertFalse(status.all().contains("Exception") || status.all().contains("ERROR"), status::all);
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run r = RunnerHarness.sandbox("logs", "--sandbox", dir.toString());
        assertEquals(5, r.exitCode(), r::all);
        assertTrue(r.err().startsWith("ERROR! Missing required parameter: 'NAME'"), r::all);
        Run unknown = RunnerHarness.sandbox("stop");
        assertEquals(5, unknown.exitCode(), unknown::all);
    }

    @Test
    void downRemovesOnlyWhatTheSandboxOwns() throws Exception {
        Path root = dir.resolve("shared");
        Files.createDirectories(root.resolve("europe/secrets"));
        Files.writeString(root.resolve("europe/namespace.json"), "{\"name\":\"europe\"}");
        Files.writeString(root.resolve("ports.json"), "{}");
        Files.writeString(root.resolve("notes.txt"), "mine");
        Run down = RunnerHarness.sandbox("down", "--sandbox", root.toString());
        assertEquals(0, down.exitCode(), down::all);
        assertFalse(Files.exists(root.resolve("europe")));
        assertFalse(Files.exists(root.resolve("ports.json")));
        assertFalse(Files.exists(root.resolve(".lock")));
        assertEquals("mine", Files.readString(root.resolve("notes.txt")));
        Files.delete(root.resolve("notes.txt"));
        Run again = RunnerHarness.sandbox("down", "--sandbox", root.toString());
        assertEquals(0, again.exitCode(), again::all);
        assertFalse(Files.exists(root));
    }

    private Path sandboxWithALog() throws Exception {
        Path root = dir.resolve("sb");
        Files.createDirectories(root.resolve("europe/apps/consumer-eu"));
        Files.writeString(root.resolve("europe/namespace.json"), "{\"name\":\"europe\"}");
        Files.writeString(root.resolve("europe/apps/consumer-eu/consumer-eu.log"), "line 1\nline 2\n");
        return root;
    }

    @Test
    void optionsBeforeSandboxAreTheSandboxCommandsOptions() throws Exception {
        Path root = sandboxWithALog();
        for (String[] args : new String[][] {
            {"--sandbox", root.toString(), "sandbox", "logs", "europe/consumer-eu", "-n", "1"},
            {"--sandbox=" + root, "sandbox", "logs", "europe/consumer-eu", "-n", "1"},
            {"--color", "never", "-vv", "--sandbox", root.toString(), "sandbox", "logs", "europe/consumer-eu", "-n", "1"},
            {"--color=always", "-v", "--sandbox", root.toString(), "sandbox", "logs", "-n", "1", "europe/consumer-eu"},
            {"sandbox", "logs", "europe/consumer-eu", "-n", "1", "--sandbox", root.toString()},
            {"sandbox", "--sandbox", root.toString(), "logs", "europe/consumer-eu", "-n", "1", "--color", "never"},
        }) {
            Run r = RunnerHarness.cli(args);
            assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\n" + r.all());
            assertEquals("line 2", r.out().strip(), () -> String.join(" ", args) + "\n" + r.all());
        }
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Run status = RunnerHarness.cli("--sandbox", empty.toString(), "sandbox", "status", "--json");
        assertEquals(0, status.exitCode(), status::all);
        assertTrue(status.out().contains("\"sandbox\" : \"" + empty + "\""), status::all);
        Path other = dir.resolve("other");
        Run down = RunnerHarness.cli("--sandbox", other.toString(), "sandbox", "down");
        assertEquals("No sandbox at " + other + ": nothing to do.", down.out().strip(), down::all);
        assertTrue(Files.exists(root.resolve("europe/namespace.json")), "down went to the default sandbox: " + down.all());
    }

    @Test
    void optionsOfPlaybookRunsBeforeSandboxAreRefused() throws Exception {
        Path root = sandboxWithALog();
        for (String[] bad : new String[][] {
            {"-i", "inventory.yaml", "--sandbox", root.toString(), "sandbox", "down"},
            {"--check", "--sandbox", root.toString(), "sandbox", "down"},
            {"-Cv", "--sandbox", root.toString(), "sandbox", "down"},
            {"--extra-vars=x=1", "--sandbox", root.toString(), "sandbox", "down"},
        }) {
            Run r = RunnerHarness.cli(bad);
            assertEquals(5, r.exitCode(), () -> String.join(" ", bad) + "\n" + r.all());
            assertTrue(r.err().startsWith("ERROR! option '-"), r::all);
            assertTrue(r.err().contains("is an option of playbook runs: it does not apply to 'sandbox'"), r::all);
            assertTrue(r.err().contains("Usage: runner [--sandbox DIR] sandbox status"), r::all);
            assertTrue(Files.exists(root.resolve("europe/namespace.json")), "down ran: " + r.all());
        }
        Run inventory = RunnerHarness.cli("-i", "inventory.yaml", "sandbox", "status");
        assertTrue(inventory.err().startsWith("ERROR! option '--inventory' is an option of playbook runs"), inventory::all);
        Run unknown = RunnerHarness.cli("--bogus", "sandbox", "status");
        assertEquals(5, unknown.exitCode(), unknown::all);
        assertTrue(unknown.err().startsWith("ERROR! Unknown option: '--bogus'"), unknown::all);
        Run color = RunnerHarness.cli("--color", "sometimes", "--sandbox", root.toString(), "sandbox", "status");
        assertEquals(5, color.exitCode(), color::all);
        assertTrue(color.err().contains("--color"), color::all);
        // an option's value or what follows '--' is never the subcommand
        Run value = RunnerHarness.cli("-e", "sandbox", "status");
        assertEquals(1, value.exitCode(), value::all);
        assertTrue(value.err().contains("the playbook: status could not be found"), value::all);
        Run dashes = RunnerHarness.cli("--", "sandbox");
        assertEquals(1, dashes.exitCode(), dashes::all);
        assertTrue(dashes.err().contains("the playbook: sandbox could not be found"), dashes::all);
    }

    @Test
    void aSandboxPathThatIsAFileSaysWhyAndWhatToDo() throws Exception {
        Path file = dir.resolve("sandbox.txt");
        Files.writeString(file, "mine");
        String message = "ERROR! the sandbox path " + file + " is a file, so the sandbox cannot keep its state there: choose another folder"
                + " with --sandbox DIR or the environment variable MM2DR_SANDBOX, or move the file away";
        for (String[] args : new String[][] {{"status"}, {"status", "--json"}, {"logs", "consumer"}, {"down"}}) {
            Run r = RunnerHarness.cli(java.util.stream.Stream.concat(java.util.stream.Stream.of("--sandbox", file.toString(), "sandbox"),
                    java.util.Arrays.stream(args)).toArray(String[]::new));
            assertEquals(5, r.exitCode(), () -> String.join(" ", args) + "\n" + r.all());
            assertEquals(message, r.err().strip(), r::all);
            assertEquals("", r.out(), r::all);
            assertEquals("mine", Files.readString(file));
        }
        Path below = file.resolve("sandbox");
        Run r = RunnerHarness.sandbox("status", "--sandbox", below.toString());
        assertEquals(5, r.exitCode(), r::all);
        assertEquals("ERROR! the sandbox folder " + below + " cannot be created because " + file + " is a file: choose another folder"
                + " with --sandbox DIR or the environment variable MM2DR_SANDBOX", r.err().strip(), r::all);
    }

    @Test
    void aSandboxFolderThatCannotBeWrittenSaysSo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "the super user can write anywhere: nothing to see as root");
        Path root = sandboxWithALog();
        Path readOnly = dir.resolve("read-only");
        Files.createDirectories(readOnly);
        try {
            root.toFile().setWritable(false, false);
            readOnly.toFile().setWritable(false, false);
            Run down = RunnerHarness.cli("--sandbox", root.toString(), "sandbox", "down");
            assertEquals(5, down.exitCode(), down::all);
            assertEquals("ERROR! the sandbox folder " + root + " is not writable by this user:"
                    + " choose another folder with --sandbox DIR or the environment variable MM2DR_SANDBOX, or make it writable",
                    down.err().strip(), down::all);
            Run status = RunnerHarness.cli("--sandbox", root.toString(), "sandbox", "status");
            assertEquals(0, status.exitCode(), status::all);
            Path inside = readOnly.resolve("sandbox");
            Path book = dir.resolve("play.yaml");
            Files.writeString(book, "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - namespace: {name: europe}\n");
            Run run = RunnerHarness.run("--sandbox", inside.toString(), book.toString());
            assertEquals(5, run.exitCode(), run::all);
            assertEquals("ERROR! the sandbox folder " + inside + " cannot be created because " + readOnly + " is not writable by this user:"
                    + " choose another folder with --sandbox DIR or the environment variable MM2DR_SANDBOX", run.err().strip(), run::all);
        } finally {
            root.toFile().setWritable(true, true);
            readOnly.toFile().setWritable(true, true);
        }
    }
}
