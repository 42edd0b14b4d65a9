package io.mm2dr.kafka;

/** A failure talking to Kafka, with a message fit to show the user as is. */
public class KafkaException extends RuntimeException {
    public KafkaException(String message) {
        super(message);
    }

    public KafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
