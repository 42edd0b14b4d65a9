package io.mm2dr.modules.kafka;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.kafka.KafkaFailures;
import io.mm2dr.kafka.KafkaReads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code topic_config_wait}: waits until a topic shows a configuration on every cluster given (the
 * copies MirrorMaker 2 keeps in sync with their source, {@code sync.topic.configs}), saying as it
 * goes which clusters show it and which still show what, and reports how long each took from the
 * start of the task. Reads only.
 */
final class TopicConfigWaitModule extends KafkaModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("topic", ArgType.STR).required().description("the topic's name on those clusters (a copy's: <source alias>.<topic> with the default policy)").add()
            .arg("config", ArgType.DICT).required().notEmpty().description("the configuration to see: name -> value").add()
            .arg("clusters", ArgType.LIST).elements(ArgType.DICT).required().notEmpty()
                .description("where to look: each {alias, cluster: {name, namespace} | bootstrap, user, password | password_secret, ca_cert | ca_secret}").add()
            .arg("timeout", ArgType.INT).defaultValue(300).description("seconds to wait").add()
            .arg("poll_interval", ArgType.INT).defaultValue(1).description("seconds between looks").add()
            .build();

    @Override
    public String name() {
        return "topic_config_wait";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    ModuleResult run(Map<String, Object> args, ModuleContext ctx, Connections connections) {
        String topic = (String) args.get("topic");
        requireStrings((Map<?, ?>) args.get("config"));
        Map<String, String> want = new TreeMap<>();
        ((Map<?, ?>) args.get("config")).forEach((k, v) -> want.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        List<KafkaConnection> clusters = new ArrayList<>();
        List<?> given = (List<?>) args.get("clusters");
        for (int i = 0; i < given.size(); i++) {
            clusters.add(connections.of(given.get(i), "clusters[" + i + "]"));
        }
        long timeoutNanos = TimeUnit.SECONDS.toNanos(((Number) args.get("timeout")).longValue());
        long pollMillis = TimeUnit.SECONDS.toMillis(Math.max(1, ((Number) args.get("poll_interval")).longValue()));
        String wanted = describe(want);
        long start = System.nanoTime();
        Map<String, Admin> admins = new LinkedHashMap<>();
        Map<String, Double> seenAfter = new LinkedHashMap<>();
        Map<String, String> lastSeen = new LinkedHashMap<>();
        try {
            for (KafkaConnection c : clusters) {
                admins.put(name(c), KafkaReads.admin(c));
            }
            long lastProgress = start;
            while (true) {
                for (KafkaConnection c : clusters) {
                    String n = name(c);
                    if (seenAfter.containsKey(n)) {
                        continue;
                    }
                    Map<String, String> now = configOf(admins.get(n), c, topic, want);
                    if (now == null) {
                        lastSeen.put(n, "no topic " + topic + " yet");
                    } else if (now.equals(want)) {
                        seenAfter.put(n, (System.nanoTime() - start) / 1e9);
                    } else {
                        lastSeen.put(n, describe(now));
                    }
                }
                if (seenAfter.size() == clusters.size()) {
                    break;
                }
                long elapsed = System.nanoTime() - start;
                if (elapsed >= timeoutNanos) {
                    List<String> behind = new ArrayList<>();
                    clusters.stream().map(TopicConfigWaitModule::name).filter(n -> !seenAfter.containsKey(n))
                            .forEach(n -> behind.add(n + " shows " + lastSeen.get(n)));
                    return ModuleResult.failed(topic + " does not show " + wanted + " everywhere after " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)
                            + " s: " + String.join("; ", behind) + (seenAfter.isEmpty() ? "" : " (" + shown(seenAfter) + ")")
                            + ". Is MirrorMaker 2 syncing topic configurations (sync.topic.configs.enabled, sync.topic.configs.interval.seconds)?")
                            .put("copies", copies(clusters, topic, seenAfter, lastSeen)).build();
                }
                if (System.nanoTime() - lastProgress >= TimeUnit.SECONDS.toNanos(2) || lastProgress == start) {
                    lastProgress = System.nanoTime();
                    List<String> parts = new ArrayList<>();
                    for (KafkaConnection c : clusters) {
                        String n = name(c);
                        parts.add(seenAfter.containsKey(n) ? n + " shows it" : n + " shows " + lastSeen.get(n));
                    }
                    ctx.progress("waiting for " + topic + " to show " + wanted + ": " + String.join("; ", parts));
                }
                if (!ctx.sleep(pollMillis)) {
                    return ModuleResult.failed("interrupted while waiting for " + topic + " to show " + wanted).build();
                }
            }
        } finally {
            admins.values().forEach(a -> a.close(java.time.Duration.ofSeconds(2)));
        }
        double slowest = seenAfter.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return ModuleResult.ok().msg(topic + " shows " + wanted + " on every cluster: " + shown(seenAfter))
                .put("copies", copies(clusters, topic, seenAfter, Map.of()))
                .put("seconds", round(slowest))
                .build();
    }

    private static String name(KafkaConnection c) {
        return c.alias() != null ? c.alias() : c.bootstrap();
    }

    /** The topic's values of the configuration names asked for (null for a name it has no value of), or null without the topic. */
    private static Map<String, String> configOf(Admin admin, KafkaConnection c, String topic, Map<String, String> want) {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config;
        try {
            config = admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw KafkaFailures.translate(e.getCause(), c, "reading the configuration of " + topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KafkaFailures.translate(e, c, "reading the configuration of " + topic);
        } catch (java.util.concurrent.TimeoutException e) {
            throw KafkaFailures.translate(new org.apache.kafka.common.errors.TimeoutException(e.getMessage()), c,
                    "reading the configuration of " + topic);
        }
        Map<String, String> out = new TreeMap<>();
        for (String k : want.keySet()) {
            ConfigEntry e = config.get(k);
            out.put(k, e == null ? null : e.value());
        }
        return out;
    }

    private static List<Map<String, Object>> copies(List<KafkaConnection> clusters, String topic, Map<String, Double> seenAfter, Map<String, String> lastSeen) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (KafkaConnection c : clusters) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cluster", name(c));
            m.put("topic", topic);
            m.put("shown", seenAfter.containsKey(name(c)));
            m.put("seconds", seenAfter.containsKey(name(c)) ? round(seenAfter.get(name(c))) : null);
            if (lastSeen.containsKey(name(c)) && !seenAfter.containsKey(name(c))) {
                m.put("last_seen", lastSeen.get(name(c)));
            }
            out.add(m);
        }
        return out;
    }

    private static String shown(Map<String, Double> seenAfter) {
        List<String> parts = new ArrayList<>();
        seenAfter.forEach((n, s) -> parts.add(n + " after " + String.format(Locale.ROOT, "%.1f", s) + " s"));
        return String.join(", ", parts);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    private static String describe(Map<String, String> config) {
        List<String> parts = new ArrayList<>();
        config.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    static void requireStrings(Map<?, ?> config) {
        config.forEach((k, v) -> {
            if (v instanceof Map || v instanceof List) {
                throw new ArgumentError("config: the value of " + k + " must be a string or a number");
            }
        });
    }
}
