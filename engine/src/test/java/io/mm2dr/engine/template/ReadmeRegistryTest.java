package io.mm2dr.engine.template;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's list of filters, tests and lookups is the registry's, and what is not in it is refused
 * by name. Regenerate the list with
 * {@code mvn test -Dtest=ReadmeRegistryTest -Dreadme.regenerate=true} (or {@code Registry}'s main with
 * the README's path).
 */
class ReadmeRegistryTest {

    @Test
    void readmeListsExactlyWhatTheEngineRegisters() throws Exception {
        if (Boolean.getBoolean("readme.regenerate")) {
            Registry.main(new String[] {"README.md"});
        }
        String readme = Files.readString(Path.of("..", "README.md"));
        int b = readme.indexOf(Registry.BEGIN);
        int e = readme.indexOf(Registry.END);
        assertTrue(b >= 0 && e > b, "README.md lacks the " + Registry.BEGIN + " section");
        String inReadme = readme.substring(b, e + Registry.END.length() + 1);
        String expected = Registry.readmeSection();
        if (!expected.equals(inReadme)) {
            List<String> missing = new ArrayList<>();
            List<String> extra = new ArrayList<>();
            for (String line : expected.split("\n")) {
                if (!inReadme.contains(line)) {
                    missing.add(line);
                }
            }
            for (String line : inReadme.split("\n")) {
                if (!expected.contains(line)) {
                    extra.add(line);
                }
            }
            fail("README.md's supported list differs from the registry; run Registry's main to regenerate.\n"
                    + "Lines the registry gives but the README lacks:\n" + String.join("\n", missing)
                    + "\nLines in the README the registry does not give:\n" + String.join("\n", extra));
        }
    }

    @Test
    void registryHasJinjaAndAnsibleNamesOnly() {
        assertTrue(Registry.filters().containsAll(List.of("groupby", "product", "ansible.builtin.product",
                "community.general.json_query", "json_query", "to_datetime")));
        assertTrue(Registry.tests().containsAll(List.of("sameas", "ansible.builtin.version", "filter", "escaped")));
        // jinjava's own extras are not Jinja2's nor Ansible's (Ansible 2.14: 'Could not load "datetimeformat"')
        for (String jinjavaOnly : List.of("datetimeformat", "multiply", "cut", "unixtimestamp", "dict", "ansible.builtin.upper")) {
            assertTrue(!Registry.filters().contains(jinjavaOnly), jinjavaOnly);
        }
        assertTrue(!Registry.tests().contains("string_containing"));
        assertEquals(Lookups.NAMES, Registry.lookups());
    }

    @Test
    void unknownNamesAreRefusedWhenValidating() {
        Templar templar = new Templar();
        TemplateError filter = assertThrows(TemplateError.class, () -> templar.validate("{{ x | datetimeformat }}"));
        assertTrue(filter.getMessage().contains("no filter named 'datetimeformat'"), filter.getMessage());
        TemplateError test = assertThrows(TemplateError.class,
                () -> templar.validate("{% if x is string_containing('a') %}{% endif %}"));
        assertTrue(test.getMessage().contains("no test named 'string_containing'"), test.getMessage());
        TemplateError lookup = assertThrows(TemplateError.class, () -> templar.validate("{{ lookup('nosuch', 'x') }}"));
        assertTrue(lookup.getMessage().contains("lookup plugin 'nosuch' not found"), lookup.getMessage());
        TemplateError q = assertThrows(TemplateError.class, () -> templar.validateNames("query(\"ansible.builtin.nope\") | length"));
        assertTrue(q.getMessage().contains("'ansible.builtin.nope'"), q.getMessage());
        TemplateError bare = assertThrows(TemplateError.class, () -> templar.validateNames("x | nosuchfilter > 1"));
        assertTrue(bare.getMessage().contains("no filter named 'nosuchfilter'"), bare.getMessage());
        TemplateError dotted = assertThrows(TemplateError.class, () -> templar.validateNames("x | ansible.builtin.upper"));
        assertTrue(dotted.getMessage().contains("'ansible.builtin.upper'"), dotted.getMessage());
        assertDoesNotThrow(() -> templar.validate("{{ lookup('ansible.builtin.env', 'HOME') ~ query('sequence', 'count=2') | join }}"));
        assertDoesNotThrow(() -> templar.validateNames("x | ansible.builtin.to_json is string and 'a | b' is defined"));
        assertDoesNotThrow(() -> templar.validateNames("lookup('first_found', 'x') is ansible.builtin.truthy"));
    }
}
