package io.mm2dr.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm2dr.cli.RunnerHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every playbook of the conformance corpus (src/test/resources/conformance/playbooks) with
 * the runner and compares what it did with what ansible-playbook 2.14 did, as recorded by
 * src/test/conformance/record_playbooks.py in expectations.json: the exit code, the PLAY RECAP
 * counters of every run (a second run checks idempotency), the output lines a playbook selects,
 * and the essence of an expected error. known-differences.txt lists the playbooks that still
 * differ, each with its reason; a playbook that differs and is not listed fails, and so does a
 * listed one that no longer differs.
 */
class PlaybookConformanceTest {
    static final Path ROOT = Path.of("src/test/resources/conformance/playbooks").toAbsolutePath().normalize();
    private static final Pattern HEADER = Pattern.compile("^# conformance: (\\w+)=(.*)$");
    private static final Pattern RECAP = Pattern.compile("^localhost\\s+: (.*)$", Pattern.MULTILINE);

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        Map<String, Object> expectations = readExpectations();
        Map<String, String> known = knownDifferences();
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : new TreeMap<>(expectations).keySet()) {
            tests.add(DynamicTest.dynamicTest(name, () -> check(name, expectations.get(name), known.get(name))));
        }
        for (String name : known.keySet()) {
            if (!expectations.containsKey(name)) {
                tests.add(DynamicTest.dynamicTest(name, () -> fail("known-differences.txt lists " + name + ", which is not in the corpus")));
            }
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private static void check(String name, Object expected, String knownReason) throws IOException {
        String difference = difference(name, (List<Map<String, Object>>) ((Map<String, Object>) expected).get("runs"));
        if (difference != null && knownReason == null) {
            fail(name + " differs from ansible-playbook (not in known-differences.txt):\n" + difference);
        }
        if (difference == null && knownReason != null) {
            fail(name + " now behaves as ansible-playbook does: remove it from known-differences.txt (" + knownReason + ")");
        }
    }

    /** What differs between the runner and the recorded runs, or null when nothing does. */
    static String difference(String name, List<Map<String, Object>> runs) throws IOException {
        Map<String, String> header = header(ROOT.resolve(name));
        Path outDir = Files.createTempDirectory("conf-");
        List<String> args = new ArrayList<>(List.of("-e", "out_dir=" + outDir));
        if (header.containsKey("args")) {
            args.addAll(Arrays.asList(header.get("args").trim().split("\\s+")));
        }
        args.add(ROOT.resolve(name).toString());
        StringBuilder diff = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            Map<String, Object> want = runs.get(i);
            RunnerHarness.Run run = RunnerHarness.run(args.toArray(String[]::new));
            String out = normalise(run.out(), outDir);
            String all = out + "\n" + normalise(run.err(), outDir);
            Map<String, Object> got = new LinkedHashMap<>();
            got.put("rc", run.exitCode());
            Matcher m = RECAP.matcher(out);
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            if (last != null) {
                Map<String, Integer> recap = new TreeMap<>();
                Matcher kv = Pattern.compile("(\\w+)=(\\d+)").matcher(last);
                while (kv.find()) {
                    recap.put(kv.group(1), Integer.parseInt(kv.group(2)));
                }
                got.put("recap", recap);
            }
            if (header.containsKey("lines")) {
                Pattern p = Pattern.compile(header.get("lines"));
                got.put("lines", out.lines().filter(l -> p.matcher(l).find()).map(String::stripTrailing).toList());
            }
            String runName = "run " + (i + 1) + ": ";
            for (String key : List.of("rc", "recap", "lines")) {
                Object w = want.get(key);
                Object g = got.get(key);
                if (w != null && !w.equals(g)) {
                    diff.append(runName).append(key).append(": ansible ").append(w).append(", runner ").append(g).append('\n');
                }
            }
            if (header.containsKey("error")
                    && !Pattern.compile(header.get("error"), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(all).find()) {
                diff.append(runName).append("error /").append(header.get("error")).append("/ not in the output\n");
            }
            if (!diff.isEmpty()) {
                diff.append("--- runner output of ").append(runName).append('\n').append(all);
                break;
            }
        }
        return diff.isEmpty() ? null : diff.toString();
    }

    static String normalise(String text, Path outDir) {
        return text.replaceAll("\"(delta|start|end)\": \"[^\"]*\"", "\"$1\": \"<TIME>\"")
                .replace(outDir.toString(), "<OUT>").replace(ROOT.toString(), "<DIR>");
    }

    static Map<String, String> header(Path playbook) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        for (String line : Files.readAllLines(playbook)) {
            Matcher m = HEADER.matcher(line);
            if (m.matches()) {
                h.put(m.group(1), m.group(2));
            } else if (!line.startsWith("#")) {
                break;
            }
        }
        return h;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readExpectations() throws IOException {
        return new ObjectMapper().readValue(ROOT.resolve("expectations.json").toFile(), Map.class);
    }

    /** known-differences.txt: {@code playbook.yml: reason} per line, # comments. */
    static Map<String, String> knownDifferences() throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("known-differences.txt"))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            known.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
        }
        return known;
    }
}
