package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jinja2's tags and the template module's Jinja options, differentially: every expected value was
 * produced by Ansible 2.14's own templar (ansible.template.Templar with Jinja2 3.1.2, rendering with
 * {@code copy_with_new_env(environment_class=AnsibleEnvironment, **options)} and
 * {@code do_template(text, preserve_trailing_newlines=True, escape_backslashes=False)}, which is how the
 * template module renders a file). A {@code fails} case is one where Ansible raised an error.
 */
class JinjaTagsTest extends TemplarTestSupport {

    private void renders(String expected, String template, Map<String, Object> vars, Map<String, Object> options) {
        assertEquals(expected, templar.renderTemplate(template, vars, TemplateContext.NONE, JinjaOptions.DEFAULT.with(options)),
                template);
    }

    private void fails(String template, Map<String, Object> vars, Map<String, Object> options) {
        assertThrows(TemplateError.class,
                () -> templar.renderTemplate(template, vars, TemplateContext.NONE, JinjaOptions.DEFAULT.with(options)), template);
    }

    /** the template module's Jinja options and the #jinja2: header. */
    @Test
    void options() {
        renders("x\n", "  {% if true %}\nx\n  {% endif %}\n", map(), map("lstrip_blocks", true));
        renders("  x\n", "  {%+ if true %}\nx\n  {% endif %}\n", map(), map("lstrip_blocks", true));
        renders("V{{ v }}", "<% if 1 %>[[ v ]]<% endif %>{{ v }}", map("v", "V"), map("block_start_string", "<%", "block_end_string", "%>", "variable_start_string", "[[", "variable_end_string", "]]"));
        renders("a\r\nb\r\n", "a\nb\n", map(), map("newline_sequence", "\r\n"));
        renders("\nx\n", "#jinja2: trim_blocks: False\n{% if 1 %}\nx\n{% endif %}\n", map(), map());
        renders("2 {{ x }}\n", "#jinja2:lstrip_blocks: True, variable_start_string: '[[', variable_end_string: ']]'\n  {% if 1 %}\n[[ 1 + 1 ]] {{ x }}\n  {% endif %}\n", map(), map());
        renders("a  b", "a  {% if 1 %}b{% endif %}", map(), map("lstrip_blocks", true));
        renders("  1\n  2\nend\n", "    {% for i in [1,2] %}\n  {{ i }}\n    {% endfor %}\nend\n", map(), map("lstrip_blocks", true));
        renders("\n  1\n\n  2\n\nend\n", "    {% for i in [1,2] %}\n  {{ i }}\n    {% endfor %}\nend\n", map(), map("lstrip_blocks", true, "trim_blocks", false));
        renders("\n1\n\n2\n", "{% for i in [1,2] %}\n{{ i }}\n{% endfor %}\n", map(), map("trim_blocks", false));
        renders("x\n", "  {# c #}\nx\n", map(), map("lstrip_blocks", true));
        renders("a\r\nb\r\n", "a\r\nb\n", map(), map("newline_sequence", "\r\n"));
        renders("ap\nq\r\n", "{% if 1 %}\na{{ v }}\n{% endif %}\n", map("v", "p\nq"), map("newline_sequence", "\r\n"));
        renders("1,2, {{ lit }} {% raw %}", "[% for i in xs %][[ i ]],[% endfor %] {{ lit }} {% raw %}", map("xs", List.of(1L, 2L)), map("block_start_string", "[%", "block_end_string", "%]", "variable_start_string", "[[", "variable_end_string", "]]"));
        renders("1 {# not a comment #} ", "<<x>> {# not a comment #} <#c#>", map("x", 1L), map("variable_start_string", "<<", "variable_end_string", ">>", "comment_start_string", "<#", "comment_end_string", "#>"));
        renders("%]|", "[% if 1 -%]\n  [[ '%]' ]]\n[%- endif %]|", map(), map("block_start_string", "[%", "block_end_string", "%]", "variable_start_string", "[[", "variable_end_string", "]]"));
        renders("[[ x ]]", "[% raw %][[ x ]][% endraw %]", map(), map("block_start_string", "[%", "block_end_string", "%]", "variable_start_string", "[[", "variable_end_string", "]]"));
        renders("x\n", "  [% if 1 %]\nx\n  [% endif %]\n", map(), map("lstrip_blocks", true, "block_start_string", "[%", "block_end_string", "%]"));
        renders("\nx\n", "#jinja2: trim_blocks: False, lstrip_blocks: True\n  {% if 1 %}\nx\n  {% endif %}\n", map(), map());
        renders("3 {{ x }}", "#jinja2:variable_start_string:'<<' , variable_end_string:'>>'\n<< 1 + 2 >> {{ x }}", map(), map());
        renders("a\r\nb\r\n", "#jinja2: newline_sequence: '\\r\\n'\na\nb\n", map(), map());
        renders("  x\n", "{% if true %}\n  {% for x in [1] %}\n  x\n  {% endfor %}\n{% endif %}\n", map(), map("lstrip_blocks", true));
    }

    /** whitespace control, trim_blocks, + modifiers, trailing newlines. */
    @Test
    void whitespace() {
        renders("abc", "a\n  {%- if true %}\nb{% endif -%}\n  c", map(), map());
        renders("axb", "a  {{- 'x' -}}  b", map(), map());
        renders("ab", "a  {#- c -#}  b", map(), map());
        renders("  \nx\n  \n", "  {% if true +%}\nx\n  {% endif %}\n", map(), map());
        renders("x\n", "  {#- c #}\nx\n", map(), map());
        renders("x\ny\n", "x\n{# c -#}\n\n  y\n", map(), map());
        renders("12", "{% for i in [1,2] -%}\n  {{ i }}\n{%- endfor %}", map(), map());
        renders("x", "{%- if true -%}  x  {%- endif -%}", map(), map());
        renders("a b c", "a\n\n{{- ' b ' -}}\n\nc", map(), map());
        renders("{{ x }}", "{% raw -%}  {{ x }}  {%- endraw %}", map(), map());
        renders("a b", "a {%+ if 1 %}b{% endif %}", map(), map());
    }

    /** macros: defaults, varargs/kwargs, recursion, caller and call with arguments. */
    @Test
    void macrosAndCall() {
        renders("1-2 1-3 0-5", "{% macro m(a, b=2) %}{{ a }}-{{ b }}{% endmacro %}{{ m(1) }} {{ m(1, 3) }} {{ m(b=5, a=0) }}", map(), map());
        renders("321", "{% macro f(n) %}{% if n > 0 %}{{ n }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(3) }}", map(), map());
        renders("<inner>", "{% macro w() %}<{{ caller() }}>{% endmacro %}{% call w() %}inner{% endcall %}", map(), map());
        renders("1=5;2=6;", "{% macro w(items) %}{% for i in items %}{{ caller(i, loop.index) }}{% endfor %}{% endmacro %}{% call(x, n) w([5,6]) %}{{ n }}={{ x }};{% endcall %}", map(), map());
        renders("2", "{% macro m() %}{{ varargs | length }}{% endmacro %}{{ m(1, 2) }}", map(), map());
        renders("1[2[3]]4", "{% macro list(xs) %}{% for x in xs %}{% if x is iterable and x is not string %}[{{ list(x) }}]{% else %}{{ x }}{% endif %}{% endfor %}{% endmacro %}{{ list([1, [2, [3]], 4]) }}", map(), map());
        renders("2", "{% set x = 1 %}{% macro m() %}{{ x }}{% endmacro %}{% set x = 2 %}{{ m() }}", map(), map());
        renders("cc", "{% macro m() %}{{ caller() }}{{ caller() }}{% endmacro %}{% call m() %}c{% endcall %}", map(), map());
        renders("<A=1>", "{% macro t(k, v) %}{{ caller(k ~ '=' ~ v) | upper }}{% endmacro %}{% call(s) t('a', 1) %}<{{ s }}>{% endcall %}", map(), map());
    }

    /** filter, with, set blocks, raw. */
    @Test
    void blockTags() {
        renders("HELLO X", "{% filter upper %}hello {{ name }}{% endfilter %}", map("name", "x"), map());
        renders("bbnbnb", "{% filter replace('a', 'b') %}banana{% endfilter %}", map(), map());
        renders("3False", "{% with a=1, b=2 %}{{ a + b }}{% endwith %}{{ a is defined }}", map(), map());
        renders("3False", "{% with %}{% set z = 3 %}{{ z }}{% endwith %}{{ z is defined }}", map(), map());
        renders("[block 2]", "{% set x %}block {{ 1 + 1 }}{% endset %}[{{ x }}]", map(), map());
        renders("[BLOCK 2]", "{% set x | upper %}block {{ 1 + 1 }}{% endset %}[{{ x }}]", map(), map());
        renders("{{ not }} {% this %}", "{% raw %}{{ not }} {% this %}{% endraw %}", map(), map());
        renders("x\n\n", "{% if true %}\nx\n{% endif %}\n\n", map(), map());
        renders("line\n", "line\n", map(), map());
        renders("a\n", "{{ 'a' }}\n", map(), map());
        renders("x", "{# c #}\nx", map(), map());
        renders("\n  {{ x }}\nz", "{% raw %}\n  {{ x }}\n{% endraw %}\nz", map(), map());
        renders("x\n", "{% if 1 %}\r\nx\r\n{% endif %}\r\n", map(), map());
        renders("x\n\n\n", "x\n\n\n", map(), map());
        renders("a\n", "{{ v }}\n", map("v", "a\n"), map());
        renders("x\n", "{% if 1 %}x{% endif %}\n", map(), map());
        renders("[  a\n]", "{% set x %}\n  a\n{% endset %}[{{ x }}]", map(), map());
        renders("12", "{% with a = 1 %}{% with b = a + 1 %}{{ a }}{{ b }}{% endwith %}{% endwith %}", map(), map());
        renders("15", "{% set a = 5 %}{% with a = 1, b = a %}{{ a }}{{ b }}{% endwith %}", map(), map());
        renders("  a\n  b", "{% filter indent(2, true) %}a\nb{% endfilter %}", map(), map());
        renders("X1X2", "{% filter upper %}{% for i in [1,2] %}x{{ i }}{% endfor %}{% endfilter %}", map(), map());
        renders("{% raw %}x", "{{ '{% raw %}' }}{% if 1 %}\nx{% endif %}", map(), map());
        renders("x", "{# {% if %} #}\nx", map(), map());
    }

    /** for: else, if filter, recursive, nested loops, unpacking, loop attributes, scoping, namespace. */
    @Test
    void forLoops() {
        renders("empty", "{% for x in [] %}a{% else %}empty{% endfor %}", map(), map());
        renders("a", "{% for x in [1] %}a{% else %}empty{% endfor %}", map(), map());
        renders("1:1/2 2:3/2 ", "{% for x in [1,2,3,4] if x is odd %}{{ loop.index }}:{{ x }}/{{ loop.length }} {% endfor %}", map(), map());
        renders("none", "{% for x in [1,2,3,4] if x > 5 %}{{x}}{% else %}none{% endfor %}", map(), map());
        renders("[a@1/0<[b@2/1<[c@3/2]>]>][d@1/0]", "{% for item in tree recursive %}[{{ item.n }}@{{ loop.depth }}/{{ loop.depth0 }}{% if item.c is defined %}<{{ loop(item.c) }}>{% endif %}]{% endfor %}", map("tree", List.of(map("n", "a", "c", List.of(map("n", "b", "c", List.of(map("n", "c"))))), map("n", "d"))), map());
        renders("1x2y-11;1x2y-22;", "{% for a in [1,2] %}{% for b in 'xy' %}{{ loop.index }}{{ b }}{% endfor %}-{{ loop.index }}{{ a }};{% endfor %}", map(), map());
        renders("a=1,b=2,", "{% for k, v in d.items() %}{{ k }}={{ v }},{% endfor %}", map("d", map("a", 1L, "b", 2L)), map());
        renders("3,7,", "{% for a, b in [[1,2],[3,4]] %}{{ a+b }},{% endfor %}", map(), map());
        renders("123", "{% for x in [1,1,2,3,3] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}", map(), map());
        renders("o32TrueFalse0 e21FalseFalse1 o10FalseTrue2 ", "{% for x in [1,2,3] %}{{ loop.cycle('o','e') }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.index0 }} {% endfor %}", map(), map());
        renders("out1out2out", "{% set x = 'out' %}{% for i in [1,2] %}{{ x }}{% set x = i %}{{ x }}{% endfor %}{{ x }}", map(), map());
        renders("6False", "{% set ns = namespace(total=0, found=false) %}{% for i in [1,2,3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}{{ ns.found }}", map(), map());
        renders("111112", "{% for a in [1,2] %}{% for b in [3] %}{{ loop.depth }}{{ loop.index }}{% endfor %}{{ loop.index }}{% endfor %}", map(), map());
        renders("012", "{% for i in range(3) %}{{ i }}{% endfor %}", map(), map());
        renders("ba", "{% for k in {'b':1,'a':2} %}{{ k }}{% endfor %}", map(), map());
        renders("a-b-c-", "{% for c in 'abc' %}{{ c }}-{% endfor %}", map(), map());
        renders("False", "{% for x in [1,2] %}{% set y = x %}{% endfor %}{{ y is defined }}", map(), map());
        renders("[2, 4]", "{% set ns = namespace(items=[]) %}{% for x in [1,2] %}{% set ns.items = ns.items + [x * 2] %}{% endfor %}{{ ns.items }}", map(), map());
        renders("112233", "{% for x in [3,1,2] | sort %}{{ loop.index }}{{ x }}{% endfor %}", map(), map());
        renders("a, c", "{% for user in users if user.active %}{{ user.name }}{% if not loop.last %}, {% endif %}{% endfor %}", map("users", List.of(map("name", "a", "active", true), map("name", "b", "active", false), map("name", "c", "active", true))), map());
        renders("TrueTrueTrue", "{% for x in [1,2,3] %}{{ loop.changed(x % 2) }}{% endfor %}", map(), map());
    }

    /** errors where Ansible errors: do/break/continue unknown (no extensions), undefined previtem, unpacking, None. */
    @Test
    void errorsAsAnsible() {
        fails("{% for x in [1,2,3] %}{{ loop.previtem }}|{{ loop.nextitem }};{% endfor %}", map(), map());
        fails("{% for i in [1,2,3] %}{% if i == 2 %}{% break %}{% endif %}{{ i }}{% endfor %}", map(), map());
        fails("{% for i in [1,2,3] %}{% if i == 2 %}{% continue %}{% endif %}{{ i }}{% endfor %}", map(), map());
        fails("{% set l = [] %}{% do l.append(1) %}{{ l }}", map(), map());
        fails("{% for x in none %}{% endfor %}", map("none", null), map());
        fails("{% for a, b in [[1,2,3]] %}{% endfor %}", map(), map());
    }

    /** Load-time validation knows the loop's own keywords: a filtered, recursive loop is valid. */
    @Test
    void validationAcceptsLoopKeywords() {
        templar.validate("{% for x in xs if x.ok recursive %}{{ loop(x.c) }}{% else %}-{% endfor %}");
        templar.validate("{% filter upper %}a{% endfilter %}{% with a=1 %}{{ a }}{% endwith %}{% call(x) m() %}{{ x }}{% endcall %}");
        assertThrows(TemplateSyntaxError.class, () -> templar.validate("{% for x in %}{% endfor %}"));
    }
}
