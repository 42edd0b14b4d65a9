package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of bad playbooks under src/test/resources/playbooks/bad. Each declares the exit code
 * ({@code # expect-exit:}), a part of the message ({@code # expect-error:}) and the line the
 * message must point at ({@code # expect-line:}). No stack trace may be printed.
 */
class BadInputTest {
    /** Runs with a platform task lock their sandbox before the first task: one of their own, not ./.sandbox. */
    @TempDir
    Path sandbox;

    static Stream<Path> playbooks() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/playbooks/bad"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().startsWith("_")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("playbooks")
    void oneClearErrorWithFileAndLine(Path playbook) throws IOException {
        List<String> header = Files.readAllLines(playbook).stream().takeWhile(l -> l.startsWith("#")).toList();
        int exit = Integer.parseInt(value(header, "expect-exit"));
        String error = value(header, "expect-error");
        int line = Integer.parseInt(value(header, "expect-line"));
        RunnerHarness.Run run = RunnerHarness.run("--sandbox", sandbox.resolve("sandbox").toString(), playbook.toString());
        String all = run.out() + run.err();
        String context = playbook + "\n--- stdout\n" + run.out() + "\n--- stderr\n" + run.err();
        assertEquals(exit, run.exitCode(), context);
        assertTrue(all.contains(error), "message '" + error + "' expected in " + context);
        String name = Pattern.quote(playbook.getFileName().toString());
        assertTrue(Pattern.compile(name + "(:" + line + ":|': line " + line + ",)").matcher(all).find(),
                "file and line " + line + " expected in " + context);
        assertFalse(all.contains("\tat ") || all.contains("Exception"), "no stack trace below -vvv: " + context);
    }

    private static String value(List<String> header, String key) {
        return header.stream().filter(l -> l.startsWith("# " + key + ":")).map(l -> l.substring(key.length() + 3).trim())
                .findFirst().orElseThrow(() -> new AssertionError("missing # " + key + ":"));
    }
}
