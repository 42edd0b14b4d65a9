package io.mm2dr.domain;

import java.util.Locale;

/**
 * Which operator runs Kafka on a Kubernetes platform: IBM Event Streams or Strimzi. They share
 * the Strimzi resource shapes (KafkaTopic, KafkaUser, KafkaMirrorMaker2, KafkaConnect,
 * KafkaConnector) under different API groups; the cluster itself is an {@code EventStreams}
 * resource for one, a {@code Kafka} with {@code KafkaNodePool}s for the other.
 */
public enum Flavor {
    EVENTSTREAMS("eventstreams.ibm.com/v1beta2", "eventstreams.ibm.com"),
    STRIMZI("kafka.strimzi.io/v1beta2", "strimzi.io");

    private final String apiVersion;
    private final String labelDomain;

    Flavor(String apiVersion, String labelDomain) {
        this.apiVersion = apiVersion;
        this.labelDomain = labelDomain;
    }

    /** The API version of the Kafka kinds (KafkaTopic, KafkaUser, KafkaMirrorMaker2, ...). */
    public String apiVersion() {
        return apiVersion;
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
