package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntaxAndValidationTest extends TemplarTestSupport {

    @Test
    void syntaxErrorsWhenRendering() {
        TemplateSyntaxError unclosed = assertThrows(TemplateSyntaxError.class, () -> t("ok\n{{ name }"));
        assertTrue(unclosed.getMessage().contains("unclosed"), unclosed.getMessage());
        assertEquals(2, unclosed.lineInTemplate());
        TemplateSyntaxError tag = assertThrows(TemplateSyntaxError.class, () -> t("{% if flag %}x"));
        assertTrue(tag.getMessage().contains("endif"), tag.getMessage());
        TemplateSyntaxError expr = assertThrows(TemplateSyntaxError.class, () -> t("{{ name( }}"));
        assertTrue(expr.getMessage().contains("unexpected end of template, expected an expression"), expr.getMessage());
        assertEquals("{{ name( }}", expr.template());
    }

    @Test
    void evaluationFailuresAreNotSyntaxErrors() {
        TemplateError e = assertThrows(TemplateError.class, () -> t("{{ '%d' % 'x' }}"));
        assertFalse(e instanceof TemplateSyntaxError, e.getMessage());
        TemplateError fn = assertThrows(TemplateError.class, () -> t("{{ nosuchfunction() }}"));
        assertFalse(fn instanceof TemplateSyntaxError, fn.getMessage());
    }

    @Test
    void validateFindsProblemsWithoutEvaluating() {
        assertDoesNotThrow(() -> templar.validate("{{ undefined_is_fine | default(1) }} {% if a is defined %}{{ a }}{% endif %}"));
        assertDoesNotThrow(() -> templar.validate("{% for k, v in d.items() %}{{ k | upper }}{% endfor %}"));
        assertDoesNotThrow(() -> templar.validate("{% set x = {'a': {'b': 1}} %}{{ lookup('env', 'X') }}"));
        assertDoesNotThrow(() -> templar.validate("no template"));
        assertThrows(TemplateSyntaxError.class, () -> templar.validate("{{ a }"));
        assertThrows(TemplateSyntaxError.class, () -> templar.validate("{% if a %}"));
        TemplateSyntaxError bad = assertThrows(TemplateSyntaxError.class, () -> templar.validate("line1\n{{ a + }}"));
        assertEquals(2, bad.lineInTemplate());
        TemplateError filter = assertThrows(TemplateError.class, () -> templar.validate("{{ a | nosuchfilter }}"));
        assertTrue(filter.getMessage().contains("no filter named 'nosuchfilter'"));
        assertFalse(filter instanceof TemplateSyntaxError);
        TemplateError test = assertThrows(TemplateError.class, () -> templar.validate("{% if a is nosuchtest %}{% endif %}"));
        assertTrue(test.getMessage().contains("no test named 'nosuchtest'"));
        assertDoesNotThrow(() -> templar.validate("{{ 'text | notafilter' }}"));
    }

    @Test
    void isTemplate() {
        assertTrue(Templar.isTemplate("a {{ b }}"));
        assertTrue(Templar.isTemplate("{% if %}"));
        assertTrue(Templar.isTemplate("{# c #}"));
        assertFalse(Templar.isTemplate("{ a }"));
        assertFalse(Templar.isTemplate(new UnsafeText("{{ a }}")));
        assertFalse(Templar.isTemplate(3));
    }

    @Test
    void errorsDoNotLeakIntoTheNextRender() {
        assertThrows(UndefinedVariableError.class, () -> t("{{ nope }}"));
        assertEquals("kafka", t("{{ name }}"));
        assertThrows(UndefinedVariableError.class, () -> t("{{ nope }}"));
        assertEquals("kafka", t("{{ name }}"));
    }
}
