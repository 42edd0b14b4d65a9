package io.mm2dr.kafka.testing;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.mm2dr.kafka.testing.KafkaClusters.Cluster;
import io.mm2dr.kafka.testing.KafkaClusters.Security;

/** Proves the fixture: real brokers, SCRAM and ACLs enforced, real MirrorMaker 2 copying records and group offsets. */
class KafkaClustersTest {

    private static Cluster a;
    private static Cluster b;

    @BeforeAll
    static void startClusters() {
        a = KafkaClusters.start("a", Security.PLAINTEXT);
        b = KafkaClusters.start("b", Security.SCRAM);
    }

    @AfterAll
    static void stopClusters() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void scramUsersNeedTheRightPasswordAndAcls() {
        b.createScramUser("alice", "alice-secret");
        b.createTopic("secured", 1, Map.of());
        Cluster alice = b.asUser("alice", "alice-secret");
        List<ProducerRecord<byte[], byte[]>> one = List.of(record("secured", null, 0, 1_700_000_000_000L));

        assertThrows(TopicAuthorizationException.class, () -> alice.produce("secured", one));
        assertThrows(TopicAuthorizationException.class, () -> alice.readAll("secured"));
        assertThrows(SaslAuthenticationException.class, () -> b.asUser("alice", "wrong").readAll("secured"));

        b.addAcls(KafkaClusters.allow("alice", TOPIC, "secured", WRITE, READ, DESCRIBE));
        alice.produce("secured", one);
        List<ConsumerRecord<byte[], byte[]>> read = alice.readAll("secured");
        assertEquals(1, read.size());
        assertArrayEquals(one.get(0).value(), read.get(0).value());
        assertEquals(1, b.readAll("secured").size(), "the admin reads everything");
    }

    @Test
    void mirrorMakerCopiesRecordsAndSyncsGroupOffsets() {
        String topic = "orders";
        int partitions = 3;
        int count = 1000;
        long t0 = 1_600_000_000_000L; // old timestamps: retention.ms=-1 keeps them
        a.createTopic(topic, partitions, Map.of("retention.ms", "-1"));
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(topic, i % partitions, i, t0 + i * 1000L));
        }
        a.produce(topic, records);
        List<ConsumerRecord<byte[], byte[]>> source = a.readAll(topic);
        assertEquals(count, source.size());

        Map<TopicPartition, Long> committed = consumeAndCommit(a, "billing", topic, partitions);

        try (MirrorMakerProcess mm2 = new MirrorMakerProcess(a, b, topic, "billing").start()) {
            mm2.awaitMirrored(topic, count, Duration.ofSeconds(40));
            List<ConsumerRecord<byte[], byte[]>> target = b.readAll(topic);
            assertEquals(count, target.size());
            for (int i = 0; i < count; i++) {
                ConsumerRecord<byte[], byte[]> s = source.get(i);
                ConsumerRecord<byte[], byte[]> t = target.get(i);
                assertEquals(s.partition(), t.partition());
                assertEquals(s.offset(), t.offset(), "identity policy, no failure: same offsets");
                assertArrayEquals(s.key(), t.key());
                assertArrayEquals(s.value(), t.value());
                assertEquals(s.timestamp(), t.timestamp());
                assertEquals(s.timestampType(), t.timestampType());
                assertEquals(headers(s), headers(t));
            }
            for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
                long synced = mm2.awaitGroupOffset("billing", e.getKey(), e.getValue(), Duration.ofSeconds(20));
                assertEquals(e.getValue(), synced, "group billing at " + e.getKey());
            }
        }
        assertEquals(Set.of(topic), KafkaClusters.get(a.admin().listTopics().names()),
                "MirrorMaker 2 wrote nothing into the source (no reverse flow, no heartbeats, offset-syncs on the target)");
    }

    @Test
    void sharedClustersStartOnceAndOutliveClose() {
        Cluster first = KafkaClusters.shared("KafkaClustersTest-shared", Security.PLAINTEXT);
        first.close();
        Cluster again = KafkaClusters.shared("KafkaClustersTest-shared", Security.PLAINTEXT);
        assertSame(first, again);
        again.createTopic("KafkaClustersTest.shared", 1);
        assertEquals(0, again.readAll("KafkaClustersTest.shared").size());
        assertThrows(IllegalArgumentException.class,
                () -> KafkaClusters.shared("KafkaClustersTest-shared", Security.SCRAM));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Integer partition, int i, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", ("trace-" + i).getBytes(StandardCharsets.UTF_8));
        headers.add("source", "drill".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, partition, timestamp, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                ("value-" + i + "-" + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8), headers);
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> r) {
        List<String> out = new ArrayList<>();
        for (Header h : r.headers()) {
            out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A real consumer group: reads the whole topic and commits where it stopped. */
    private static Map<TopicPartition, Long> consumeAndCommit(Cluster cluster, String group, String topic, int partitions) {
        Properties p = cluster.clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<TopicPartition, Long> positions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            consumer.assign(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200));
            }
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            for (TopicPartition tp : tps) {
                commit.put(tp, new OffsetAndMetadata(consumer.position(tp)));
                positions.put(tp, consumer.position(tp));
            }
            consumer.commitSync(commit);
        }
        return positions;
    }
}
