package io.mm2dr.sandbox.apps;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The configuration of a demo application: one Java properties file whose {@code app.} keys are
 * the application's own settings and whose other keys are Kafka client properties, passed on
 * unchanged ({@code bootstrap.servers}, {@code security.protocol}, {@code sasl.jaas.config}, ...).
 *
 * <p>Values are never shown in messages: client properties hold passwords.
 */
public final class AppConfig {

    /** The prefix of the application's own keys. */
    public static final String APP_PREFIX = "app.";

    private final Properties all;

    private AppConfig(Properties all) {
        this.all = all;
    }

    /**
     * Reads the properties file named by {@code args[0]}, in UTF-8 (the unicode escapes that
     * {@link Properties#store} writes are understood too).
     *
     * @throws Invalid without an argument, or if the file is missing or unreadable
     */
    public static Properties readFile(String[] args) {
        if (args.length != 1) {
            throw new Invalid("usage: java ... <main class> <properties file>");
        }
        Path file = Path.of(args[0]);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new Invalid("cannot read properties file " + file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new Invalid("cannot read properties file " + file + ": " + e);
        }
        return p;
    }

    /** The configuration held by these properties (copied). */
    public static AppConfig of(Properties properties) {
        Properties copy = new Properties();
        properties.forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
        return new AppConfig(copy);
    }

    /**
     * The trimmed value of a key (app or client).
     *
     * @throws Invalid if the key is absent or blank
     */
    public String required(String key) {
        String value = all.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new Invalid("missing required property " + key);
        }
        return value.trim();
    }

    /** The trimmed value of a key, or the default if it is absent or blank. */
    public String optional(String key, String defaultValue) {
        String value = all.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /**
     * A positive integer, or the default if the key is absent or blank.
     *
     * @throws Invalid if the value is not a positive integer
     */
    public int positiveInt(String key, int defaultValue) {
        String value = optional(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Invalid("property " + key + " must be a positive integer, not '" + value + "'");
    }

    /** Whether {@code app.debug=true}: stack traces with error lines. */
    public boolean debug() {
        return Boolean.parseBoolean(optional(APP_PREFIX + "debug", "false"));
    }

    /** A fresh copy of the Kafka client properties: every key not starting with {@code app.}. */
    public Properties clientProperties() {
        Properties client = new Properties();
        all.forEach((k, v) -> {
            if (!((String) k).startsWith(APP_PREFIX)) {
                client.put(k, v);
            }
        });
        return client;
    }

    /**
     * A configuration a demo application cannot run with; its message is one line for the
     * operator and shows no property value that could be a secret.
     */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }

        /** The Kafka client refused the properties (e.g. an unknown security protocol). */
        static Invalid clientNotCreated(String client, Exception error) {
            Throwable root = error;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return new Invalid("cannot create the Kafka " + client + ": " + error.getMessage()
                    + (root == error ? "" : ": " + root.getMessage()));
        }
    }
}
