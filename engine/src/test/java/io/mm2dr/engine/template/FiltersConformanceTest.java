package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Filters and tests against the real tool: each template of {@code conformance/filters-cases.txt}
 * rendered by ansible-core 2.14 / Jinja2 3.1.2 (recorded in {@code filters-expected.yaml} by
 * {@code record_filters.py}) must render the same text here, or fail when the real tool failed.
 */
class FiltersConformanceTest {
    private final Templar templar = new Templar();

    @SuppressWarnings("unchecked")
    private static <T> T load(String name) throws IOException {
        try (InputStream in = FiltersConformanceTest.class.getResourceAsStream("/conformance/" + name)) {
            return (T) new Yaml().load(in);
        }
    }

    private TemplateContext context = TemplateContext.NONE;

    @TestFactory
    List<DynamicTest> sameAsAnsible() throws IOException {
        return cases("filters", Map.of());
    }

    /** Lookups, with conformance/lookups-files as the playbook folder (recorded the same way). */
    @TestFactory
    List<DynamicTest> lookupsSameAsAnsible() throws Exception {
        java.nio.file.Path files = java.nio.file.Path.of(
                FiltersConformanceTest.class.getResource("/conformance/lookups-files").toURI());
        context = new TemplateContext(List.of(files));
        return cases("lookups", Map.of("playbook_dir", files.toString()));
    }

    @SuppressWarnings("unchecked")
    private List<DynamicTest> cases(String name, Map<String, Object> extra) throws IOException {
        Map<String, Object> file = load(name + "-vars.yaml");
        Map<String, Object> vars = new LinkedHashMap<>((Map<String, Object>) file.get("vars"));
        vars.putAll(extra);
        List<Map<String, Object>> cases = load(name + "-expected.yaml");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            String template = (String) c.get("t");
            tests.add(DynamicTest.dynamicTest(template, () -> {
                if (c.containsKey("pending")) {
                    // a known difference (marked '@cause' in the cases file): it must still differ
                    try {
                        check(c, template, vars);
                    } catch (AssertionError | RuntimeException stillDiffers) {
                        Assumptions.abort("known difference (" + c.get("pending") + "): " + stillDiffers.getMessage());
                    }
                    fail("marked as a known difference (" + c.get("pending") + ") but now agrees with Ansible: "
                            + "remove the marker and re-record");
                }
                check(c, template, vars);
            }));
        }
        return tests;
    }

    private void check(Map<String, Object> c, String template, Map<String, Object> vars) {
        Map<String, Object> v = new LinkedHashMap<>(vars);
        if (c.containsKey("err")) {
            assertThrows(RuntimeException.class, () -> templar.template(template, v, context),
                    "Ansible: " + c.get("err"));
        } else {
            Object result = templar.template(template, v, context);
            assertEquals(c.get("out"), Templar.render(result));
        }
    }
}
