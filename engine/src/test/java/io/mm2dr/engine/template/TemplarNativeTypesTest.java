package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplarNativeTypesTest extends TemplarTestSupport {

    @Test
    void wholeExpressionKeepsNativeType() {
        assertEquals(3L, t("{{ count }}"));
        assertEquals(Boolean.TRUE, t("{{ flag }}"));
        assertEquals(List.of("a", "b"), t("{{ items }}"));
        assertEquals(Map.of("port", 9092L, "host", "localhost"), t("{{ cfg }}"));
        assertEquals(2.5d, t("{{ 10 / 4 }}"));
        assertNull(t("{{ nothing }}"));
        assertEquals("  kafka  ", t("  {{ name }}  "));
        assertEquals(3L, t("{{ count }}\n"));
        assertInstanceOf(LinkedHashMap.class, t("{{ cfg }}"));
        assertInstanceOf(ArrayList.class, t("{{ items }}"));
        assertInstanceOf(Long.class, t("{{ cfg.port }}"));
    }

    @Test
    void mixedTemplatesRenderPythonStyle() {
        assertEquals("flag=True", t("flag={{ flag }}"));
        assertEquals("x['a', 'b']", t("x{{ items }}"));
        assertEquals("cfg={'port': 9092, 'host': 'localhost'}", t("cfg={{ cfg }}"));
        assertEquals("x", t("{{ nothing }}x"));
        assertEquals("1.0 kafka", t("{{ 1.0 }} {{ name }}"));
        assertEquals("None in list: [None]", t("None in list: {{ [nothing] }}"));
    }

    @Test
    void deepTemplatingOfMapsAndLists() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("{{ name }}_key", List.of("{{ count }}", "plain", 7));
        value.put("unsafe", new UnsafeText("{{ name }}"));
        value.put("n", null);
        Object result = t(value);
        Map<?, ?> m = (Map<?, ?>) result;
        assertNotSame(value, result);
        assertEquals(List.of(3L, "plain", 7), m.get("kafka_key"));
        assertEquals(new UnsafeText("{{ name }}"), m.get("unsafe"));
        assertInstanceOf(UnsafeText.class, m.get("unsafe"));
        assertNull(m.get("n"));
    }

    private Object t(Object value) {
        return templar.template(value, vars(), TemplateContext.NONE);
    }

    @Test
    void nonTemplatesAreReturnedUnchanged() {
        String plain = "no templates here {";
        assertSame(plain, templar.template(plain, vars(), TemplateContext.NONE));
        UnsafeText unsafe = new UnsafeText("{{ name }}");
        assertSame(unsafe, templar.template(unsafe, vars(), TemplateContext.NONE));
        assertEquals(5, templar.template(5, vars(), TemplateContext.NONE));
        assertNull(templar.template(null, vars(), TemplateContext.NONE));
    }

    @Test
    void unsafeVariableStaysUnsafeAndUnrendered() {
        Map<String, Object> vars = map("secret", new UnsafeText("p{{ w }}d"));
        Object whole = t("{{ secret }}", vars);
        assertInstanceOf(UnsafeText.class, whole);
        assertEquals("p{{ w }}d", whole.toString());
        assertEquals("pw=p{{ w }}d", t("pw={{ secret }}", vars));
    }

    @Test
    void nestedDictLiteralDoesNotCloseTheTag() {
        assertEquals(Map.of("a", Map.of("b", 1L)), t("{{ {'a': {'b': 1}} }}"));
        assertEquals(Map.of("a", 1L), t("{{ {'a': 1}}}"));
        assertEquals("{'x': '}}'}", t("{{ {'x': '}}'} | string }}"));
        assertEquals(List.of(Map.of("k", Map.of("v", 2L))), t("{{ [{'k': {'v': 2}}] }}"));
    }

    @Test
    void whitespaceControlTrailingNewlineAndTrimBlocks() {
        assertEquals("X", t("  {%- if true -%}  X  {%- endif -%}  "));
        assertEquals("a\n", t("{{ 'a' }}\n"));
        assertEquals("line\n", t("{% if true %}\nline\n{% endif %}\n"));
        assertEquals("{{ raw }}", t("{% raw %}{{ raw }}{% endraw %}"));
        assertEquals("ab", t("a{# comment #}b"));
    }

    @Test
    void omitResolvesToThePlaceholder() {
        assertEquals(Templar.OMIT, t("{{ omit }}"));
        assertEquals(Templar.OMIT, t("{{ undefined_thing | default(omit) }}"));
        assertEquals(true, Templar.OMIT.startsWith("__omit_place_holder__"));
    }

    @Test
    void pythonLiteralsAndOperators() {
        assertNull(t("{{ None }}"));
        assertNull(t("{{ none }}"));
        assertEquals(true, t("{{ True }}"));
        assertEquals(false, t("{{ False }}"));
        assertEquals(3L, t("{{ 7 // 2 }}"));
        assertEquals(8L, t("{{ 2 ** 3 }}"));
        assertEquals("ab3", t("{{ 'a' ~ 'b' ~ count }}"));
        assertEquals(true, t("{{ 'a' in items }}"));
        assertEquals(List.of(0L, 1L, 2L), t("{{ range(3) }}"));
    }
}
