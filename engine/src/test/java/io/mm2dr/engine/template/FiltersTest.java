package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiltersTest extends TemplarTestSupport {

    @Test
    void defaultAndBoolAndTernary() {
        assertEquals("", t("{{ '' | default('y') }}"));
        assertEquals("y", t("{{ '' | default('y', true) }}"));
        assertEquals("y", t("{{ 0 | d('y', true) }}"));
        assertEquals(true, t("{{ 'Yes' | bool }}"));
        assertEquals(true, t("{{ 'on' | bool }}"));
        // ansible-core 2.14's to_bool knows only yes/on/1/true: 't', 'y' and '1.0' are false there (checked with it)
        assertEquals(false, t("{{ 't' | bool }}"));
        assertEquals(false, t("{{ 'y' | bool }}"));
        assertEquals(true, t("{{ 1.0 | bool }}"));
        assertEquals(true, t("{{ none | bool is none }}"));
        assertEquals(true, t("{{ 1 | bool }}"));
        assertEquals(false, t("{{ 'false' | bool }}"));
        assertEquals(false, t("{{ 'nope' | bool }}"));
        assertEquals(false, t("{{ 0 | bool }}"));
        assertEquals("yes", t("{{ flag | ternary('yes', 'no') }}"));
        assertEquals("no", t("{{ false | ternary('yes', 'no') }}"));
        assertEquals("none", t("{{ nothing | ternary('yes', 'no', 'none') }}"));
    }

    @Test
    void numbersAndStrings() {
        assertEquals(43L, t("{{ '42' | int + 1 }}"));
        assertEquals(3L, t("{{ '3.9' | int }}"));
        assertEquals(0L, t("{{ 'abc' | int }}"));
        assertEquals(26L, t("{{ '1A' | int(base=16) }}"));
        assertEquals(3.5d, t("{{ '3.5' | float }}"));
        assertEquals("3", t("{{ 3 | string }}"));
        assertEquals("True", t("{{ true | string }}"));
        assertEquals(3L, t("{{ -3 | abs }}"));
        assertEquals(2.57d, t("{{ 2.567 | round(2) }}"));
        assertEquals(2.0d, t("{{ 2.5 | round }}")); // Jinja2 3.1.2 rounds half to even: 2.0
        assertEquals("KAFKA", t("{{ name | upper }}"));
        assertEquals("kafka", t("{{ 'KAFKA' | lower }}"));
        assertEquals("a b", t("{{ '  a b ' | trim }}"));
        assertEquals("b-b", t("{{ 'a-a' | replace('a', 'b') }}"));
        assertEquals("b-a", t("{{ 'a-a' | replace('a', 'b', 1) }}"));
        assertEquals(5L, t("{{ name | length }}"));
        assertEquals("dict", t("{{ cfg | type_debug }}"));
        assertEquals("str", t("{{ name | type_debug }}"));
        assertEquals("'it'\"'\"'s'", t("{{ \"it's\" | quote }}"));
        assertEquals("simple", t("{{ 'simple' | quote }}"));
        assertEquals("c.txt", t("{{ '/a/b/c.txt' | basename }}"));
        assertEquals("/a/b", t("{{ '/a/b/c.txt' | dirname }}"));
    }

    @Test
    void encodings() {
        assertEquals("a2Fma2E=", t("{{ name | b64encode }}"));
        assertEquals("kafka", t("{{ 'a2Fma2E=' | b64decode }}"));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", t("{{ 'abc' | hash('sha256') }}"));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", t("{{ 'abc' | hash('md5') }}"));
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", t("{{ 'abc' | hash('sha1') }}"));
    }

    @Test
    void jsonAndYaml() {
        assertEquals("{\"port\": 9092, \"host\": \"localhost\"}", t("{{ cfg | to_json }}"));
        assertEquals("{\n    \"a\": [\n        1,\n        2.0,\n        null,\n        true\n    ],\n    \"b\": \"x\"\n}",
                t("{{ {'b': 'x', 'a': [1, 2.0, none, true]} | to_nice_json }}"));
        assertEquals(Map.of("a", List.of(1L, 2L)), t("{{ '{\"a\": [1, 2]}' | from_json }}"));
        assertEquals("a: x\nb: [1, 2]\n", t("{{ {'b': [1, 2], 'a': 'x'} | to_yaml }}"));
        assertEquals("a:\n    c: x\nb:\n- 1\n- 2\n", t("{{ {'b': [1, 2], 'a': {'c': 'x'}} | to_nice_yaml }}"));
        assertEquals(Map.of("a", List.of(1L, 2L), "b", true), t("{{ 'a: [1, 2]\nb: yes' | from_yaml }}"));
        TemplateError bad = assertThrows(TemplateError.class, () -> t("{{ '{bad' | from_json }}"));
        assertTrue(bad.getMessage().contains("from_json"), bad.getMessage());
    }

    @Test
    void jsonQuery() {
        assertEquals(List.of(1L, 2L), t("{{ {'a': [{'n': 1}, {'n': 2}]} | json_query('a[].n') }}"));
        assertEquals(List.of("x"), t("{{ [{'n': 'x', 'ok': true}, {'n': 'y', 'ok': false}] | json_query('[?ok].n') }}"));
    }

    @Test
    void dictFilters() {
        assertEquals(Map.of("a", Map.of("x", 1L, "y", 2L)),
                t("{{ {'a': {'x': 1}} | combine({'a': {'y': 2}}, recursive=True) }}"));
        assertEquals(Map.of("a", Map.of("y", 2L), "b", 3L), t("{{ {'a': {'x': 1}} | combine({'a': {'y': 2}}, {'b': 3}) }}"));
        assertEquals(List.of(Map.of("key", "port", "value", 9092L), Map.of("key", "host", "value", "localhost")),
                t("{{ cfg | dict2items }}"));
        assertEquals(List.of(Map.of("n", "k", "v", 1L)), t("{{ {'k': 1} | dict2items(key_name='n', value_name='v') }}"));
        assertEquals(Map.of("a", 1L), t("{{ [{'key': 'a', 'value': 1}] | items2dict }}"));
        assertEquals(Map.of("a", 1L), t("{{ [{'n': 'a', 'v': 1}] | items2dict(key_name='n', value_name='v') }}"));
        // Ansible 2.14 has no dict filter: 'Could not load "dict"' (dict() is a function)
        assertThrows(TemplateError.class, () -> t("{{ [['a', 1]] | dict }}"));
    }

    @Test
    void selectionAndMapping() {
        String people = "[{'n': 'ann', 'ok': true, 'age': 30}, {'n': 'bob', 'ok': false, 'age': 20}, {'n': 'al'}]";
        assertEquals(List.of("ann"),
                t("{{ " + people + " | selectattr('ok', 'defined') | selectattr('ok') | map(attribute='n') | list }}"));
        // like Ansible: a missing attribute tested for truth is an undefined error
        assertThrows(UndefinedVariableError.class, () -> t("{{ " + people + " | selectattr('ok') | list }}"));
        assertEquals(List.of("bob"), t("{{ " + people + " | selectattr('n', 'equalto', 'bob') | map(attribute='n') | list }}"));
        assertEquals(List.of("ann", "al"), t("{{ " + people + " | selectattr('n', 'match', 'a') | map(attribute='n') | list }}"));
        assertEquals(List.of("bob"), t("{{ " + people + " | rejectattr('n', 'search', '^a') | map(attribute='n') | list }}"));
        assertEquals(List.of("ann", "bob"), t("{{ " + people + " | selectattr('age', 'defined') | map(attribute='n') | list }}"));
        assertEquals(List.of(30L, 20L, 0L), t("{{ " + people + " | map(attribute='age', default=0) | list }}"));
        assertEquals(List.of("A", "B"), t("{{ items | map('upper') | list }}"));
        assertEquals(List.of("a!", "b!"), t("{{ items | map('regex_replace', '$', '!') | list }}"));
        assertEquals(List.of(2L, 4L), t("{{ [1, 2, 3, 4] | select('even') | list }}"));
        assertEquals(List.of(1L, 3L), t("{{ [1, 2, 3, 4] | reject('even') | list }}"));
        assertEquals(List.of("false", "x"), t("{{ ['false', '', 'x'] | select | list }}"));
    }

    @Test
    void listFilters() {
        assertEquals(List.of(1L, 2L), t("{{ [1, 1, 2] | unique }}"));
        assertEquals(List.of(1L, 2L, 3L), t("{{ [3, 1, 2] | sort }}"));
        assertEquals(List.of(3L, 2L, 1L), t("{{ [3, 1, 2] | sort(reverse=true) }}"));
        assertEquals(List.of(Map.of("n", 1L), Map.of("n", 2L)), t("{{ [{'n': 2}, {'n': 1}] | sort(attribute='n') }}"));
        assertEquals("a", t("{{ items | first }}"));
        assertEquals("b", t("{{ items | last }}"));
        assertEquals(1L, t("{{ [3, 1, 2] | min }}"));
        assertEquals(3L, t("{{ [3, 1, 2] | max }}"));
        assertEquals("a,b", t("{{ items | join(',') }}"));
        assertEquals("1-True", t("{{ [1, true] | join('-') }}"));
        assertEquals(List.of("port", "host"), t("{{ cfg | list }}"));
        assertEquals(List.of(1L, 2L, 3L, 4L), t("{{ [1, [2, [3, [4]]]] | flatten }}"));
        assertEquals(List.of(1L, 2L, List.of(3L)), t("{{ [1, [2, [3]]] | flatten(levels=1) }}"));
        assertEquals(List.of(List.of(1L, "a"), List.of(2L, "b")), t("{{ [1, 2] | zip(['a', 'b']) | list }}"));
        assertEquals(List.of(1L, 3L), t("{{ [1, 2, 3] | difference([2]) }}"));
        assertEquals(List.of(2L), t("{{ [1, 2] | intersect([2, 3]) }}"));
        assertEquals(List.of(1L, 2L, 3L), t("{{ [1, 2] | union([2, 3]) }}"));
        assertEquals(6L, t("{{ [1, 2, 3] | sum }}"));
        assertEquals(3L, t("{{ items | length + 1 }}"));
    }

    @Test
    void regexFilters() {
        assertEquals("aab", t("{{ 'ab' | regex_replace('(a)', '\\1\\1') }}"));
        // a doubled backslash in a playbook string is a literal backslash, as in Ansible (checked with ansible-playbook 2.14)
        assertEquals("\\1\\1b", t("{{ 'ab' | regex_replace('(a)', '\\\\1\\\\1') }}"));
        assertEquals("He<ll>o", t("{{ 'Hello' | regex_replace('(?P<x>l+)', '<\\g<x>>') }}"));
        assertEquals("hexxo", t("{{ 'heLLo' | regex_replace('l', 'x', ignorecase=True) }}"));
        assertEquals("$1", t("{{ 'a' | regex_replace('a', '$1') }}"));
        assertEquals("b", t("{{ 'abc' | regex_search('b') }}"));
        assertNull(t("{{ 'abc' | regex_search('x') }}"));
        assertEquals(List.of("1", "2"), t("{{ 'a1b2' | regex_search('(\\d)b(\\d)', '\\1', '\\2') }}"));
        assertEquals(List.of("42"), t("{{ 'port=42' | regex_search('port=(?P<p>\\d+)', '\\g<p>') }}"));
        assertEquals(List.of("1", "2"), t("{{ 'a1b2' | regex_findall('\\d') }}"));
        assertEquals("a\\.b", t("{{ 'a.b' | regex_escape }}"));
    }
}
