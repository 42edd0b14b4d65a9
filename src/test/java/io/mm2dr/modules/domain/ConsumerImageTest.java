package io.mm2dr.modules.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/** kafka_app's consumer runs the apache/kafka image of the Kafka the project builds on (kafka-clients on the classpath). */
class ConsumerImageTest {
    @Test
    void theDefaultConsumerImageFollowsTheBuildsKafka() {
        assertEquals("apache/kafka:" + AppInfoParser.getVersion(), KafkaAppModule.CONSUMER_IMAGE);
    }
}
