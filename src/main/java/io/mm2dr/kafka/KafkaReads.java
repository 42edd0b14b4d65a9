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
        Admin admin = Admin.create(p);
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
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", "5000");
        p.put("client.id", "mm2dr-reader");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
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
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!todo.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("reading " + todo.keySet() + " on " + c.describe() + " did not finish in 120 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
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

    /** The record at one offset, or null if there is none (compacted away, a transaction marker, out of range). */
    public static ConsumerRecord<byte[], byte[]> recordAt(KafkaConnection c, TopicPartition tp, long offset) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>(1);
        readRange(c, Map.of(tp, offset), Map.of(tp, offset + 1), found::add);
        return found.isEmpty() || found.get(0).offset() != offset ? null : found.get(0);
    }
}
