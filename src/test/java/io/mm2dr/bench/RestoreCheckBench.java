package io.mm2dr.bench;

import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.kafka.PartitionCheck;
import io.mm2dr.kafka.RestoreCheck;
import io.mm2dr.kafka.testing.KafkaClusters;
import io.mm2dr.kafka.testing.KafkaClusters.Cluster;
import io.mm2dr.kafka.testing.KafkaClusters.Security;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The restore check's speed and memory: the same records (default 1,000,000, about 150 bytes of
 * value, a key and two headers, over 6 partitions) on two real brokers; a plain KafkaConsumer's
 * read rate of one side, then the comparison's rate (source records compared per second, both
 * sides read), and the live heap while comparing, for a fifth of the records, all of them and
 * twice as many (the live heap must not grow with them). Run with:
 *
 * <pre>mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.mm2dr.bench.RestoreCheckBench [-Dexec.args=1000000]</pre>
 */
public final class RestoreCheckBench {
    private static final int PARTITIONS = 6;

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (Cluster a = KafkaClusters.start("bench-a", Security.PLAINTEXT); Cluster b = KafkaClusters.start("bench-b", Security.PLAINTEXT)) {
            for (int n : new int[] {records / 5, records, records * 2}) {
                String topic = "bench." + n;
                long bytes = 0;
                for (Cluster c : List.of(a, b)) {
                    c.createTopic(topic, PARTITIONS, Map.of("retention.ms", "-1"));
                    bytes = produce(c, topic, n);
                }
                System.out.printf(Locale.ROOT, "%,d records, %.1f MB per side, %d partitions%n", n, bytes / 1e6, PARTITIONS);
                for (int round = 1; round <= 2; round++) {
                    long t0 = System.nanoTime();
                    long read = rawRead(a, topic);
                    double raw = seconds(t0);
                    long t1 = System.nanoTime();
                    RestoreCheck.Outcome o = compare(a, b, topic);
                    double cmp = seconds(t1);
                    // an untimed pass that measures the live heap (after a GC every 200 ms) while comparing
                    long[] heap = {0};
                    long base = usedAfterGc();
                    Thread sampler = sampler(heap);
                    compare(a, b, topic);
                    sampler.interrupt();
                    sampler.join();
                    if (!o.complete() || read != n) {
                        throw new IllegalStateException("benchmark data not as expected: " + o.summary() + ", read " + read);
                    }
                    System.out.printf(Locale.ROOT,
                            "  round %d: plain consumer %,.0f records/s (%.1f MB/s); comparison %,.0f records/s (%.1f MB/s per side), %.0f%% of the plain read; live heap while comparing %.1f MB%n",
                            round, n / raw, bytes / 1e6 / raw, n / cmp, bytes / 1e6 / cmp, 100 * raw / cmp, Math.max(0, heap[0] - base) / 1e6);
                }
            }
        }
        System.exit(0);
    }

    private static RestoreCheck.Outcome compare(Cluster a, Cluster b, String topic) throws InterruptedException {
        try (RestoreCheck check = new RestoreCheck(conn(a), conn(b), new RestoreCheck.Options(List.of(topic), null,
                PartitionCheck.Duplicates.FAIL, 100_000, null, false, Duration.ofMinutes(5), Duration.ofSeconds(1)), m -> { }, () -> false)) {
            return check.run();
        }
    }

    private static KafkaConnection conn(Cluster c) {
        return new KafkaConnection(c.name(), c.bootstrap(), null, null, null);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static long produce(Cluster c, String topic, int n) {
        Properties p = c.clientProperties();
        p.put("linger.ms", "20");
        p.put("batch.size", String.valueOf(512 * 1024));
        p.put("acks", "1");
        AtomicLong bytes = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                byte[] key = ("customer-" + (i % 10_000)).getBytes(StandardCharsets.UTF_8);
                byte[] value = ("{\"order\":" + i + ",\"store\":\"store-" + (i % 40) + "\",\"items\":[{\"sku\":\"LH-" + (i % 997)
                        + "\",\"qty\":" + (1 + i % 4) + ",\"price\":" + (10 + i % 90) + ".99}],\"status\":\"NEW\",\"note\":\"benchmark record\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, i % PARTITIONS, 1_700_000_000_000L + i, key, value);
                r.headers().add(new RecordHeader("origin", "bench".getBytes(StandardCharsets.UTF_8)));
                r.headers().add(new RecordHeader("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
                bytes.addAndGet(key.length + value.length);
                producer.send(r);
            }
            producer.flush();
        }
        return bytes.get();
    }

    /** A plain consumer reading one side to the end, tuned as the comparison's consumers are. */
    private static long rawRead(Cluster c, String topic) {
        Properties p = c.clientProperties();
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "20000");
        p.put("fetch.max.bytes", String.valueOf(64 * 1024 * 1024));
        p.put("max.partition.fetch.bytes", String.valueOf(8 * 1024 * 1024));
        p.put("check.crcs", "false");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                parts.add(new TopicPartition(topic, i));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            long sink = 0;
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    count++;
                    sink += r.value().length;
                }
            }
            if (sink < 0) {
                System.out.println(sink);
            }
        }
        return count;
    }

    private static long usedAfterGc() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        System.gc();
        return m.getHeapMemoryUsage().getUsed();
    }

    private static Thread sampler(long[] peak) {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                peak[0] = Math.max(peak[0], m.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
