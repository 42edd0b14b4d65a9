package io.mm2dr.sandbox.apps;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BiFunction;

/**
 * What the two demo applications share: {@link #run()} works on the calling thread until
 * {@link #stop()} is called from another one (a shutdown hook, a test), then closes its Kafka
 * client and logs its last line.
 */
interface DemoApp {

    /** The exit code for an unusable configuration. */
    int EXIT_CONFIG = 2;
    /** The exit code when the cluster cannot be used as configured (a broker not trusted, a login refused). */
    int EXIT_FATAL = 3;

    /** What ends an application for good: said in one line ({@link Log#fatal}) and exited with {@link #EXIT_FATAL}. */
    final class Fatal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fatal(String message) {
            super(message, null, false, false);
        }
    }
    /**
     * How long a shutdown hook waits for {@link #run()} to finish after {@link #stop()}: a safety
     * net; the applications bound their last commit and close to about a second.
     */
    Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);

    /** Works until stopped; closes the Kafka client before returning. */
    void run();

    /** Asks {@link #run()} to finish; from any thread, returns at once. */
    void stop();

    /**
     * The body of a demo {@code main}: reads the properties file {@code args[0]}, creates the
     * application logging to standard output and runs it until SIGTERM, whose shutdown hook stops
     * it and waits (at most {@link #SHUTDOWN_WAIT}) for its last line. Exits with
     * {@link #EXIT_CONFIG} and one line on standard error if the configuration is unusable.
     */
    static void launch(String[] args, BiFunction<Properties, PrintStream, DemoApp> factory) {
        DemoApp app;
        try {
            app = factory.apply(AppConfig.readFile(args), System.out);
        } catch (AppConfig.Invalid e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!main.isAlive()) {
                return; // run() has already returned: the JVM is exiting on its own
            }
            app.stop();
            try {
                main.join(SHUTDOWN_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        try {
            app.run();
        } catch (Fatal e) {
            System.out.flush();
            System.exit(EXIT_FATAL);
        }
    }
}
