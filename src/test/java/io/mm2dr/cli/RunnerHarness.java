package io.mm2dr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the command line in-process and captures everything a user or CI stage would see. */
public final class RunnerHarness {
    private RunnerHarness() {
    }

    public record Run(int exitCode, String out, String err, Map<String, Object> report, String junit) {
        public String all() {
            return out + "\n" + err + "\n" + report + "\n" + junit;
        }

        /** The recap line counters of a host, e.g. {ok=3, changed=1, ...}. */
        public Map<String, Integer> recap(String host) {
            Pattern line = Pattern.compile("^" + Pattern.quote(host) + "\\s+: (.*)$", Pattern.MULTILINE);
            Matcher m = line.matcher(out);
            Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            if (last == null) {
                throw new AssertionError("no PLAY RECAP line for " + host + " in:\n" + out + "\n" + err);
            }
            Matcher kv = Pattern.compile("(\\w+)=(\\d+)").matcher(last);
            while (kv.find()) {
                counts.put(kv.group(1), Integer.parseInt(kv.group(2)));
            }
            return counts;
        }

        public int changed() {
            return recap("localhost").get("changed");
        }

        /** The result of the last task with this name on localhost, from the JSON report. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> result(String taskName) {
            Map<String, Object> found = null;
            for (Object p : (List<Object>) report.getOrDefault("plays", List.of())) {
                for (Object t : (List<Object>) ((Map<String, Object>) p).get("tasks")) {
                    Map<String, Object> tm = (Map<String, Object>) t;
                    if (taskName.equals(tm.get("name"))) {
                        Map<String, Object> hosts = (Map<String, Object>) tm.get("hosts");
                        found = (Map<String, Object>) ((Map<String, Object>) hosts.get("localhost")).get("result");
                    }
                }
            }
            if (found == null) {
                throw new AssertionError("no task '" + taskName + "' in the report:\n" + out + "\n" + err);
            }
            return found;
        }

        @SuppressWarnings("unchecked")
        public Map<String, Integer> reportStats(String host) {
            return (Map<String, Integer>) ((Map<String, Object>) report.get("stats")).get(host);
        }
    }

    public static Run run(String... args) {
        return run(null, args);
    }

    /** Runs with JSON and JUnit reports written to {@code reportDir} (a temp folder when null). */
    @SuppressWarnings("unchecked")
    public static Run run(Path reportDir, String... args) {
        try {
            Path dir = reportDir != null ? reportDir : Files.createTempDirectory("runner-test");
            Path json = dir.resolve("report.json");
            Path junit = dir.resolve("report.xml");
            Files.deleteIfExists(json);
            Files.deleteIfExists(junit);
            List<String> all = new ArrayList<>(List.of("--report-json", json.toString(), "--report-junit", junit.toString()));
            if (!Arrays.asList(args).contains("--color")) {
                all.addAll(List.of("--color", "never"));
            }
            all.addAll(Arrays.asList(args));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            // as java -jar runs it: Main reads a common command line without picocli, anything else with it
            int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false,
                    all.toArray(String[]::new));
            Map<String, Object> report = Files.exists(json) ? new ObjectMapper().readValue(json.toFile(), Map.class) : Map.of();
            String junitText = Files.exists(junit) ? Files.readString(junit) : "";
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), report, junitText);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code runner sandbox ARGS...} (status, logs, down). */
    public static Run sandbox(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SandboxCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), Map.of(), "");
    }

    /** Runs {@code runner ARGS...} exactly as {@code java -jar runner.jar ARGS...} chooses between a playbook run and {@code sandbox}. */
    public static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), Map.of(), "");
    }

    public static Path resource(String name) {
        Path p = Path.of("src/test/resources").resolve(name);
        if (!Files.exists(p)) {
            throw new AssertionError("missing test resource " + p);
        }
        return p;
    }
}
