package io.mm2dr.kubernetes.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A MODEL of the CustomResourceDefinitions that IBM Event Streams installs in the
 * {@code eventstreams.ibm.com} group. IBM publishes no CRDs that can be read offline (its public
 * repository ibm-messaging/event-streams-operator-resources holds samples only), so:
 *
 * <ul>
 * <li>the Strimzi-shaped kinds ({@link #STRIMZI_SHAPED}: KafkaTopic, KafkaUser, KafkaConnect,
 * KafkaConnector, KafkaMirrorMaker2) take the schema of the Strimzi release the Event Streams
 * release is built on, moved to the {@code eventstreams.ibm.com} group, in the one version that
 * Event Streams serves: Event Streams 11.x is close to Strimzi 0.4x and serves {@code v1beta2};
 * Event Streams 13 follows Strimzi 1.x and serves {@code v1} (its samples use {@code v1} for
 * every kind, with Strimzi's new shapes);</li>
 * <li>the {@code EventStreams} kind is modelled with the parts that are Strimzi's own types
 * checked strictly: {@code spec.strimziOverrides.kafka} against the Kafka CRD's
 * {@code spec.kafka} schema of the same generation, each {@code spec.strimziOverrides.nodePools[]}
 * item against KafkaNodePool's {@code spec} schema plus a required {@code name}, and
 * {@code clusterCa}, {@code clientsCa}, {@code entityOperator} against the Kafka spec's. The rest
 * of {@code spec} (license, adminApi, adminUI, ...) and of {@code strimziOverrides} is kept as
 * {@code x-kubernetes-preserve-unknown-fields}: we do not know IBM's schema for it and do not
 * invent one; {@code status} likewise.</li>
 * </ul>
 *
 * <p>Checked once by hand against IBM's public Event Streams 11.1.6 samples
 * (ibm-messaging/event-streams-operator-resources at b819703, cr-examples, not vendored: their
 * files carry IBM copyright headers): under {@code EVENTSTREAMS_11} all 6 EventStreams,
 * 2 KafkaConnect and 2 KafkaMirrorMaker2 samples pass; the 24 KafkaUser samples fail only on
 * their {@code <cluster name>} placeholder label; KafkaConnectS2I is not modelled.
 */
public final class EventStreamsCrds {
    public static final String GROUP = "eventstreams.ibm.com";
    public static final List<String> STRIMZI_SHAPED = List.of("KafkaTopic", "KafkaUser", "KafkaConnect", "KafkaConnector",
            "KafkaMirrorMaker2");

    private EventStreamsCrds() {
    }

    /** The modelled Event Streams CRDs: Strimzi release {@code strimziTag}'s schemas at {@code version}, served alone. */
    public static CrdSchemas of(String strimziTag, String version) {
        CrdSchemas strimzi = CrdSchemas.strimzi(strimziTag);
        List<CrdSchemas.Definition> out = new ArrayList<>();
        for (String kind : STRIMZI_SHAPED) {
            CrdSchemas.Definition d = strimzi.definition("kafka.strimzi.io", kind).orElseThrow();
            CrdSchemas.Version v = d.version(version).orElseThrow(() -> new IllegalArgumentException(kind + " has no " + version
                    + " in Strimzi " + strimziTag));
            out.add(new CrdSchemas.Definition(GROUP, kind, d.plural(), d.singular(), d.namespaced(),
                    List.of(new CrdSchemas.Version(version, true, true, false, null, v.schema()))));
        }
        out.add(new CrdSchemas.Definition(GROUP, "EventStreams", "eventstreams", "eventstreams", true,
                List.of(new CrdSchemas.Version(version, true, true, false, null, eventStreamsSchema(strimzi, version)))));
        return CrdSchemas.of(out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> eventStreamsSchema(CrdSchemas strimzi, String version) {
        Map<String, Object> kafkaSpec = (Map<String, Object>) props(strimzi.definition("kafka.strimzi.io", "Kafka").orElseThrow()
                .version(version).orElseThrow().schema()).get("spec");
        Map<String, Object> poolSpec = (Map<String, Object>) props(strimzi.definition("kafka.strimzi.io", "KafkaNodePool").orElseThrow()
                .version(version).orElseThrow().schema()).get("spec");
        Map<String, Object> kafkaSpecProps = props(kafkaSpec);

        Map<String, Object> poolItemProps = new LinkedHashMap<>();
        poolItemProps.put("name", Map.of("type", "string"));
        poolItemProps.putAll(props(poolSpec));
        List<Object> poolRequired = new ArrayList<>(List.of("name"));
        if (poolSpec.get("required") instanceof List<?> r) {
            poolRequired.addAll(r);
        }
        Map<String, Object> poolItem = new LinkedHashMap<>(poolSpec);
        poolItem.put("properties", poolItemProps);
        poolItem.put("required", poolRequired);

        Map<String, Object> overridesProps = new LinkedHashMap<>();
        for (String k : List.of("kafka", "clusterCa", "clientsCa", "entityOperator")) {
            if (kafkaSpecProps.containsKey(k)) {
                overridesProps.put(k, kafkaSpecProps.get(k));
            }
        }
        overridesProps.put("nodePools", Map.of("type", "array", "items", poolItem));
        Map<String, Object> overrides = Map.of("type", "object", "x-kubernetes-preserve-unknown-fields", true, "properties", overridesProps);

        Map<String, Object> spec = Map.of("type", "object", "x-kubernetes-preserve-unknown-fields", true,
                "properties", Map.of("strimziOverrides", overrides));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("type", "object");
        root.put("properties", Map.of("apiVersion", Map.of("type", "string"), "kind", Map.of("type", "string"),
                "metadata", Map.of("type", "object"), "spec", spec,
                "status", Map.of("type", "object", "x-kubernetes-preserve-unknown-fields", true)));
        root.put("required", List.of("spec"));
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> schema) {
        return (Map<String, Object>) schema.getOrDefault("properties", Map.of());
    }
}
