package io.mm2dr.modules.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import io.mm2dr.kafka.testing.KafkaClusterFixture;
import io.mm2dr.kafka.testing.KafkaClusters;
import io.mm2dr.kafka.testing.KafkaClusters.Cluster;
import io.mm2dr.kafka.testing.KafkaClusters.Security;
import io.mm2dr.kafka.testing.MirrorMakerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka modules against real KRaft brokers and real MirrorMaker 2: the primary {@code na}
 * (lost), the backup {@code eu} (SCRAM-SHA-512 with ACLs) fed by MM2 na -> eu, and {@code restored}
 * fed back by MM2 eu -> restored. A consumer group committed half way on na must resume on the
 * restored cluster exactly where it was, reading every record it had not read, none twice.
 */
class KafkaModulesTest {
    static final String GROUP = "consumer-southamerica";
    static final long BASE_TS = 1_700_000_000_000L;

    @RegisterExtension
    static final KafkaClusterFixture NA = new KafkaClusterFixture("na", Security.PLAINTEXT);
    @RegisterExtension
    static final KafkaClusterFixture EU = new KafkaClusterFixture("eu", Security.SCRAM);
    @RegisterExtension
    static final KafkaClusterFixture RESTORED = new KafkaClusterFixture("restored", Security.PLAINTEXT);
    @TempDir
    static Path dir;
    static Cluster na;
    static Cluster eu;
    static Cluster restored;
    static MirrorMakerProcess restore;
    static Map<TopicPartition, Long> committedOnNa = new HashMap<>();
    static int count;

    @BeforeAll
    static void drill() throws Exception {
        na = NA.cluster();
        eu = EU.cluster();
        restored = RESTORED.cluster();
        Map<String, String> keep = Map.of("retention.ms", "-1");
        na.createTopic("LH.ORDERS", 3, keep);
        na.createTopic("LH.DOORS", 1, keep);
        na.produce("LH.ORDERS", records("LH.ORDERS", 3, 600));
        na.produce("LH.DOORS", records("LH.DOORS", 1, 100));
        // the consumer read about half of every partition before the region was lost
        try (KafkaConsumer<byte[], byte[]> c = consumer(na, GROUP)) {
            Map<TopicPartition, OffsetAndMetadata> half = new HashMap<>();
            for (TopicPartition tp : List.of(new TopicPartition("LH.ORDERS", 0), new TopicPartition("LH.ORDERS", 1),
                    new TopicPartition("LH.ORDERS", 2), new TopicPartition("LH.DOORS", 0))) {
                long offset = tp.topic().equals("LH.DOORS") ? 37 : 90 + tp.partition() * 7;
                half.put(tp, new OffsetAndMetadata(offset));
                committedOnNa.put(tp, offset);
            }
            c.assign(half.keySet());
            c.commitSync(half);
        }
        try (MirrorMakerProcess backup = new MirrorMakerProcess(na, eu, "LH\\..*", "consumer-.*",
                Map.of("na->eu.emit.heartbeats.enabled", "true", "na->eu.emit.heartbeats.interval.seconds", "1")).start()) {
            backup.awaitMirrored("LH.ORDERS", 600, Duration.ofSeconds(60));
            backup.awaitMirrored("LH.DOORS", 100, Duration.ofSeconds(60));
            // MM2's translated group offset is rounded down (it may never reach na's); its checkpoint holds the exact one
            backup.awaitGroupOffset(GROUP, new TopicPartition("LH.ORDERS", 2), 1, Duration.ofSeconds(60));
            Thread.sleep(2500); // a last checkpoint and heartbeat
        }
        // the restored copy of LH.DOORS starts with records of its own: its offsets differ from the backup's
        restored.createTopic("LH.DOORS", 1, keep);
        restored.produce("LH.DOORS", List.of(new ProducerRecord<>("LH.DOORS", 0, BASE_TS, bytes("stray"), bytes("left over"))));
        restore = new MirrorMakerProcess(eu, restored, "LH\\..*", "none-", Map.of()).start();
        restore.awaitMirrored("LH.ORDERS", 600, Duration.ofSeconds(60));
        restore.awaitMirrored("LH.DOORS", 101, Duration.ofSeconds(60));
        restore.stop();
        // MirrorMaker 2's default (prefixing) policy, as in the shared-aggregate scenario: eu's agg.DOORS
        // copied to the restored cluster as eu.agg.DOORS (a topic of its own: the restore above stored
        // its source offsets for LH.* in the same Connect offsets topic)
        eu.createTopic("agg.DOORS", 2, keep);
        eu.produce("agg.DOORS", records("agg.DOORS", 2, 100));
        try (MirrorMakerProcess prefixing = new MirrorMakerProcess(eu, restored, "agg\\.DOORS", "none-",
                Map.of("replication.policy.class", "org.apache.kafka.connect.mirror.DefaultReplicationPolicy")).start()) {
            prefixing.awaitMirrored(eu.name() + ".agg.DOORS", 100, Duration.ofSeconds(60));
        }
        for (String mutation : List.of("untouched", "missing", "key", "value", "timestamp", "header", "swapped", "extra", "retention", "partial")) {
            String topic = "mut." + mutation;
            List<ProducerRecord<byte[], byte[]>> source = records(topic, 1, 40);
            eu.createTopic(topic, 1, keep);
            eu.produce(topic, source);
            // the same mutation under the identity policy's name and under the default policy's (eu.mut.X)
            for (String copy : List.of(topic, eu.name() + "." + topic)) {
                restored.createTopic(copy, 1, keep);
                restored.produce(copy, mutate(mutation, copy, new ArrayList<>(source)));
                if (mutation.equals("retention")) {
                    restored.admin().deleteRecords(Map.of(new TopicPartition(copy, 0), RecordsToDelete.beforeOffset(5))).all().get();
                }
            }
        }
        eu.createTopic("mut.partitions", 2, keep);
        restored.createTopic("mut.partitions", 1, keep);
        restored.createTopic(eu.name() + ".mut.partitions", 1, keep);
    }

    @AfterAll
    static void stop() throws Exception {
        // the clusters are the fixtures' to close; the restore MirrorMaker 2 process is this class's
        if (restore != null) {
            restore.close();
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<ProducerRecord<byte[], byte[]>> records(String topic, int partitions, int n) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, i % partitions, BASE_TS + i * 1000L,
                    bytes("key-" + (i % 17)), i % 50 == 49 ? null : bytes("{\"event\":" + i + ",\"topic\":\"" + topic + "\"}"));
            r.headers().add(new RecordHeader("origin", bytes("store-" + (i % 5))));
            r.headers().add(new RecordHeader("trace", i % 3 == 0 ? null : bytes("t" + i)));
            out.add(r);
        }
        return out;
    }

    static List<ProducerRecord<byte[], byte[]>> mutate(String mutation, String topic, List<ProducerRecord<byte[], byte[]>> l) {
        ProducerRecord<byte[], byte[]> r = l.get(20);
        switch (mutation) {
            case "missing" -> l.remove(20);
            case "key" -> l.set(20, copy(r, bytes("other-key"), r.value(), r.timestamp(), "store-0"));
            case "value" -> l.set(20, copy(r, r.key(), bytes("changed"), r.timestamp(), "store-0"));
            case "timestamp" -> l.set(20, copy(r, r.key(), r.value(), r.timestamp() + 1, "store-0"));
            case "header" -> l.set(20, copy(r, r.key(), r.value(), r.timestamp(), "store-9"));
            case "swapped" -> {
                l.set(20, l.get(21));
                l.set(21, r);
            }
            case "extra" -> l.add(20, new ProducerRecord<>(topic, 0, BASE_TS, bytes("extra"), bytes("extra")));
            case "partial" -> l.subList(30, l.size()).clear();
            default -> {
                // untouched, retention
            }
        }
        return l;
    }

    static ProducerRecord<byte[], byte[]> copy(ProducerRecord<byte[], byte[]> r, byte[] key, byte[] value, long ts, String origin) {
        ProducerRecord<byte[], byte[]> c = new ProducerRecord<>(r.topic(), r.partition(), ts, key, value);
        c.headers().add(new RecordHeader("origin", bytes(origin)));
        c.headers().add(r.headers().lastHeader("trace"));
        return c;
    }

    static KafkaConsumer<byte[], byte[]> consumer(Cluster c, String group) {
        Properties p = c.clientProperties();
        p.put("group.id", group);
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The connection mapping a playbook gives the modules. */
    static Map<String, Object> conn(Cluster c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alias", c.name());
        m.put("bootstrap", c.bootstrap());
        if (c.security() == Security.SCRAM) {
            m.put("user", KafkaClusters.ADMIN_USER);
            m.put("password", KafkaClusters.ADMIN_PASSWORD);
        }
        return m;
    }

    static Run play(String tasks, String... extra) {
        try {
            Path p = dir.resolve("kafka-" + (++count) + ".yaml");
            StringBuilder sb = new StringBuilder("- hosts: localhost\n  gather_facts: false\n  tasks:\n");
            tasks.stripIndent().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
            Files.writeString(p, sb.toString());
            Map<String, Object> vars = Map.of("na", conn(na), "eu", conn(eu), "restored", conn(restored));
            List<String> args = new ArrayList<>(List.of("--sandbox", dir.resolve("sandbox").toString(), "-e", new ObjectMapper().writeValueAsString(vars)));
            args.addAll(List.of(extra));
            args.add(p.toString());
            return RunnerHarness.run(args.toArray(String[]::new));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRestoreIsProvenCompleteAndTheGroupResumesExactlyWhereItWas() {
        Run compare = play("""
                - name: compare
                  mirror_compare:
                    source: "{{ eu }}"
                    target: "{{ restored }}"
                    topics: [LH.ORDERS]
                    wait: true
                    timeout: 60
                    poll_interval: 1
                """);
        assertEquals(0, compare.exitCode(), compare.out());
        Map<String, Object> r = compare.result("compare");
        assertEquals(true, r.get("complete"));
        assertEquals(600, ((Number) r.get("restored_records")).intValue());
        assertFalse(compare.all().contains(KafkaClusters.ADMIN_PASSWORD), "the SCRAM password never shows");
        // without -v, one line sums the result up, as ansible-playbook shows a msg; with -v the whole result
        String line = "ok: [localhost] => restore complete: 600 records in 1 topic (3 partitions), the same on both sides\n";
        assertTrue(compare.out().contains("\n" + line), compare.out());
        assertFalse(compare.out().contains("\"restored_records\""), compare.out());
        Run verbose = play("""
                - name: compare
                  mirror_compare: {source: "{{ eu }}", target: "{{ restored }}", topics: [LH.ORDERS]}
                """, "-v");
        assertEquals(0, verbose.exitCode(), verbose.out());
        assertFalse(verbose.out().contains(line), verbose.out());
        assertTrue(verbose.out().contains("ok: [localhost] => {\"") && verbose.out().contains("\"restored_records\": 600"), verbose.out());

        String restoreTask = """
                - name: restore positions
                  consumer_group_restore:
                    backup: "{{ eu }}"
                    restored: "{{ restored }}"
                    source_alias: na
                    groups: "consumer-.*"
                """;
        Map<TopicPartition, Long> before = committed(restored, GROUP);
        Run check = play(restoreTask, "--check");
        assertEquals(0, check.exitCode(), check.out());
        assertEquals(1, check.changed());
        assertEquals(before, committed(restored, GROUP), "check mode moves no group");
        Run first = play(restoreTask);
        assertEquals(0, first.exitCode(), first.out());
        assertEquals(1, first.changed());
        Run second = play(restoreTask);
        assertEquals(0, second.changed(), "the second run changes nothing:\n" + second.out());
        Map<String, Object> group = (Map<String, Object>) ((Map<String, Object>) first.result("restore positions").get("groups")).get(GROUP);
        List<String> methods = ((List<Map<String, Object>>) group.get("partitions")).stream()
                .map(p -> p.get("topic") + "-" + p.get("partition") + ":" + p.get("method")).sorted().toList();
        assertEquals(List.of("LH.DOORS-0:by content", "LH.ORDERS-0:aligned", "LH.ORDERS-1:aligned", "LH.ORDERS-2:aligned"), methods);
        assertEquals(0, ((Number) group.get("may_reread")).intValue());

        Map<TopicPartition, Long> now = committed(restored, GROUP);
        for (Map.Entry<TopicPartition, Long> e : committedOnNa.entrySet()) {
            long expected = e.getKey().topic().equals("LH.DOORS") ? e.getValue() + 1 : e.getValue(); // one stray record first
            assertEquals(expected, now.get(e.getKey()), "position of " + e.getKey());
        }

        // the consumer resumes on the restored cluster: exactly the records it had not read on na, none twice
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer(restored, GROUP)) {
            c.subscribe(List.of("LH.ORDERS", "LH.DOORS"));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < 3_000_000_000L) {
                var polled = c.poll(Duration.ofMillis(200));
                if (!polled.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                polled.forEach(rec -> read.add(describe(rec)));
            }
        }
        List<String> expected = new ArrayList<>();
        for (String topic : List.of("LH.ORDERS", "LH.DOORS")) {
            for (ConsumerRecord<byte[], byte[]> rec : na.readAll(topic)) {
                if (rec.offset() >= committedOnNa.get(new TopicPartition(topic, rec.partition()))) {
                    expected.add(describe(rec));
                }
            }
        }
        assertEquals(expected.stream().sorted().toList(), read.stream().sorted().toList());
    }

    /**
     * Protection is proven or explained with the numbers, and a group whose position the backup
     * never checkpointed is never restored silently: consumer_group_restore fails naming it (no
     * group moved), or, when allowed, reports it not proven with the records it may read again.
     */
    @Test
    @SuppressWarnings("unchecked")
    void protectionIsProvenOrExplainedAndAnUncheckpointedGroupIsNeverRestoredSilently() throws Exception {
        String late = "consumer-late";   // committed on na after MirrorMaker 2 stopped: never checkpointed
        try (KafkaConsumer<byte[], byte[]> c = consumer(na, late)) {
            Map<TopicPartition, OffsetAndMetadata> at = Map.of(new TopicPartition("LH.ORDERS", 0), new OffsetAndMetadata(50),
                    new TopicPartition("LH.DOORS", 0), new OffsetAndMetadata(0));
            c.assign(at.keySet());
            c.commitSync(at);
        }
        String protection = """
                - name: protection
                  backup_protection:
                    primary: "{{ na }}"
                    backup: "{{ eu }}"
                    topic_pattern: 'LH\\..*'
                    groups: "%s"
                    wait: %s
                    timeout: 3
                """;
        Run ok = play(protection.formatted(GROUP, "true"));
        assertEquals(0, ok.exitCode(), ok.out());
        assertEquals(0, ok.changed(), "a check changes nothing");
        Map<String, Object> r = ok.result("protection");
        assertEquals(true, r.get("protected"), r::toString);
        assertEquals(Map.of("protected", true, "partitions", 4, "partitions_with_position", 4, "partitions_checkpointed", 4,
                "unprotected", List.of(), "at_start", List.of(), "may_reread", 0), ((Map<String, Object>) r.get("groups")).get(GROUP), r::toString);
        assertEquals(2, ((Number) ((Map<String, Object>) r.get("totals")).get("topics_mirrored")).intValue(), r::toString);

        Run report = play(protection.formatted("consumer-.*", "false"));
        assertEquals(0, report.exitCode(), report.out());
        Map<String, Object> gap = report.result("protection");
        assertEquals(false, gap.get("protected"), gap::toString);
        assertEquals(List.of("group " + late + " has no checkpoint on eu for 1 of its 1 positioned partition(s) (LH.ORDERS-0)",
                "group " + late + " has not read past the start of 1 partition(s) that hold records (LH.DOORS-0): its next position there"
                        + " has no checkpoint yet"), gap.get("gaps"));
        assertEquals(50, ((Number) ((Map<String, Object>) ((Map<String, Object>) gap.get("groups")).get(late)).get("may_reread")).intValue());

        Run waited = play(protection.formatted("consumer-.*", "true"));
        assertEquals(2, waited.exitCode(), waited.out());
        String msg = String.valueOf(waited.result("protection").get("msg"));
        assertTrue(msg.startsWith("eu does not protect na after ") && msg.contains("group " + late + " has no checkpoint"), msg);

        na.createTopic("LHX.NEW", 1, Map.of());
        na.produce("LHX.NEW", records("LHX.NEW", 1, 3));
        Run topic = play(protection.formatted(GROUP, "false").replace("'LH\\..*'", "'LHX?\\..*'"));
        assertEquals(List.of("topic LHX.NEW is not on eu"), topic.result("protection").get("gaps"), topic.out());

        // the drill record captured both groups on the lost primary
        Path record = dir.resolve("late/drill-record.json");
        Files.createDirectories(record.getParent());
        Map<String, Object> groups = Map.of(late, Map.of("LH.ORDERS-0", 50, "LH.DOORS-0", 0));
        Files.writeString(record, new ObjectMapper().writeValueAsString(Map.of("events", Map.of(), "capture", Map.of("groups", groups))));
        String restoreTask = """
                - name: restore positions
                  consumer_group_restore:
                    backup: "{{ eu }}"
                    restored: "{{ restored }}"
                    source_alias: na
                    groups: "%s"
                    record: "%s"
                    allow_unproven: %s
                """;
        Run refused = play(restoreTask.formatted(late, record, "false"));
        assertEquals(2, refused.exitCode(), refused.out());
        String why = String.valueOf(refused.result("restore positions").get("msg"));
        assertTrue(why.startsWith("group " + late + " had committed positions on the lost cluster but na.checkpoints.internal")
                && why.contains("no checkpoint for 1 of its partitions (LH.ORDERS-0)") && why.contains("no group was moved")
                && why.contains("reading up to 50 record(s) again"), why);
        assertEquals(Map.of(), committed(restored, late), "nothing moved");

        Run allowed = play(restoreTask.formatted(late, record, "true"));
        assertEquals(0, allowed.exitCode(), allowed.out());
        Map<String, Object> result = allowed.result("restore positions");
        assertEquals(1, ((Number) result.get("not_proven")).intValue(), result::toString);
        assertEquals(50, ((Number) result.get("may_reread")).intValue(), result::toString);
        assertTrue(String.valueOf(result.get("msg")).contains("1 partition(s) not proven exact"), result::toString);
        assertEquals(Map.of(new TopicPartition("LH.DOORS", 0), 0L), committed(restored, late), "a captured position of 0 is exact");
        assertEquals(0, play(restoreTask.formatted(late, record, "true")).changed(), "the second run changes nothing");

        Run nothing = play(restoreTask.formatted("nobody-.*", dir.resolve("none.json"), "false"));
        assertEquals(0, nothing.exitCode(), nothing.out());
        String none = String.valueOf(nothing.result("restore positions").get("msg"));
        assertTrue(none.startsWith("no consumer group to restore") && none.endsWith("nothing was proven") && !none.contains("proven exact"), none);
    }

    static String describe(ConsumerRecord<byte[], byte[]> r) {
        return r.topic() + "/" + r.partition() + " " + r.timestamp() + " " + (r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8))
                + " " + (r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
    }

    static Map<TopicPartition, Long> committed(Cluster c, String group) {
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            c.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, om) -> out.put(tp, om == null ? null : om.offset()));
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMutationIsFoundWithItsFirstDifferenceAndTheUntouchedTopicIsComplete() {
        everyMutationIsFound("");
    }

    /** The same corpus under MirrorMaker 2's default policy: eu's mut.X compared with restored's eu.mut.X. */
    @Test
    void underThePrefixingPolicyEveryMutationIsFoundTooAndARealCopyIsComplete() {
        everyMutationIsFound(", replication_policy: default, source_alias: " + eu.name());
        Run r = play("""
                - name: copy
                  mirror_compare: {source: "{{ eu }}", target: "{{ restored }}", topics: [agg.DOORS], replication_policy: default, source_alias: %s}
                - name: not copied
                  mirror_compare: {source: "{{ eu }}", target: "{{ restored }}", topics: [LH.ORDERS], replication_policy: default, source_alias: %s}
                  ignore_errors: true
                - name: no alias
                  mirror_compare: {source: "{{ eu }}", target: "{{ restored }}", topics: [LH.DOORS], replication_policy: default}
                  ignore_errors: true
                """.formatted(eu.name(), eu.name()));
        assertEquals(true, r.result("copy").get("complete"), r.out());
        assertEquals(100, ((Number) r.result("copy").get("restored_records")).intValue(), r.out());
        assertTrue(String.valueOf(r.result("not copied").get("msg")).contains("its copy " + eu.name() + ".LH.ORDERS is not on the target yet"),
                r.result("not copied").toString());
        assertTrue(String.valueOf(r.result("no alias").get("msg")).contains("source_alias"), r.result("no alias").toString());
    }

    @SuppressWarnings("unchecked")
    private void everyMutationIsFound(String policy) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("missing", "a record is missing on the target");
        expected.put("key", "the key differs");
        expected.put("value", "the value differs");
        expected.put("timestamp", "the timestamp differs");
        expected.put("header", "the headers differs");
        expected.put("swapped", "two records are swapped on the target");
        expected.put("extra", "an extra record on the target");
        StringBuilder tasks = new StringBuilder();
        for (String m : List.of("untouched", "missing", "key", "value", "timestamp", "header", "swapped", "extra", "retention", "partitions", "partial")) {
            tasks.append("""
                    - name: %1$s
                      mirror_compare: {source: "{{ eu }}", target: "{{ restored }}", topics: [mut.%1$s]%2$s}
                      ignore_errors: true
                    """.formatted(m, policy));
        }
        Run r = play(tasks.toString());
        assertEquals(true, r.result("untouched").get("complete"), r.out());
        assertEquals(false, r.result("untouched").get("failed"));
        expected.forEach((m, what) -> {
            Map<String, Object> res = r.result(m);
            assertEquals(true, res.get("failed"), m);
            Map<String, Object> d = (Map<String, Object>) res.get("first_difference");
            assertEquals(what, d.get("what"), m);
            assertEquals(20, ((Number) d.get("position")).intValue(), m);
        });
        Map<String, Object> retention = r.result("retention");
        assertEquals(true, retention.get("failed"));
        assertTrue(String.valueOf(retention.get("first_difference")).contains("deleted on the target by its retention"), retention.toString());
        assertTrue(String.valueOf(r.result("partitions").get("msg")).contains("has 2 partitions on the source and 1 on the target"),
                r.result("partitions").toString());
        Map<String, Object> partial = r.result("partial");
        assertEquals(false, partial.get("complete"), "a restore still under way is not complete");
        assertEquals(false, partial.get("failed"), "without a wait, not yet restored is not a failure");
        assertEquals(30, ((Number) partial.get("restored_records")).intValue());
    }

    @Test
    @SuppressWarnings("unchecked")
    void groupLagAndHeartbeats() throws Exception {
        Run r = play("""
                - name: groups
                  consumer_group_info: {cluster: "{{ na }}", groups: "consumer-.*"}
                - name: heartbeat
                  mirror_heartbeat: {cluster: "{{ eu }}", source: na, max_age_seconds: 3600}
                """);
        assertEquals(0, r.exitCode(), r.out());
        Map<String, Object> g = (Map<String, Object>) ((Map<String, Object>) r.result("groups").get("groups")).get(GROUP);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : committedOnNa.entrySet()) {
            lag += (e.getKey().topic().equals("LH.DOORS") ? 100 : 200) - e.getValue();
        }
        assertEquals(lag, ((Number) g.get("lag")).longValue());
        assertEquals("eu", r.result("heartbeat").get("target"));
        assertTrue(((Number) r.result("heartbeat").get("checkpoint_age_seconds")).longValue() >= 0, "the checkpoints' age is reported");
        Thread.sleep(2100);
        Run stale = play("""
                - name: heartbeat
                  mirror_heartbeat: {cluster: "{{ eu }}", source: na, max_age_seconds: 1}
                  ignore_errors: true
                - name: checkpoints
                  mirror_heartbeat: {cluster: "{{ eu }}", source: na, max_age_seconds: 3600, max_checkpoint_age_seconds: 1}
                  ignore_errors: true
                """);
        assertTrue(String.valueOf(stale.result("heartbeat").get("msg")).contains("the backup is not being fed"), stale.out());
        assertTrue(String.valueOf(stale.result("checkpoints").get("msg")).contains("it cannot read the source"), stale.out());
    }

    @Test
    void aWrongPasswordAMissingAclAndADownBrokerAreEachOneClearError() throws Exception {
        eu.createScramUser("reader", "reader-password-1");
        eu.addAcls(KafkaClusters.allow("reader", ResourceType.TOPIC, "LH.DOORS", AclOperation.DESCRIBE));
        Run r = play("""
                - name: wrong password
                  consumer_group_info: {cluster: {bootstrap: "{{ eu.bootstrap }}", user: admin, password: not-the-password}}
                  ignore_errors: true
                - name: missing acl
                  mirror_compare: {source: {bootstrap: "{{ eu.bootstrap }}", user: reader, password: reader-password-1}, target: "{{ restored }}", topics: [LH.DOORS]}
                  ignore_errors: true
                """);
        assertTrue(String.valueOf(r.result("wrong password").get("msg")).contains("refused the login of user 'admin'"), r.out());
        assertTrue(String.valueOf(r.result("missing acl").get("msg")).contains("an ACL is missing"), r.out());
        assertFalse(r.all().contains("not-the-password") || r.all().contains("reader-password-1"), "passwords never show");
        Run down = play("""
                - consumer_group_info: {cluster: {bootstrap: "127.0.0.1:1"}}
                """);
        assertEquals(3, down.exitCode(), down.out());
        assertTrue(down.out().contains("cannot reach Kafka"), down.out());
    }

    @Test
    void passwordsAndCertificatesComeFromThePlatformsSecrets() throws Exception {
        try (io.mm2dr.kubernetes.testing.MockCluster k8s = io.mm2dr.kubernetes.testing.MockCluster.start(dir)) {
            k8s.client().secrets().inNamespace("europe").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                    .withNewMetadata().withName("eu-admin").endMetadata()
                    .addToData("password", java.util.Base64.getEncoder().encodeToString(bytes(KafkaClusters.ADMIN_PASSWORD))).build()).create();
            Run r = play("""
                    - name: from a secret
                      consumer_group_info:
                        cluster: {bootstrap: "{{ eu.bootstrap }}", user: admin, password_secret: {namespace: europe, name: eu-admin}}
                    - name: missing secret
                      consumer_group_info:
                        cluster: {bootstrap: "{{ eu.bootstrap }}", user: admin, password_secret: {namespace: europe, name: nothing}}
                      ignore_errors: true
                    """, "-e", "platform=kubernetes", "-e", "k8s_kubeconfig=" + k8s.kubeconfig(), "-vvv");
            assertEquals(0, r.exitCode(), r.out());
            assertEquals(0, r.changed());
            assertEquals("cluster.password_secret: the secret europe/nothing has no key 'password' (or does not exist)",
                    r.result("missing secret").get("msg"));
            assertFalse(r.all().contains(KafkaClusters.ADMIN_PASSWORD), "the password read from the secret never shows");
        }
    }
}
