package io.mm2dr.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/** The consumer image follows the Kafka version the project builds on, not a tag written by hand. */
class BuildVersionsTest {

    @Test
    void theKafkaVersionIsThePomsAndTheOneOnTheClasspath() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>").matcher(pom);
        org.junit.jupiter.api.Assertions.assertTrue(m.find(), "no kafka.version in pom.xml");
        assertEquals(m.group(1).trim(), BuildVersions.kafka());
        // the kafka-clients jar the build resolved says which Kafka it is
        assertEquals(AppInfoParser.getVersion(), BuildVersions.kafka());
    }

    @Test
    void theConsumerImageIsApacheKafkaAtThatVersion() {
        assertEquals("apache/kafka:" + AppInfoParser.getVersion(), BuildVersions.consumerImage());
    }
}
