package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LazyVariablesTest extends TemplarTestSupport {

    @Test
    void variablesHoldingTemplatesAreRenderedRecursively() {
        Map<String, Object> vars = map("a", "{{ b }}-x", "b", "{{ c }}", "c", 1);
        assertEquals("1-x", t("{{ a }}", vars));
        assertEquals(1L, t("{{ b }}", vars));
        assertEquals("1-x!", t("{{ a }}!", vars));
    }

    @Test
    void templatesInsideDictAndListVariables() {
        Map<String, Object> vars = map(
                "prefix", "na",
                "cluster", map("name", "{{ prefix }}-es", "topics", List.of("{{ prefix }}.ORDERS", "PLAIN")),
                "ports", List.of("{{ 9000 + 92 }}"));
        assertEquals("na-es", t("{{ cluster.name }}", vars));
        assertEquals("na.ORDERS", t("{{ cluster.topics[0] }}", vars));
        assertEquals(Map.of("name", "na-es", "topics", List.of("na.ORDERS", "PLAIN")), t("{{ cluster }}", vars));
        assertEquals(List.of(9092L), t("{{ ports }}", vars));
        assertEquals("NA-ES", t("{{ cluster.name | upper }}", vars));
        assertEquals("name=na-es;topics=['na.ORDERS', 'PLAIN'];",
                t("{% for k, v in cluster.items() %}{{ k }}={{ v }};{% endfor %}", vars));
    }

    @Test
    void selfReferenceIsDetected() {
        Map<String, Object> vars = map("a", "{{ b }}", "b", "{{ a }}", "self", map("x", "{{ self.x }}"));
        TemplateError e = assertThrows(TemplateError.class, () -> t("{{ a }}", vars));
        assertTrue(e.getMessage().startsWith("recursive loop detected in template string: "), e.getMessage());
        TemplateError e2 = assertThrows(TemplateError.class, () -> t("{{ self.x }}", vars));
        assertTrue(e2.getMessage().startsWith("recursive loop detected in template string: "), e2.getMessage());
    }

    @Test
    void lazyValuesDoNotSeeTemplateLoopVariables() {
        // Ansible: a variable's template sees the variables, not the Jinja locals of the reader
        Map<String, Object> vars = map("item", "outer", "label", "{{ item }}");
        assertEquals("outer,outer,", t("{% for item in ['x', 'y'] %}{{ label }},{% endfor %}", vars));
    }

    @Test
    void hostvarsWithSelfReferenceWorks() {
        Map<String, Object> localhost = new LinkedHashMap<>();
        Map<String, Map<String, Object>> hostvars = new HashMap<>();
        hostvars.put("localhost", localhost);
        localhost.put("foo", "{{ bar }}!");
        localhost.put("bar", "local");
        localhost.put("hostvars", hostvars);
        localhost.put("inventory_hostname", "localhost");
        assertEquals("local!", t("{{ hostvars['localhost'].foo }}", localhost));
        assertEquals("local!", t("{{ hostvars.localhost.foo }}", localhost));
        assertEquals("local!", t("{{ hostvars[inventory_hostname]['foo'] }}", localhost));
        assertEquals(false, t("{{ hostvars['other'] is defined }}", localhost));
        TemplateError e = assertThrows(TemplateError.class, () -> t("{{ hostvars }}", localhost));
        assertTrue(e.getMessage().contains("recursive loop"), e.getMessage());
    }

    @Test
    void varsMagicVariableIsALazyViewOfAllVariables() {
        Map<String, Object> vars = map("a", "{{ b }}", "b", 2, "key", "b");
        assertEquals(2L, t("{{ vars['a'] }}", vars));
        assertEquals(2L, t("{{ vars[key] }}", vars));
        assertEquals(true, t("{{ vars['zzz'] is undefined }}", vars));
        assertEquals(true, t("{{ 'a' in vars }}", vars));
    }
}
