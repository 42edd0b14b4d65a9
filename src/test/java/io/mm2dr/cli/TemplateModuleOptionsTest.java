package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template module's Jinja options (trim_blocks, lstrip_blocks, newline_sequence, the six
 * delimiter strings), a {@code #jinja2:} header, import/from/include beside the template, and
 * lookup('template') with its delimiter options and template_vars. The expected files are what
 * ansible-playbook 2.14 (Jinja2 3.1.2) wrote for the same playbook and templates.
 */
class TemplateModuleOptionsTest {
    @TempDir
    Path tmp;

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content);
    }

    @Test
    void jinjaOptionsRenderAsAnsibleDoes() throws IOException {
        Path templates = tmp.resolve("templates");
        Files.createDirectories(templates);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        write(templates.resolve("opts.j2"), "[# a comment #]\n  [% for t in topics %]\ntopic.[[ loop.index ]]=[[ t ]] {{ literal }}\n  [% endfor %]\nend\n");
        write(templates.resolve("macros.j2"), "{% macro kv(k, v) -%}\n{{ k }}={{ v }}\n{%- endmacro %}\n");
        write(templates.resolve("main.j2"), "{% from 'macros.j2' import kv %}\n{% import 'macros.j2' as m %}\n{{ kv('a', 1) }}\n{{ m.kv('b', 2) }}\n{% include 'part.j2' %}\n{% for t in topics if t != 'LH.DOORS' %}\n{{ loop.index }}/{{ loop.length }} {{ t }}\n{% else %}\nnone\n{% endfor %}\n");
        write(templates.resolve("part.j2"), "part {{ topics | length }}\n");
        write(templates.resolve("header.j2"), "#jinja2: lstrip_blocks: True, trim_blocks: False\n  {% if true %}\nx\n  {% endif %}\n");
        write(templates.resolve("lk.j2"), "[[ topics | join(\",\") ]] [# c #]end\n");
        write(templates.resolve("show.j2"), "{{ looked }}|{{ looked_vars }}");
        Path playbook = tmp.resolve("play.yml");
        Files.writeString(playbook, "- hosts: localhost\n  gather_facts: false\n  connection: local\n  vars: {topics: [LH.ORDERS, LH.DOORS, LH.STOCK]}\n  tasks:\n    - template:\n        src: opts.j2\n        dest: \"%s/opts.txt\"\n        lstrip_blocks: true\n        block_start_string: \"[%\"\n        block_end_string: \"%]\"\n        variable_start_string: \"[[\"\n        variable_end_string: \"]]\"\n        comment_start_string: \"[#\"\n        comment_end_string: \"#]\"\n    - template: {src: main.j2, dest: \"%s/main.txt\"}\n    - template: {src: main.j2, dest: \"%s/crlf.txt\", newline_sequence: \"\\r\\n\", trim_blocks: false}\n    - template: {src: header.j2, dest: \"%s/header.txt\"}\n    - set_fact:\n        looked: \"{{ lookup('template', 'lk.j2', variable_start_string='[[', variable_end_string=']]', comment_start_string='[#', comment_end_string='#]') }}\"\n        looked_vars: \"{{ lookup('template', 'part.j2', template_vars={'topics': [1]}) }}\"\n    - template: {src: show.j2, dest: \"%s/lookup.txt\"}\n".replace("%s", out.toString()));

        RunnerHarness.Run run = RunnerHarness.run(playbook.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals("topic.1=LH.ORDERS {{ literal }}\ntopic.2=LH.DOORS {{ literal }}\ntopic.3=LH.STOCK {{ literal }}\nend\n", Files.readString(out.resolve("opts.txt")), "opts.txt");
        assertEquals("a=1\nb=2\npart 31/2 LH.ORDERS\n2/2 LH.STOCK\n", Files.readString(out.resolve("main.txt")), "main.txt");
        assertEquals("\r\n\r\na=1\r\nb=2\r\npart 3\r\n\r\n1/2 LH.ORDERS\r\n\r\n2/2 LH.STOCK\r\n", Files.readString(out.resolve("crlf.txt")), "crlf.txt");
        assertEquals("\nx\n", Files.readString(out.resolve("header.txt")), "header.txt");
        assertEquals("LH.ORDERS,LH.DOORS,LH.STOCK end\n|part 1\n", Files.readString(out.resolve("lookup.txt")), "lookup.txt");
    }

    @Test
    void badNewlineSequenceFailsTheTask() throws IOException {
        // ansible-playbook 2.14: "newline_sequence needs to be one of: \n, \r or \r\n", exit code 2
        Path templates = tmp.resolve("templates");
        Files.createDirectories(templates);
        write(templates.resolve("t.j2"), "x\n");
        Path playbook = tmp.resolve("bad.yml");
        Files.writeString(playbook, """
                - hosts: localhost
                  tasks:
                    - template: {src: t.j2, dest: "%s", newline_sequence: "x"}
                """.formatted(tmp.resolve("t.txt")));
        RunnerHarness.Run run = RunnerHarness.run(playbook.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        org.junit.jupiter.api.Assertions.assertTrue(run.out().contains("newline_sequence needs to be one of"), run.out());
    }
}
