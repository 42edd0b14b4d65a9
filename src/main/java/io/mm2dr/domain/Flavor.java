package io.mm2dr.domain;

import java.util.Locale;

/**
 * Which operator runs Kafka on a Kubernetes platform: IBM Event Streams or Strimzi. They share
 * the Strimzi resource shapes (KafkaTopic, KafkaUser, KafkaMirrorMaker2, KafkaConnect,
 * KafkaConnector) under different API groups; the cluster itself is an {@code EventStreams}
 * resource for one, a {@code Kafka} with {@code KafkaNodePool}s for the other. The version of the
 * group is chosen by discovery: see {@link OperatorApi}.
 */
public enum Flavor {
    EVENTSTREAMS("eventstreams.ibm.com", "eventstreams.ibm.com", "IBM Event Streams",
            "Event Streams 11.x or 12.x (v1beta2) or 13.x (v1)"),
    STRIMZI("kafka.strimzi.io", "strimzi.io", "Strimzi",
            "Strimzi 0.45 to 0.51 (v1beta2) or 0.49 and later, 1.x included (v1)");

    private final String group;
    private final String labelDomain;
    private final String operator;
    private final String releases;

    Flavor(String group, String labelDomain, String operator, String releases) {
        this.group = group;
        this.labelDomain = labelDomain;
        this.operator = operator;
        this.releases = releases;
    }

    /** The API group of the Kafka kinds (KafkaTopic, KafkaUser, KafkaMirrorMaker2, ...). */
    public String group() {
        return group;
    }

    /** The operator's product name, for messages. */
    public String operator() {
        return operator;
    }

    /** The operator releases this tool supports, with the API generation each serves, for messages. */
    public String releases() {
        return releases;
    }

    /** The label that ties a topic or user to its cluster: {@code eventstreams.ibm.com/cluster}. */
    public String clusterLabel() {
        return labelDomain + "/cluster";
    }

    /** The prefix of the operator's labels and annotations: {@code eventstreams.ibm.com}. */
    public String labelDomain() {
        return labelDomain;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Flavor of(String text) {
        for (Flavor f : values()) {
            if (f.word().equalsIgnoreCase(text.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown flavor '" + text + "': expected eventstreams or strimzi");
    }
}
