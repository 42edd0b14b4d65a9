package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AnsibleTestsTest extends TemplarTestSupport {

    private Object r(String template) {
        Map<String, Object> vars = vars();
        vars.put("ok", map("changed", false, "failed", false, "rc", 0));
        vars.put("bad", map("changed", true, "failed", true, "rc", 2));
        vars.put("skip", map("changed", false, "skipped", true));
        return t(template, vars);
    }

    @Test
    void taskResultTests() {
        assertEquals(true, r("{{ ok is succeeded }}"));
        assertEquals(true, r("{{ ok is success }}"));
        assertEquals(false, r("{{ ok is failed }}"));
        assertEquals(true, r("{{ bad is failed }}"));
        assertEquals(true, r("{{ bad is failure }}"));
        assertEquals(true, r("{{ bad is changed }}"));
        assertEquals(false, r("{{ ok is changed }}"));
        assertEquals(true, r("{{ skip is skipped }}"));
        assertEquals(false, r("{{ ok is skipped }}"));
        assertEquals(true, r("{{ ok is not failed }}"));
        assertThrows(TemplateError.class, () -> r("{{ 'text' is failed }}"));
    }

    @Test
    void regexTests() {
        assertEquals(true, t("{{ 'kafka-1' is match('kafka') }}"));
        assertEquals(false, t("{{ 'my-kafka' is match('kafka') }}"));
        assertEquals(true, t("{{ 'my-kafka' is search('kafka') }}"));
        assertEquals(true, t("{{ 'my-kafka' is regex('k.f') }}"));
        assertEquals(true, t("{{ 'KAFKA' is match('kafka', true) }}"));
    }

    @Test
    void typeTests() {
        assertEquals(true, t("{{ name is string }}"));
        assertEquals(false, t("{{ count is string }}"));
        assertEquals(true, t("{{ count is number }}"));
        assertEquals(true, t("{{ cfg is mapping }}"));
        assertEquals(true, t("{{ items is sequence }}"));
        assertEquals(true, t("{{ items is iterable }}"));
        assertEquals(true, t("{{ flag is boolean }}"));
        assertEquals(false, t("{{ 'true' is boolean }}"));
        assertEquals(true, t("{{ nothing is none }}"));
    }

    @Test
    void comparisonAndMembershipTests() {
        assertEquals(true, t("{{ count is equalto 3 }}"));
        assertEquals(true, t("{{ count is eq(3) }}"));
        assertEquals(true, t("{{ 'a' is in items }}"));
        assertEquals(true, t("{{ items is contains 'b' }}"));
        assertEquals(true, t("{{ off is truthy }}"));
        assertEquals(true, t("{{ '' is falsy }}"));
        assertEquals(true, t("{{ 4 is even }}"));
        assertEquals(true, t("{{ 3 is odd }}"));
        assertEquals(true, t("{{ 9 is divisibleby 3 }}"));
        assertEquals(true, t("{{ count is sameas 3 }}"));
        assertEquals(true, t("{{ 'abc' is lower }}"));
        assertEquals(true, t("{{ 'ABC' is upper }}"));
        assertEquals(true, t("{{ '1.10.2' is version('1.9', '>=') }}"));
    }

    @Test
    void pythonTruthinessEverywhere() {
        // the string 'false' is a non-empty string: true in Jinja2 (jinjava says false)
        assertEquals("T", t("{% if off %}T{% else %}F{% endif %}"));
        assertEquals("T", t("{% if nothing %}N{% elif off %}T{% endif %}"));
        assertEquals("y", t("{{ 'y' if off else 'n' }}"));
        assertEquals(false, t("{{ not off }}"));
        assertEquals(true, t("{{ off and true }}"));
        assertEquals(true, Templar.truthy("false"));
        assertEquals(false, Templar.truthy(""));
        assertEquals(false, Templar.truthy(0L));
        assertEquals(false, Templar.truthy(0.0d));
        assertEquals(false, Templar.truthy(java.util.List.of()));
        assertEquals(false, Templar.truthy(Map.of()));
        assertEquals(false, Templar.truthy(null));
        assertEquals(true, Templar.truthy(new UnsafeText("x")));
    }

    @Test
    void conditions() {
        Map<String, Object> vars = vars();
        vars.put("result", map("rc", 1, "stdout", "boom"));
        assertEquals(true, templar.evaluateCondition("result.rc != 0", vars, TemplateContext.NONE));
        assertEquals(true, templar.evaluateCondition("{{ result.rc != 0 }}", vars, TemplateContext.NONE));
        assertEquals(false, templar.evaluateCondition("'boom' not in result.stdout", vars, TemplateContext.NONE));
        assertEquals(true, templar.evaluateCondition(null, vars, TemplateContext.NONE));
        assertEquals(false, templar.evaluateCondition(Boolean.FALSE, vars, TemplateContext.NONE));
        assertEquals(true, templar.evaluateCondition("off", vars, TemplateContext.NONE));
        assertEquals(false, templar.evaluateCondition("off | bool", vars, TemplateContext.NONE));
        assertEquals(false, templar.evaluateCondition("nope is defined", vars, TemplateContext.NONE));
        assertEquals(true, templar.evaluateCondition(java.util.List.of("flag", "count > 2"), vars, TemplateContext.NONE));
        assertThrows(UndefinedVariableError.class, () -> templar.evaluateCondition("nope == 1", vars, TemplateContext.NONE));
    }

    @Test
    void evaluateReturnsNativeValues() {
        assertEquals(3L, templar.evaluate("foo | default(3)", vars(), TemplateContext.NONE));
        assertEquals(Map.of("a", Map.of("b", 1L)), templar.evaluate("{'a': {'b': 1}}", vars(), TemplateContext.NONE));
        assertEquals(true, templar.evaluate("count == 3", vars(), TemplateContext.NONE));
        assertEquals(java.util.List.of("a", "b"), templar.evaluate("items", vars(), TemplateContext.NONE));
    }
}
