package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runner completion bash|zsh}: the script is sourced into a real bash, which is asked to
 * complete command lines as it would on TAB (COMP_WORDS, COMP_CWORD, then the completion function);
 * the zsh script is checked by zsh where it is installed, else by bash (it is the bash script
 * behind zsh's bashcompinit).
 */
class CompletionCommandTest {
    @TempDir
    Path dir;

    private Path script(String shell) throws IOException {
        RunnerHarness.Run r = RunnerHarness.cli("completion", shell);
        assertEquals(0, r.exitCode(), r::all);
        Path file = dir.resolve("runner." + shell);
        Files.writeString(file, r.out());
        return file;
    }

    /** What bash offers for {@code words}, the last one being completed. */
    private List<String> complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w.replace("'", "'\\''")).append('\'');
        }
        String program = "source '" + script + "' && COMP_WORDS=(" + array + ") && COMP_CWORD=" + (words.length - 1)
                + " && " + CompletionCommand.FUNCTION + " && printf '%s\\n' \"${COMPREPLY[@]}\"";
        List<String> lines = new ArrayList<>();
        for (String line : run(List.of("bash", "--norc", "--noprofile", "-c", program)).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash did not finish: " + command);
        assertEquals(0, p.exitValue(), () -> "exit code of " + command + "\n" + out);
        return out;
    }

    @Test
    void bashCompletesOptionsCommandsAndPlaybooks() throws Exception {
        Path bash = script("bash");
        Files.writeString(dir.resolve("site.yaml"), "- hosts: localhost\n");
        Files.writeString(dir.resolve("other.yml"), "- hosts: localhost\n");
        Files.writeString(dir.resolve("notes.txt"), "not a playbook\n");
        Files.createDirectories(dir.resolve("playbooks"));

        assertTrue(complete(bash, "runner", "--ch").contains("--check"));
        List<String> options = complete(bash, "runner", "-");
        for (String o : List.of("--check", "--diff", "--inventory", "--extra-vars", "--report-junit", "--sandbox", "-v", "--version", "--help")) {
            assertTrue(options.contains(o), o + " in " + options);
        }
        List<String> first = complete(bash, "runner", "");
        assertTrue(first.containsAll(List.of("sandbox", "completion", "site.yaml", "other.yml", "playbooks")), first.toString());
        assertFalse(first.contains("notes.txt"), first.toString());
        assertEquals(List.of("sandbox"), complete(bash, "runner", "sa"));
        assertEquals(List.of("status"), complete(bash, "runner", "sandbox", "st"));
        assertEquals(List.of("status"), complete(bash, "runner", "--sandbox", "/tmp/x", "sandbox", "st"));
        assertTrue(complete(bash, "runner", "sandbox", "status", "--").contains("--json"));
        assertTrue(complete(bash, "runner", "sandbox", "logs", "-").containsAll(List.of("--follow", "--lines")));
        assertEquals(List.of("bash"), complete(bash, "runner", "completion", "b"));
        assertEquals(List.of("never"), complete(bash, "runner", "--color", "n"));
        assertEquals(List.of("playbooks"), complete(bash, "runner", "--sandbox", "pl"));
        assertEquals(List.of("@site.yaml"), complete(bash, "runner", "-e", "@si"));
        // after options and a playbook: more playbooks
        assertTrue(complete(bash, "runner", "-C", "-i", "inv.yaml", "site.yaml", "o").contains("other.yml"));
    }

    @Test
    void theZshScriptIsTheBashOneThroughBashcompinitAndParses() throws Exception {
        Path zsh = script("zsh");
        String text = Files.readString(zsh);
        assertTrue(text.contains("bashcompinit"), text);
        assertTrue(text.contains(CompletionCommand.bash()), "the zsh script carries the bash one");
        boolean hasZsh = List.of("/bin/zsh", "/usr/bin/zsh").stream().anyMatch(p -> Files.isExecutable(Path.of(p)));
        run(List.of(hasZsh ? "zsh" : "bash", "-n", zsh.toString()));
        run(List.of("bash", "-n", script("bash").toString()));
    }

    @Test
    void aMissingOrUnknownShellIsAUsageError() {
        for (String[] args : new String[][] {{"completion"}, {"completion", "fish"}, {"completion", "bash", "extra"}}) {
            RunnerHarness.Run r = RunnerHarness.cli(args);
            assertEquals(5, r.exitCode(), r::all);
            assertTrue(r.err().contains("Usage: runner completion bash|zsh"), r::all);
        }
        RunnerHarness.Run help = RunnerHarness.cli("completion", "--help");
        assertEquals(0, help.exitCode(), help::all);
        assertTrue(help.out().contains("~/.bashrc") && help.out().contains("~/.zshrc"), help::all);
    }
}
