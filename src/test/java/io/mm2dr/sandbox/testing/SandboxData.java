package io.mm2dr.sandbox.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An independent look at a sandbox's data, with plain Kafka clients and nothing of the runner's:
 * per partition, a digest of every record's content (key, value, timestamp, headers, in order;
 * never offsets), read from a cluster as its administrator; and the demo consumer's own log.
 */
public final class SandboxData {
    private final Path root;

    public SandboxData(Path root) {
        this.root = root;
    }

    /** One partition's content: how many records and the SHA-256 of their content in order. */
    public record Content(long records, String digest) {
    }

    /** A topic's configuration value on a cluster ("region/cluster"), as its administrator reads it; null if not set. */
    public String topicConfig(String cluster, String topic, String key) {
        try (Admin admin = Admin.create(adminProperties(cluster))) {
            org.apache.kafka.common.config.ConfigResource r = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            org.apache.kafka.clients.admin.ConfigEntry e = admin.describeConfigs(List.of(r)).all().get().get(r).get(key);
            return e == null ? null : e.value();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("reading " + topic + " on " + cluster + ": " + e, e);
        }
    }

    /** The administrator's client settings for a cluster ("region/cluster"): its port, password and CA, from the sandbox's files. */
    @SuppressWarnings("unchecked")
    private Properties adminProperties(String cluster) throws IOException {
        Map<String, Object> ports = new ObjectMapper().readValue(root.resolve("ports.json").toFile(), Map.class);
        int port = ((Number) ((Map<String, Object>) ports.get(cluster)).get("client")).intValue();
        String region = cluster.substring(0, cluster.indexOf('/'));
        String name = cluster.substring(cluster.indexOf('/') + 1);
        Map<String, Object> secret = new ObjectMapper().readValue(
                root.resolve(region).resolve("secrets").resolve(name + "-sandbox-admin.json").toFile(), Map.class);
        Map<String, String> data = (Map<String, String>) secret.get("data");
        // trusting the cluster CA of the secret the operators name, as any client of the cluster
        Map<String, Object> caSecret = new ObjectMapper().readValue(
                root.resolve(region).resolve("secrets").resolve(name + "-cluster-ca-cert.json").toFile(), Map.class);
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:" + port);
        p.put("security.protocol", "SASL_SSL");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", ((Map<String, String>) caSecret.get("data")).get("ca.crt"));
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + data.get("username")
                + "\" password=\"" + data.get("password") + "\";");
        return p;
    }

    /** Every partition of the topics matching {@code topics} on a cluster ("region/cluster"), read from start to end. */
    public Map<String, Content> contents(String cluster, String topics) {
        try {
            Properties p = adminProperties(cluster);
            Pattern pattern = Pattern.compile(topics);
            Map<TopicPartition, Long> ends;
            try (Admin admin = Admin.create(p)) {
                List<String> names = admin.listTopics().names().get().stream().filter(t -> pattern.matcher(t).matches()).sorted().toList();
                List<TopicPartition> parts = admin.describeTopics(names).allTopicNames().get().values().stream()
                        .flatMap(d -> d.partitions().stream().map(pi -> new TopicPartition(d.name(), pi.partition()))).toList();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                parts.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                ends = new HashMap<>();
                admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            }
            Map<TopicPartition, MessageDigest> digests = new HashMap<>();
            Map<TopicPartition, Long> counts = new HashMap<>();
            for (TopicPartition tp : ends.keySet()) {
                digests.put(tp, MessageDigest.getInstance("SHA-256"));
                counts.put(tp, 0L);
            }
            p.put("enable.auto.commit", "false");
            p.put("auto.offset.reset", "earliest");
            p.put("max.poll.records", "5000");
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                c.assign(ends.keySet());
                c.seekToBeginning(ends.keySet());
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (ends.keySet().stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("reading " + cluster + " took more than 60 s");
                    }
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        if (r.offset() >= ends.get(tp)) {
                            continue;
                        }
                        MessageDigest d = digests.get(tp);
                        field(d, r.key());
                        field(d, r.value());
                        field(d, String.valueOf(r.timestamp()).getBytes(StandardCharsets.UTF_8));
                        for (Header h : r.headers()) {
                            field(d, h.key().getBytes(StandardCharsets.UTF_8));
                            field(d, h.value());
                        }
                        counts.merge(tp, 1L, Long::sum);
                    }
                }
            }
            Map<String, Content> out = new TreeMap<>();
            digests.forEach((tp, d) -> out.put(tp.toString(), new Content(counts.get(tp), java.util.HexFormat.of().formatHex(d.digest()))));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("reading " + cluster + ": " + e, e);
        }
    }

    private static void field(MessageDigest d, byte[] bytes) {
        if (bytes == null) {
            d.update(new byte[] {0, 0, 0, 0, 0});
            return;
        }
        d.update((byte) 1);
        d.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
        d.update(bytes);
    }

    /** The demo consumer's log lines, from its log file. */
    public List<String> consumerLog(String region, String name) {
        try {
            return Files.readAllLines(root.resolve(region).resolve("apps").resolve(name).resolve(name + ".log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern READ = Pattern.compile("\\] (\\S+-\\d+)@(\\d+) (\\S+) ");
    private static final Pattern STARTING = Pattern.compile("\\] starting (\\S+-\\d+) at offset (\\d+)");

    /** How many records the consumer's log shows read more than once (the same event key read again). */
    public static long readTwice(List<String> log) {
        Map<String, Integer> seen = new HashMap<>();
        long twice = 0;
        for (String line : log) {
            Matcher m = READ.matcher(line);
            if (m.find() && seen.merge(m.group(3), 1, Integer::sum) == 2) {
                twice++;
            }
        }
        return twice;
    }

    /**
     * Where the consumer started each partition, from the lines after {@code fromLine}: the first
     * "starting" line of each (later ones follow a rebalance or a reconnection, from later commits).
     */
    public static Map<String, Long> startingOffsets(List<String> log, int fromLine) {
        Map<String, Long> out = new TreeMap<>();
        for (String line : log.subList(Math.min(fromLine, log.size()), log.size())) {
            Matcher m = STARTING.matcher(line);
            if (m.find()) {
                out.putIfAbsent(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return out;
    }
}
