package io.mm2dr.domain;

import java.util.List;

/**
 * A demo application: the producer (a data generator for the retailer's six event types) or the
 * consumer (reads the topics matching a pattern as its group, commits, logs what it reads).
 *
 * @param role        {@code producer} or {@code consumer}
 * @param bootstrap   the cluster's bootstrap address
 * @param user        the SCRAM user and the secret holding its password
 * @param caSecret    the secret holding the cluster's CA certificate
 * @param topics      producer: the six topics, in the order orders, cancellations, door badge-ins, stock movements, new customers, sensor readings
 * @param topicPattern consumer: the topics to read (a regex)
 * @param group       consumer: its group
 * @param eventsPerSecond producer: rate
 * @param replicationFactor producer: of its Connect cluster's internal topics
 */
public record KafkaAppSpec(String role, String name, String namespace, Flavor flavor, String bootstrap, String user,
                           SecretKey passwordSecret, SecretKey caSecret, List<String> topics, String topicPattern, String group,
                           int eventsPerSecond, int replicas, String image, int replicationFactor) {
}
