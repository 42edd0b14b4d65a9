package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One playbook per language feature under src/test/resources/playbooks/features. Each playbook
 * asserts its own facts with {@code assert} tasks, and declares in its header the recap and exit
 * code it must end with ({@code # expect: ok=.. exit=..}) and its command-line arguments
 * ({@code # args: ...}). Each runs twice: the second run must end the same way (idempotency of
 * the engine itself: nothing left behind changes the outcome).
 */
class LanguageFeaturesTest {
    /** A templated include may call anything, so its run locks a sandbox: one of its own, not ./.sandbox. */
    @TempDir
    Path sandbox;

    static Stream<Path> playbooks() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/playbooks/features"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("inventory.yaml"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("playbooks")
    void playbookEndsAsDeclared(Path playbook) throws IOException {
        List<String> header = Files.readAllLines(playbook).stream().takeWhile(l -> l.startsWith("#")).toList();
        Map<String, Integer> expected = new LinkedHashMap<>();
        List<String> args = new ArrayList<>(List.of("--sandbox", sandbox.resolve("sandbox").toString()));
        for (String line : header) {
            if (line.startsWith("# expect:")) {
                for (String kv : line.substring("# expect:".length()).trim().split("\\s+")) {
                    String[] parts = kv.split("=");
                    expected.put(parts[0], Integer.parseInt(parts[1]));
                }
            } else if (line.startsWith("# args:")) {
                args.addAll(List.of(line.substring("# args:".length()).trim().split("\\s+")));
            }
        }
        if (expected.isEmpty()) {
            throw new AssertionError(playbook + " has no '# expect:' header");
        }
        args.add(playbook.toString());
        for (int round = 1; round <= 2; round++) {
            RunnerHarness.Run run = RunnerHarness.run(args.toArray(String[]::new));
            String context = "run " + round + " of " + playbook + "\n--- stdout\n" + run.out() + "\n--- stderr\n" + run.err();
            assertEquals(expected.get("exit"), run.exitCode(), context);
            Map<String, Integer> recap = run.recap("localhost");
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                if (!e.getKey().equals("exit")) {
                    assertEquals(e.getValue(), recap.get(e.getKey()), e.getKey() + " in " + context);
                }
            }
            assertEquals(recap, run.reportStats("localhost"), "the JSON report's recap matches the console's");
        }
    }
}
