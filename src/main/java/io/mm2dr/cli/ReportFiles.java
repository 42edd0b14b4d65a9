package io.mm2dr.cli;

import io.mm2dr.engine.event.RunListener;
import io.mm2dr.engine.report.JUnitReport;
import io.mm2dr.engine.report.JsonReport;
import io.mm2dr.engine.report.RunRecorder;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --report-json} and {@code --report-junit} files of one command line. A run writes them
 * when it ends; a command line that ends before its run does, or without one (bad options, a
 * playbook that cannot be found or does not parse, an internal error, an interruption the run did
 * not see to its end), writes them here with its message as the run's error, so that a CI stage
 * gets both reports whatever the exit code.
 */
final class ReportFiles {
    private final List<RunRecorder> recorders = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();

    ReportFiles(Path json, Path junit) {
        if (json != null) {
            recorders.add(new JsonReport(json));
        }
        if (junit != null) {
            recorders.add(new JUnitReport(junit));
        }
    }

    /** The recorders, to listen to the run. */
    List<RunListener> listeners() {
        return List.copyOf(recorders);
    }

    /** A message that ends the command line before or outside the run (written by {@link #finish}). */
    synchronized void error(String message) {
        messages.add(message);
    }

    /**
     * Ends the reports the run has not ended with this exit code and the messages given so far
     * (and {@code message}, unless null); a report that cannot be written is an error on
     * {@code err}.
     */
    synchronized void finish(int exitCode, String message, PrintStream err) {
        if (message != null) {
            messages.add(message);
        }
        for (RunRecorder r : recorders) {
            if (r.ended()) {
                continue;
            }
            messages.forEach(r::error);
            try {
                r.runEnd(null, Duration.between(r.started(), Instant.now()).toMillis(), exitCode);
            } catch (UncheckedIOException e) {
                err.println("ERROR! " + e.getMessage());
            }
        }
        messages.clear();
    }

    /**
     * The value of a report option on a command line picocli could not read as a whole ({@code
     * --report-json FILE} or {@code --report-json=FILE}, before any {@code --}); null when absent.
     */
    static Path option(String[] args, String name) {
        Path found = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals(name) && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                found = Path.of(args[++i]);
            } else if (args[i].startsWith(name + "=") && args[i].length() > name.length() + 1) {
                found = Path.of(args[i].substring(name.length() + 1));
            }
        }
        return found;
    }
}
