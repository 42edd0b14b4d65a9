package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.mm2dr.engine.model.PlaybookError;
import io.mm2dr.engine.model.PlaybookLoader;
import io.mm2dr.engine.module.ModuleRegistry;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.template.UnsafeText;
import io.mm2dr.engine.yaml.YamlLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runner schema}: the JSON Schema it writes, checked with a maintained draft-07 validator
 * (networknt), accepts the project's own playbooks, task files and role argument specs, the
 * conformance corpus (but its playbooks the loader refuses) and the vendored demo's playbooks, and
 * refuses what the loader refuses: an unknown argument, a wrong type or choice, an unknown or
 * refused keyword, a missing required argument.
 */
class SchemaCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Conformance playbooks the loader refuses: not YAML, an unknown module, an unknown keyword, a misspelt play keyword. */
    private static final Set<String> REFUSED_CONFORMANCE = Set.of("n01_yaml_syntax.yml", "n05_unknown_module.yml",
            "n06_unknown_keyword.yml", "n16_bad_indent_play.yml");

    private static JsonSchema schema;

    @BeforeAll
    static void writeTheSchema(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/runner-schema.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false,
                "schema", "--output", file.toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        JsonNode node = JSON.readTree(Files.readString(file));
        assertEquals("http://json-schema.org/draft-07/schema#", node.get("$schema").asText());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node);
    }

    /** A YAML file's document as JSON, as an editor's YAML language server sees it. */
    private static JsonNode json(Object yaml) {
        return JSON.valueToTree(plain(yaml));
    }

    private static Object plain(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(SchemaCommandTest::plain).toList();
        }
        return v instanceof UnsafeText u ? u.toString() : v;
    }

    private static Set<ValidationMessage> validate(Path file) {
        return schema.validate(json(new YamlLoader().load(file)));
    }

    private static Set<ValidationMessage> validate(String yaml) {
        return schema.validate(json(new YamlLoader().loadAll(yaml, Path.of("inline.yaml")).get(0)));
    }

    private static List<Path> files(String dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(Path.of(dir))) {
            return out;
        }
        var matcher = Path.of(dir).getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> s = Files.walk(Path.of(dir))) {
            s.filter(Files::isRegularFile).filter(p -> matcher.matches(Path.of(dir).relativize(p))).sorted().forEach(out::add);
        }
        return out;
    }

    private static Map<String, String> invalid(List<Path> files) {
        Map<String, String> out = new TreeMap<>();
        for (Path f : files) {
            Set<ValidationMessage> errors = validate(f);
            if (!errors.isEmpty()) {
                out.put(f.toString(), errors.toString());
            }
        }
        return out;
    }

    @Test
    void theProjectsPlaybooksTaskFilesAndArgumentSpecsValidate() throws IOException {
        List<Path> playbooks = files("playbooks", "*.yaml");
        List<Path> tasks = files("roles", "*/tasks/*.{yml,yaml}");
        List<Path> handlers = files("roles", "*/handlers/*.{yml,yaml}");
        List<Path> specs = files("roles", "*/meta/argument_specs.yml");
        assertTrue(playbooks.size() >= 7, "playbooks: " + playbooks);
        assertTrue(tasks.size() >= 11, "task files: " + tasks);
        assertTrue(specs.size() >= 11, "argument specs: " + specs);
        List<Path> all = new ArrayList<>(playbooks);
        all.addAll(tasks);
        all.addAll(handlers);
        all.addAll(specs);
        assertEquals(Map.of(), invalid(all));
        System.out.println("schema: " + playbooks.size() + " playbooks, " + tasks.size() + " task files, " + handlers.size()
                + " handler files, " + specs.size() + " argument specs of the project validate");
    }

    @Test
    void theConformanceCorpusValidatesButWhatTheLoaderRefuses() throws IOException {
        List<Path> corpus = files("src/test/resources/conformance/playbooks", "*.yml");
        assertTrue(corpus.size() >= 90, "corpus: " + corpus.size());
        int valid = 0;
        for (Path f : corpus) {
            String name = f.getFileName().toString();
            if (name.equals("n01_yaml_syntax.yml")) {
                continue;   // not YAML: no editor gets as far as the schema
            }
            Set<ValidationMessage> errors = validate(f);
            if (REFUSED_CONFORMANCE.contains(name)) {
                assertFalse(errors.isEmpty(), name + " is refused by the loader but valid for the schema");
            } else {
                assertEquals(Set.of(), errors, name);
                valid++;
            }
        }
        System.out.println("schema: " + valid + " of " + corpus.size() + " conformance playbooks validate; "
                + (REFUSED_CONFORMANCE.size() - 1) + " refused as the loader refuses them, 1 is not YAML");
        List<Path> demo = new ArrayList<>(files("src/test/resources/demo", "**/*.yaml"));
        demo.removeIf(p -> p.toString().contains("/templates/") || p.getFileName().toString().equals("expected-objects.yaml"));
        assertTrue(demo.size() >= 20, "demo: " + demo);
        assertEquals(Map.of(), invalid(demo));
        System.out.println("schema: the vendored demo's " + demo.size() + " playbooks and task files validate");
    }

    private static final String PLAY = "- hosts: localhost\n  tasks:\n";

    private static String task(String body) {
        return PLAY + body.indent(4);
    }

    @Test
    void acceptsTemplatesFqcnAliasesAndFreeFormText() {
        assertEquals(Set.of(), validate(task("""
                - name: typed values, or templates of them
                  kafka_topic:
                    name: LH.ORDERS
                    cluster: primary
                    namespace: primary
                    partitions: "{{ topic_partitions }}"
                    replicas: "3"
                    wait: yes
                    state: "{{ topic_state }}"
                  when: create | bool
                  retries: "{{ n }}"
                - ansible.builtin.debug: {msg: hi}
                - community.kubernetes.k8s: {kind: ConfigMap, name: x, inline: {data: {}}}
                - command: ls -l
                - shell: echo hi | wc -c
                - mm2dr.kafka.namespace: name=primary state=present
                - set_fact: {anything: 1, at_all: two}
                - include_tasks: other.yaml
                - meta: flush_handlers
                - debug:
                  with_items: [1, 2]
                """)));
    }

    @Test
    void refusesWhatTheLoaderRefuses() {
        String topic = """
                kafka_topic:
                  name: LH.ORDERS
                  cluster: primary
                  namespace: primary
                """;
        assertEquals(Set.of(), validate(task("- " + topic.indent(2).strip())));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("unknown argument of kafka_topic", topic + "  partitons: 3\n");
        bad.put("wrong type", topic + "  partitions: many\n");
        bad.put("a choice that is none", topic + "  state: gone\n");
        bad.put("a mapping for a string", topic + "  cluster: {name: primary}\n");
        bad.put("missing required argument", "kafka_topic:\n  name: LH.ORDERS\n  namespace: primary\n");
        bad.put("unknown task keyword", topic + "registr: out\n");
        bad.put("a keyword the runner refuses", topic + "become: true\n");
        bad.put("an unknown module", "kafka_topics: {name: x}\n");
        bad.put("an unknown key in a nested option", """
                mirror_maker2:
                  name: mm2
                  namespace: backup
                  connect_cluster: backup
                  clusters: [{alias: backup, bootstrapp: x:9092}]
                  mirrors: [{source: primary, target: backup}]
                """);
        bad.put("mutually exclusive arguments", "debug: {msg: a, var: b}\n");
        bad.put("one of required arguments missing", "mirror_compare: {source: {}, target: {}}\n");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            String yaml = task("- " + e.getValue().indent(2).strip());
            assertFalse(validate(yaml).isEmpty(), e.getKey() + " is valid for the schema:\n" + yaml);
        }
        assertFalse(validate("- hosts: localhost\n  become: true\n").isEmpty(), "play keyword refused by the runner");
        assertFalse(validate("- name: no hosts\n  tasks: []\n").isEmpty(), "a play needs hosts");
        assertFalse(validate("argument_specs:\n  main:\n    options:\n      x: {type: string}\n").isEmpty(), "a type no spec has");
        assertEquals(Set.of(), validate("argument_specs:\n  main:\n    short_description: x\n    options:\n"
                + "      x: {type: list, elements: dict, required: true, options: {y: {type: int, default: 1}}}\n"));
    }

    /** The schema and the loader agree on the negative cases they both can see. */
    @Test
    void theLoaderRefusesTheSameTasks(@TempDir Path dir) throws IOException {
        PlaybookLoader loader = new PlaybookLoader(ModuleRegistry.discover(), new Templar(), w -> { }, List.of());
        for (String body : List.of("kafka_topic: {name: a, cluster: b, namespace: c, partitons: 3}",
                "kafka_topic: {name: a, namespace: c}", "debug: {msg: a}\n  registr: out")) {
            Path f = dir.resolve("p.yaml");
            Files.writeString(f, task("- " + body));
            assertFalse(validate(f).isEmpty(), body);
            assertThrows(PlaybookError.class, () -> loader.loadPlaybook(f), body);
        }
    }

    @Test
    void badOptionsAreAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(5, Main.run(o, e, false, "schema", "--bogus"));
        assertEquals(5, Main.run(o, e, false, "schema", "--output"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage: runner schema [--output FILE]"), err.toString(StandardCharsets.UTF_8));
    }
}
