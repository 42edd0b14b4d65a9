package io.mm2dr.domain;

import java.util.Locale;
import java.util.Map;

/**
 * A topic of a cluster. {@code name} is the Kafka topic name, which may hold upper case and dots.
 *
 * @param allowPartitionIncrease whether an existing topic may be given more partitions than it has
 *        (it changes which partition each key goes to, and cannot be undone); fewer is never possible
 */
public record KafkaTopicSpec(String name, String cluster, String namespace, Flavor flavor, int partitions, int replicas,
                             Map<String, Object> config, boolean allowPartitionIncrease) {

    public KafkaTopicSpec(String name, String cluster, String namespace, Flavor flavor, int partitions, int replicas,
                          Map<String, Object> config) {
        this(name, cluster, namespace, flavor, partitions, replicas, config, false);
    }

    /** The Kubernetes name of the topic resource: lower case, anything but [a-z0-9.-] turned into '-'. */
    public String resourceName() {
        String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        return n.replaceAll("^[.-]+|[.-]+$", "");
    }

    /**
     * Why this topic may not be applied over a live one with {@code livePartitions} partitions, or
     * null when it may: Kafka cannot remove partitions, and adding some moves keys to other
     * partitions for good (per-key order, the backup's layout), so it must be asked for.
     */
    public String partitionChangeRefusal(int livePartitions) {
        return partitionChangeRefusal(name, cluster + " (" + namespace + ")", livePartitions, partitions, allowPartitionIncrease);
    }

    /** The rule of {@link #partitionChangeRefusal(int)}, for a topic named {@code topic} on {@code where}. */
    public static String partitionChangeRefusal(String topic, String where, int livePartitions, int wanted, boolean allowIncrease) {
        if (wanted < livePartitions) {
            return "topic " + topic + " has " + livePartitions + " partitions on " + where + "; Kafka cannot reduce them to " + wanted
                    + " (a topic's partitions can only grow: keep " + livePartitions + ", or delete and recreate the topic)";
        }
        if (wanted > livePartitions && !allowIncrease) {
            return "topic " + topic + " has " + livePartitions + " partitions on " + where + "; growing it to " + wanted
                    + " moves keys to other partitions for good and cannot be undone: set allow_partition_increase: true to do it";
        }
        return null;
    }
}
