package io.mm2dr.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions this build was made with ({@code mm2dr-versions.properties}, filled in from the pom
 * by resource filtering), and the defaults that follow them: the demo consumer runs Kafka's console
 * consumer from the {@code apache/kafka} image of the Kafka version the project builds on, so that
 * bumping {@code kafka.version} in the pom moves the image too.
 */
public final class BuildVersions {
    static final String RESOURCE = "/mm2dr-versions.properties";
    private static final Properties PROPERTIES = load();

    private BuildVersions() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildVersions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath: the build is broken");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String kafka = p.getProperty("kafka.version", "");
        if (kafka.isBlank() || kafka.contains("${")) {
            throw new IllegalStateException(RESOURCE + " was not filtered by Maven (kafka.version=" + kafka + ")");
        }
        return p;
    }

    /** The Apache Kafka version of the pom ({@code kafka.version}), e.g. 4.3.1. */
    public static String kafka() {
        return PROPERTIES.getProperty("kafka.version").trim();
    }

    /** The demo consumer's default image: {@code apache/kafka:<the pom's Kafka version>}. */
    public static String consumerImage() {
        return "apache/kafka:" + kafka();
    }
}
