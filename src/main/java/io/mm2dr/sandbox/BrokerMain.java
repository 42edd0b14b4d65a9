package io.mm2dr.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The sandbox's broker process: formats the storage on first start (a standalone KRaft controller,
 * with the cluster's first SCRAM-SHA-512 user, its administrator: otherwise nobody could ever log
 * in), then runs the Apache Kafka broker and controller ({@code kafka.Kafka}).
 *
 * <p>Arguments: the cluster folder, holding {@code server.properties} and {@code format.properties}
 * ({@code cluster.id}, {@code admin.user}, {@code admin.password}).
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path server = dir.resolve("server.properties");
        Properties format = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("format.properties"))) {
            format.load(in);
        }
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(server)) {
            config.load(in);
        }
        Path logDir = Path.of(config.getProperty("log.dirs"));
        if (!Files.isRegularFile(logDir.resolve("meta.properties"))) {
            int rc = kafka.tools.StorageTool.execute(new String[] {
                "format", "--cluster-id", format.getProperty("cluster.id"), "--config", server.toString(), "--standalone",
                "--add-scram", "SCRAM-SHA-512=[name=" + format.getProperty("admin.user") + ",password=" + format.getProperty("admin.password") + "]"
            }, System.out);
            if (rc != 0) {
                System.out.println("formatting the storage failed (exit " + rc + ")");
                System.exit(rc);
            }
        }
        kafka.Kafka.main(new String[] {server.toString()});
    }
}
