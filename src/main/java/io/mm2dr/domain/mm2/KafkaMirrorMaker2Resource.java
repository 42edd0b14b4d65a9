package io.mm2dr.domain.mm2;

import io.mm2dr.domain.OperatorApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link MirrorMaker2Spec} as the {@code KafkaMirrorMaker2} custom resource. Event Streams
 * and Strimzi share the resource's shape; it differs by API generation:
 * <ul>
 * <li>{@code v1beta2}: {@code connectCluster}, a list of {@code clusters}, mirrors naming their
 *     {@code sourceCluster} and {@code targetCluster}, and a heartbeat connector per mirror;</li>
 * <li>{@code v1}: one {@code target} (the connect cluster, with the Connect group and storage topics
 *     as fields: they are forbidden in its {@code config}) and each mirror's {@code source} inline;
 *     there is no heartbeat connector (Strimzi removed it: heartbeats would need a KafkaConnect and
 *     KafkaConnector of their own).</li>
 * </ul>
 */
final class KafkaMirrorMaker2Resource {
    static final String KIND = "KafkaMirrorMaker2";

    private KafkaMirrorMaker2Resource() {
    }

    /** The Connect worker settings that {@code v1} takes as fields of the target, and forbids in its config. */
    private static final List<String> V1_TARGET_FIELDS = List.of("group.id", "config.storage.topic", "offset.storage.topic", "status.storage.topic");

    static Map<String, Object> render(MirrorMaker2Spec spec, OperatorApi api) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", spec.name());
        metadata.put("namespace", spec.namespace());

        Map<String, Object> body = new LinkedHashMap<>();
        if (spec.version() != null) {
            body.put("version", spec.version());
        }
        body.put("replicas", spec.replicas());
        if (api.v1()) {
            renderV1(spec, body);
        } else {
            renderV1beta2(spec, body);
        }

        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", api.apiVersion());
        resource.put("kind", KIND);
        resource.put("metadata", metadata);
        resource.put("spec", body);
        return resource;
    }

    private static void renderV1(MirrorMaker2Spec spec, Map<String, Object> body) {
        ClusterSpec connect = spec.cluster(spec.connectCluster())
                .orElseThrow(() -> new SpecException("connect_cluster", "'" + spec.connectCluster() + "' is not a defined cluster"));
        for (MirrorSpec m : spec.mirrors()) {
            if (!m.target().equals(spec.connectCluster())) {
                throw new SpecException("mirrors", "the mirror " + m.flow() + " does not copy into the connect cluster '"
                        + spec.connectCluster() + "': the v1 KafkaMirrorMaker2 API has one target, the connect cluster; "
                        + "make one MirrorMaker 2 per target cluster");
            }
        }
        Map<String, Object> connectConfig = spec.connectClusterConfig();
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("alias", connect.alias());
        target.put("bootstrapServers", connect.bootstrap());
        target.put("groupId", String.valueOf(connectConfig.get("group.id")));
        target.put("configStorageTopic", String.valueOf(connectConfig.get("config.storage.topic")));
        target.put("offsetStorageTopic", String.valueOf(connectConfig.get("offset.storage.topic")));
        target.put("statusStorageTopic", String.valueOf(connectConfig.get("status.storage.topic")));
        connection(connect, target);
        Map<String, Object> config = new LinkedHashMap<>(connectConfig);
        V1_TARGET_FIELDS.forEach(config::remove);
        target.put("config", config);
        body.put("target", target);
        List<Object> mirrors = new ArrayList<>();
        for (MirrorSpec m : spec.mirrors()) {
            ClusterSpec c = spec.cluster(m.source())
                    .orElseThrow(() -> new SpecException("mirrors", "'" + m.source() + "' is not a defined cluster"));
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("alias", c.alias());
            source.put("bootstrapServers", c.bootstrap());
            connection(c, source);
            if (!c.config().isEmpty()) {
                // refused by validation; rendered as written so that nothing is dropped silently
                source.put("config", new LinkedHashMap<>(c.config()));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("source", source);
            patterns(m, out);
            connectors(spec, m, out, false);
            mirrors.add(out);
        }
        body.put("mirrors", mirrors);
    }

    private static void renderV1beta2(MirrorMaker2Spec spec, Map<String, Object> body) {
        body.put("connectCluster", spec.connectCluster());
        List<Object> clusters = new ArrayList<>();
        for (ClusterSpec c : spec.clusters()) {
            clusters.add(cluster(spec, c));
        }
        body.put("clusters", clusters);
        List<Object> mirrors = new ArrayList<>();
        for (MirrorSpec m : spec.mirrors()) {
            mirrors.add(mirror(spec, m));
        }
        body.put("mirrors", mirrors);
    }

    private static Map<String, Object> cluster(MirrorMaker2Spec spec, ClusterSpec c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alias", c.alias());
        out.put("bootstrapServers", c.bootstrap());
        connection(c, out);
        if (c.alias().equals(spec.connectCluster())) {
            out.put("config", spec.connectClusterConfig());
        } else if (!c.config().isEmpty()) {
            // refused by validation; rendered as written so that nothing is dropped silently
            out.put("config", new LinkedHashMap<>(c.config()));
        }
        return out;
    }

    /** A cluster's authentication and trusted certificates, the same in both generations. */
    private static void connection(ClusterSpec c, Map<String, Object> out) {
        if (c.user() != null) {
            Map<String, Object> password = new LinkedHashMap<>();
            password.put("secretName", c.passwordSecret().name());
            password.put("password", c.passwordSecret().key());
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("type", "scram-sha-512");
            auth.put("username", c.user());
            auth.put("passwordSecret", password);
            out.put("authentication", auth);
        }
        if (c.trustedCaSecret() != null) {
            Map<String, Object> cert = new LinkedHashMap<>();
            cert.put("secretName", c.trustedCaSecret().name());
            cert.put("certificate", c.trustedCaSecret().key());
            List<Object> certs = new ArrayList<>();
            certs.add(cert);
            Map<String, Object> tls = new LinkedHashMap<>();
            tls.put("trustedCertificates", certs);
            out.put("tls", tls);
        }
    }

    private static Map<String, Object> mirror(MirrorMaker2Spec spec, MirrorSpec m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sourceCluster", m.source());
        out.put("targetCluster", m.target());
        patterns(m, out);
        connectors(spec, m, out, spec.heartbeats().enabled());
        return out;
    }

    private static void patterns(MirrorSpec m, Map<String, Object> out) {
        out.put("topicsPattern", m.topics());
        if (m.topicsExclude() != null) {
            out.put("topicsExcludePattern", m.topicsExclude());
        }
        if (m.groups() != null) {
            out.put("groupsPattern", m.groups());
        }
        if (m.groupsExclude() != null) {
            out.put("groupsExcludePattern", m.groupsExclude());
        }
    }

    private static void connectors(MirrorMaker2Spec spec, MirrorSpec m, Map<String, Object> out, boolean heartbeats) {
        out.put("sourceConnector", connector(m.sourceTasksMax(), spec.sourceConnectorConfig(m)));
        if (m.groups() != null) {
            out.put("checkpointConnector", connector(m.checkpointTasksMax(), spec.checkpointConnectorConfig(m)));
        }
        if (heartbeats) {
            out.put("heartbeatConnector", connector(null, spec.heartbeatConnectorConfig(m)));
        }
    }

    private static Map<String, Object> connector(Integer tasksMax, Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (tasksMax != null) {
            out.put("tasksMax", tasksMax);
        }
        out.put("config", config);
        return out;
    }
}
