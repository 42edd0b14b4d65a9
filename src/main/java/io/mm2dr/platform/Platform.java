package io.mm2dr.platform;

import io.mm2dr.domain.ApplicationSpec;
import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.KafkaAppSpec;
import io.mm2dr.domain.KafkaClusterSpec;
import io.mm2dr.domain.KafkaTopicSpec;
import io.mm2dr.domain.KafkaUserSpec;
import io.mm2dr.domain.SecretSpec;
import io.mm2dr.domain.mm2.MirrorMaker2Spec;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where a Kafka estate runs. A domain module computes the desired state; a platform decides, by
 * comparing it with what is there, which objects to create, update or delete, writes them through
 * its one gateway and reports the {@link Outcome}. Every method is idempotent. Check mode is the
 * gateway's alone ({@code KubeGateway}, {@code SandboxGateway}): it reports what it would write
 * and writes nothing, and what an earlier task only announced in check mode comes back as a
 * warning, not a failure. Failures are {@link io.mm2dr.domain.PlatformException}s.
 * {@code kubernetes} turns desired states into operator resources; {@code local} into processes
 * and files of a sandbox.
 */
public interface Platform {
    String name();

    Outcome namespace(String name, boolean present, Duration timeout) throws InterruptedException;

    Outcome kafkaCluster(KafkaClusterSpec spec, boolean present, Duration timeout) throws InterruptedException;

    Outcome kafkaTopic(KafkaTopicSpec spec, boolean present, Duration timeout) throws InterruptedException;

    /**
     * How many partitions those of {@code topics} that exist have on a cluster right now, read
     * without changing anything (also in check mode); null when the cluster is not there to read
     * (never created, lost, stopped). A platform that cannot be reached throws, as every method.
     */
    Map<String, Integer> livePartitions(String namespace, String cluster, Flavor flavor, Collection<String> topics)
            throws InterruptedException;

    Outcome kafkaUser(KafkaUserSpec spec, boolean present, Duration timeout) throws InterruptedException;

    Outcome secret(SecretSpec spec, boolean present);

    Outcome application(ApplicationSpec spec, Duration timeout) throws InterruptedException;

    Outcome kafkaApp(KafkaAppSpec spec, boolean present, Duration timeout) throws InterruptedException;

    Outcome mirrorMaker2(MirrorMaker2Spec spec, Flavor flavor, Duration timeout) throws InterruptedException;

    Outcome removeMirrorMaker2(String name, String namespace, Flavor flavor, Duration timeout) throws InterruptedException;

    /** A value of a secret, decoded (a password, a CA certificate), or null if the secret or key does not exist. */
    String secretValue(String namespace, String name, String key);

    /**
     * The address the runner's own clients use for a cluster's bootstrap address as playbooks
     * write it (the service address on Kubernetes): the same address on Kubernetes, the cluster's
     * loopback port in the local sandbox.
     */
    /**
     * How many brokers the cluster a bootstrap address names really runs, or null when the platform
     * cannot tell (specification checks then use the declared count).
     */
    default Integer liveBrokers(String bootstrap) {
        return null;
    }

    default String clientBootstrap(String bootstrap) {
        return bootstrap;
    }

    /** Whether the clusters' listeners use TLS (a CA secret to trust); the local sandbox listens on loopback without. */
    default boolean clientTls() {
        return true;
    }

    /**
     * How the runner's clients reach the cluster {@code name} of {@code namespace} through its
     * listener {@code listener} (null: the one meant for clients outside the cluster if it has one,
     * else its TLS listener), read from what the platform reports about the cluster now. Throws a
     * {@link io.mm2dr.domain.PlatformException} naming what is missing (no such cluster, not ready,
     * no such listener).
     */
    KafkaEndpoint kafkaEndpoint(String namespace, String name, Flavor flavor, String listener);

    /** The MirrorMaker 2 instances already there (in every namespace this tool may read), to check a new one against. */
    List<MirrorMaker2Spec.OtherMirrorMaker2> otherMirrorMakers(Flavor flavor);

    /** What the platform's API server warned about and was not shown yet in this run (Kubernetes' Warning headers). */
    default List<String> serverWarnings() {
        return List.of();
    }

    /**
     * The operator API this platform writes for {@code flavor} ({@code kafka.strimzi.io/v1}...),
     * null where there is none (the local sandbox); throws when the platform cannot serve it.
     */
    default String operatorApi(Flavor flavor) {
        return null;
    }
}
