package io.mm2dr.domain;

/**
 * Something that runs and can be paused: a Deployment, a KafkaConnect or a KafkaMirrorMaker2.
 *
 * @param running  true to run it (at the replica count it had when paused), false to pause it (0 replicas)
 * @param replicas the count to resume to when nothing was recorded; null to refuse instead
 */
public record ApplicationSpec(String kind, String name, String namespace, Flavor flavor, boolean running, Integer replicas) {
}
