package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm2dr.engine.builtin.BuiltinModules;
import io.mm2dr.engine.model.Block;
import io.mm2dr.engine.model.Play;
import io.mm2dr.engine.model.Playbook;
import io.mm2dr.engine.model.PlaybookLoader;
import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.model.TaskNode;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleDoc;
import io.mm2dr.engine.module.ModuleProvider;
import io.mm2dr.engine.module.ModuleRegistry;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.modules.domain.DomainModules;
import io.mm2dr.modules.kafka.KafkaModules;
import io.mm2dr.modules.kubernetes.KubernetesModules;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runner doc}: every module the runner ships is documented (every argument described, at
 * least one example, its return values, its check mode as its code declares it), every example
 * loads through the real loader, and what {@code doc} prints about arguments is what their
 * {@link ArgSpec} says.
 */
class DocCommandTest {

    /** The modules the runner ships (the test class path adds test-only ones, which are not documented). */
    static ModuleRegistry shipped() {
        List<Module> all = new ArrayList<>();
        for (ModuleProvider p : List.of(new BuiltinModules(), new DomainModules(), new KafkaModules(), new KubernetesModules())) {
            all.addAll(p.modules());
        }
        return new ModuleRegistry(all);
    }

    record Result(int code, String out, String err) {
    }

    static Result doc(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "doc";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false, all);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyShippedModuleIsDocumented() {
        List<String> problems = new ArrayList<>();
        for (Module m : shipped().modules()) {
            ModuleDoc d;
            try {
                d = ModuleDoc.load(m);
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
                continue;
            }
            undescribed(m.fullName(), m.spec(), problems);
            if (!d.examples().contains(m.name() + ":")) {
                problems.add(m.fullName() + ": no example uses it");
            }
            if (d.returns().isEmpty()) {
                problems.add(m.fullName() + ": no return values");
            }
            if ((d.checkMode() == ModuleDoc.CheckMode.NONE) == m.supportsCheckMode()) {
                problems.add(m.fullName() + ": check_mode " + d.checkMode().word() + " but supportsCheckMode() is " + m.supportsCheckMode());
            }
            if (d.shortDescription().contains("\n") || d.shortDescription().length() > 90) {
                problems.add(m.fullName() + ": short_description must be one short line");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(shipped().modules().size() >= 27, "modules: " + shipped().modules().size());
    }

    private static void undescribed(String where, ArgSpec spec, List<String> problems) {
        for (ArgSpec.Arg a : spec.args()) {
            if (a.description().isBlank()) {
                problems.add(where + ": argument '" + a.name() + "' has no description");
            }
            if (a.options() != null) {
                undescribed(where + "." + a.name(), a.options(), problems);
            }
        }
    }

    @Test
    void everyExampleLoadsThroughThePlaybookLoader(@TempDir Path dir) throws Exception {
        ModuleRegistry registry = shipped();
        PlaybookLoader loader = new PlaybookLoader(registry, new Templar(), w -> { }, List.of());
        for (Module m : registry.modules()) {
            String examples = ModuleDoc.load(m).examples();
            StringBuilder play = new StringBuilder("- hosts: localhost\n  gather_facts: false\n  tasks:\n");
            examples.lines().forEach(l -> play.append("    ").append(l).append('\n'));
            Path file = dir.resolve(m.name() + ".yaml");
            Files.writeString(file, play);
            Playbook pb;
            try {
                pb = loader.loadPlaybook(file);
            } catch (RuntimeException e) {
                fail("the example of " + m.fullName() + " does not load: " + e.getMessage() + "\n" + play);
                return;
            }
            List<Task> tasks = new ArrayList<>();
            for (Play p : pb.plays()) {
                collect(p.tasks, tasks);
            }
            assertFalse(tasks.isEmpty(), m.fullName());
            assertTrue(tasks.stream().anyMatch(t -> registry.find(t.action) == m), m.fullName() + ": its example runs other modules only");
        }
    }

    private static void collect(Block b, List<Task> out) {
        for (TaskNode n : b.body) {
            if (n instanceof Task t) {
                out.add(t);
            } else if (n instanceof Block inner) {
                collect(inner, out);
            }
        }
    }

    /** For every shipped module, each top-level argument's entry shows what its spec says: mandatory or not, default, choices, type. */
    @Test
    void optionsShowTheArgSpecsFacts() {
        for (Module m : shipped().modules()) {
            Result r = doc(m.fullName());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("> " + m.fullName().toUpperCase(java.util.Locale.ROOT)), r.out());
            for (ArgSpec.Arg a : m.spec().args()) {
                Matcher entry = Pattern.compile("(?m)^([=-]) " + Pattern.quote(a.name()) + "\n((?: {8}.*\n)+)").matcher(r.out());
                assertTrue(entry.find(), m.fullName() + ": no entry for " + a.name() + " in\n" + r.out());
                String body = entry.group(2);
                assertEquals(a.required() ? "=" : "-", entry.group(1), m.fullName() + "." + a.name());
                assertTrue(body.contains("        type: " + a.type().name().toLowerCase(java.util.Locale.ROOT) + "\n"), m.fullName() + "." + a.name() + ":\n" + body);
                if (a.defaultValue() != null) {
                    assertTrue(body.contains("        default: "), m.fullName() + "." + a.name() + ":\n" + body);
                } else {
                    assertFalse(body.contains("        default: "), m.fullName() + "." + a.name() + ":\n" + body);
                }
                if (a.choices() != null) {
                    assertTrue(body.contains("        choices: [" + String.join(", ", a.choices().stream().map(String::valueOf).toList()) + "]"),
                            m.fullName() + "." + a.name() + ":\n" + body);
                }
            }
        }
    }

    @Test
    void aModuleByEveryNameTheRegistryKnows() {
        Result topic = doc("kafka_topic");
        assertEquals(0, topic.code(), topic.err());
        assertTrue(topic.out().contains("\n= cluster\n"), topic.out());
        assertTrue(topic.out().contains("\n- partitions\n        partitions of the topic\n        default: 1\n        type: int\n"), topic.out());
        assertTrue(topic.out().contains("choices: [present, absent]"), topic.out());
        assertTrue(topic.out().contains("CHECK MODE: full"), topic.out());
        assertTrue(topic.out().contains("EXAMPLES:\n\n- name: The orders topic"), topic.out());
        assertTrue(topic.out().contains("RETURN VALUES:\n\n- topic\n"), topic.out());

        Result debug = doc("ansible.builtin.debug");
        assertTrue(debug.out().startsWith("> ANSIBLE.BUILTIN.DEBUG"), debug.out());
        assertTrue(debug.out().contains("mutually exclusive: msg, var"), debug.out());
        Result k8s = doc("community.kubernetes.k8s");
        assertTrue(k8s.out().startsWith("> KUBERNETES.CORE.K8S"), k8s.out());
        assertTrue(k8s.out().contains("aliases: [definition, inline]"), k8s.out());
        assertTrue(k8s.out().contains("NOT SUPPORTED YET:"), k8s.out());
        assertTrue(doc("command").out().contains("CHECK MODE: none"));
        assertTrue(doc("set_fact").out().contains("- ANY NAME"));

        Result mm2 = doc("mirror_maker2");
        assertTrue(mm2.out().contains("required if state is present: connect_cluster, clusters, mirrors"), mm2.out());
        // nested options, indented under their argument, with their own facts
        assertTrue(mm2.out().contains("        suboptions:\n\n        = alias\n"), mm2.out());
        assertTrue(mm2.out().contains("                default: .*\n"), mm2.out());
    }

    @Test
    void listNamesEveryRegisteredModule() {
        Result r = doc("--list");
        assertEquals(0, r.code(), r.err());
        for (Module m : ModuleRegistry.discover().modules()) {
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(m.fullName()) + " +\\S").matcher(r.out()).find(), m.fullName() + " in\n" + r.out());
        }
        assertTrue(r.out().contains("mm2dr.kafka.kafka_topic"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("mm2dr\\.kafka\\.kafka_topic +A topic of a Kafka cluster")), r.out());
    }

    @Test
    void jsonForTools() throws Exception {
        Result r = doc("--json", "kafka_topic");
        assertEquals(0, r.code(), r.err());
        JsonNode topic = new ObjectMapper().readTree(r.out()).get("mm2dr.kafka.kafka_topic");
        assertEquals(1, topic.at("/options/partitions/default").asInt());
        assertTrue(topic.at("/options/name/required").asBoolean());
        assertEquals("absent", topic.at("/options/state/choices/1").asText());
        assertEquals("full", topic.get("check_mode").asText());
        assertEquals("topic", topic.at("/returns/0/key").asText());
        JsonNode list = new ObjectMapper().readTree(doc("--list", "--json").out());
        assertEquals("A topic of a Kafka cluster", list.get("mm2dr.kafka.kafka_topic").asText());
    }

    @Test
    void anUnknownModuleIsOneErrorWithTheNearestName() {
        Result r = doc("kafka_topc");
        assertEquals(5, r.code());
        assertEquals("", r.out());
        assertEquals("ERROR! module 'kafka_topc' not found (did you mean 'kafka_topic'?); 'runner doc --list' lists every module\n", r.err());
        Result far = doc("no_such_thing_at_all");
        assertEquals(5, far.code());
        assertFalse(far.err().contains("did you mean"), far.err());
        Result none = doc();
        assertEquals(5, none.code());
        assertTrue(none.err().contains("Usage: runner doc"), none.err());
        assertNotEquals(0, doc("--bogus").code());
    }
}
