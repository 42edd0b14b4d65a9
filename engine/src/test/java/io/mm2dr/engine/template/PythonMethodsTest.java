package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonMethodsTest extends TemplarTestSupport {

    @Test
    void stringMethods() {
        assertEquals(List.of("a", "b", "c"), t("{{ 'a-b-c'.split('-') }}"));
        assertEquals(List.of("a", "b-c"), t("{{ 'a-b-c'.split('-', 1) }}"));
        assertEquals(List.of("a", "b"), t("{{ '  a \t b '.split() }}"));
        assertEquals(List.of("a-b", "c"), t("{{ 'a-b-c'.rsplit('-', 1) }}"));
        assertEquals("b", t("{{ 'a-b-c'.split('-')[1] }}"));
        assertEquals("a,b", t("{{ ','.join(items) }}"));
        assertEquals(true, t("{{ name.startswith('ka') }}"));
        assertEquals(true, t("{{ name.endswith(('x', 'fka')) }}"));
        assertEquals("KAFKA", t("{{ name.upper() }}"));
        assertEquals("kafka", t("{{ 'KaFka'.lower() }}"));
        assertEquals("x", t("{{ '  x  '.strip() }}"));
        assertEquals("x  ", t("{{ '  x  '.lstrip() }}"));
        assertEquals("--x", t("{{ '--x--'.rstrip('-') }}"));
        assertEquals("kbfkb", t("{{ name.replace('a', 'b') }}"));
        assertEquals("Kafka", t("{{ name.capitalize() }}"));
        assertEquals(2L, t("{{ name.find('f') }}"));
        assertEquals(-1L, t("{{ name.find('z') }}"));
        assertEquals("kafka has 3 brokers", t("{{ '{} has {} brokers'.format(name, count) }}"));
        assertEquals("3-kafka", t("{{ '{1}-{0}'.format(name, count) }}"));
        assertEquals("port 9092", t("{{ 'port {p}'.format(p=cfg.port) }}"));
        assertEquals("  3|3.50", t("{{ '{:>3}|{:.2f}'.format(3, 3.5) }}"));
        assertThrows(TemplateError.class, () -> t("{{ name.nosuchmethod() }}"));
    }

    @Test
    void dictMethods() {
        assertEquals(List.of("port", "host"), t("{{ cfg.keys() | list }}"));
        assertEquals(List.of(9092L, "localhost"), t("{{ cfg.values() | list }}"));
        assertEquals(List.of(List.of("port", 9092L), List.of("host", "localhost")), t("{{ cfg.items() | list }}"));
        assertEquals("[('port', 9092), ('host', 'localhost')]", t("{{ cfg.items() | list | string }}"));
        assertEquals("port=9092,host=localhost,", t("{% for k, v in cfg.items() %}{{ k }}={{ v }},{% endfor %}"));
        assertEquals(9092L, t("{{ cfg.get('port') }}"));
        assertEquals("dflt", t("{{ cfg.get('nope', 'dflt') }}"));
        assertEquals(null, t("{{ cfg.get('nope') }}"));
        assertEquals("porthost", t("{% for k in cfg %}{{ k }}{% endfor %}"));
    }

    @Test
    void listMethods() {
        assertEquals(1L, t("{{ items.index('b') }}"));
        assertEquals(2L, t("{{ [1, 2, 1].count(1) }}"));
        assertEquals("b", t("{{ items[-1] }}"));
        // text that reads as a list becomes one, as Ansible 2.14's templar does
        assertEquals(java.util.List.of(1L, 2L), t("{% set l = [] %}{% set _ = l.append(1) %}{% set _ = l.append(2) %}{{ l }}"));
    }

    @Test
    void pythonRepr() {
        assertEquals("True", Templar.render(true));
        assertEquals("None", Templar.render(null));
        assertEquals("['a', 1]", Templar.render(List.of("a", 1)));
        assertEquals("{'a': 1}", Templar.render(Map.of("a", 1)));
        assertEquals("{'a': [None, False, 1.5]}", Templar.render(Map.of("a", java.util.Arrays.asList(null, false, 1.5))));
        assertEquals("[\"it's\"]", Templar.render(List.of("it's")));
        assertEquals("1e+20", Templar.render(1e20));
        assertEquals("10000000.0", Templar.render(1e7));
        assertEquals("text", Templar.render("text"));
    }

    @Test
    void plainConversion() {
        Object plain = Templar.plain(Map.of("i", 1, "f", 1.5f, "u", new UnsafeText("x"), "l", List.of((short) 2)));
        assertEquals(Map.of("i", 1L, "f", 1.5d, "u", "x", "l", List.of(2L)), plain);
        assertEquals(java.util.LinkedHashMap.class, plain.getClass());
    }
}
