package io.mm2dr.platform.local;

import io.mm2dr.domain.KafkaAppSpec;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.SandboxException;
import io.mm2dr.sandbox.SandboxProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * A demo application of the sandbox: the producer (the retailer's data generator, which runs in
 * Kafka Connect on Kubernetes, so it answers to kind {@code KafkaConnect}) or the consumer (a
 * {@code Deployment}), as processes of the runner's jar. Its folder holds {@code app.json} (what
 * was asked, the replica count and the one recorded when paused), {@code app.properties} (the
 * client configuration with the password, written at each start, readable by the user only) and
 * a log per process.
 */
final class LocalApp extends FileWorkload {
    static final List<String> JVM = List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
            "-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider", "-Dlog4j2.configurationFile=mm2dr-sandbox-log4j2.xml");

    static final int GRACE_SECONDS = 5;

    LocalApp(Sandbox sandbox, String namespace, String name, Secrets secrets, UnaryOperator<String> bootstrap) {
        super(sandbox, namespace, name, secrets, bootstrap, "apps", "app.json");
    }

    String kind() {
        return (String) state().get("kind");
    }

    static String kindOf(String role) {
        return "producer".equals(role) ? "KafkaConnect" : "Deployment";
    }

    String object(KafkaAppSpec spec) {
        return kindOf(spec.role()) + " " + namespace + "/" + name;
    }

    @Override
    public String object() {
        return kind() + " " + namespace + "/" + name;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> config() {
        return (Map<String, Object>) state().get("config");
    }

    /** What a run compares: the application as asked (addresses as the playbook writes them, the password by reference). */
    static Map<String, Object> desired(KafkaAppSpec spec) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("role", spec.role());
        c.put("bootstrap", spec.bootstrap());
        c.put("user", spec.user());
        c.put("password_secret", Map.of("name", spec.passwordSecret().name(), "key", spec.passwordSecret().key()));
        if (spec.caSecret() != null) {
            c.put("ca_secret", Map.of("name", spec.caSecret().name(), "key", spec.caSecret().key()));
        }
        if ("producer".equals(spec.role())) {
            c.put("topics", List.copyOf(spec.topics()));
            c.put("events_per_second", spec.eventsPerSecond());
        } else {
            c.put("topic_pattern", spec.topicPattern());
            c.put("group", spec.group());
            c.put("replicas", spec.replicas());
        }
        return c;
    }

    void write(KafkaAppSpec spec, Map<String, Object> desired, int replicas, Integer recorded) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", kindOf(spec.role()));
        s.put("name", name);
        s.put("namespace", namespace);
        s.put("replicas", replicas);
        s.put("recorded_replicas", recorded);
        s.put("config", desired);
        writeState(s);
    }

    SandboxProcess process(int replica) {
        return new SandboxProcess(dir(), replica == 0 ? name : name + "-" + replica);
    }

    @Override
    public boolean alive() {
        int n = replicas();
        for (int i = 0; i < n; i++) {
            if (!process(i).alive()) {
                return false;
            }
        }
        return n > 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void start(Duration timeout) throws InterruptedException {
        Map<String, Object> c = config();
        Map<String, Object> secret = (Map<String, Object>) c.get("password_secret");
        String password = secrets.value(namespace, (String) secret.get("name"), (String) secret.get("key"));
        // the application trusts the CA certificate of its own secret, read at each start: a copy
        // made when it was deployed, as a client outside the cluster's region keeps its trust store
        Map<String, Object> ca = (Map<String, Object>) c.get("ca_secret");
        String caCert = ca == null ? null : secrets.value(namespace, (String) ca.get("name"), (String) ca.get("key"));
        KafkaConnection conn = new KafkaConnection(name, bootstrap.apply((String) c.get("bootstrap")), (String) c.get("user"), password, caCert);
        Properties p = conn.clientProperties();
        p.setProperty("client.id", name);
        p.setProperty("app.name", name);
        boolean producer = "producer".equals(c.get("role"));
        if (producer) {
            p.setProperty("app.topics", String.join(",", (List<String>) c.get("topics")));
            p.setProperty("app.events.per.second", String.valueOf(c.get("events_per_second")));
        } else {
            p.setProperty("app.topic.pattern", (String) c.get("topic_pattern"));
            p.setProperty("app.group", (String) c.get("group"));
        }
        Path file = dir().resolve("app.properties");
        Sandbox.writePrivate(file, Sandbox.properties(p, "written by the sandbox at each start: the client configuration, with the password"));
        String main = producer ? "io.mm2dr.sandbox.apps.DemoProducer" : "io.mm2dr.sandbox.apps.DemoConsumer";
        Map<Integer, Long> started = new LinkedHashMap<>();
        for (int i = 0; i < replicas(); i++) {
            if (!process(i).alive()) {
                long logFrom = process(i).logSize();
                process(i).start(sandbox.root(), JVM, main, List.of(file.toAbsolutePath().toString()));
                started.put(i, logFrom);
            }
        }
        if (timeout != null) {
            awaitReady(started, timeout);
            unconfirmed(false);
        } else if (!started.isEmpty()) {
            unconfirmed(true);
        }
    }

    @Override
    public void awaitStarted(Duration timeout) throws InterruptedException {
        Map<Integer, Long> started = new LinkedHashMap<>();
        for (int i = 0; i < replicas(); i++) {
            started.put(i, process(i).logStart());
        }
        awaitReady(started, timeout);
        unconfirmed(false);
    }

    /**
     * Waits until each process started says it works ({@code ready:} in its log: the consumer has
     * joined its group, the producer had an event acknowledged), as Kubernetes waits for a
     * Deployment's ready replicas. Fails at once when a process exits, with the reason it gave
     * ({@code fatal:}, e.g. a broker it does not trust) or the first error of its log.
     */
    private void awaitReady(Map<Integer, Long> started, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, Long> waiting = new LinkedHashMap<>(started);
        while (!waiting.isEmpty()) {
            for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                SandboxProcess p = process(e.getKey());
                String since = logSince(p, e.getValue());
                java.util.Optional<String> fatal = marked(since, "fatal: ");
                if (fatal.isPresent()) {
                    throw new SandboxException(object() + " cannot work: " + fatal.get() + " (log: " + p.logFile() + ")");
                }
                if (marked(since, "ready: ").isPresent()) {
                    it.remove();
                } else if (!p.alive()) {
                    throw new SandboxException(object() + " stopped while starting"
                            + marked(since, "").map(l -> "; its log ends: " + l).orElse("") + " (log: " + p.logFile() + ")");
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new SandboxException(object() + " did not get to work within " + timeout.toSeconds() + " s (log: "
                        + process(waiting.keySet().iterator().next()).logFile() + ")");
            }
            Thread.sleep(100);
        }
    }

    private static String logSince(SandboxProcess p, long from) {
        String all = Sandbox.readQuietly(p.logFile());
        byte[] bytes = all.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int start = (int) Math.max(0, Math.min(from, bytes.length));
        return new String(bytes, start, bytes.length - start, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The message of the first app log line ({@code <time> [<name>] <message>}) starting with {@code marker} (the last line when blank). */
    static java.util.Optional<String> marked(String log, String marker) {
        String found = null;
        for (String line : log.lines().toList()) {
            int close = line.indexOf("] ");
            String message = close < 0 ? line : line.substring(close + 2);
            if (marker.isEmpty()) {
                found = line.isBlank() ? found : line;
            } else if (message.startsWith(marker)) {
                return java.util.Optional.of(message.substring(marker.length()));
            }
        }
        return java.util.Optional.ofNullable(found);
    }

    /**
     * Stops the application's processes together. Each commits or flushes and exits within about a
     * second of SIGTERM (see {@code DemoConsumer}, {@code DemoProducer}); the grace period before
     * SIGKILL is a safety net only.
     */
    @Override
    public void stop() {
        SandboxProcess.stopAll(SandboxProcess.under(dir()), GRACE_SECONDS);
    }
}
