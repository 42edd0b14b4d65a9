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
}
