package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @TestFactory
    @SuppressWarnings("unchecked")
    List<DynamicTest> sameAsAnsible() throws IOException {
        Map<String, Object> file = load("filters-vars.yaml");
        Map<String, Object> vars = (Map<String, Object>) file.get("vars");
        List<Map<String, Object>> cases = load("filters-expected.yaml");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            String template = (String) c.get("t");
            tests.add(DynamicTest.dynamicTest(template, () -> {
                if (c.containsKey("pending")) {
                    // written in syntax only the new expression parser reads: skipped until it passes
                    try {
                        check(c, template, vars);
                    } catch (AssertionError | RuntimeException notYet) {
                        Assumptions.abort("needs the " + c.get("pending") + ": " + notYet.getMessage());
                    }
                    return;
                }
                check(c, template, vars);
            }));
        }
        return tests;
    }

    private void check(Map<String, Object> c, String template, Map<String, Object> vars) {
        Map<String, Object> v = new LinkedHashMap<>(vars);
        if (c.containsKey("err")) {
            assertThrows(RuntimeException.class, () -> templar.template(template, v, TemplateContext.NONE),
                    "Ansible: " + c.get("err"));
        } else {
            Object result = templar.template(template, v, TemplateContext.NONE);
            assertEquals(c.get("out"), Templar.render(result));
        }
    }
}
