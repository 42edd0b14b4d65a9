package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictUndefinedTest extends TemplarTestSupport {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "{{ nope }};nope;'nope' is undefined",
        "x{{ nope }}y;nope;'nope' is undefined",
        "{{ 'a' ~ nope }};nope;'nope' is undefined",
        "{{ nope + 1 }};nope;'nope' is undefined",
        "{{ [nope] }};nope;'nope' is undefined",
        "{{ {'k': nope} }};nope;'nope' is undefined",
        "{{ nope == 1 }};nope;'nope' is undefined",
        "{{ missing.attr }};missing;'missing' is undefined",
        "{{ cfg.missing }};missing;'dict object' has no attribute 'missing'",
        "{{ cfg['missing'] }};missing;'dict object' has no attribute 'missing'",
        "{% if nope %}y{% endif %};nope;'nope' is undefined",
        "{% for i in nope %}{{ i }}{% endfor %};nope;'nope' is undefined",
        "{{ nope | upper }};nope;'nope' is undefined",
        "{{ name | replace(nope, 'x') }};nope;'nope' is undefined",
        "{{ not nope }};nope;'nope' is undefined",
    })
    void undefinedUseRaisesNamingTheVariable(String template, String variable, String message) {
        UndefinedVariableError e = assertThrows(UndefinedVariableError.class, () -> t(template));
        assertEquals(variable, e.variableName());
        assertEquals(message, e.getMessage());
        assertEquals(template, e.template());
    }

    @Test
    void testsAndDefaultsHandleUndefined() {
        assertEquals(false, t("{{ nope is defined }}"));
        assertEquals(true, t("{{ nope is undefined }}"));
        assertEquals(true, t("{{ nope is not defined }}"));
        assertEquals("d", t("{{ nope | default('d') }}"));
        assertEquals("d", t("{{ nope | d('d') }}"));
        assertEquals(1L, t("{{ cfg.missing | default(1) }}"));
        assertEquals(false, t("{{ cfg.missing is defined }}"));
        assertEquals(false, t("{{ missing.deeper.still is defined }}"));
        assertEquals(true, t("{{ vars['nope'] is undefined }}"));
        assertEquals("kafka", t("{{ vars['name'] }}"));
        assertEquals("kafka", t("{{ vars.name }}"));
        assertEquals("ok", t("{% if nope is defined and nope %}bad{% else %}ok{% endif %}"));
    }

    @Test
    void mandatoryHasItsOwnMessage() {
        UndefinedVariableError e = assertThrows(UndefinedVariableError.class, () -> t("{{ nope | mandatory }}"));
        assertEquals("Mandatory variable 'nope' not defined.", e.getMessage());
        assertEquals("custom", assertThrows(UndefinedVariableError.class,
                () -> t("{{ nope | mandatory('custom') }}")).getMessage());
        assertEquals("kafka", t("{{ name | mandatory }}"));
    }

    @Test
    void nullValuedVariableIsDefined() {
        assertEquals(true, t("{{ nothing is defined }}"));
        assertEquals(true, t("{{ nothing is none }}"));
        assertNull(t("{{ nothing }}"));
        assertNull(t("{{ nothing | default('x') }}"));
        assertEquals("x", t("{{ nothing | default('x', true) }}"));
        assertEquals(java.util.List.of(), t("[{{ nothing }}]")); // None prints as nothing; "[]" reads as a list
        assertEquals("null-in-loop", t("{% for x in [nothing] %}{% if x is none %}null-in-loop{% endif %}{% endfor %}"));
    }

    @Test
    void unknownFiltersTestsAndFunctionsAreErrors() {
        TemplateError filter = assertThrows(TemplateError.class, () -> t("{{ name | nosuchfilter }}"));
        assertEquals(true, filter.getMessage().contains("no filter named 'nosuchfilter'"), filter.getMessage());
        TemplateError test = assertThrows(TemplateError.class, () -> t("{{ name is nosuchtest }}"));
        assertEquals(true, test.getMessage().contains("no test named 'nosuchtest'"), test.getMessage());
        TemplateError fn = assertThrows(TemplateError.class, () -> t("{{ nosuchfunction(1) }}"));
        assertEquals(true, fn.getMessage().contains("nosuchfunction"), fn.getMessage());
        TemplateError inFilterArg = assertThrows(TemplateError.class, () -> t("{{ [1] | map('nosuchfilter') | list }}"));
        assertEquals(true, inFilterArg.getMessage().contains("no filter named 'nosuchfilter'"));
    }
}
