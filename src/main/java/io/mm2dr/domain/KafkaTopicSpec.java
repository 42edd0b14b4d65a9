package io.mm2dr.domain;

import java.util.Locale;
import java.util.Map;

/** A topic of a cluster. {@code name} is the Kafka topic name, which may hold upper case and dots. */
public record KafkaTopicSpec(String name, String cluster, String namespace, Flavor flavor, int partitions, int replicas,
                             Map<String, Object> config) {

    /** The Kubernetes name of the topic resource: lower case, anything but [a-z0-9.-] turned into '-'. */
    public String resourceName() {
        String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        return n.replaceAll("^[.-]+|[.-]+$", "");
    }
}
