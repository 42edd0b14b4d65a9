package io.mm2dr.sandbox.apps;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The log of a demo application: one line per event on a print stream (standard output in the
 * sandbox), {@code 2025-01-31T12:00:00.123Z [name] message}. Safe to use from any thread.
 */
public final class Log {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final String name;
    private final boolean debug;
    private final Clock clock = Clock.systemUTC();

    /**
     * @param name  the application's name, on every line
     * @param debug whether error lines are followed by the stack trace
     */
    public Log(PrintStream out, String name, boolean debug) {
        this.out = out;
        this.name = name;
        this.debug = debug;
    }

    public void info(String message) {
        out.println(TIMESTAMP.format(clock.instant()) + " [" + name + "] " + oneLine(message));
    }

    /** The line that says the application works (connected, authenticated, doing its job): the sandbox waits for it. */
    public void ready(String message) {
        info("ready: " + message);
    }

    /** The line that says why the application stops for good: the sandbox reports it. */
    public void fatal(String message) {
        info("fatal: " + message);
    }

    /** One line: the message and the error with its causes; the stack trace only in debug mode. */
    public void error(String message, Throwable error) {
        StringBuilder line = new StringBuilder(message).append(": ").append(describe(error));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            line.append(" (caused by ").append(describe(cause)).append(')');
        }
        synchronized (out) {
            info(line.toString());
            if (debug) {
                error.printStackTrace(out);
            }
        }
    }

    /**
     * Logs the supplied line every period (first after one period) on a daemon thread, until
     * the returned handle is closed.
     */
    public Periodic every(Duration period, Supplier<String> line) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-summary");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> info(line.get()), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    /** "10 s", "0.5 s": a period as summary lines show it. */
    public static String seconds(Duration period) {
        return BigDecimal.valueOf(period.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    private static String oneLine(String s) {
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** A periodic log line; closing stops it. */
    public interface Periodic extends AutoCloseable {
        @Override
        void close();
    }
}
