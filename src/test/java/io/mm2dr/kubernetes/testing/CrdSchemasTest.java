package io.mm2dr.kubernetes.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The validator against Strimzi's own references: every example Strimzi ships with a release
 * must pass that release's CRDs; the same examples, broken or carrying a field the CRD does not
 * declare, must fail at the path a real API server would name.
 */
public class CrdSchemasTest {
    /** Every kafka.strimzi.io document of the vendored examples of a tag, with the file it came from. */
    @SuppressWarnings("unchecked")
    static List<Map.Entry<String, Map<String, Object>>> examples(String tag) throws IOException, URISyntaxException {
        Path dir = Path.of(CrdSchemasTest.class.getClassLoader().getResource("crds/strimzi-" + tag + "/examples").toURI());
        List<Map.Entry<String, Map<String, Object>>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f))) {
                    if (doc instanceof Map<?, ?> m && String.valueOf(m.get("apiVersion")).startsWith("kafka.strimzi.io/")) {
                        out.add(Map.entry(f.getFileName() + " " + m.get("kind"), (Map<String, Object>) m));
                    }
                }
            }
        }
        return out;
    }

    static Map<String, Object> example(String tag, String file, String kind) throws Exception {
        return examples(tag).stream().filter(e -> e.getKey().equals(file + " " + kind)).findFirst().orElseThrow().getValue();
    }

    /** A deep, mutable copy (YAML maps and lists). */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> m, Object... path) {
        Object cur = m;
        for (Object p : path) {
            cur = p instanceof Integer i ? ((List<Object>) cur).get(i) : ((Map<String, Object>) cur).get(p);
        }
        return (Map<String, Object>) cur;
    }

    private static final List<String> CONNECT_V1_REQUIRED = List.of("spec.groupId: Required value", "spec.configStorageTopic: Required value",
            "spec.statusStorageTopic: Required value", "spec.offsetStorageTopic: Required value");

    /**
     * Strimzi's own examples that a real API server with that release would refuse or prune, found
     * by this validator and checked by hand against the CRD: 0.51.0's Keycloak examples give a pod
     * volume {@code secret.name} (Kubernetes' SecretVolumeSource has {@code secretName}; 1.2.0's
     * examples are fixed); the metrics examples' KafkaConnect lacks the {@code groupId} and storage
     * topics that {@code v1} requires (1.x's {@code spec.required}).
     */
    private static final Map<String, List<String>> KNOWN_DEFECTS = Map.of(
            "0.51.0 security__keycloak-authorization__kafka-ephemeral-oauth-single-keycloak-authz.yaml Kafka",
            List.of("would be pruned: spec.kafka.template.pod.volumes[0].secret.name"),
            "0.51.0 security__keycloak-authorization__kafka-ephemeral-oauth-single-keycloak-authz-metrics.yaml Kafka",
            List.of("would be pruned: spec.kafka.template.pod.volumes[0].secret.name"),
            "0.51.0 metrics__kafka-connect-metrics.yaml KafkaConnect", CONNECT_V1_REQUIRED,
            "0.51.0 metrics__strimzi-metrics-reporter__kafka-connect-metrics.yaml KafkaConnect", CONNECT_V1_REQUIRED,
            "1.2.0 metrics__kafka-connect-metrics.yaml KafkaConnect", CONNECT_V1_REQUIRED,
            "1.2.0 metrics__strimzi-metrics-reporter__kafka-connect-metrics.yaml KafkaConnect", CONNECT_V1_REQUIRED);

    @ParameterizedTest
    @ValueSource(strings = {"0.45.0", "0.51.0", "1.2.0"})
    void everyStrimziExamplePassesItsOwnRelease(String tag) throws Exception {
        CrdSchemas schemas = CrdSchemas.strimzi(tag);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (var e : examples(tag)) {
            if (schemas.definition("kafka.strimzi.io", String.valueOf(e.getValue().get("kind"))).isEmpty()) {
                continue; // KafkaMirrorMaker (legacy), not vendored
            }
            checked++;
            CrdSchemas.Report r = schemas.validate(e.getValue());
            List<String> expected = KNOWN_DEFECTS.getOrDefault(tag + " " + e.getKey(), List.of());
            if (!r.errors().equals(expected)) {
                failures.add(e.getKey() + ": " + r + (expected.isEmpty() ? "" : " (expected " + expected + ")"));
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked >= 40, "examples checked: " + checked);
    }

    @Test
    void theVersionsEachReleaseServes() {
        CrdSchemas.Definition topic045 = CrdSchemas.strimzi("0.45.0").definition("kafka.strimzi.io", "KafkaTopic").orElseThrow();
        assertEquals(List.of("v1beta2", "v1beta1", "v1alpha1"), topic045.servedVersions());
        CrdSchemas.Definition mm2051 = CrdSchemas.strimzi("0.51.0").definition("kafka.strimzi.io", "KafkaMirrorMaker2").orElseThrow();
        assertEquals(List.of("v1", "v1beta2"), mm2051.servedVersions());
        assertTrue(mm2051.version("v1beta2").orElseThrow().deprecated());
        assertEquals("Version v1beta2 of the KafkaMirrorMaker2 API is deprecated. Please use the v1 version instead.",
                mm2051.version("v1beta2").orElseThrow().deprecationWarning());
        assertFalse(mm2051.version("v1").orElseThrow().deprecated());
        assertEquals(List.of("v1"), CrdSchemas.strimzi("1.2.0").definition("kafka.strimzi.io", "Kafka").orElseThrow().servedVersions());
        assertEquals("v1beta2", OperatorRelease.STRIMZI_0_45.preferredVersion());
        assertEquals(List.of("v1", "v1beta2", "v1beta1", "v1alpha1"), OperatorRelease.STRIMZI_0_51.servedVersions());
        assertEquals("kafka.strimzi.io/v1", OperatorRelease.STRIMZI_1_2.apiVersion());
        assertEquals(List.of("v1beta2"), OperatorRelease.EVENTSTREAMS_11.servedVersions());
        assertEquals(List.of("v1"), OperatorRelease.EVENTSTREAMS_13.servedVersions());
        assertEquals(OperatorRelease.EVENTSTREAMS_13, OperatorRelease.of("eventstreams", "v1"));
        assertEquals(OperatorRelease.STRIMZI_0_45, OperatorRelease.of("strimzi", "v1beta2"));
        assertEquals("kafkamirrormaker2s", OperatorRelease.STRIMZI_1_2.context("KafkaMirrorMaker2").getPlural());
        assertEquals("v1", OperatorRelease.STRIMZI_0_51.context("KafkaMirrorMaker2").getVersion());
        assertEquals("eventstreams", OperatorRelease.EVENTSTREAMS_11.context("EventStreams").getPlural());
    }

    @Test
    void theOldMirrorMaker2ShapeIsValidOnV1beta2AndPrunedOnV1() throws Exception {
        Map<String, Object> old = example("0.45.0", "mirror-maker__kafka-mirror-maker-2.yaml", "KafkaMirrorMaker2");
        assertTrue(at(old, "spec").containsKey("connectCluster"), "the 0.45 example is the old shape");
        assertEquals(List.of(), CrdSchemas.strimzi("0.45.0").validate(old).errors());
        assertEquals(List.of(), CrdSchemas.strimzi("0.51.0").validate(old).errors(), "0.51 still serves v1beta2");

        Map<String, Object> asV1 = copy(old);
        asV1.put("apiVersion", "kafka.strimzi.io/v1");
        CrdSchemas.Report r = CrdSchemas.strimzi("1.2.0").validate(asV1);
        assertTrue(r.violations().stream().anyMatch(v -> v.toString().equals("spec.target: Required value")), r.toString());
        assertTrue(r.violations().stream().anyMatch(v -> v.toString().equals("spec.mirrors[0].source: Required value")), r.toString());
        assertTrue(r.pruned().containsAll(List.of("spec.connectCluster", "spec.clusters", "spec.mirrors[0].sourceCluster",
                "spec.mirrors[0].targetCluster")), r.toString());
        assertEquals("KafkaMirrorMaker2.kafka.strimzi.io \"my-mirror-maker-2\" is invalid: [spec.target: Required value, "
                + "spec.mirrors[0].source: Required value, would be pruned: spec.connectCluster, would be pruned: spec.clusters, "
                + "would be pruned: spec.mirrors[0].sourceCluster, would be pruned: spec.mirrors[0].targetCluster]",
                r.statusMessage("KafkaMirrorMaker2", "kafka.strimzi.io", "my-mirror-maker-2"));

        Map<String, Object> v1beta2OnStrimzi12 = CrdSchemas.strimzi("1.2.0").validate(old).violations().stream()
                .collect(LinkedHashMap::new, (m, v) -> m.put(v.field(), v.detail()), Map::putAll);
        assertTrue(String.valueOf(v1beta2OnStrimzi12.get("apiVersion")).contains("not served"), v1beta2OnStrimzi12.toString());
    }

    @Test
    void aFieldTheCrdDoesNotDeclareIsPrunedWithItsPath() throws Exception {
        Map<String, Object> mm2 = copy(example("1.2.0", "mirror-maker__kafka-mirror-maker-2.yaml", "KafkaMirrorMaker2"));
        at(mm2, "spec").put("connectCluster", "cluster-b");
        at(mm2, "spec", "mirrors", 0).put("heartbeatConnector", Map.of("config", Map.of()));
        at(mm2, "metadata").put("labelz", Map.of("a", "b"));
        at(mm2, "spec", "target", "config").put("anything.goes", "here"); // config preserves unknown fields
        CrdSchemas.Report r = CrdSchemas.strimzi("1.2.0").validate(mm2);
        assertEquals(List.of(), r.violations());
        assertEquals(new TreeSet<>(List.of("metadata.labelz", "spec.connectCluster", "spec.mirrors[0].heartbeatConnector")),
                new TreeSet<>(r.pruned()));
    }

    @Test
    void aNonNullableNullIsPruned() throws Exception {
        Map<String, Object> topic = copy(example("1.2.0", "topic__kafka-topic.yaml", "KafkaTopic"));
        at(topic, "spec").put("config", null);
        assertEquals(List.of("spec.config (null)"), CrdSchemas.strimzi("1.2.0").validate(topic).pruned());
    }

    @Test
    void typesEnumsBoundsPatternsAndRequiredAreCheckedWhereTheServerChecksThem() throws Exception {
        CrdSchemas s = CrdSchemas.strimzi("1.2.0");
        Map<String, Object> topic = copy(example("1.2.0", "topic__kafka-topic.yaml", "KafkaTopic"));
        at(topic, "spec").put("partitions", "three");
        assertEquals(List.of("spec.partitions: Invalid value: \"string\": spec.partitions in body must be of type integer: \"string\""),
                s.validate(topic).errors());
        at(topic, "spec").put("partitions", 0);
        assertEquals(List.of("spec.partitions: Invalid value: 0: spec.partitions in body should be greater than or equal to 1"),
                s.validate(topic).errors());
        at(topic, "spec").put("partitions", 1.5);
        assertEquals(List.of("spec.partitions: Invalid value: \"number\": spec.partitions in body must be of type integer: \"number\""),
                s.validate(topic).errors(), "a fraction is not an integer");
        at(topic, "spec").put("partitions", 3.0);
        assertEquals(List.of(), s.validate(topic).errors(), "an integral number is (kube-openapi's isFloatInt)");

        Map<String, Object> user = copy(example("1.2.0", "user__kafka-user.yaml", "KafkaUser"));
        at(user, "spec", "authentication").put("type", "plain");
        CrdSchemas.Report r = s.validate(user);
        assertTrue(r.errors().get(0).startsWith("spec.authentication.type: Unsupported value: \"plain\": supported values: "), r.toString());

        Map<String, Object> connect = copy(example("1.2.0", "connect__kafka-connect.yaml", "KafkaConnect"));
        at(connect, "spec").remove("groupId");
        at(connect, "spec").put("resources", Map.of("limits", Map.of("memory", "lots", "cpu", true)));
        assertEquals(new TreeSet<>(List.of("spec.groupId: Required value",
                "spec.resources.limits.memory: Invalid value: \"lots\": spec.resources.limits.memory in body should match "
                        + "'^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'",
                "spec.resources.limits.cpu: Invalid value: true: spec.resources.limits.cpu in body must be of type integer or string: \"boolean\"")),
                new TreeSet<>(s.validate(connect).errors()));
        at(connect, "spec").put("groupId", "g");
        at(connect, "spec").put("resources", Map.of("limits", Map.of("memory", "2Gi", "cpu", 1)));
        assertEquals(List.of(), s.validate(connect).errors(), "int-or-string takes an integer");

        Map<String, Object> kafka = copy(example("1.2.0", "kafka__kafka-persistent.yaml", "Kafka"));
        at(kafka, "spec", "kafka").put("listeners", List.of());
        assertEquals(List.of("spec.kafka.listeners: Invalid value: 0: spec.kafka.listeners in body should have at least 1 items"),
                s.validate(kafka).errors());
    }

    @Test
    void oneOfAsStrimziUsesIt() throws Exception {
        Map<String, Object> kafka = copy(example("1.2.0", "kafka__kafka-persistent.yaml", "Kafka"));
        Map<String, Object> env = new LinkedHashMap<>(Map.of("name", "X", "value", "1",
                "valueFrom", Map.of("secretKeyRef", Map.of("name", "s", "key", "k"))));
        at(kafka, "spec", "kafka").put("template", Map.of("kafkaContainer", Map.of("env", List.of(env))));
        assertEquals(List.of("spec.kafka.template.kafkaContainer.env[0]: Invalid value: \"object\": spec.kafka.template.kafkaContainer.env[0] "
                + "in body must validate one and only one schema (oneOf). Found 2 valid alternatives"), CrdSchemas.strimzi("1.2.0").validate(kafka).errors());
        env.remove("value");
        assertEquals(List.of(), CrdSchemas.strimzi("1.2.0").validate(kafka).errors());
    }

    @Test
    void celRulesAsStrimziWritesThem() throws Exception {
        Map<String, Object> user = copy(example("1.2.0", "user__kafka-user.yaml", "KafkaUser"));
        at(user, "spec").put("authentication", new LinkedHashMap<>(Map.of("type", "tls", "validityDays", 30, "renewalDays", 30)));
        assertEquals(List.of("spec.authentication: Invalid value: \"object\": 'renewalDays' must be less than 'validityDays'."),
                CrdSchemas.strimzi("1.2.0").validate(user).errors());
        at(user, "spec", "authentication").put("renewalDays", 10);
        assertEquals(List.of(), CrdSchemas.strimzi("1.2.0").validate(user).errors());
        at(user, "spec", "authentication").put("type", "scram-sha-512");
        assertEquals(List.of("spec.authentication: Invalid value: \"object\": 'validityDays' and 'renewalDays' can be configured only with 'type: tls'"),
                CrdSchemas.strimzi("1.2.0").validate(user).errors());

        Map<String, Object> kafka = copy(example("1.2.0", "kafka__kafka-persistent.yaml", "Kafka"));
        at(kafka, "spec", "kafka").put("rack", Map.of());
        assertEquals(List.of("spec.kafka.rack: Invalid value: \"object\": no such key: topologyKey evaluating rule: "
                + "(has(self.type) && self.type != \"topology-label\") || self.topologyKey != \"\""), CrdSchemas.strimzi("1.2.0").validate(kafka).errors());
    }

    /** Every CEL rule of the vendored CRDs has an implementation (an unknown one would be reported as a violation anyway). */
    @Test
    @SuppressWarnings("unchecked")
    void everyCelRuleOfTheVendoredCrdsIsImplemented() {
        TreeSet<String> rules = new TreeSet<>();
        for (String tag : List.of("0.45.0", "0.51.0", "1.2.0")) {
            for (CrdSchemas.Definition d : CrdSchemas.strimzi(tag).definitions()) {
                d.versions().forEach(v -> collectRules(v.schema(), rules));
            }
        }
        assertEquals(7, rules.size(), rules.toString());
        rules.removeAll(CrdSchemas.CEL_RULES.keySet());
        assertEquals(new TreeSet<>(), rules);
    }

    @SuppressWarnings("unchecked")
    private static void collectRules(Object schema, TreeSet<String> out) {
        if (schema instanceof Map<?, ?> m) {
            if (m.get("x-kubernetes-validations") instanceof List<?> l) {
                l.forEach(r -> out.add(String.valueOf(((Map<String, Object>) r).get("rule"))));
            }
            m.values().forEach(v -> collectRules(v, out));
        } else if (schema instanceof List<?> l) {
            l.forEach(v -> collectRules(v, out));
        }
    }

    @Test
    void metadataAsObjectMetaIsChecked() throws Exception {
        Map<String, Object> topic = copy(example("1.2.0", "topic__kafka-topic.yaml", "KafkaTopic"));
        at(topic, "metadata").put("name", "My_Topic");
        at(topic, "metadata").put("labels", Map.of("strimzi.io/cluster", "my cluster"));
        at(topic, "metadata").put("annotations", Map.of("strimzi.io/managed", false));
        List<String> errors = CrdSchemas.strimzi("1.2.0").validate(topic).errors();
        assertEquals(3, errors.size(), errors.toString());
        assertEquals("metadata.annotations[strimzi.io/managed]: Invalid value: false: must be a string", errors.get(1));
        errors = List.of(errors.get(0), errors.get(2));
        assertTrue(errors.get(0).startsWith("metadata.name: Invalid value: \"My_Topic\": a lowercase RFC 1123 subdomain"), errors.toString());
        assertTrue(errors.get(1).startsWith("metadata.labels: Invalid value: \"my cluster\""), errors.toString());
    }

    @Test
    void eventStreamsModelChecksTheStrimziPartsOfTheEventStreamsKind() {
        Map<String, Object> pool = new LinkedHashMap<>(Map.of("name", "kafka", "replicas", 3, "roles", List.of("controller", "broker"),
                "storage", Map.of("type", "ephemeral")));
        Map<String, Object> kafka = new LinkedHashMap<>(Map.of("listeners", List.of(Map.of("name", "tls", "port", 9093, "type", "internal", "tls", true))));
        Map<String, Object> es = new LinkedHashMap<>(Map.of("apiVersion", "eventstreams.ibm.com/v1", "kind", "EventStreams",
                "metadata", Map.of("name", "es", "namespace", "ns"),
                "spec", Map.of("version", "latest", "license", Map.of("accept", true, "use", "EventAutomationDevelopment", "license", "L-X"),
                        "adminApi", Map.of(), "strimziOverrides", Map.of("kafka", kafka, "nodePools", List.of(pool)))));
        CrdSchemas schemas = OperatorRelease.EVENTSTREAMS_13.schemas();
        assertEquals(List.of(), schemas.validate(es).errors());
        kafka.put("listeners", List.of(Map.of("name", "tls", "port", 9093, "type", "bogus", "tls", true)));
        pool.remove("name");
        pool.put("sizes", 3);
        CrdSchemas.Report r = schemas.validate(es);
        assertTrue(r.errors().contains("spec.strimziOverrides.nodePools[0].name: Required value"), r.toString());
        assertTrue(r.errors().stream().anyMatch(e -> e.startsWith("spec.strimziOverrides.kafka.listeners[0].type: Unsupported value: \"bogus\"")),
                r.toString());
        assertEquals(List.of("spec.strimziOverrides.nodePools[0].sizes"), r.pruned());

        Map<String, Object> topic = Map.of("apiVersion", "eventstreams.ibm.com/v1beta2", "kind", "KafkaTopic",
                "metadata", Map.of("name", "t", "labels", Map.of("eventstreams.ibm.com/cluster", "es")),
                "spec", Map.of("partitions", 3, "replicas", 3));
        assertEquals(List.of(), OperatorRelease.EVENTSTREAMS_11.schemas().validate(topic).errors());
        assertFalse(OperatorRelease.EVENTSTREAMS_13.schemas().validate(topic).clean(), "Event Streams 13 serves v1 only");
    }
}
