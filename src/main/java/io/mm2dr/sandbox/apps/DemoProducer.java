package io.mm2dr.sandbox.apps;

import io.mm2dr.sandbox.apps.LoosehangerEvents.Event;
import io.mm2dr.sandbox.apps.LoosehangerEvents.Type;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The sandbox's producer application ({@code datagen}): writes the business events of Loosehanger
 * Jeans ({@link LoosehangerEvents}) at a steady rate, each type to its own topic, keyed by the
 * event's id, with an idempotent producer ({@code acks=all}).
 *
 * <p>Configuration (a properties file, {@code args[0]} of {@link #main}): every key not starting
 * with {@code app.} is a Kafka producer property; {@code bootstrap.servers} is required.
 * <ul>
 *   <li>{@code app.name} (required): the name on every log line;</li>
 *   <li>{@code app.topics} (required): six comma-separated topics, in this order: orders,
 *       cancellations, door badge-ins, stock movements, new customers, sensor readings;</li>
 *   <li>{@code app.events.per.second} (default 10): the total rate over all six types;</li>
 *   <li>{@code app.debug} (default false): stack traces with error lines.</li>
 * </ul>
 * {@code acks=all} and {@code enable.idempotence=true} are forced; {@code linger.ms} defaults to
 * 5, {@code max.block.ms} to 5000 (a send waiting for the metadata of an unreachable cluster
 * fails after 5 s; a stop interrupts it) and {@code client.id} to the
 * name. The serializers are strings.
 *
 * <p>Logs a start line, a summary every 10 s ({@code produced 100 events in the last 10 s
 * (LH.ORDERS 30, ...); 1234 in total}), one line per failed send (and keeps going: the producer
 * retries by itself until its delivery timeout), and {@code stopped after N events} (the events
 * the cluster acknowledged; {@code (K failed)} appended if sends failed) when stopped. Never logs
 * property values.
 */
public final class DemoProducer implements DemoApp {

    private static final Duration SUMMARY_EVERY = Duration.ofSeconds(10);
    /**
     * How long closing waits for records in flight: milliseconds when the cluster answers; when it
     * does not, they would not be acknowledged by waiting longer, and the sandbox (like Kubernetes)
     * wants its processes gone within about a second of SIGTERM.
     */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    private final Log log;
    private final List<String> topics;
    private final int perSecond;
    private final Duration summaryEvery;
    private final KafkaProducer<String, String> producer;
    private final LoosehangerEvents events = new LoosehangerEvents(new Random(), Clock.systemUTC());
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Acknowledged events per type since the last summary. */
    private final AtomicLongArray recent = new AtomicLongArray(Type.values().length);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** The thread in {@link #run()} while it is in a send (which blocks while a topic's metadata is unknown); guarded by itself. */
    private final Object sendLock = new Object();
    private final String bootstrap;
    private final String trusted;
    private final java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean();
    /** Why the producer stops for good (a broker not trusted, a login refused), or null. */
    private final java.util.concurrent.atomic.AtomicReference<String> fatal = new java.util.concurrent.atomic.AtomicReference<>();
    private Thread sending;

    /**
     * Validates the configuration and creates the Kafka producer.
     *
     * @throws AppConfig.Invalid if a required key is absent, a value is wrong or the Kafka
     *                           producer cannot be created with these properties
     */
    public DemoProducer(Properties properties, PrintStream out) {
        this(properties, out, SUMMARY_EVERY);
    }

    DemoProducer(Properties properties, PrintStream out, Duration summaryEvery) {
        AppConfig config = AppConfig.of(properties);
        String name = config.required("app.name");
        this.log = new Log(out, name, config.debug());
        this.topics = topics(config.required("app.topics"));
        this.perSecond = config.positiveInt("app.events.per.second", 10);
        this.summaryEvery = summaryEvery;
        this.bootstrap = config.required(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.trusted = config.optional("ssl.truststore.certificates", null);
        Properties client = config.clientProperties();
        client.put(ProducerConfig.ACKS_CONFIG, "all");
        client.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        client.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        client.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        client.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, name);
        try {
            this.producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer());
        } catch (KafkaException e) {
            throw AppConfig.Invalid.clientNotCreated("producer", e);
        }
    }

    /** Runs the producer until SIGTERM; see the class comment for the configuration. */
    public static void main(String[] args) {
        DemoApp.launch(args, DemoProducer::new);
    }

    /**
     * Produces at the configured rate until {@link #stop()}: the events due are sent, then the
     * thread sleeps until the next one is due. After a stall (a send blocked on missing metadata)
     * it catches up by at most one second's worth of events.
     */
    @Override
    public void run() {
        log.info("producing " + perSecond + " events/s to " + String.join(", ", topics));
        double nanosPerEvent = 1e9 / perSecond;
        long start = System.nanoTime();
        long scheduled = 0; // events sent or skipped since start; event i is due at i * nanosPerEvent
        boolean interrupted = false;
        Log.Periodic summaries = log.every(summaryEvery, this::summary);
        try {
            connected();
            while (stopped.getCount() > 0) {
                long due = (long) ((System.nanoTime() - start) / nanosPerEvent) + 1;
                scheduled = Math.max(scheduled, due - perSecond); // skip what is over a second late
                for (; scheduled < due && stopped.getCount() > 0; scheduled++) {
                    send(events.next());
                }
                long wait = (long) (scheduled * nanosPerEvent) - (System.nanoTime() - start);
                if (wait > 0) {
                    stopped.await(wait, TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            summaries.close();
            // a stop may have interrupted a blocked send: closing must not see the interrupt
            interrupted |= Thread.interrupted();
            // close() first sends what is still buffered (a flush), waiting for acknowledgements
            producer.close(CLOSE_WAIT);
            log.info("stopped after " + acknowledged.get() + " events"
                    + (failed.get() > 0 ? " (" + failed.get() + " failed)" : ""));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (fatal.get() != null) {
            throw new DemoApp.Fatal(fatal.get());
        }
    }

    /**
     * Asks the cluster for the first topic's partitions before producing: the connection, TLS and
     * the login are proven (or refused, which ends the application) and the application is ready;
     * a cluster that does not answer yet leaves that to the first acknowledged event.
     */
    private void connected() {
        try {
            int partitions = producer.partitionsFor(topics.get(0)).size();
            if (ready.compareAndSet(false, true)) {
                log.ready("connected to " + bootstrap + ", " + topics.get(0) + " has " + partitions + " partitions");
            }
        } catch (KafkaException e) {
            if (authentication(e)) {
                failed(topics.get(0), e);
            } else {
                log.info("the cluster at " + bootstrap + " does not answer yet (" + e.getMessage() + "); producing when it does");
            }
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
        synchronized (sendLock) {
            if (sending != null) {
                // a send waiting for metadata (a cluster that does not answer) would hold the stop up to max.block.ms;
                // only while in a send, so that no interrupt reaches close()
                sending.interrupt();
            }
        }
    }

    private void send(Event event) {
        String topic = topics.get(event.type().ordinal());
        synchronized (sendLock) {
            if (stopped.getCount() == 0) {
                return;
            }
            sending = Thread.currentThread();
        }
        try {
            producer.send(new ProducerRecord<>(topic, event.id(), event.json()), (metadata, error) -> {
                if (error == null) {
                    recent.incrementAndGet(event.type().ordinal());
                    acknowledged.incrementAndGet();
                    if (ready.compareAndSet(false, true)) {
                        log.ready("the first event was acknowledged");
                    }
                } else {
                    failed(topic, error);
                }
            });
        } catch (InterruptException e) {
            if (stopped.getCount() > 0) {
                failed(topic, e);
            }
            // else: stopped while the send waited for metadata; it was never sent
        } catch (KafkaException e) {
            failed(topic, e);
        } finally {
            synchronized (sendLock) {
                sending = null;
            }
        }
    }

    private void failed(String topic, Exception error) {
        failed.incrementAndGet();
        if (authentication(error)) {
            // a broker not trusted, or a login refused: no retry can change that
            String why = UntrustedBroker.is(error) ? UntrustedBroker.explain(bootstrap, trusted)
                    : "the cluster at " + bootstrap + " refused this application's login: " + error.getMessage();
            if (fatal.compareAndSet(null, why)) {
                log.fatal(why);
                stopped.countDown();
            }
            return;
        }
        log.error("send to " + topic + " failed", error);
    }

    private static boolean authentication(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.AuthenticationException) {
                return true;
            }
        }
        return false;
    }

    private String summary() {
        StringJoiner perTopic = new StringJoiner(", ", " (", ")");
        long sum = 0;
        for (Type type : Type.values()) {
            long n = recent.getAndSet(type.ordinal(), 0);
            perTopic.add(topics.get(type.ordinal()) + " " + n);
            sum += n;
        }
        return "produced " + sum + " events in the last " + Log.seconds(summaryEvery) + perTopic + "; "
                + acknowledged.get() + " in total";
    }

    private static List<String> topics(String value) {
        List<String> topics = Arrays.stream(value.split(",")).map(String::trim).toList();
        if (topics.size() != Type.values().length || topics.contains("")) {
            throw new AppConfig.Invalid("app.topics must name six topics, comma-separated: orders, cancellations,"
                    + " door badge-ins, stock movements, new customers, sensor readings");
        }
        return topics;
    }
}
