package io.mm2dr.domain.mm2;

import io.mm2dr.domain.Flavor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link MirrorMaker2Spec} as the {@code KafkaMirrorMaker2} custom resource. Event Streams
 * and Strimzi share the resource's shape ({@code v1beta2}); only the apiVersion differs.
 */
final class KafkaMirrorMaker2Resource {
    static final String KIND = "KafkaMirrorMaker2";

    private KafkaMirrorMaker2Resource() {
    }

    static Map<String, Object> render(MirrorMaker2Spec spec, Flavor flavor) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", spec.name());
        metadata.put("namespace", spec.namespace());

        Map<String, Object> body = new LinkedHashMap<>();
        if (spec.version() != null) {
            body.put("version", spec.version());
        }
        body.put("replicas", spec.replicas());
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

        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", flavor.apiVersion());
        resource.put("kind", KIND);
        resource.put("metadata", metadata);
        resource.put("spec", body);
        return resource;
    }

    private static Map<String, Object> cluster(MirrorMaker2Spec spec, ClusterSpec c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alias", c.alias());
        out.put("bootstrapServers", c.bootstrap());
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
        if (c.alias().equals(spec.connectCluster())) {
            out.put("config", spec.connectClusterConfig());
        } else if (!c.config().isEmpty()) {
            // refused by validation; rendered as written so that nothing is dropped silently
            out.put("config", new LinkedHashMap<>(c.config()));
        }
        return out;
    }

    private static Map<String, Object> mirror(MirrorMaker2Spec spec, MirrorSpec m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sourceCluster", m.source());
        out.put("targetCluster", m.target());
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
        out.put("sourceConnector", connector(spec.sourceConnectorConfig(m)));
        if (m.groups() != null) {
            out.put("checkpointConnector", connector(spec.checkpointConnectorConfig(m)));
        }
        if (spec.heartbeats().enabled()) {
            out.put("heartbeatConnector", connector(spec.heartbeatConnectorConfig(m)));
        }
        return out;
    }

    private static Map<String, Object> connector(Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", config);
        return out;
    }
}
