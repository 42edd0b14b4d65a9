package io.mm2dr.platform;

/**
 * How the runner's own clients reach a Kafka cluster, as its platform reports it: the bootstrap
 * address of one of its listeners, whether that listener speaks TLS, and the CA that signs the
 * brokers' certificates (null for a plain listener).
 *
 * @param bootstrap  host:port[,host:port] to connect to
 * @param listener   the listener's name (tls, external...)
 * @param tls        whether the listener speaks TLS
 * @param caCertPem  the CA certificate(s) to trust, PEM; null without TLS
 * @param source     where this was read, for messages ("the status of Kafka north-america/na-kafka")
 */
public record KafkaEndpoint(String bootstrap, String listener, boolean tls, String caCertPem, String source) {
}
