package io.mm2dr.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The drill's playbooks, roles and inventories as an Ansible user reads them: roles imported
 * statically where they can be (so --list-tasks and --tags see inside), every role's arguments
 * written in meta/argument_specs.yml for each entry point used, and what differs between the
 * platforms in the inventories (inventories/local.yaml, the one ansible.cfg names for a run
 * without -i), not in conditions on the platform through the vars.
 */
class DrillRolesTest {
    static final List<String> STAGES = List.of("initial-setup", "region-loss", "recreate-from-backup", "resume-applications",
            "setup-new-backup", "shared-aggregate");
    private static final Path ROLES = Path.of("roles");

    /** A role used from a playbook or another role: its name and entry point (tasks_from, or main). */
    record Use(String role, String entry, boolean imported, boolean looped, Path where) {
    }

    static Stream<String> stages() {
        return STAGES.stream();
    }

    /** Every include_role / import_role in a task list, at any depth (blocks, rescue, always). */
    @SuppressWarnings("unchecked")
    static void collect(Object tasks, Path where, List<Use> out) {
        if (!(tasks instanceof List<?> list)) {
            return;
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> t)) {
                continue;
            }
            for (String k : List.of("block", "rescue", "always", "tasks", "pre_tasks", "post_tasks")) {
                collect(t.get(k), where, out);
            }
            for (String action : List.of("include_role", "import_role")) {
                if (t.get(action) instanceof Map<?, ?> args) {
                    Object from = args.get("tasks_from");
                    out.add(new Use(String.valueOf(args.get("name")), from == null ? "main" : String.valueOf(from).replaceAll("\\.ya?ml$", ""),
                            action.equals("import_role"), t.containsKey("loop") || t.containsKey("with_items"), where));
                }
            }
        }
    }

    static List<Use> uses() throws IOException {
        List<Use> out = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String stage : STAGES) {
            files.add(Path.of("playbooks", stage + ".yaml"));
        }
        try (Stream<Path> all = Files.walk(ROLES)) {
            all.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("tasks") && p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        for (Path f : files) {
            collect(new Yaml().load(Files.readString(f)), f, out);
        }
        return out;
    }

    private static List<String> taskNames(Path taskFile) throws IOException {
        List<String> names = new ArrayList<>();
        for (Object o : (List<?>) new Yaml().load(Files.readString(taskFile))) {
            Map<?, ?> task = (Map<?, ?>) o;
            Object name = task.get("name");
            // a static import is replaced by what it imports: its own name is not listed
            if (name != null && !task.containsKey("import_role") && !task.containsKey("import_tasks")) {
                names.add(String.valueOf(name));
            }
        }
        return names;
    }

    @Test
    void aRoleIsIncludedOnlyWhereItLoops() throws IOException {
        List<String> dynamic = new ArrayList<>();
        for (Use u : uses()) {
            if (!u.imported() && !u.looped()) {
                dynamic.add(u.where() + ": include_role " + u.role() + " (" + u.entry() + ") has no loop: import it");
            }
            if (u.imported()) {
                assertFalse(u.looped(), u.where() + ": import_role cannot loop");
            }
        }
        assertEquals(List.of(), dynamic);
    }

    /** --list-tasks shows the tasks of every statically imported role, as ansible-playbook does. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void listTasksSeesInsideTheImportedRoles(String stage) throws IOException {
        Run run = RunnerHarness.run("--list-tasks", "playbooks/" + stage + ".yaml");
        assertEquals(0, run.exitCode(), run::all);
        List<String> missing = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Path playbook = Path.of("playbooks", stage + ".yaml");
        List<Use> imported = new ArrayList<>();
        collect(new Yaml().load(Files.readString(playbook)), playbook, imported);
        for (int i = 0; i < imported.size(); i++) {
            Use u = imported.get(i);
            if (!u.imported()) {
                continue;
            }
            Path tasks = ROLES.resolve(u.role()).resolve("tasks").resolve(u.entry() + ".yaml");
            // and the roles it imports in turn
            collect(new Yaml().load(Files.readString(tasks)), tasks, imported);
            for (String name : taskNames(tasks)) {
                String line = u.role() + " : " + name;
                seen.add(line);
                if (!run.out().contains(line)) {
                    missing.add(line);
                }
            }
        }
        if (!stage.equals("shared-aggregate")) {
            assertFalse(seen.isEmpty(), stage + " imports roles");
        }
        assertEquals(List.of(), missing, "listed:\n" + run.out());
    }

    /** --tags reaches the imported roles' tasks: they inherit the import's tags. */
    @Test
    void tagsSeeInsideTheImportedRoles(@TempDir Path dir) throws IOException {
        Path playbook = dir.resolve("playbooks/tagged.yaml");
        Files.createDirectories(playbook.getParent());
        Files.writeString(playbook, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: The backup's internal topics
                      import_role: {name: backup_mirror_maker, tasks_from: internal_topics}
                      tags: [mm2]
                    - name: Untagged
                      debug: {msg: no}
                """);
        Run run = RunnerHarness.run("--roles-path", ROLES.toAbsolutePath().toString(), "--list-tasks", "--tags", "mm2", playbook.toString());
        assertEquals(0, run.exitCode(), run::all);
        assertTrue(run.out().contains("backup_mirror_maker : Internal topics of"), run::all);
        assertTrue(run.out().contains("TAGS: [mm2]"), run::all);
        assertFalse(run.out().contains("Untagged"), run::all);
    }

    /** Every role has meta/argument_specs.yml with an entry point for main and for each tasks_from used. */
    @Test
    @SuppressWarnings("unchecked")
    void everyRoleDeclaresItsArgumentsForEveryEntryPointUsed() throws IOException {
        Map<String, Set<String>> entries = new LinkedHashMap<>();
        try (Stream<Path> roles = Files.list(ROLES)) {
            roles.filter(Files::isDirectory).sorted().forEach(r -> entries.put(r.getFileName().toString(), new TreeSet<>(Set.of("main"))));
        }
        for (Use u : uses()) {
            entries.computeIfAbsent(u.role(), k -> new TreeSet<>()).add(u.entry());
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : entries.entrySet()) {
            Path role = ROLES.resolve(e.getKey());
            Path specFile = role.resolve("meta/argument_specs.yml");
            if (!Files.isRegularFile(specFile)) {
                problems.add(specFile + " is missing");
                continue;
            }
            Map<String, Object> specs = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(Files.readString(specFile)))
                    .get("argument_specs");
            for (String entry : e.getValue()) {
                Map<String, Object> spec = (Map<String, Object>) specs.get(entry);
                if (spec == null) {
                    problems.add(specFile + ": no entry point " + entry);
                    continue;
                }
                if (!(spec.get("short_description") instanceof String)) {
                    problems.add(specFile + ": " + entry + " has no short_description");
                }
                options(specFile + ": " + entry, (Map<String, Object>) spec.get("options"), problems);
            }
            for (String entry : specs.keySet()) {
                if (!Files.isRegularFile(role.resolve("tasks/" + entry + ".yaml"))) {
                    problems.add(specFile + ": entry point " + entry + " has no tasks/" + entry + ".yaml");
                }
            }
            // the role's defaults are its arguments too: each is declared in the main entry point
            Path defaults = role.resolve("defaults/main.yaml");
            if (Files.isRegularFile(defaults)) {
                Map<String, Object> main = (Map<String, Object>) ((Map<String, Object>) specs.get("main")).get("options");
                for (Object name : ((Map<String, Object>) new Yaml().load(Files.readString(defaults))).keySet()) {
                    if (!main.containsKey(String.valueOf(name))) {
                        problems.add(specFile + ": the default " + name + " is not declared in main");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Each option has a type and a description; nested options too; required ones carry no default (Ansible's rule). */
    @SuppressWarnings("unchecked")
    private static void options(String where, Map<String, Object> options, List<String> problems) {
        if (options == null || options.isEmpty()) {
            problems.add(where + " declares no options");
            return;
        }
        for (Map.Entry<String, Object> o : options.entrySet()) {
            Map<String, Object> spec = (Map<String, Object>) o.getValue();
            String at = where + " " + o.getKey();
            if (!(spec.get("type") instanceof String)) {
                problems.add(at + " has no type");
            }
            if (spec.get("description") == null) {
                problems.add(at + " has no description");
            }
            if (Boolean.TRUE.equals(spec.get("required")) && spec.containsKey("default")) {
                problems.add(at + " is required and has a default");
            }
            if (spec.get("options") != null) {
                options(at, (Map<String, Object>) spec.get("options"), problems);
            }
        }
    }

    /** What differs between the platforms is in the inventories, each giving every such value. */
    @Test
    @SuppressWarnings("unchecked")
    void thePlatformsDifferInTheirInventoriesNotInTheVars() throws IOException {
        List<String> branching = new ArrayList<>();
        for (Path dir : List.of(Path.of("playbooks"), ROLES)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).matches(".*platform \\| default\\(.*")) {
                            branching.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), branching, "the platform comes from the inventory, always defined");

        Map<String, Set<String>> keys = new LinkedHashMap<>();
        for (String inv : List.of("local", "kubernetes-strimzi", "kubernetes-eventstreams")) {
            Map<String, Object> all = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(
                    Files.readString(Path.of("inventories", inv + ".yaml")))).get("all");
            Set<String> names = new TreeSet<>(((Map<String, Object>) all.get("vars")).keySet());
            names.remove("flavor");   // which operator: Kubernetes only
            names.remove("restore_check_external_listener");   // how the proof reaches the brokers: Kubernetes only
            keys.put(inv, names);
            assertTrue(((Map<String, Object>) all.get("hosts")).containsKey("localhost"), inv);
        }
        assertEquals(keys.get("local"), keys.get("kubernetes-strimzi"), "the same values, each platform's own");
        assertEquals(keys.get("local"), keys.get("kubernetes-eventstreams"));
    }

    /** Without -i, the runner (like ansible-playbook) uses the inventory ansible.cfg names: the local sandbox's. */
    @Test
    void withoutAnInventoryTheRunIsOnTheLocalSandbox(@TempDir Path dir) throws IOException {
        Path playbook = dir.resolve("which.yaml");
        Files.writeString(playbook, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - debug: {msg: "platform={{ platform }} brokers={{ cluster_brokers }} inventory={{ inventory_file | default('none') }}"}
                """);
        Run local = RunnerHarness.run(playbook.toString());
        assertEquals(0, local.exitCode(), local::all);
        assertTrue(local.out().contains("platform=local brokers=1"), local::all);
        Run kube = RunnerHarness.run("-i", "inventories/kubernetes-strimzi.yaml", playbook.toString());
        assertEquals(0, kube.exitCode(), kube::all);
        assertTrue(kube.out().contains("platform=kubernetes brokers=3"), kube::all);
    }
}
