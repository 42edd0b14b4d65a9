package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Jinja2 expressions in playbook strings, against what ansible-core's templar answered for the same
 * case (recorded by engine/src/test/conformance/record_expressions.py into conformance/expressions.yaml):
 * the text Ansible renders, or an error. A case may carry {@code difference: reason}; it must then
 * still differ, so the list of differences stays true.
 */
class ExpressionConformanceTest {
    private final Templar templar = new Templar();

    @TestFactory
    Stream<DynamicTest> casesAgreeWithAnsible() throws Exception {
        List<Map<String, Object>> cases;
        try (InputStream in = getClass().getResourceAsStream("/conformance/expressions.yaml")) {
            cases = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            String template = (String) c.get("template");
            tests.add(DynamicTest.dynamicTest(template, () -> check(c)));
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private void check(Map<String, Object> c) {
        String template = (String) c.get("template");
        Map<String, Object> vars = new LinkedHashMap<>();
        if (c.get("vars") != null) {
            vars.putAll((Map<String, Object>) c.get("vars"));
        }
        String difference = (String) c.get("difference");
        if (difference != null) {
            assertThrows(Throwable.class, () -> agree(c, template, vars),
                    "listed as a difference (" + difference + ") but now agrees with Ansible: remove the mark");
            return;
        }
        agree(c, template, vars);
    }

    private void agree(Map<String, Object> c, String template, Map<String, Object> vars) {
        if (c.containsKey("error")) {
            TemplateError e = assertThrows(TemplateError.class, () -> templar.template(template, vars, TemplateContext.NONE),
                    "Ansible fails with: " + c.get("error"));
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                fail("an error without a message");
            }
            return;
        }
        Object out = templar.template(template, vars, TemplateContext.NONE);
        assertEquals(c.get("expected"), Templar.render(out), template);
    }
}
