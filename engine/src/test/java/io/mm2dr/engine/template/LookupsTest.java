package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookupsTest extends TemplarTestSupport {
    @TempDir
    Path dir;

    private Object t(String template, TemplateContext ctx) {
        return templar.template(template, vars(), ctx);
    }

    @Test
    void envLookup() {
        String path = System.getenv("PATH");
        assertEquals(path == null ? "" : path, t("{{ lookup('env', 'PATH') }}"));
        assertEquals("", t("{{ lookup('env', 'SURELY_NOT_SET_12345') }}"));
        assertEquals("fallback", t("{{ lookup('env', 'SURELY_NOT_SET_12345') | default('fallback', true) }}"));
    }

    @Test
    void fileLookupSearchesPathsInOrder() throws IOException {
        Path first = Files.createDirectories(dir.resolve("role/files"));
        Path second = Files.createDirectories(dir.resolve("playbook"));
        Files.writeString(second.resolve("cert.pem"), "CERT\n");
        Files.writeString(first.resolve("only-role.txt"), "role file\n\n");
        TemplateContext ctx = new TemplateContext(List.of(dir.resolve("role"), second));
        assertEquals("CERT", t("{{ lookup('file', 'cert.pem') }}", ctx));
        assertEquals("role file", t("{{ lookup('file', 'only-role.txt') }}", ctx));
        assertEquals("CERT", t("{{ lookup('file', '" + second.resolve("cert.pem") + "') }}", TemplateContext.NONE));
        assertEquals(List.of("CERT"), t("{{ query('file', 'cert.pem') }}", ctx));
        assertEquals(List.of("CERT"), t("{{ q('file', 'cert.pem') }}", ctx));
        TemplateError missing = assertThrows(TemplateError.class, () -> t("{{ lookup('file', 'nope.txt') }}", ctx));
        assertTrue(missing.getMessage().contains("nope.txt"), missing.getMessage());
        assertTrue(missing.getMessage().contains(second.resolve("nope.txt").toString()), missing.getMessage());
        assertEquals("", t("{{ lookup('file', 'nope.txt', errors='ignore') }}", ctx));
    }

    @Test
    void templateLookupRendersWithTheSameVariables() throws IOException {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("main.j2"),
                "name={{ name }}\n{% for i in items %}- {{ i }}\n{% endfor %}{{ lookup('template', 'part.j2') }}\n");
        Files.writeString(templates.resolve("part.j2"), "part of {{ name | upper }}");
        TemplateContext ctx = new TemplateContext(List.of(dir));
        assertEquals("name=kafka\n- a\n- b\npart of KAFKA\n", t("{{ lookup('template', 'main.j2') }}", ctx));
    }

    @Test
    void varsLookupAndDictFunction() {
        Map<String, Object> vars = map("a", "{{ b }}", "b", 5, "which", "a");
        assertEquals(5L, templar.template("{{ lookup('vars', which) }}", vars, TemplateContext.NONE));
        assertEquals("d", templar.template("{{ lookup('vars', 'zz', default='d') }}", vars, TemplateContext.NONE));
        assertThrows(TemplateError.class, () -> templar.template("{{ lookup('vars', 'zz') }}", vars, TemplateContext.NONE));
        assertEquals(Map.of("x", 1L, "y", "kafka"), t("{{ dict(x=1, y=name) }}"));
        assertEquals(Map.of("x", 1L), t("{{ dict([['x', 1]]) }}"));
        assertThrows(TemplateError.class, () -> t("{{ lookup('nosuchplugin', 'x') }}"));
    }
}
