package io.mm2dr.sandbox.apps;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The sandbox's consumer application: reads every topic matching a pattern as a member of a
 * consumer group, logs each record and commits after each batch, so that the group's committed
 * offsets (what MirrorMaker 2 checkpoints and a restore translates) follow what it has read.
 *
 * <p>Configuration (a properties file, {@code args[0]} of {@link #main}): every key not starting
 * with {@code app.} is a Kafka consumer property; {@code bootstrap.servers} is required.
 * <ul>
 *   <li>{@code app.name} (required): the name on every log line;</li>
 *   <li>{@code app.topic.pattern} (required): a Java regular expression, topics to subscribe to;</li>
 *   <li>{@code app.group} (required): the consumer group ({@code group.id});</li>
 *   <li>{@code app.debug} (default false): stack traces with error lines.</li>
 * </ul>
 * {@code group.id} (from {@code app.group}), {@code enable.auto.commit=false} and
 * {@code auto.offset.reset=earliest} are forced;
 * {@code metadata.max.age.ms} defaults to 5000 (topics created later are found within seconds)
 * and {@code client.id} to the name. The deserializers are strings.
 *
 * <p>Logs, on each assignment, {@code starting <topic>-<partition> at offset N (committed)} or
 * {@code starting <topic>-<partition> (no committed offset: from the beginning)} per partition:
 * how an operator sees whether a restored group resumed where it was. Then one line per record,
 * {@code <topic>-<partition>@<offset> <key> <value>} (the value cut at 200 characters), a summary
 * every 10 s ({@code consumed N records in the last 10 s; M in total}), {@code revoked ...} when
 * partitions go (after committing), one line per failed commit (and keeps going), and
 * {@code stopped after M records} when stopped. Never logs property values.
 */
public final class DemoConsumer implements DemoApp {

    private static final Duration SUMMARY_EVERY = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);
    /**
     * How long the last commit and leaving the group may take once stopped: milliseconds when the
     * cluster answers; when it does not, waiting longer would not make them succeed, and the
     * sandbox (like Kubernetes) wants its processes gone within about a second of SIGTERM.
     */
    private static final Duration STOP_WAIT = Duration.ofSeconds(1);
    private static final int MAX_VALUE_CHARS = 200;

    private final Log log;
    private final Pattern topics;
    private final String group;
    private final Duration summaryEvery;
    private final KafkaConsumer<String, String> consumer;
    private final String bootstrap;
    private final String trusted;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean ready = new AtomicBoolean();
    /** How long the first look at the cluster may take before the consumer just starts polling. */
    private static final Duration READY_WAIT = Duration.ofSeconds(10);
    /** Whether the position was committed after {@link #stop()} (then revoking on close has nothing to add). */
    private volatile Boolean committedOnStop;
    private final AtomicLong recent = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    /**
     * Validates the configuration and creates the Kafka consumer.
     *
     * @throws AppConfig.Invalid if a required key is absent, the pattern is not a regular
     *                           expression or the Kafka consumer cannot be created with these properties
     */
    public DemoConsumer(Properties properties, PrintStream out) {
        this(properties, out, SUMMARY_EVERY);
    }

    DemoConsumer(Properties properties, PrintStream out, Duration summaryEvery) {
        AppConfig config = AppConfig.of(properties);
        String name = config.required("app.name");
        this.log = new Log(out, name, config.debug());
        this.topics = pattern(config.required("app.topic.pattern"));
        this.group = config.required("app.group");
        this.summaryEvery = summaryEvery;
        this.bootstrap = config.required(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.trusted = config.optional("ssl.truststore.certificates", null);
        Properties client = config.clientProperties();
        client.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        client.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        client.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        client.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        client.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, name);
        try {
            this.consumer = new KafkaConsumer<>(client, new StringDeserializer(), new StringDeserializer());
        } catch (KafkaException e) {
            throw AppConfig.Invalid.clientNotCreated("consumer", e);
        }
    }

    /** Runs the consumer until SIGTERM; see the class comment for the configuration. */
    public static void main(String[] args) {
        DemoApp.launch(args, DemoConsumer::new);
    }

    /**
     * Polls, logs and commits until {@link #stop()}, then commits what it has read and closes
     * the consumer (leaving the group).
     */
    @Override
    public void run() {
        log.info("consuming topics matching " + topics.pattern() + " as group " + group);
        Log.Periodic summaries = log.every(summaryEvery, this::summary);
        try {
            connected();
            consumer.subscribe(topics, new Positions());
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                for (ConsumerRecord<String, String> r : records) {
                    log.info(r.topic() + "-" + r.partition() + "@" + r.offset() + " " + r.key() + " " + cut(r.value()));
                    recent.incrementAndGet();
                    total.incrementAndGet();
                }
                if (!records.isEmpty()) {
                    commit();
                }
            }
        } catch (WakeupException stopped) {
            // the records returned by the last poll are logged: commit the position, that is them all
            committedOnStop = commit();
        } catch (org.apache.kafka.common.errors.AuthenticationException e) {
            // a broker not trusted, or a login refused: no retry can change that
            committedOnStop = false;
            log.fatal(UntrustedBroker.is(e) ? UntrustedBroker.explain(bootstrap, trusted)
                    : "the cluster at " + bootstrap + " refused this application's login: " + e.getMessage());
            throw new DemoApp.Fatal(e.getMessage());
        } finally {
            summaries.close();
            // leaving the group is quick when the cluster answers; pointless when the commit could not reach it
            consumer.close(CloseOptions.timeout(Boolean.FALSE.equals(committedOnStop) ? Duration.ZERO : STOP_WAIT));
            log.info("stopped after " + total.get() + " records");
        }
    }

    /**
     * Asks the cluster for its topics once before subscribing: the connection, TLS and the login
     * are proven (or refused, which ends the application) and the application is ready; a cluster
     * that does not answer yet leaves that to the first assignment.
     */
    private void connected() {
        try {
            long matching = consumer.listTopics(READY_WAIT).keySet().stream().filter(t -> topics.matcher(t).matches()).count();
            if (ready.compareAndSet(false, true)) {
                log.ready("connected to " + bootstrap + ", " + matching + " topics match " + topics.pattern());
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            log.info("the cluster at " + bootstrap + " does not answer yet; reading when it does");
        }
    }

    /** Wakes the consumer up: {@link #run()} commits, closes and returns. */
    @Override
    public void stop() {
        if (stopping.compareAndSet(false, true)) {
            consumer.wakeup();
        }
    }

    /**
     * Commits the offsets of what has been read (once stopped, waiting at most {@link #STOP_WAIT});
     * logs a failure, does not throw it, except the {@link WakeupException} of {@link #stop()},
     * which must reach {@link #run()}. Returns whether the commit succeeded.
     */
    private boolean commit() {
        try {
            if (stopping.get()) {
                consumer.commitSync(STOP_WAIT);
            } else {
                consumer.commitSync();
            }
            return true;
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.error("commit failed", e);
            return false;
        }
    }

    private String summary() {
        return "consumed " + recent.getAndSet(0) + " records in the last " + Log.seconds(summaryEvery) + "; "
                + total.get() + " in total";
    }

    private static String cut(String value) {
        return value == null || value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS) + "...";
    }

    private static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new AppConfig.Invalid("app.topic.pattern is not a regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    /** Logs where each assigned partition starts; commits before partitions are taken away. */
    private final class Positions implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (ready.compareAndSet(false, true)) {
                log.ready("reading " + partitions.size() + " partitions as group " + group);
            }
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            for (TopicPartition tp : sorted(partitions)) {
                OffsetAndMetadata offset = committed.get(tp);
                log.info("starting " + tp + (offset == null
                        ? " (no committed offset: from the beginning)"
                        : " at offset " + offset.offset() + " (committed)"));
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                if (committedOnStop == null) {
                    commit(); // a rebalance; when closing after stop(), the position is committed already
                }
                log.info("revoked " + names(partitions));
            }
        }

        /** Partitions lost (the group moved on without this member): nothing to commit. */
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("lost " + names(partitions));
            }
        }

        private static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
            return partitions.stream()
                    .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                    .toList();
        }

        private static String names(Collection<TopicPartition> partitions) {
            return sorted(partitions).stream().map(TopicPartition::toString).collect(Collectors.joining(", "));
        }
    }
}
