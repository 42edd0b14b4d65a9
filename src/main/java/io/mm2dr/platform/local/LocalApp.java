package io.mm2dr.platform.local;

import io.mm2dr.domain.KafkaAppSpec;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.sandbox.Sandbox;
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
    public void start(Duration timeout) {
        Map<String, Object> c = config();
        Map<String, Object> secret = (Map<String, Object>) c.get("password_secret");
        String password = secrets.value(namespace, (String) secret.get("name"), (String) secret.get("key"));
        KafkaConnection conn = new KafkaConnection(name, bootstrap.apply((String) c.get("bootstrap")), (String) c.get("user"), password, null);
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
        for (int i = 0; i < replicas(); i++) {
            if (!process(i).alive()) {
                process(i).start(sandbox.root(), JVM, main, List.of(file.toAbsolutePath().toString()));
            }
        }
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
