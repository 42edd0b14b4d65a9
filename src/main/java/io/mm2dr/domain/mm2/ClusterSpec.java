package io.mm2dr.domain.mm2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Kafka cluster a MirrorMaker 2 talks to.
 *
 * @param alias           the name mirrors and {@code connect_cluster} use for it
 * @param bootstrap       {@code host:port[,host:port]}
 * @param user            the SCRAM-SHA-512 user, or null for no authentication
 * @param passwordSecret  where that user's password is; null exactly when {@code user} is
 * @param trustedCaSecret the CA certificate to trust (a TLS listener), or null for a plain listener
 * @param brokers         how many brokers it has, or null when unknown
 * @param config          extra Kafka Connect configuration (only for the connect cluster), in the playbook's order
 */
public record ClusterSpec(
        String alias,
        String bootstrap,
        String user,
        SecretKeyRef passwordSecret,
        SecretKeyRef trustedCaSecret,
        Integer brokers,
        Map<String, Object> config) {

    public ClusterSpec {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(bootstrap, "bootstrap");
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }
}
