package io.mm2dr.platform.local;

import io.mm2dr.kafka.KafkaConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;

/**
 * The administrator clients of a run's sandbox clusters, one per cluster incarnation (a cluster
 * recreated in the same run, a region lost, has a new administrator), closed when the run ends.
 */
final class AdminClients implements AutoCloseable {
    private final Map<String, Admin> clients = new ConcurrentHashMap<>();

    /** The client for {@code key} (the cluster's folder and id), created on first use. */
    Admin get(String key, KafkaConnection connection) {
        return clients.computeIfAbsent(key, k -> {
            Properties p = connection.clientProperties();
            p.put("request.timeout.ms", "10000");
            p.put("default.api.timeout.ms", "30000");
            return Admin.create(p);
        });
    }

    @Override
    public void close() {
        clients.values().forEach(a -> a.close(Duration.ofSeconds(5)));
        clients.clear();
    }
}
