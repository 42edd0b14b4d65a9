package io.mm2dr.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Short reads with the Admin API and a consumer, with every failure translated for the user. */
public final class KafkaReads {
    /** How long reaching a cluster and logging in may take. */
    static final int CONNECT_TIMEOUT_MS = 10_000;

    private KafkaReads() {
    }

    /**
     * An Admin client that has reached the cluster and logged in: one round trip first, so that a
     * wrong password or an unreachable broker is reported as such, not as a later call's symptom.
     */
    public static Admin admin(KafkaConnection c) {
        Properties p = c.clientProperties();
        p.put("request.timeout.ms", "15000");
        p.put("default.api.timeout.ms", "30000");
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw cannotCreate(c, e);
        }
        try {
            await(admin.describeCluster(new org.apache.kafka.clients.admin.DescribeClusterOptions().timeoutMs(CONNECT_TIMEOUT_MS)).clusterId(),
                    c, "connecting");
            return admin;
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    public static KafkaConsumer<byte[], byte[]> consumer(KafkaConnection c) {
        Properties p = c.clientProperties();
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "none");
        p.put("max.poll.records", "5000");
        p.put("client.id", "mm2dr-reader");
        return newConsumer(c, p);
    }

    /** A consumer, with a bootstrap address that cannot be resolved reported as the cluster being unreachable. */
    public static KafkaConsumer<byte[], byte[]> newConsumer(KafkaConnection c, Properties p) {
        try {
            return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw cannotCreate(c, e);
        }
    }

    private static RuntimeException cannotCreate(KafkaConnection c, Exception e) {
        String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        if (cause != null && cause.contains("resolvable bootstrap")) {
            return new io.mm2dr.engine.module.PlatformUnreachableException("cannot reach Kafka " + c.describe()
                    + ": the bootstrap address does not resolve (" + cause + ")", e);
        }
        return new KafkaException("cannot connect to Kafka " + c.describe() + ": " + cause, e);
    }

    /** Waits for an Admin future, translating a failure (a timeout makes the cluster unreachable). */
    public static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, KafkaConnection c, String doing) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw KafkaFailures.translate(new org.apache.kafka.common.errors.TimeoutException(e.getMessage()), c, doing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while " + doing, e);
        } catch (Exception e) {
            throw KafkaFailures.translate(e, c, doing);
        }
    }

    public static Map<TopicPartition, Long> offsets(Admin admin, KafkaConnection c, Collection<TopicPartition> partitions, OffsetSpec spec) {
        return RestoreCheck.endOffsets(admin, c, new ArrayList<>(partitions), spec);
    }

    /** Reads the given partitions from the given offsets up to their ends as they are now, record by record. */
    public static void readRange(KafkaConnection c, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to,
                                 Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<TopicPartition, Long> todo = new LinkedHashMap<>();
        to.forEach((tp, end) -> {
            if (from.getOrDefault(tp, 0L) < end) {
                todo.put(tp, end);
            }
        });
        if (todo.isEmpty()) {
            return;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(c)) {
            consumer.assign(todo.keySet());
            todo.keySet().forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
            long lastProgress = System.nanoTime();
            while (!todo.isEmpty()) {
                if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(60)) {
                    throw new KafkaException("reading " + todo.keySet() + " on " + c.describe() + " made no progress for 60 s");
                }
                var polled = consumer.poll(Duration.ofMillis(200));
                if (!polled.isEmpty()) {
                    lastProgress = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long end = todo.get(tp);
                    if (end != null && r.offset() < end) {
                        each.accept(r);
                    }
                }
                List<TopicPartition> done = new ArrayList<>();
                for (Map.Entry<TopicPartition, Long> e : todo.entrySet()) {
                    if (consumer.position(e.getKey()) >= e.getValue()) {
                        done.add(e.getKey());
                    }
                }
                done.forEach(todo::remove);
                consumer.pause(done);
            }
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw KafkaFailures.translate(e, c, "reading " + to.keySet());
        }
    }

    /**
     * The records at the given offsets, one per partition, with one Admin and one consumer for all
     * of them; a partition whose offset holds no record (out of range, compacted away, a
     * transaction marker) is absent from the result.
     */
    public static Map<TopicPartition, ConsumerRecord<byte[], byte[]>> recordsAt(KafkaConnection c, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, ConsumerRecord<byte[], byte[]>> out = new java.util.HashMap<>();
        if (offsets.isEmpty()) {
            return out;
        }
        Map<TopicPartition, Long> from = new LinkedHashMap<>();
        Map<TopicPartition, Long> to = new LinkedHashMap<>();
        try (Admin admin = admin(c)) {
            Map<TopicPartition, Long> starts = offsets(admin, c, offsets.keySet(), OffsetSpec.earliest());
            Map<TopicPartition, Long> ends = offsets(admin, c, offsets.keySet(), OffsetSpec.latest());
            offsets.forEach((tp, offset) -> {
                if (offset >= starts.get(tp) && offset < ends.get(tp)) {
                    from.put(tp, offset);
                    to.put(tp, offset + 1);
                }
            });
        }
        readRange(c, from, to, r -> {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (r.offset() == offsets.get(tp)) {
                out.putIfAbsent(tp, r);
            }
        });
        return out;
    }

    /** The record at one offset, or null if there is none (compacted away, a transaction marker, out of range). */
    public static ConsumerRecord<byte[], byte[]> recordAt(KafkaConnection c, TopicPartition tp, long offset) {
        try (Admin admin = admin(c)) {
            long start = offsets(admin, c, List.of(tp), OffsetSpec.earliest()).get(tp);
            long end = offsets(admin, c, List.of(tp), OffsetSpec.latest()).get(tp);
            if (offset < start || offset >= end) {
                return null;
            }
        }
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>(1);
        readRange(c, Map.of(tp, offset), Map.of(tp, offset + 1), r -> {
            if (found.isEmpty()) {
                found.add(r);
            }
        });
        return found.isEmpty() || found.get(0).offset() != offset ? null : found.get(0);
    }
}
