package io.mm2dr.kafka;

import java.util.Locale;
import java.util.Properties;

/**
 * How to reach a Kafka cluster: bootstrap servers, and optionally a SCRAM-SHA-512 user and the
 * CA certificate (PEM) to trust. The security protocol follows: SASL_SSL with both, SASL_PLAINTEXT
 * with a user only (loopback sandboxes), SSL with a CA only, PLAINTEXT with neither.
 *
 * @param alias     a name for messages ("north-america")
 * @param password  never shown: {@link #toString()} leaves it out
 */
public record KafkaConnection(String alias, String bootstrap, String user, String password, String caCertPem) {

    public String securityProtocol() {
        boolean sasl = user != null;
        boolean tls = caCertPem != null;
        return sasl ? (tls ? "SASL_SSL" : "SASL_PLAINTEXT") : (tls ? "SSL" : "PLAINTEXT");
    }

    /** Properties for an Admin, consumer or producer (add the client's own settings on top). */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("security.protocol", securityProtocol());
        p.put("client.dns.lookup", "use_all_dns_ips");
        if (user != null) {
            p.put("sasl.mechanism", "SCRAM-SHA-512");
            p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + escape(user) + "\" password=\"" + escape(password == null ? "" : password) + "\";");
        }
        if (caCertPem != null) {
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.certificates", caCertPem);
        }
        return p;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** "north-america (127.0.0.1:9092, user mm2-backup, SASL_SSL)". */
    public String describe() {
        return (alias == null ? "" : alias + " ") + "(" + bootstrap + (user == null ? "" : ", user " + user) + ", "
                + securityProtocol().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
