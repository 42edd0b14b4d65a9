package io.mm2dr.modules.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A copy of the project's drill (playbooks/ and roles/) in a folder of its own, so that a test can
 * change its topology without touching the real one.
 */
final class DrillCopy {
    static final List<String> STAGES = List.of("initial-setup", "region-loss", "recreate-from-backup", "resume-applications",
            "setup-new-backup", "shared-aggregate");

    private final Path root;

    private DrillCopy(Path root) {
        this.root = root;
    }

    static DrillCopy of(Path dir) {
        try {
            for (String folder : List.of("playbooks", "roles")) {
                Path from = Path.of(folder);
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : files.toList()) {
                        Path to = dir.resolve(from.relativize(f).toString().isEmpty() ? folder : folder + "/" + from.relativize(f));
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(f, to);
                        }
                    }
                }
            }
            return new DrillCopy(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    Path playbook(String stage) {
        return root.resolve("playbooks/" + stage + ".yaml");
    }

    Path file(String relative) {
        return root.resolve(relative);
    }

    /** Replaces the one occurrence of {@code find} in a file of the copy. */
    DrillCopy replace(String relative, String find, String replacement) {
        Path f = file(relative);
        try {
            String text = Files.readString(f);
            int at = text.indexOf(find);
            assertTrue(at >= 0, () -> "'" + find + "' is not in " + relative + " any more: update the test");
            assertEquals(-1, text.indexOf(find, at + 1), () -> "'" + find + "' is in " + relative + " more than once: update the test");
            Files.writeString(f, text.substring(0, at) + replacement + text.substring(at + find.length()));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based number of the line holding the {@code occurrence}-th (1-based) {@code text} of a file of the copy. */
    int lineOf(String relative, String text, int occurrence) {
        try {
            List<String> lines = Files.readAllLines(file(relative));
            int seen = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text) && ++seen == occurrence) {
                    return i + 1;
                }
            }
            throw new AssertionError("'" + text + "' (occurrence " + occurrence + ") is not in " + relative);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A playbook beside the stage's with the stage's first play reduced to its first task, which
     * must be the topology check: the check exactly as the stage runs it, and nothing else.
     */
    @SuppressWarnings("unchecked")
    Path firstTaskOnly(String stage) {
        try {
            List<Object> plays = new Yaml().load(Files.readString(playbook(stage)));
            Map<String, Object> play = (Map<String, Object>) plays.get(0);
            List<Object> tasks = (List<Object>) play.get("tasks");
            Map<String, Object> first = (Map<String, Object>) tasks.get(0);
            assertTrue(first.containsKey("topology_check"), () -> stage + ".yaml: the first task is not the topology check: " + first);
            assertEquals(List.of("always"), first.get("tags"), stage + ".yaml: the topology check must run whatever --tags say");
            Map<String, Object> reduced = new LinkedHashMap<>(play);
            reduced.remove("pre_tasks");
            reduced.remove("roles");
            reduced.put("tasks", List.of(first));
            DumperOptions o = new DumperOptions();
            o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Path out = root.resolve("playbooks/" + stage + "-first-task.yaml");
            Files.writeString(out, new Yaml(o).dump(List.of(reduced)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
