package io.mm2dr.engine.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.engine.template.UnsafeText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading from parser events gives what SnakeYAML's composer gives: the same data, types, key order
 * and positions, for every YAML file of the repository (playbooks, roles, inventories, the test data:
 * Strimzi's and Event Streams' CRDs, kubernetes.core's targets, the conformance playbooks), and the
 * documents it leaves to the composer are the ones with anchors, tags, merge or duplicate keys, and
 * syntax errors.
 */
class EventDocumentsTest {
    private static final Path ROOT = Path.of("..");

    /** A value with its type and, for maps and lists, every position, as one comparable text. */
    private static void describe(Object value, StringBuilder out) {
        if (value instanceof YamlMap map) {
            out.append("map@").append(map.pos()).append('{');
            for (Map.Entry<String, Object> e : map.entrySet()) {
                out.append(e.getKey()).append('@').append(map.posOf(e.getKey())).append('=');
                describe(e.getValue(), out);
                out.append(',');
            }
            out.append('}');
        } else if (value instanceof YamlList list) {
            out.append("list@").append(list.pos()).append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(list.posOf(i)).append('=');
                describe(list.get(i), out);
                out.append(',');
            }
            out.append(']');
        } else if (value == null) {
            out.append("null");
        } else {
            out.append(value.getClass().getSimpleName()).append(':').append(value instanceof UnsafeText u ? u.toString() : value)
                    .append(value instanceof String s && YamlStrings.fromYaml(s) ? "(yaml)" : "");
        }
    }

    private static String describe(List<Object> docs) {
        StringBuilder out = new StringBuilder();
        for (Object doc : docs) {
            describe(doc, out);
            out.append('\n');
        }
        return out.toString();
    }

    @Test
    void everyYamlFileOfTheRepositoryReadsAsTheComposerReadsIt() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("playbooks", "roles", "inventories", "src/test/resources", "engine/src/test/resources")) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() > 400, "the repository's YAML files: " + files.size());
        int fromEvents = 0;
        List<String> different = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<Object> composed;
            List<String> warnings = new ArrayList<>();
            try {
                composed = new ComposedDocuments(warnings::add).read(text, file, YamlLoader.options());
            } catch (RuntimeException e) {
                assertNull(EventDocuments.read(text, file, YamlLoader.options()), file + " is refused by the composer but read from events");
                continue;
            }
            List<Object> events = EventDocuments.read(text, file, YamlLoader.options());
            if (events != null) {
                fromEvents++;
                if (!describe(events).equals(describe(composed)) && different.size() < 5) {
                    different.add(file + "\n  events:   " + describe(events) + "\n  composer: " + describe(composed));
                }
                // (reading from events warns of nothing: a file the composer warns about is left to it)
                if (!warnings.isEmpty() && different.size() < 5) {
                    different.add(file + " read from events, but the composer warns: " + warnings);
                }
            }
        }
        assertEquals(List.of(), different);
        assertTrue(fromEvents > files.size() * 3 / 4, "read from events: " + fromEvents + " of " + files.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a: &x 1\nb: *x\n", "a: {<<: {b: 1}, c: 2}\n", "a: 1\na: 2\n", "a: !unsafe '{{ x }}'\n",
        "a: !!str 1\n", "!!map {a: 1}\n", "a: [1, 2\n", "a: b: c\n", "a: 1\n---\n- *y\n", "1: a\n'1': b\n", "a: ._\n",
        "a: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n", "~: 1\n'~': 2\n", "yes: 1\n\"yes\": 2\n",
        "~: x\n\"~\": y\n2001-12-14: a\n2001-12-14 0:00:00Z: b\n"})
    void whatTheComposerReads(String text) {
        assertNull(EventDocuments.read(text, Path.of("t.yml"), YamlLoader.options()), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "---\n", "- hosts: localhost\n  tasks:\n    - debug: msg=hi\n", "a: [1, 0x1F, 1:30, .inf, ~, yes, '1', \"no\"]\n",
        "? [a, b]\n: c\n", "{a: 1, b: {c: [d, {e: f}]}}\n", "a: 2001-12-14\nb: <<x\nc: |\n  text\n", "--- 1\n--- a\n...\n"})
    void whatIsReadFromEvents(String text) {
        List<Object> events = EventDocuments.read(text, Path.of("t.yml"), YamlLoader.options());
        assertNotNull(events, text);
        assertEquals(describe(new ComposedDocuments(null).read(text, Path.of("t.yml"), YamlLoader.options())), describe(events), text);
    }
}
