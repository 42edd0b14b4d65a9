package io.mm2dr.cli;

import java.util.ResourceBundle;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The JVM's {@link System.LoggerFinder} in the runner's processes: the same java.util.logging
 * loggers as the JDK's default, but each set up only when something is logged through it, or asks
 * whether it would be. SnakeYAML takes a {@link System.Logger} when it starts and never logs; with
 * the JDK's default finder that alone sets up java.util.logging (its configuration, its log manager),
 * a noticeable part of the start-up of a short run.
 */
public final class LazyLoggerFinder extends System.LoggerFinder {
    @Override
    public System.Logger getLogger(String name, Module module) {
        return new Lazy(name);
    }

    /** A logger that finds its java.util.logging logger at its first use. */
    private static final class Lazy implements System.Logger {
        private final String name;
        private volatile Logger jul;

        Lazy(String name) {
            this.name = name;
        }

        private Logger jul() {
            Logger l = jul;
            if (l == null) {
                l = Logger.getLogger(name);
                jul = l;
            }
            return l;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(System.Logger.Level level) {
            return jul().isLoggable(level(level));
        }

        @Override
        public void log(System.Logger.Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            java.util.logging.Level l = level(level);
            if (jul().isLoggable(l)) {
                LogRecord r = record(l, bundle, msg);
                r.setThrown(thrown);
                jul().log(r);
            }
        }

        @Override
        public void log(System.Logger.Level level, ResourceBundle bundle, String format, Object... params) {
            java.util.logging.Level l = level(level);
            if (jul().isLoggable(l)) {
                LogRecord r = record(l, bundle, format);
                r.setParameters(params);
                jul().log(r);
            }
        }

        private LogRecord record(java.util.logging.Level level, ResourceBundle bundle, String msg) {
            LogRecord r = new LogRecord(level, msg);
            r.setLoggerName(name);
            r.setResourceBundle(bundle);
            // the caller: the first frame outside this class and the System.Logger plumbing
            StackWalker.getInstance().walk(frames -> frames
                    .filter(f -> !f.getClassName().equals(Lazy.class.getName()) && !f.getClassName().startsWith("java.lang.System$")
                            && !f.getClassName().startsWith("jdk.internal.logger."))
                    .findFirst()).ifPresent(f -> {
                        r.setSourceClassName(f.getClassName());
                        r.setSourceMethodName(f.getMethodName());
                    });
            return r;
        }

        /** System.Logger's levels as java.util.logging's, as the JDK maps them. */
        private static java.util.logging.Level level(System.Logger.Level level) {
            return switch (level) {
                case ALL -> java.util.logging.Level.ALL;
                case TRACE -> java.util.logging.Level.FINER;
                case DEBUG -> java.util.logging.Level.FINE;
                case INFO -> java.util.logging.Level.INFO;
                case WARNING -> java.util.logging.Level.WARNING;
                case ERROR -> java.util.logging.Level.SEVERE;
                case OFF -> java.util.logging.Level.OFF;
            };
        }
    }
}
