package io.mm2dr.cli;

import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.OperatorApi;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What {@code --version} prints: the runner's version and the commit it was built from (both
 * written by the build into {@code mm2dr-versions.properties}, "unknown" for a build made outside
 * git), the Java running it, the Kafka client library on the class path (from its own version
 * resource, without loading Kafka's classes) and the operator APIs the Kubernetes platform renders
 * (from {@link Flavor} and {@link OperatorApi.Generation}).
 */
final class VersionInfo {
    static final String UNKNOWN = "unknown";

    private VersionInfo() {
    }

    static List<String> lines() {
        Properties build = load("/mm2dr-versions.properties");
        Properties kafka = load("/kafka/kafka-version.properties");
        List<String> lines = new ArrayList<>();
        lines.add("runner " + value(build, "runner.version") + " (commit " + value(build, "runner.commit") + ")");
        lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ")");
        lines.add("Kafka " + value(kafka, "version") + " (kafka-clients, commit " + value(kafka, "commitId") + ")");
        List<String> apis = new ArrayList<>();
        for (Flavor f : new Flavor[] {Flavor.STRIMZI, Flavor.EVENTSTREAMS}) {
            List<String> versions = new ArrayList<>();
            for (OperatorApi.Generation g : OperatorApi.Generation.values()) {
                versions.add(f.group() + "/" + g.version());
            }
            apis.add(String.join(", ", versions) + " (" + f.operator() + ")");
        }
        lines.add("Operator APIs: " + String.join("; ", apis));
        return lines;
    }

    /** A value the build filled in; "unknown" when it is missing, blank or was never filtered. */
    static String value(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() || v.contains("${") ? UNKNOWN : v.trim();
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the version says unknown
        }
        return p;
    }
}
