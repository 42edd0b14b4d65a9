package io.mm2dr.engine.template.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Jinja2 conformance, differentially: Jinja2's own tests (and Ansible's filter and test integration
 * targets) as data, each case's expectation recorded from the real ansible-playbook's template module
 * (engine/src/test/conformance/record_jinja2.py; {@code mvn -Pconformance-record} re-records). Every case is
 * rendered through the runner's template module ({@link TemplateModuleRenderer}) and compared.
 *
 * <p>A case that fails must be listed in known-differences.yaml (id: reason); a listed case that passes
 * fails the test too, so the list stays true. {@code -Dconformance.writeKnownDifferences=true} rewrites
 * the list from the current failures; {@code -Dconformance.filter=TEXT} runs only the cases whose id
 * contains TEXT. Prints "jinja2 conformance: P/N passed (X%)".
 */
class Jinja2ConformanceTest {
    /** The corpus in the source tree (Maven runs tests in the project folder), so re-recording needs no rebuild. */
    static final Path CORPUS = Path.of(System.getProperty("conformance.dir", "src/test/resources/conformance/jinja2"));
    static final Path KNOWN = CORPUS.resolve("known-differences.yaml");
    static final int MAX_SHOWN = 160;

    @TempDir
    Path work;

    @TestFactory
    List<DynamicNode> jinja2Conformance() throws IOException {
        List<Jinja2Case> cases = Jinja2Case.loadAll(CORPUS);
        // -Dconformance.filter=test_filters: only the cases whose id contains it (quick iteration; the list is not rewritten)
        String filter = System.getProperty("conformance.filter", "");
        if (!filter.isEmpty()) {
            cases = cases.stream().filter(c -> c.id().contains(filter)).toList();
        }
        Map<String, String> known = loadKnown();
        TemplateModuleRenderer renderer = new TemplateModuleRenderer(work);

        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, List<DynamicNode>> byFile = new TreeMap<>();
        int n = 0;
        int renders = 0;
        int rendersPassed = 0;
        int errors = 0;
        int errorsPassed = 0;
        int withOptions = 0;
        int withOptionsPassed = 0;
        List<String> ids = new ArrayList<>();
        Map<String, int[]> perFile = new TreeMap<>();
        for (Jinja2Case c : cases) {
            ids.add(c.id());
            String failure = c.recorded() ? check(c, renderer.render(c, n++)) : "not recorded yet (run record_jinja2.py)";
            if (failure != null) {
                failures.put(c.id(), oneLine(failure));
            }
            int[] counts = perFile.computeIfAbsent(c.file(), k -> new int[4]);
            counts[c.ansibleRenders() ? 0 : 2]++;
            counts[c.ansibleRenders() ? 1 : 3] += failure == null ? 1 : 0;
            boolean ok = failure == null;
            if (c.ansibleRenders()) {
                renders++;
                rendersPassed += ok ? 1 : 0;
            } else {
                errors++;
                errorsPassed += ok ? 1 : 0;
            }
            if (!c.options().isEmpty()) {
                withOptions++;
                withOptionsPassed += ok ? 1 : 0;
            }
            String listed = known.get(c.id());
            byFile.computeIfAbsent(c.file(), f -> new ArrayList<>()).add(DynamicTest.dynamicTest(c.id(), () -> {
                if (failure == null) {
                    if (listed != null) {
                        fail("now passes but is listed in known-differences.yaml (remove it): " + c.id());
                    }
                } else {
                    if (listed == null) {
                        fail("new difference from Ansible (fix it, or list it in known-differences.yaml): "
                            + c.id() + ": " + failure);
                    }
                    Assumptions.abort("known difference: " + listed);
                }
            }));
        }
        int passed = n - failures.size();
        System.out.printf("jinja2 conformance: %d/%d passed (%s)%n", passed, cases.size(), pct(passed, cases.size()));
        System.out.printf("jinja2 conformance: cases Ansible renders %d/%d (%s), cases Ansible refuses %d/%d (%s),"
                + " with template module options %d/%d (%s)%n", rendersPassed, renders, pct(rendersPassed, renders),
                errorsPassed, errors, pct(errorsPassed, errors), withOptionsPassed, withOptions, pct(withOptionsPassed, withOptions));

        perFile.forEach((file, f) -> System.out.printf("  %-32s rendered by Ansible %3d/%3d (%s), errors in Ansible %3d/%3d%n",
                file, f[1], f[0], pct(f[1], f[0]), f[3], f[2]));
        if (Boolean.getBoolean("conformance.writeKnownDifferences") && filter.isEmpty()) {
            Map<String, String> previous = known;
            if (!Boolean.getBoolean("conformance.refreshReasons")) {
                failures.replaceAll((id, reason) -> previous.getOrDefault(id, reason)); // a reason already written stays
            }
            writeKnown(failures);
            System.out.printf("jinja2 conformance: wrote %d known differences to %s%n", failures.size(), KNOWN);
            known = loadKnown();
        }
        List<DynamicNode> nodes = new ArrayList<>();
        byFile.forEach((file, tests) -> nodes.add(DynamicContainer.dynamicContainer(file, tests)));
        List<String> unknownIds = new ArrayList<>(known.keySet());
        unknownIds.removeAll(ids);
        if (!filter.isEmpty()) {
            unknownIds.clear();
        }
        nodes.add(DynamicTest.dynamicTest("known-differences.yaml lists only cases of the corpus",
                () -> assertEquals(List.of(), unknownIds, "ids in known-differences.yaml that are no case")));
        if (Boolean.getBoolean("conformance.writeKnownDifferences") && filter.isEmpty()) {
            // the list was just rewritten from this run: the per-case checks above compare with the old list
            return List.of(nodes.get(nodes.size() - 1));
        }
        return nodes;
    }

    /** Null when the runner did what Ansible did, else a one-line reason. */
    static String check(Jinja2Case c, TemplateModuleRenderer.Outcome got) {
        if (c.error()) {
            return got.failed() ? null : "Ansible fails (" + c.errorMessage() + ") but the runner renders " + shown(got.text());
        }
        if (got.failed()) {
            return "Ansible renders " + shown(c.expected()) + " but the runner fails: " + got.error();
        }
        if (!c.expected().equals(got.text())) {
            return "expected " + shown(c.expected()) + " got " + shown(got.text());
        }
        return null;
    }

    static String shown(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\'' -> b.append("\\'");
                default -> b.append(ch);
            }
            if (b.length() > MAX_SHOWN) {
                return b.append("...'").toString();
            }
        }
        return b.append('\'').toString();
    }

    /** One printable line: control characters escaped, at most 300 characters. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
                b.append(String.format("\\x%02x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.length() > 300 ? b.substring(0, 300) + "..." : b.toString();
    }

    static String pct(int a, int b) {
        return b == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * a / b);
    }

    static Map<String, String> loadKnown() throws IOException {
        if (!Files.exists(KNOWN)) {
            return Map.of();
        }
        Object doc = new Yaml(new LoaderOptions()).load(Files.readString(KNOWN, StandardCharsets.UTF_8));
        Map<String, String> out = new LinkedHashMap<>();
        if (doc instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    static void writeKnown(Map<String, String> failures) throws IOException {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setWidth(Integer.MAX_VALUE);
        o.setSplitLines(false);
        String header = """
                # Jinja2 conformance cases where the runner differs from ansible-playbook 2.14 (id: reason).
                # Jinja2ConformanceTest fails when a case fails and is not listed here, and when a listed case passes.
                # Regenerate from the current failures (reasons already listed are kept, unless -Dconformance.refreshReasons=true;
                # new ones are the failure message):
                #   flock /tmp/mvn.lock mvn -q -B -o test -Dtest=Jinja2ConformanceTest -Dsurefire.failIfNoSpecifiedTests=false \\
                #     -Dconformance.writeKnownDifferences=true
                """;
        Files.writeString(KNOWN, header + (failures.isEmpty() ? "{}\n" : new Yaml(o).dump(failures)), StandardCharsets.UTF_8);
    }
}
