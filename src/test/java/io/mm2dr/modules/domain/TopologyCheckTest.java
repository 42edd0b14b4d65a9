package io.mm2dr.modules.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The topology is checked before anything is touched. Each bad topology is a small change to the
 * real one; the stage must stop at its first task with one error naming the file, the line and the
 * field, exit 4, print no stack trace, and leave the sandbox as it was: no region, no process, no
 * drill record (only the run's lock, which a run that may change the sandbox takes before its
 * first task).
 */
class TopologyCheckTest {
    private static final String TOPOLOGY = "playbooks/vars/topology.yaml";
    private static final String AGGREGATE = "playbooks/vars/shared-aggregate.yaml";
    /** A stage on Kubernetes (its inventory's values), with no API server to reach. */
    private static final List<String> KUBERNETES = List.of("-i", "inventories/kubernetes-strimzi.yaml",
            "-e", "k8s_kubeconfig=/nonexistent/kubeconfig");

    @TempDir
    Path dir;

    /**
     * A bad topology: what changes in which file, which stage runs (with which options), and the
     * error expected: the line holding {@code lineText} (its {@code occurrence}-th, after the
     * change) and a message in which {@code {line:TEXT}} stands for the line holding TEXT.
     */
    record Bad(String name, String file, String find, String replacement, String stage, List<String> options,
               String errorFile, String lineText, int occurrence, String message) {
        Bad(String name, String find, String replacement, String lineText, String message) {
            this(name, TOPOLOGY, find, replacement, "initial-setup", List.of(), TOPOLOGY, lineText, 1, message);
        }

        Bad(String name, String file, String find, String replacement, String stage, List<String> options, String lineText,
            int occurrence, String message) {
            this(name, file, find, replacement, stage, options, file, lineText, occurrence, message);
        }

        Bad occurrence(int n) {
            return new Bad(name, file, find, replacement, stage, options, errorFile, lineText, n, message);
        }

        Bad stage(String s) {
            return new Bad(name + " (" + s + ")", file, find, replacement, s, options, errorFile, lineText, occurrence, message);
        }

        /** The error is in another file than the one changed. */
        Bad reportedIn(String f) {
            return new Bad(name, file, find, replacement, stage, options, f, lineText, occurrence, message);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final String SENSORS = "  - {name: LH.SENSORS, partitions: 2}\n";

    static Stream<Bad> badTopologies() {
        Bad duplicate = new Bad("the same topic twice (3 then 5 partitions)", SENSORS, SENSORS + "  - {name: LH.ORDERS, partitions: 5}\n",
                "{name: LH.ORDERS, partitions: 5}",
                "topics[6].name 'LH.ORDERS' is defined twice (first at line {line:{name: LH.ORDERS, partitions: 3}})");
        List<Bad> all = new ArrayList<>(List.of(
                duplicate,
                new Bad("a region that is not a DNS label", "primary: north-america ", "primary: North_America ", "primary: North_America",
                        "regions.primary 'North_America' is not a valid region name: a region is a Kubernetes namespace"),
                new Bad("the backup in the primary region", "backup: europe ", "backup: north-america ", "backup: north-america",
                        "regions.backup 'north-america' is also regions.primary: the backup must survive the loss of the primary region"),
                new Bad("the applications in the primary region", "applications: south-america", "applications: north-america",
                        "applications: north-america", "regions.applications 'north-america' is also regions.primary"),
                new Bad("topics colliding on '.' and '_'", SENSORS, SENSORS + "  - {name: LH_ORDERS, partitions: 3}\n", "LH_ORDERS",
                        "topics[6].name 'LH_ORDERS' collides with topics[0].name 'LH.ORDERS' (line {line:LH.ORDERS}):"
                                + " Kafka refuses topic names that differ only by '.' and '_'"),
                new Bad("topics that would be one KafkaTopic resource", SENSORS, SENSORS + "  - {name: lh.orders, partitions: 3}\n",
                        "lh.orders", "topics[6].name 'lh.orders' would be the same KafkaTopic resource 'lh.orders' as topics[0].name 'LH.ORDERS'"),
                new Bad("a topic name Kafka refuses", "{name: LH.DOORS,", "{name: 'LH.DOORS?',", "LH.DOORS?",
                        "topics[2].name 'LH.DOORS?' is not a valid Kafka topic name"),
                new Bad("a topic MirrorMaker 2 would not back up", "{name: LH.SENSORS,", "{name: SENSORS,", "SENSORS",
                        "topics[5].name 'SENSORS' does not start with topic_prefix 'LH.'"),
                new Bad("zero partitions", "{name: LH.DOORS, partitions: 1}", "{name: LH.DOORS, partitions: 0}", "LH.DOORS",
                        "topics[2].partitions '0' must be a whole number, 1 or more"),
                new Bad("partitions that are not a number", "{name: LH.CUSTOMERS, partitions: 3}", "{name: LH.CUSTOMERS, partitions: many}",
                        "LH.CUSTOMERS", "topics[4].partitions 'many' must be a whole number, 1 or more"),
                new Bad("a misspelt topic setting", "{name: LH.STOCK, partitions: 2}", "{name: LH.STOCK, partitions: 2, partitons: 4}",
                        "LH.STOCK", "topics[3].partitons is not a topic setting (known: name, partitions, allow_partition_increase)"),
                new Bad("a topic without partitions", "{name: LH.STOCK, partitions: 2}", "{name: LH.STOCK}", "LH.STOCK",
                        "topics[3].partitions is not set"),
                new Bad("replicas above the brokers", "topic_replicas: \"{{ [3, cluster_brokers | int] | min }}\"", "topic_replicas: 3",
                        "topic_replicas: 3", "topic_replicas 3 is more than clusters.primary.brokers (1): each replica needs a broker of its own"),
                new Bad("min.insync.replicas above replicas", "min.insync.replicas: \"{{ [2, cluster_brokers | int] | min }}\"",
                        "min.insync.replicas: 2", "min.insync.replicas: 2",
                        "topic_config.min.insync.replicas 2 is more than topic_replicas (1): no write could ever be acknowledged"),
                new Bad("a key given twice in one mapping", "  retention.ms: -1", "  retention.ms: -1\n  retention.bytes: 1024", "retention.bytes: 1024",
                        "retention.bytes is defined twice in the same mapping: YAML keeps only the last one, the first is ignored"),
                new Bad("a topic setting Kafka does not know", "retention.bytes: 536870912", "retention.byte: 536870912", "retention.byte:",
                        "topic_config.retention.byte is not a Kafka topic setting (did you mean 'retention.bytes'?)"),
                new Bad("a cluster name the operator refuses", "name: na-eventstreams", "name: NA_EventStreams", "NA_EventStreams",
                        "clusters.primary.name 'NA_EventStreams' is not a valid Kafka cluster name"),
                new Bad("both clusters with one name", "name: eu-eventstreams", "name: na-eventstreams", "name: na-eventstreams",
                        "clusters.backup.name 'na-eventstreams' is also clusters.primary.name").occurrence(2),
                new Bad("a cluster outside its region", "name: eu-eventstreams\n    namespace: \"{{ regions.backup }}\"",
                        "name: eu-eventstreams\n    namespace: \"{{ regions.applications }}\"", "regions.applications }}",
                        "clusters.backup.namespace 'south-america' must be regions.backup ('europe')"),
                new Bad("zero brokers", "name: na-eventstreams\n    namespace: \"{{ regions.primary }}\"\n    brokers: \"{{ cluster_brokers }}\"",
                        "name: na-eventstreams\n    namespace: \"{{ regions.primary }}\"\n    brokers: 0", "brokers: 0",
                        "clusters.primary.brokers '0' must be a whole number, 1 or more"),
                new Bad("a storage size Kubernetes cannot read", "    storage: ephemeral            #", "    storage: ten-gigs            #",
                        "ten-gigs", "clusters.primary.storage 'ten-gigs' must be 'ephemeral' or a volume size per broker, such as 10Gi"),
                new Bad("a MirrorMaker 2 in an undefined region", "name: mm2-backup\n    namespace: \"{{ regions.backup }}\"",
                        "name: mm2-backup\n    namespace: emea", "namespace: emea",
                        "mirror_maker.backup.namespace 'emea' is not a region of the topology (regions: north-america, south-america, europe)"),
                new Bad("a MirrorMaker 2 reading the primary as an undefined user", "source_user: mm2-backup-source",
                        "source_user: mm2-backup-src", "mm2-backup-src",
                        "mirror_maker.backup.source_user 'mm2-backup-src' is not one of primary_users (na-admin, datagen-producer,"
                                + " consumer-southamerica, mm2-backup-source): MirrorMaker 2 reads the primary as this user"),
                new Bad("an application logging in as an undefined user", "  - name: \"{{ apps.consumer.user }}\"", "  - name: consumer-sa",
                        "user: consumer-southamerica", "apps.consumer.user 'consumer-southamerica' is not one of primary_users"),
                new Bad("a user defined twice", "\nmirror_maker:", "  - {name: na-admin, acls: []}\n\nmirror_maker:",
                        "{name: na-admin, acls: []}", "primary_users[4].name 'na-admin' is defined twice (first at line {line:- name: na-admin})"),
                new Bad("a user name Kubernetes refuses", "\nmirror_maker:", "  - {name: Audit_Reader, acls: []}\n\nmirror_maker:",
                        "Audit_Reader", "primary_users[4].name 'Audit_Reader' is not a valid user name"),
                new Bad("an ACL with a misspelt operation", "operations: [Write, Describe]}", "operations: [Write, Describ]}", "Describ]",
                        "primary_users[1].acls[0]: unknown operation 'Describ'"),
                new Bad("the restore's user is a user of the primary", "target_user: mm2-restore-target", "target_user: na-admin",
                        "target_user: na-admin", "mirror_maker.restore.target_user 'na-admin' is also primary_users[0].name (line {line:- name: na-admin}):"
                        + " removing mm2-restore's users after the restore would delete it"),
                new Bad("the restore removing mm2-backup's user", "source_user: mm2-restore-source", "source_user: mm2-backup-target",
                        "source_user: mm2-backup-target", "mirror_maker.restore.source_user 'mm2-backup-target' is also mirror_maker.backup.target_user"),
                new Bad("a consumer group that is not backed up", "group: consumer-southamerica", "group: sa-consumer", "sa-consumer",
                        "apps.consumer.group 'sa-consumer' does not match mirror_maker.backup.groups_pattern 'consumer-.*':"
                                + " its position would not be backed up"),
                new Bad("MirrorMaker 2's group rights that miss the consumer's group", "groups_acl_prefix: consumer-  #",
                        "groups_acl_prefix: apps-  #", "groups_acl_prefix: apps-",
                        "mirror_maker.backup.groups_acl_prefix 'apps-' does not start apps.consumer.group 'consumer-southamerica':"
                                + " mirror_maker.backup's users would have no right to sync that group's position"),
                new Bad("controllers on ephemeral storage", "    controller_storage: 10Gi\n\n", "    controller_storage: ephemeral\n\n",
                        "controller_storage: ephemeral", "clusters.backup.controller_storage 'ephemeral' must be a volume size, such as 10Gi:"
                                + " the KRaft controllers' volumes (Event Streams with ephemeral storage) are persistent"),
                new Bad("no MirrorMaker 2 task (the topology overriding the inventory)", "allow_partition_increase: false\n",
                        "allow_partition_increase: false\nmm2_tasks_max: 0\n", "mm2_tasks_max: 0", "mm2_tasks_max '0' must be a whole number, 1 or more"),
                new Bad("a groups pattern that is no regular expression", "groups_pattern: 'consumer-.*'\n    # how often",
                        "groups_pattern: 'consumer-(.*'\n    # how often", "consumer-(.*",
                        "mirror_maker.backup.groups_pattern 'consumer-(.*' is not a valid regular expression"),
                new Bad("the secrets' backup in the region that is lost", "namespace: \"{{ regions.applications }}\"",
                        "namespace: \"{{ regions.primary }}\"", "  namespace: \"{{ regions.primary }}\"",
                        "secret_backup.namespace 'north-america' is regions.primary: the copies of the primary's secrets would be lost with it")
                        .occurrence(3),
                new Bad("a value that cannot be templated", "events_per_second: 10", "events_per_second: \"{{ rate }}\"", "{{ rate }}",
                        "apps.producer.events_per_second cannot be templated:"),
                new Bad("a region that cannot be templated, used all over the topology", "primary: north-america ",
                        "primary: \"{{ na_region }}\" ", "na_region", "regions.primary cannot be templated:"),
                new Bad("zero events per second", "events_per_second: 10", "events_per_second: 0", "events_per_second: 0",
                        "apps.producer.events_per_second '0' must be a number above 0"),
                new Bad("a partition increase that is not a yes or no", "allow_partition_increase: false", "allow_partition_increase: maybe",
                        "allow_partition_increase: maybe", "allow_partition_increase 'maybe' must be true or false"),
                // shared-aggregate.yaml
                new Bad("an aggregate region twice", AGGREGATE, "{region: europe, cluster: eu-eventstreams,",
                        "{region: south-america, cluster: eu-eventstreams,", "shared-aggregate", List.of(), "{region: south-america", 2,
                        "aggregate_regions[2].region 'south-america' is defined twice (first at line {line:{region: south-america})"),
                new Bad("two aggregate regions", AGGREGATE, "  - {region: europe, cluster: eu-eventstreams, short: europe}\n", "",
                        "shared-aggregate", List.of(), "aggregate_regions:", 1,
                        "aggregate_regions has 2 entries: the shared-aggregate playbook needs exactly 3"),
                new Bad("an aggregate short name that cannot name a MirrorMaker 2", AGGREGATE, "short: southamerica", "short: South_America",
                        "shared-aggregate", List.of(), "South_America", 1,
                        "aggregate_regions[1].short 'South_America' is not a valid short region name"),
                new Bad("aggregate replicas above the brokers", AGGREGATE, "aggregate_brokers: \"{{ cluster_brokers | int }}\"", "aggregate_brokers: 1",
                        "shared-aggregate", KUBERNETES,
                        "topic_replicas:", 1, "topic_replicas 3 is more than aggregate_brokers (1)").reportedIn(TOPOLOGY)));
        // the same refusal on both platforms, and from every stage
        all.add(new Bad("a region that is not a DNS label, on Kubernetes", TOPOLOGY, "primary: north-america ", "primary: North_America ",
                "initial-setup", KUBERNETES, "North_America", 1,
                "regions.primary 'North_America' is not a valid region name"));
        for (String stage : DrillCopy.STAGES.subList(1, DrillCopy.STAGES.size())) {
            all.add(duplicate.stage(stage));
        }
        // values given on the command line are placed where they come from
        all.add(new Bad("topics given with -e", TOPOLOGY, "", "", "initial-setup",
                List.of("-e", "{\"topics\": [{\"name\": \"LH.A\", \"partitions\": 1}, {\"name\": \"LH.A\", \"partitions\": 2}]}"), null, 0,
                "<extra-vars>:1:49: topics[1].name 'LH.A' is defined twice (first at <extra-vars>:1:14)"));
        all.add(new Bad("replicas given with -e key=value", TOPOLOGY, "", "", "initial-setup", List.of("-e", "topic_replicas=0"),
                "topic_replicas:", 1, "topic_replicas '0' must be a whole number, 1 or more (topic_replicas is set outside "));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTopologies")
    void aBadTopologyIsOneClearErrorAndNothingIsTouched(Bad bad) throws IOException {
        DrillCopy drill = DrillCopy.of(dir);
        if (!bad.find().isEmpty()) {
            drill.replace(bad.file(), bad.find(), bad.replacement());
        }
        Path sandbox = dir.resolve("sandbox");
        List<String> args = new ArrayList<>(List.of("--sandbox", sandbox.toString()));
        args.addAll(bad.options());
        args.add(drill.playbook(bad.stage()).toString());
        Run run = RunnerHarness.run(args.toArray(String[]::new));
        List<String> touched = touched(sandbox);
        if (!touched.isEmpty()) {
            RunnerHarness.sandbox("down", "--sandbox", sandbox.toString());   // the check let the stage run: stop what it started
            throw new AssertionError("the stage ran past the topology check and created " + touched + ":\n" + run.out() + run.err());
        }
        String context = "\n--- stdout\n" + run.out() + "\n--- stderr\n" + run.err();

        assertEquals(4, run.exitCode(), "a bad topology is refused as a playbook that cannot run" + context);
        List<String> errors = run.err().lines().filter(l -> l.startsWith("ERROR!")).toList();
        assertEquals(1, errors.size(), "one error" + context);
        String error = errors.get(0);
        if (bad.lineText() != null) {
            int line = drill.lineOf(bad.errorFile(), bad.lineText(), bad.occurrence());
            assertTrue(error.contains(bad.errorFile() + ":" + line + ":"), "the error names the file and line " + line + context);
        }
        assertTrue(error.contains(resolveLines(drill, bad.errorFile(), bad.message())), "the error names the field and the problem" + context);
        assertFalse(run.err().contains("\n  and "), "one problem, not a cascade of them" + context);
        assertFalse(run.out().contains("Exception") || run.err().contains("Exception") || run.err().contains("\tat "), "no stack trace" + context);

        assertEquals(1, Pattern.compile("^TASK \\[", Pattern.MULTILINE).matcher(run.out()).results().count(),
                "the topology check is the only task that ran" + context);
        assertTrue(run.out().contains("TASK [The topology is valid"), context);
    }

    /**
     * What a run left in the sandbox folder besides the run's lock (taken before the first task by a
     * run that may change the sandbox): a region, a process, a drill record, anything.
     */
    static List<String> touched(Path sandbox) throws IOException {
        if (!Files.exists(sandbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(sandbox)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.equals(".lock")).sorted().toList();
        }
    }

    private static String resolveLines(DrillCopy drill, String file, String message) {
        Matcher m = Pattern.compile("\\{line:(.+?)}(?=\\)|:|$)").matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(drill.lineOf(file, m.group(1), 1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static Stream<String> stages() {
        return DrillCopy.STAGES.stream();
    }

    /** Each stage's own first task, on the real topology: ok, on both platforms, with nothing created. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void theRealTopologyPasses(String stage) throws IOException {
        DrillCopy drill = DrillCopy.of(dir);
        Path check = drill.firstTaskOnly(stage);
        Path sandbox = dir.resolve("sandbox");
        Run local = RunnerHarness.run("--sandbox", sandbox.toString(), check.toString());
        assertEquals(0, local.exitCode(), local::all);
        assertEquals(0, local.changed(), local::all);
        Map<String, Object> result = local.result("The topology is valid (before anything is touched)");
        assertTrue(String.valueOf(result.get("msg")).startsWith("the topology is valid: 6 topics, 4 users of the primary"), result::toString);
        assertTrue(((Map<?, ?>) result.get("live")).values().stream().allMatch("not there"::equals), "no cluster yet: " + result);
        assertEquals(List.of(), touched(sandbox), "checking created something in the sandbox");

        Run checkMode = RunnerHarness.run("--sandbox", sandbox.toString(), "--check", check.toString());
        assertEquals(0, checkMode.exitCode(), checkMode::all);

        Run kubernetes = RunnerHarness.run("-i", "inventories/kubernetes-strimzi.yaml", "-e", "k8s_kubeconfig=" + dir.resolve("no-kubeconfig"),
                check.toString());
        assertEquals(0, kubernetes.exitCode(), "no API server to read live topics from: the static check still passes" + kubernetes.all());
        assertEquals(List.of(), touched(sandbox));
    }

    @Test
    void tagsCannotSkipTheCheck() {
        DrillCopy drill = DrillCopy.of(dir);
        drill.replace(TOPOLOGY, SENSORS, SENSORS + "  - {name: LH.ORDERS, partitions: 5}\n");
        Run run = RunnerHarness.run("--sandbox", dir.resolve("sandbox").toString(), "--tags", "something-else",
                drill.playbook("initial-setup").toString());
        assertEquals(4, run.exitCode(), run::all);
        assertTrue(run.err().contains("topics[6].name 'LH.ORDERS' is defined twice"), run::all);
    }

    @Test
    void severalProblemsAreOneErrorFirstInFileOrder() {
        DrillCopy drill = DrillCopy.of(dir);
        drill.replace(TOPOLOGY, "primary: north-america ", "primary: North_America ")
                .replace(TOPOLOGY, SENSORS, SENSORS + "  - {name: LH.ORDERS, partitions: 5}\n");
        Run run = RunnerHarness.run("--sandbox", dir.resolve("sandbox").toString(), drill.playbook("initial-setup").toString());
        assertEquals(4, run.exitCode(), run::all);
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("ERROR!")).count(), run::all);
        assertTrue(lines.get(0).contains(TOPOLOGY + ":" + drill.lineOf(TOPOLOGY, "North_America", 1) + ":3: regions.primary 'North_America'"),
                run::all);
        assertTrue(run.err().contains("\n  and " + drill.file(TOPOLOGY) + ":" + drill.lineOf(TOPOLOGY, "{name: LH.ORDERS, partitions: 5}", 1)
                + ":6: topics[6].name 'LH.ORDERS' is defined twice"), run::all);
    }
}
