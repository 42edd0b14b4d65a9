package io.mm2dr.sandbox.apps;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm2dr.kafka.testing.KafkaClusterFixture;
import io.mm2dr.kafka.testing.KafkaClusters;
import io.mm2dr.kafka.testing.KafkaClusters.Cluster;
import io.mm2dr.kafka.testing.KafkaClusters.Security;
import io.mm2dr.sandbox.apps.LoosehangerEvents.Type;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's demo producer and consumer against a real SCRAM-SHA-512 cluster, each logged in
 * as its own user with the ACLs of the drill's topology (prefixed {@code LH.} topics, its group).
 * Every test snapshots the end offsets it starts from, so the tests do not depend on their order.
 */
class DemoAppsTest {

    static final List<String> TOPICS =
            List.of("LH.ORDERS", "LH.CANCELLATIONS", "LH.DOORS", "LH.STOCK", "LH.CUSTOMERS", "LH.SENSORS");
    static final List<Integer> PARTITIONS = List.of(3, 3, 1, 2, 3, 2);
    static final String PRODUCER_USER = "datagen-producer";
    static final String PRODUCER_PASSWORD = "producer-pw-Zq81";
    static final String CONSUMER_USER = "consumer-southamerica";
    static final String CONSUMER_PASSWORD = "consumer-pw-Xk42";
    static final String GROUP = "consumer-southamerica";
    static final String SIGTERM_GROUP = "consumer-sigterm";
    /** A topic the producer may not write to. */
    static final String FORBIDDEN_TOPIC = "FORBIDDEN.SENSORS";
    static final Duration SUMMARY = Duration.ofSeconds(1);
    static final Pattern RECORD_LINE = Pattern.compile("\\] (LH\\.[A-Z]+)-(\\d+)@(\\d+) (\\S+) (.*)$");
    static final Pattern TIMESTAMPED = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[");
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KafkaClusterFixture KAFKA = new KafkaClusterFixture("DemoAppsTest", Security.SCRAM);
    @TempDir
    static Path dir;
    static Cluster cluster;
    static List<TopicPartition> partitions = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = KAFKA.cluster();
        for (int i = 0; i < TOPICS.size(); i++) {
            cluster.createTopic(TOPICS.get(i), PARTITIONS.get(i), Map.of("retention.ms", "-1"));
            for (int p = 0; p < PARTITIONS.get(i); p++) {
                partitions.add(new TopicPartition(TOPICS.get(i), p));
            }
        }
        cluster.createTopic(FORBIDDEN_TOPIC, 1);
        cluster.createScramUser(PRODUCER_USER, PRODUCER_PASSWORD);
        cluster.createScramUser(CONSUMER_USER, CONSUMER_PASSWORD);
        ResourcePattern lhTopics = new ResourcePattern(ResourceType.TOPIC, "LH.", PatternType.PREFIXED);
        cluster.addAcls(
                KafkaClusters.allow(PRODUCER_USER, lhTopics, WRITE, DESCRIBE),
                KafkaClusters.allow(CONSUMER_USER, lhTopics, READ, DESCRIBE),
                KafkaClusters.allow(CONSUMER_USER, ResourceType.GROUP, GROUP, READ),
                KafkaClusters.allow(CONSUMER_USER, ResourceType.GROUP, SIGTERM_GROUP, READ));
    }

    @Test
    void producerWritesTheSixEventTypesAtTheConfiguredRate() throws Exception {
        Map<TopicPartition, Long> before = endOffsets();
        long t0 = System.nanoTime();
        Running producer = Running.start(out -> new DemoProducer(producerProperties(200), out, SUMMARY));
        Thread.sleep(2200);
        double busy = producer.cpuNanos() / (double) (System.nanoTime() - t0);
        producer.stopAndJoin();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(busy < 0.25, "the producing thread was busy " + Math.round(busy * 100) + "% of the time");

        List<String> lines = producer.lines();
        assertTrue(lines.get(0).endsWith("[datagen-host] producing 200 events/s to " + String.join(", ", TOPICS)),
                lines.get(0));
        long stoppedAfter = number(last(lines), "stopped after (\\d+) events$");
        assertTrue(stoppedAfter >= 100 * seconds && stoppedAfter <= 200 * seconds + 1,
                stoppedAfter + " events in " + seconds + " s at 200/s");
        Pattern summary = Pattern.compile("produced (\\d+) events in the last 1 s \\("
                + TOPICS.stream().map(t -> Pattern.quote(t) + " \\d+").collect(Collectors.joining(", "))
                + "\\); (\\d+) in total$");
        assertTrue(lines.stream().anyMatch(l -> summary.matcher(l).find()), String.join("\n", lines));
        assertFalse(producer.log().contains("failed"), producer.log());
        assertFalse(producer.log().contains(PRODUCER_PASSWORD));

        // every acknowledged event is on its type's topic once, as JSON keyed by its id
        Set<String> orderIds = new HashSet<>();
        Set<String> cancelledOrderIds = new HashSet<>();
        long records = 0;
        for (Type type : Type.values()) {
            String topic = TOPICS.get(type.ordinal());
            List<ConsumerRecord<byte[], byte[]>> produced = cluster.readAll(topic).stream()
                    .filter(r -> r.offset() >= before.get(new TopicPartition(r.topic(), r.partition())))
                    .toList();
            assertFalse(produced.isEmpty(), "no " + type + " on " + topic);
            for (ConsumerRecord<byte[], byte[]> r : produced) {
                String key = new String(r.key(), StandardCharsets.UTF_8);
                JsonNode event = JSON.readTree(r.value());
                assertEquals(type.json(), event.path("type").asText(), event.toString());
                assertEquals(key, event.path("id").asText(), event.toString());
                Instant.parse(event.path("timestamp").asText());
                assertEventFields(type, event);
                if (type == Type.ORDER) {
                    orderIds.add(key);
                } else if (type == Type.CANCELLATION) {
                    cancelledOrderIds.add(event.path("orderId").asText());
                }
            }
            records += produced.size();
        }
        assertEquals(stoppedAfter, records, "records on the topics");
        assertTrue(orderIds.containsAll(cancelledOrderIds), "cancellations of unknown orders: " + cancelledOrderIds);
    }

    @Test
    void aFailedSendIsOneLineAndTheProducerGoesOn() throws Exception {
        List<String> topics = new ArrayList<>(TOPICS);
        topics.set(Type.SENSOR_READING.ordinal(), FORBIDDEN_TOPIC);
        Properties properties = producerProperties(200);
        properties.put("app.topics", String.join(",", topics));
        long written = recordsWritten();
        Running quiet = Running.start(out -> new DemoProducer(properties, out));
        // not a fixed sleep: on a loaded machine the first acknowledgement can take longer than any guess
        await("a failed send and a record written", () -> quiet.log().contains(" failed: ") && recordsWritten() > written);
        quiet.stopAndJoin();
        List<String> errors = quiet.lines().stream().filter(l -> l.contains(" failed: ")).toList();
        assertFalse(errors.isEmpty(), quiet.log());
        assertTrue(errors.stream().allMatch(l -> l.contains("] send to " + FORBIDDEN_TOPIC + " failed: TopicAuthorizationException: ")),
                String.join("\n", errors));
        assertTrue(quiet.lines().stream().allMatch(l -> TIMESTAMPED.matcher(l).lookingAt()), "not only log lines:\n" + quiet.log());
        long acknowledged = number(last(quiet.lines()), "stopped after (\\d+) events \\((\\d+) failed\\)$");
        assertTrue(acknowledged > 0, last(quiet.lines()));
        assertEquals(errors.size(), number(last(quiet.lines()), "\\((\\d+) failed\\)$"));

        properties.put("app.debug", "true");
        Running debug = Running.start(out -> new DemoProducer(properties, out));
        await("a failed send", () -> debug.log().contains(TopicAuthorizationException.class.getName() + ": "));
        debug.stopAndJoin();
        // Kafka's API exceptions carry no stack frames: printStackTrace() shows the exception alone
        assertTrue(debug.lines().stream().anyMatch(l -> l.startsWith(TopicAuthorizationException.class.getName() + ": ")),
                "no stack trace with app.debug=true:\n" + debug.log());
    }

    @Test
    void consumerStartsFromTheBeginningThenResumesFromItsCommittedOffsets() throws Exception {
        produceFor(Duration.ofMillis(1000));
        Map<TopicPartition, Long> end1 = endOffsets();
        long all = end1.values().stream().mapToLong(Long::longValue).sum();

        Running first = Running.start(out -> new DemoConsumer(consumerProperties(GROUP), out, SUMMARY));
        await("group " + GROUP + " committed " + end1, () -> end1.equals(committed(GROUP)));
        await("a summary of " + all + " records", () -> first.log().contains("; " + all + " in total"));
        first.stopAndJoin();

        List<String> lines1 = first.lines();
        for (TopicPartition tp : partitions) {
            assertTrue(lines1.stream().anyMatch(l -> l.endsWith("] starting " + tp + " (no committed offset: from the beginning)")),
                    "no start line for " + tp + ":\n" + first.log());
        }
        assertFalse(first.log().contains("(committed)"), first.log());
        assertEquals(offsetsFrom(Map.of(), end1), loggedOffsets(lines1), "records read by the first run");
        assertTrue(Pattern.compile("consumed \\d+ records in the last 1 s; " + all + " in total").matcher(first.log()).find(),
                first.log());
        assertTrue(last(lines1).endsWith("stopped after " + all + " records"), last(lines1));
        assertEquals(end1, committed(GROUP), "committed when stopped");

        produceFor(Duration.ofMillis(1000));
        Map<TopicPartition, Long> end2 = endOffsets();
        long fresh = end2.values().stream().mapToLong(Long::longValue).sum() - all;

        Running second = Running.start(out -> new DemoConsumer(consumerProperties(GROUP), out, SUMMARY));
        await("group " + GROUP + " committed " + end2, () -> end2.equals(committed(GROUP)));
        second.stopAndJoin();

        List<String> lines2 = second.lines();
        for (TopicPartition tp : partitions) {
            long n = end1.get(tp);
            assertTrue(n > 0, "nothing produced to " + tp);
            assertTrue(lines2.stream().anyMatch(l -> l.endsWith("] starting " + tp + " at offset " + n + " (committed)")),
                    "no resume line at " + n + " for " + tp + ":\n" + second.log());
        }
        assertFalse(second.log().contains("no committed offset"), second.log());
        assertEquals(offsetsFrom(end1, end2), loggedOffsets(lines2), "records read by the second run: only the new ones");
        assertTrue(last(lines2).endsWith("stopped after " + fresh + " records"), last(lines2));
        assertFalse(first.log().contains(CONSUMER_PASSWORD) || second.log().contains(CONSUMER_PASSWORD));
    }

    /** The contract with the sandbox's launcher: separate JVMs, SIGTERM, a last line, offsets committed. */
    @Test
    void sigtermStopsTheProcessesAfterTheirLastLine() throws Exception {
        Process producer = java(DemoProducer.class, producerProperties(50), "producer");
        Process consumer = java(DemoConsumer.class, consumerProperties(SIGTERM_GROUP), "consumer");
        try {
            await("a record read by the consumer process", () -> read("consumer.out").stream()
                    .anyMatch(l -> RECORD_LINE.matcher(l).find()));
            await("the producer process's start line", () -> !read("producer.out").isEmpty());
            producer.destroy();
            consumer.destroy();
            assertTrue(producer.waitFor(20, TimeUnit.SECONDS) && consumer.waitFor(20, TimeUnit.SECONDS), "no exit");
        } finally {
            producer.destroyForcibly();
            consumer.destroyForcibly();
        }
        assertEquals(143, producer.exitValue(), "exit code of the producer (128 + SIGTERM)");
        assertEquals(143, consumer.exitValue(), "exit code of the consumer (128 + SIGTERM)");
        List<String> produced = read("producer.out");
        assertTrue(produced.get(produced.size() - 1).matches(".*\\[datagen-host] stopped after \\d+ events"), String.join("\n", produced));
        List<String> consumed = read("consumer.out");
        assertTrue(last(consumed).matches(".*\\[consumer-southamerica] stopped after \\d+ records"), String.join("\n", consumed));
        Map<TopicPartition, Long> next = new HashMap<>();
        loggedOffsets(consumed).forEach((tp, offsets) -> next.put(tp, offsets.last() + 1));
        Map<TopicPartition, Long> committed = committed(SIGTERM_GROUP);
        next.forEach((tp, offset) -> assertEquals(offset, committed.get(tp), "committed offset of " + tp));
    }

    @Test
    void anUnusableConfigurationExitsWith2AndOneLine() throws Exception {
        Process missingFile = java(DemoConsumer.class, null, "missing");
        assertTrue(missingFile.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, missingFile.exitValue());
        assertEquals(List.of("cannot read properties file " + dir.resolve("missing.properties") + ": no such file"),
                read("missing.err"));

        Properties noTopics = producerProperties(10);
        noTopics.remove("app.topics");
        Process missingKey = java(DemoProducer.class, noTopics, "no-topics");
        assertTrue(missingKey.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, missingKey.exitValue());
        assertEquals(List.of("missing required property app.topics"), read("no-topics.err"));
        assertEquals(List.of(), read("no-topics.out"));
    }

    @Test
    void wrongValuesAreRejectedWithoutShowingSecrets() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Properties fiveTopics = producerProperties(10);
        fiveTopics.put("app.topics", String.join(",", TOPICS.subList(0, 5)));
        assertTrue(assertThrows(AppConfig.Invalid.class, () -> new DemoProducer(fiveTopics, out))
                .getMessage().startsWith("app.topics must name six topics"));
        Properties badRate = producerProperties(10);
        badRate.put("app.events.per.second", "fast");
        assertEquals("property app.events.per.second must be a positive integer, not 'fast'",
                assertThrows(AppConfig.Invalid.class, () -> new DemoProducer(badRate, out)).getMessage());
        Properties noGroup = consumerProperties(GROUP);
        noGroup.remove("app.group");
        assertEquals("missing required property app.group",
                assertThrows(AppConfig.Invalid.class, () -> new DemoConsumer(noGroup, out)).getMessage());
        Properties badPattern = consumerProperties(GROUP);
        badPattern.put("app.topic.pattern", "LH.(");
        assertTrue(assertThrows(AppConfig.Invalid.class, () -> new DemoConsumer(badPattern, out))
                .getMessage().startsWith("app.topic.pattern is not a regular expression"));
        Properties badProtocol = consumerProperties(GROUP);
        badProtocol.put("security.protocol", "SASL_CARRIER_PIGEON");
        String message = assertThrows(AppConfig.Invalid.class, () -> new DemoConsumer(badProtocol, out)).getMessage();
        assertTrue(message.startsWith("cannot create the Kafka consumer: "), message);
        assertFalse(message.contains(CONSUMER_PASSWORD), message);
    }

    // ------------------------------------------------------------------------------------------

    /** An application running on its own thread, logging into memory. */
    private static final class Running {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private DemoApp app;
        private Thread thread;

        static Running start(Function<PrintStream, DemoApp> factory) {
            Running r = new Running();
            r.app = factory.apply(new PrintStream(r.bytes, true, StandardCharsets.UTF_8));
            r.thread = new Thread(r.app::run, "demo-app");
            r.thread.setUncaughtExceptionHandler((t, e) -> r.failure.set(e));
            r.thread.start();
            return r;
        }

        void stopAndJoin() throws InterruptedException {
            app.stop();
            thread.join(20_000);
            assertFalse(thread.isAlive(), "still running after stop():\n" + log());
            assertNull(failure.get(), () -> "run() failed: " + failure.get() + "\n" + log());
        }

        /** CPU time the application's thread has used so far. */
        long cpuNanos() {
            return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
        }

        String log() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        List<String> lines() {
            return log().lines().toList();
        }
    }

    private static void produceFor(Duration duration) throws InterruptedException {
        Running producer = Running.start(out -> new DemoProducer(producerProperties(300), out));
        Thread.sleep(duration.toMillis());
        producer.stopAndJoin();
    }

    private static Properties producerProperties(int perSecond) {
        Properties p = cluster.clientProperties(PRODUCER_USER, PRODUCER_PASSWORD);
        p.put("app.name", "datagen-host");
        p.put("app.topics", String.join(",", TOPICS));
        p.put("app.events.per.second", String.valueOf(perSecond));
        return p;
    }

    private static Properties consumerProperties(String group) {
        Properties p = cluster.clientProperties(CONSUMER_USER, CONSUMER_PASSWORD);
        p.put("app.name", "consumer-southamerica");
        p.put("app.topic.pattern", "LH\\..*");
        p.put("app.group", group);
        return p;
    }

    /** Starts the application's main in a JVM of its own, its properties in {@code <name>.properties}. */
    private static Process java(Class<?> main, Properties properties, String name) throws IOException {
        Path file = dir.resolve(name + ".properties");
        if (properties != null) {
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(w, null);
            }
        }
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName(), file.toString())
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
    }

    private static List<String> read(String file) {
        try {
            return Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void assertEventFields(Type type, JsonNode e) {
        switch (type) {
            case ORDER -> {
                assertTrue(e.path("customerId").asText().startsWith("CUS-"), e.toString());
                assertTrue(e.path("product").asText().startsWith("LH-"), e.toString());
                assertTrue(e.path("quantity").isInt() && e.path("quantity").asInt() > 0, e.toString());
                assertTrue(e.path("price").isNumber() && e.path("price").asDouble() > 0, e.toString());
                assertFalse(e.path("store").asText().isEmpty(), e.toString());
            }
            case CANCELLATION -> assertTrue(e.path("orderId").asText().startsWith("ORD-"), e.toString());
            case DOOR_BADGE_IN -> {
                assertFalse(e.path("door").asText().isEmpty(), e.toString());
                assertTrue(e.path("employeeId").asText().startsWith("EMP-"), e.toString());
            }
            case STOCK_MOVEMENT -> {
                assertTrue(e.path("product").asText().startsWith("LH-"), e.toString());
                assertTrue(e.path("warehouse").asText().startsWith("WH-"), e.toString());
                assertTrue(e.path("quantity").isInt() && e.path("quantity").asInt() != 0, e.toString());
            }
            case NEW_CUSTOMER -> {
                assertFalse(e.path("name").asText().isEmpty(), e.toString());
                assertTrue(e.path("email").asText().contains("@"), e.toString());
            }
            case SENSOR_READING -> {
                assertFalse(e.path("sensorId").asText().isEmpty(), e.toString());
                assertTrue(e.path("temperature").isNumber() && e.path("humidity").isNumber(), e.toString());
            }
        }
    }

    /** Per partition, the offsets of the record lines, in a sorted set (a record read twice counts once). */
    private static Map<TopicPartition, TreeSet<Long>> loggedOffsets(List<String> lines) {
        Map<TopicPartition, TreeSet<Long>> offsets = new TreeMap<>(
                (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
        int count = 0;
        for (String line : lines) {
            Matcher m = RECORD_LINE.matcher(line);
            if (m.find()) {
                TopicPartition tp = new TopicPartition(m.group(1), Integer.parseInt(m.group(2)));
                offsets.computeIfAbsent(tp, x -> new TreeSet<>()).add(Long.parseLong(m.group(3)));
                count++;
            }
        }
        int distinct = offsets.values().stream().mapToInt(Set::size).sum();
        assertEquals(distinct, count, "records logged twice");
        return offsets;
    }

    /** The offsets from (0 if absent) to end, per partition with any. */
    private static Map<TopicPartition, TreeSet<Long>> offsetsFrom(Map<TopicPartition, Long> from, Map<TopicPartition, Long> end) {
        Map<TopicPartition, TreeSet<Long>> expected = new HashMap<>();
        end.forEach((tp, e) -> {
            long f = from.getOrDefault(tp, 0L);
            if (e > f) {
                expected.put(tp, LongStream.range(f, e).boxed().collect(Collectors.toCollection(TreeSet::new)));
            }
        });
        return expected;
    }

    private static Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        cluster.admin().listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** The records written so far to the topics the test produces to, read from the brokers. */
    private static long recordsWritten() {
        try {
            long sum = 0;
            for (long offset : endOffsets().values()) {
                sum += offset;
            }
            return sum;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<TopicPartition, Long> committed(String group) {
        try {
            Map<TopicPartition, Long> committed = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    cluster.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    committed.put(tp, o.offset());
                }
            });
            return committed;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static long number(String line, String regex) {
        Matcher m = Pattern.compile(regex).matcher(line);
        assertTrue(m.find(), line + " does not match " + regex);
        return Long.parseLong(m.group(1));
    }

    private static String last(List<String> lines) {
        assertFalse(lines.isEmpty(), "no log lines");
        return lines.get(lines.size() - 1);
    }
}
