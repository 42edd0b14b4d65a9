#!/usr/bin/env python3
"""Writes template_module_options.yaml: cases for the options of Ansible's template module
(trim_blocks, lstrip_blocks, newline_sequence and the six delimiter strings). Templates and vars only;
record_jinja2.py records what ansible-playbook renders. Re-run to regenerate (recorded values of
unchanged cases are kept)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_yaml import dump_cases, load_cases  # noqa: E402

IF_BLOCK = "{% if true %}\nyes\n{% endif %}\nafter\n"
FOR_BLOCK = "{% for i in items %}\n{{ i }}\n{% endfor %}\nend\n"
INDENTED = "<ul>\n  {% for i in items %}\n    <li>{{ i }}</li>\n  {% endfor %}\n</ul>\n"
ITEMS = {"items": ["a", "b"]}
ERB = {"block_start_string": "<%", "block_end_string": "%>", "variable_start_string": "<%=",
       "variable_end_string": "%>", "comment_start_string": "<%#", "comment_end_string": "%>"}
PHP = {"block_start_string": "<?", "block_end_string": "?>", "variable_start_string": "<?=",
       "variable_end_string": "?>", "comment_start_string": "<!--", "comment_end_string": "-->"}

CASES = [
    # trim_blocks: the template module's default is true (Jinja2's is false)
    ("trim_blocks/default_if", IF_BLOCK, {}, {}),
    ("trim_blocks/true_if", IF_BLOCK, {}, {"trim_blocks": True}),
    ("trim_blocks/false_if", IF_BLOCK, {}, {"trim_blocks": False}),
    ("trim_blocks/default_for", FOR_BLOCK, ITEMS, {}),
    ("trim_blocks/false_for", FOR_BLOCK, ITEMS, {"trim_blocks": False}),
    ("trim_blocks/plus_disables", "{% if true +%}\nyes\n{% endif +%}\nafter\n", {}, {}),
    ("trim_blocks/comment_default", "{# note #}\nline\n", {}, {}),
    ("trim_blocks/comment_false", "{# note #}\nline\n", {}, {"trim_blocks": False}),
    ("trim_blocks/minus_with_false", "a\n{%- if true -%}\nb\n{%- endif %}\nc\n", {}, {"trim_blocks": False}),
    ("trim_blocks/crlf_template", "{% if true %}\r\nyes\r\n{% endif %}\r\nafter\r\n", {}, {}),
    ("trim_blocks/variable_tag_untouched", "{{ 'x' }}\n{{ 'y' }}\n", {}, {}),
    ("trim_blocks/set_block", "{% set v %}\nbody\n{% endset %}\n[{{ v }}]\n", {}, {}),
    ("trim_blocks/set_block_false", "{% set v %}\nbody\n{% endset %}\n[{{ v }}]\n", {}, {"trim_blocks": False}),
    ("trim_blocks/macro", "{% macro m(x) %}\n<{{ x }}>\n{% endmacro %}\n{{ m(1) }}{{ m(2) }}\n", {}, {}),
    ("trim_blocks/macro_false", "{% macro m(x) %}\n<{{ x }}>\n{% endmacro %}\n{{ m(1) }}{{ m(2) }}\n", {}, {"trim_blocks": False}),
    ("trim_blocks/raw", "{% raw %}\n{{ not rendered }}\n{% endraw %}\nend\n", {}, {}),
    ("trim_blocks/raw_false", "{% raw %}\n{{ not rendered }}\n{% endraw %}\nend\n", {}, {"trim_blocks": False}),
    # lstrip_blocks
    ("lstrip_blocks/true", INDENTED, ITEMS, {"lstrip_blocks": True}),
    ("lstrip_blocks/default", INDENTED, ITEMS, {}),
    ("lstrip_blocks/true_trim_false", INDENTED, ITEMS, {"lstrip_blocks": True, "trim_blocks": False}),
    ("lstrip_blocks/false_trim_false", INDENTED, ITEMS, {"lstrip_blocks": False, "trim_blocks": False}),
    ("lstrip_blocks/plus_disables", "  {%+ if true %}\nyes\n  {%+ endif %}\n", {}, {"lstrip_blocks": True}),
    ("lstrip_blocks/tabs", "\t\t{% if true %}\nyes\n\t{% endif %}\n", {}, {"lstrip_blocks": True}),
    ("lstrip_blocks/comment", "    {# note #}\nline\n", {}, {"lstrip_blocks": True}),
    ("lstrip_blocks/text_before", "a {% if true %}b{% endif %} c\n", {}, {"lstrip_blocks": True}),
    ("lstrip_blocks/variable_untouched", "    {{ 'x' }}\n", {}, {"lstrip_blocks": True}),
    ("lstrip_blocks/raw", "    {% raw %}{{ x }}{% endraw %}\n", {}, {"lstrip_blocks": True}),
    ("lstrip_blocks/minus", "  {%- if true %}\nyes\n  {% endif -%}\n", {}, {"lstrip_blocks": True}),
    ("lstrip_blocks/nested", "{% for i in items %}\n  {% for j in items %}\n    {{ i }}{{ j }}\n  {% endfor %}\n{% endfor %}\n",
     ITEMS, {"lstrip_blocks": True}),
    ("lstrip_blocks/nested_no_trim", "{% for i in items %}\n  {% for j in items %}\n    {{ i }}{{ j }}\n  {% endfor %}\n{% endfor %}\n",
     ITEMS, {"lstrip_blocks": True, "trim_blocks": False}),
    ("lstrip_blocks/yaml_config", "config:\n  {% for k, v in cfg.items() %}\n  {{ k }}: {{ v }}\n  {% endfor %}\n",
     {"cfg": {"port": 9092, "host": "localhost"}}, {"lstrip_blocks": True}),
    # newline_sequence
    ("newline_sequence/lf", "a\nb\n", {}, {"newline_sequence": "\n"}),
    ("newline_sequence/crlf", "a\nb\nc\n", {}, {"newline_sequence": "\r\n"}),
    ("newline_sequence/cr", "a\nb\nc\n", {}, {"newline_sequence": "\r"}),
    ("newline_sequence/crlf_trailing_newlines", "a\n\n\n", {}, {"newline_sequence": "\r\n"}),
    ("newline_sequence/crlf_variable_keeps_its_newlines", "[{{ text }}]\nend\n", {"text": "x\ny"}, {"newline_sequence": "\r\n"}),
    ("newline_sequence/crlf_with_blocks", FOR_BLOCK, ITEMS, {"newline_sequence": "\r\n"}),
    ("newline_sequence/crlf_input_to_lf", "a\r\nb\r\n", {}, {"newline_sequence": "\n"}),
    ("newline_sequence/escaped_crlf", "a\nb\n", {}, {"newline_sequence": "\\r\\n"}),
    ("newline_sequence/escaped_cr", "a\nb\n", {}, {"newline_sequence": "\\r"}),
    ("newline_sequence/invalid", "a\nb\n", {}, {"newline_sequence": "x"}),
    # delimiters
    ("delimiters/variable_brackets", "Hello [% name %] and {{ name }}\n", {"name": "kafka"},
     {"variable_start_string": "[%", "variable_end_string": "%]"}),
    ("delimiters/variable_dollar", "image: ${ image }:${ tag }\nhelm: {{ .Values.x }}\n", {"image": "kafka", "tag": "3.9"},
     {"variable_start_string": "${", "variable_end_string": "}"}),
    ("delimiters/variable_double_brackets", "[[ a ~ b ]] {{ a }}\n", {"a": "x", "b": "y"},
     {"variable_start_string": "[[", "variable_end_string": "]]"}),
    ("delimiters/block_angle", "<% for i in items %>[{{ i }}]<% endfor %> {% raw %}\n", ITEMS,
     {"block_start_string": "<%", "block_end_string": "%>"}),
    ("delimiters/block_angle_trim", "<% for i in items %>\n{{ i }}\n<% endfor %>\n", ITEMS,
     {"block_start_string": "<%", "block_end_string": "%>"}),
    ("delimiters/comment_hash", "a<# gone #>b{# kept #}c\n", {}, {"comment_start_string": "<#", "comment_end_string": "#>"}),
    ("delimiters/erb", "<%# comment %>\n<% for item in items -%>\n    <%= item %>\n<%- endfor %>\n", ITEMS, ERB),
    ("delimiters/erb_lstrip", "<%# comment %>\n<% for item in items %>\n    <%= item %>\n    <% endfor %>\n", ITEMS,
     dict(ERB, lstrip_blocks=True)),
    ("delimiters/php", "<!-- comment -->\n<? for item in items ?>\n<?= item ?>\n<? endfor ?>\n", ITEMS, PHP),
    ("delimiters/php_no_trim", "<? for item in items ?>\n<?= item ?>\n<? endfor ?>\n", ITEMS, dict(PHP, trim_blocks=False)),
    ("delimiters/parens", "((( 1 + 2 ))) ((* if true *))yes((* endif *))\n", {},
     {"variable_start_string": "(((", "variable_end_string": ")))", "block_start_string": "((*", "block_end_string": "*))"}),
    ("delimiters/whitespace_control", "a\n[%- if true -%]\n b \n[%- endif -%]\nc\n", {},
     {"block_start_string": "[%", "block_end_string": "%]"}),
    ("delimiters/filters_and_tests", "<< items | join(',') >> << 'yes' if items is sequence else 'no' >>\n", ITEMS,
     {"variable_start_string": "<<", "variable_end_string": ">>"}),
    ("delimiters/literal_default_markers", "{{ x }} {% if %} {# c #}\n", {},
     {"variable_start_string": "@@", "variable_end_string": "@@", "block_start_string": "@%", "block_end_string": "%@",
      "comment_start_string": "@#", "comment_end_string": "#@"}),
    ("delimiters/unclosed", "Hello [% name\n", {"name": "x"}, {"variable_start_string": "[%", "variable_end_string": "%]"}),
    ("delimiters/undefined_variable", "Hello [% nope %]\n", {}, {"variable_start_string": "[%", "variable_end_string": "%]"}),
    ("delimiters/macro_and_set", "<% set greeting = 'hi' %><% macro m(n) %><<greeting>> <<n>><% endmacro %><< m('x') >>\n", {},
     {"block_start_string": "<%", "block_end_string": "%>", "variable_start_string": "<<", "variable_end_string": ">>"}),
    # trailing newlines: the template module always keeps them
    ("newlines/keeps_one", "x\n", {}, {}),
    ("newlines/keeps_several", "x\n\n\n", {}, {}),
    ("newlines/none", "x", {}, {}),
    ("newlines/only_newline", "\n", {}, {}),
    ("newlines/after_block_at_end", "{% if true %}x{% endif %}\n", {}, {}),
    ("newlines/after_block_at_end_no_trim", "{% if true %}x{% endif %}\n", {}, {"trim_blocks": False}),
]


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "conformance", "jinja2",
                       "template_module_options.yaml")
    old = {c["id"]: c for c in load_cases(out)} if os.path.exists(out) else {}
    cases = []
    for name, template, vars_, options in CASES:
        c = {"id": "template_module_options::" + name, "template": template}
        if vars_:
            c["vars"] = vars_
        if options:
            c["options"] = options
        o = old.get(c["id"])
        if o and all(o.get(k) == c.get(k) for k in ("template", "vars", "options")):
            for k in ("expected", "error", "error_message", "jinja2", "jinja2_error"):
                if k in o:
                    c[k] = o[k]
        cases.append(c)
    dump_cases(out, "The template module's options (trim_blocks, lstrip_blocks, newline_sequence, delimiters),\n"
                    "written by engine/src/test/conformance/options_cases.py.\n"
                    "expected/error: what ansible-playbook 2.14's template module renders; jinja2: plain Jinja2 3.1.2 (reference).\n"
                    "Both are written by engine/src/test/conformance/record_jinja2.py; never edit them by hand.", cases)
    print("%d option cases" % len(cases))


if __name__ == "__main__":
    main()
