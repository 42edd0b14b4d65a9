package io.mm2dr.modules.domain;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topic settings Kafka knows: every {@code *_CONFIG} name of the clients' {@link TopicConfig},
 * plus the replication throttles the brokers define elsewhere. Loaded only when a topology sets some.
 */
final class TopicConfigNames {
    static final Set<String> NAMES = load();

    private TopicConfigNames() {
    }

    private static Set<String> load() {
        Set<String> names = new HashSet<>(Set.of("leader.replication.throttled.replicas", "follower.replication.throttled.replicas"));
        for (Field f : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && f.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(names);
    }
}
