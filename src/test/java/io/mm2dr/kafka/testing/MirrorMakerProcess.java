package io.mm2dr.kafka.testing;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.connect.mirror.MirrorMaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real MirrorMaker 2 in dedicated mode ({@link MirrorMaker}, what {@code connect-mirror-maker.sh}
 * runs), in the test JVM, replicating one flow {@code source -> target} between two
 * {@link KafkaClusters.Cluster}s, whose names are the cluster aliases.
 *
 * <p>Configuration (see {@link #config()}; {@code overrides} win): identity replication policy
 * (topic names unchanged), offset-syncs topic on the target, checkpoints and group offset sync
 * on, every interval short (checkpoints, group sync, topic and group refresh 1 s, worker offset
 * flush 1 s, so the last offset sync of a quiet topic is written within a second), all
 * replication factors 1, {@code plugin.discovery=service_load} (saves about 6 s of plugin
 * scanning), ACL sync off. Only this node's herder for the {@code source->target} pair runs: the
 * reverse flow is disabled and no heartbeats are emitted (neither way) unless
 * {@code emit.heartbeats.enabled=true} is given, so nothing is written into the source cluster. A
 * SCRAM cluster is reached as its super user ({@link KafkaClusters#ADMIN_USER}).
 *
 * <p>Timing: the first records reach the target about 5-10 s after {@link #start()}; use
 * {@link #awaitMirrored} rather than sleeping.
 */
public final class MirrorMakerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorMakerProcess.class);

    /** Topic names unchanged on the target. */
    public static final String IDENTITY_POLICY = "org.apache.kafka.connect.mirror.IdentityReplicationPolicy";

    private final KafkaClusters.Cluster source;
    private final KafkaClusters.Cluster target;
    private final Map<String, String> config;
    private MirrorMaker mirrorMaker;
    private long startedAtNanos;

    /** MirrorMaker 2 for topics and groups matching the patterns (Java regex lists, e.g. {@code "orders.*|payments"}). */
    public MirrorMakerProcess(KafkaClusters.Cluster source, KafkaClusters.Cluster target,
                              String topics, String groups) {
        this(source, target, topics, groups, Map.of());
    }

    /**
     * As {@link #MirrorMakerProcess(KafkaClusters.Cluster, KafkaClusters.Cluster, String, String)},
     * with MirrorMaker 2 properties added or replaced (in {@code mm2.properties} syntax, e.g.
     * {@code "a->b.sync.topic.configs.enabled"}).
     */
    public MirrorMakerProcess(KafkaClusters.Cluster source, KafkaClusters.Cluster target,
                              String topics, String groups, Map<String, String> overrides) {
        if (source.name().equals(target.name())) {
            throw new IllegalArgumentException("source and target have the same alias " + source.name());
        }
        this.source = source;
        this.target = target;
        this.config = Collections.unmodifiableMap(buildConfig(source, target, topics, groups, overrides));
    }

    private static Map<String, String> buildConfig(KafkaClusters.Cluster source, KafkaClusters.Cluster target,
                                                   String topics, String groups, Map<String, String> overrides) {
        String s = source.name();
        String t = target.name();
        String flow = s + "->" + t + ".";
        Map<String, String> c = new LinkedHashMap<>();
        c.put("clusters", s + ", " + t);
        source.clientConfig().forEach((k, v) -> c.put(s + "." + k, v));
        target.clientConfig().forEach((k, v) -> c.put(t + "." + k, v));

        c.put(flow + "enabled", "true");
        c.put(flow + "topics", topics);
        c.put(flow + "groups", groups);
        // the reverse flow: no replication, no herder, no heartbeats into the source
        c.put(t + "->" + s + ".enabled", "false");
        c.put("emit.heartbeats.enabled", "false");

        c.put("replication.policy.class", IDENTITY_POLICY);
        c.put("offset-syncs.topic.location", "target");
        c.put("emit.checkpoints.enabled", "true");
        c.put("emit.checkpoints.interval.seconds", "1");
        c.put("sync.group.offsets.enabled", "true");
        c.put("sync.group.offsets.interval.seconds", "1");
        c.put("refresh.topics.interval.seconds", "1");
        c.put("refresh.groups.interval.seconds", "1");
        c.put("sync.topic.acls.enabled", "false");
        c.put("tasks.max", "1");

        c.put("replication.factor", "1");
        c.put("offset-syncs.topic.replication.factor", "1");
        c.put("checkpoints.topic.replication.factor", "1");
        c.put("heartbeats.topic.replication.factor", "1");
        c.put("config.storage.replication.factor", "1");
        c.put("offset.storage.replication.factor", "1");
        c.put("status.storage.replication.factor", "1");

        // no plugin path scanning: read by MirrorMakerConfig at the top level, and by each
        // herder's worker from the target cluster's prefix (worker settings in dedicated mode)
        c.put("plugin.discovery", "service_load");
        c.put(t + ".plugin.discovery", "service_load");
        // the periodic commit also writes the offset syncs held back by offset.lag.max
        c.put(t + ".offset.flush.interval.ms", "1000");
        c.putAll(overrides);
        return c;
    }

    /** The whole MirrorMaker 2 configuration ({@code mm2.properties} as a map). */
    public Map<String, String> config() {
        return config;
    }

    public KafkaClusters.Cluster source() {
        return source;
    }

    public KafkaClusters.Cluster target() {
        return target;
    }

    /**
     * Starts MirrorMaker 2 and returns once its herder has started; connectors and tasks start
     * asynchronously (see {@link #awaitMirrored}).
     */
    public synchronized MirrorMakerProcess start() {
        if (mirrorMaker != null) {
            throw new IllegalStateException("MirrorMaker 2 already started");
        }
        startedAtNanos = System.nanoTime();
        // MirrorMaker swaps the calling thread's context class loader for Connect's plugin loader
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader();
        try {
            MirrorMaker mm = new MirrorMaker(config, List.of(target.name()));
            mm.start();
            mirrorMaker = mm;
        } finally {
            thread.setContextClassLoader(loader);
        }
        LOG.info("MirrorMaker 2 {}->{} started in {} ms", source.name(), target.name(),
                (System.nanoTime() - startedAtNanos) / 1_000_000);
        return this;
    }

    /** Stops MirrorMaker 2 cleanly (tasks commit, herder leaves its group) and waits for it. */
    public synchronized void stop() {
        if (mirrorMaker == null) {
            return;
        }
        long t0 = System.nanoTime();
        MirrorMaker mm = mirrorMaker;
        mirrorMaker = null;
        mm.stop();
        mm.awaitStop();
        LOG.info("MirrorMaker 2 {}->{} stopped in {} ms", source.name(), target.name(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    public synchronized boolean isRunning() {
        return mirrorMaker != null;
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Waits until the topic on the target holds at least {@code expectedCount} records (the sum
     * over its partitions of end minus start offset: exact while MirrorMaker 2 does not write
     * transactions) and returns that count.
     *
     * @throws AssertionError on timeout, with the count reached
     */
    public long awaitMirrored(String topic, long expectedCount, Duration timeout) {
        AtomicLong seen = new AtomicLong(-1);
        try {
            KafkaClusters.await(topic + " on " + target.name() + " to hold " + expectedCount + " records",
                    timeout, () -> {
                        seen.set(recordCount(target.admin(), topic));
                        return seen.get() >= expectedCount;
                    });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (holds " + Math.max(seen.get(), 0) + ")", e);
        }
        LOG.info("{} records of {} on {} {} ms after MirrorMaker 2 started", seen.get(), topic, target.name(),
                (System.nanoTime() - startedAtNanos) / 1_000_000);
        return seen.get();
    }

    /**
     * Waits until the consumer group's committed offset for the partition on the target is at
     * least {@code expectedOffset} (MirrorMaker 2's group offset sync) and returns it.
     *
     * @throws AssertionError on timeout, with the offset reached
     */
    public long awaitGroupOffset(String group, TopicPartition partition, long expectedOffset, Duration timeout) {
        AtomicLong seen = new AtomicLong(-1);
        try {
            KafkaClusters.await("group " + group + " on " + target.name() + " at " + partition + " >= "
                    + expectedOffset, timeout, () -> {
                        OffsetAndMetadata committed = KafkaClusters.get(target.admin()
                                .listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).get(partition);
                        seen.set(committed == null ? -1 : committed.offset());
                        return seen.get() >= expectedOffset;
                    });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (at " + seen.get() + ")", e);
        }
        LOG.info("group {} at {} on {} {} ms after MirrorMaker 2 started", group, seen.get(), target.name(),
                (System.nanoTime() - startedAtNanos) / 1_000_000);
        return seen.get();
    }

    /** Records in the topic (end minus start offsets); 0 if it does not exist. */
    static long recordCount(Admin admin, String topic) {
        try {
            List<TopicPartition> partitions = KafkaClusters.get(admin.describeTopics(List.of(topic)).allTopicNames())
                    .get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            Map<TopicPartition, ListOffsetsResultInfo> end = KafkaClusters.get(admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()))).all());
            Map<TopicPartition, ListOffsetsResultInfo> start = KafkaClusters.get(admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.earliest()))).all());
            return partitions.stream().mapToLong(tp -> end.get(tp).offset() - start.get(tp).offset()).sum();
        } catch (UnknownTopicOrPartitionException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "MirrorMaker2[" + source.name() + "->" + target.name() + (isRunning() ? ", running" : "") + "]";
    }
}
