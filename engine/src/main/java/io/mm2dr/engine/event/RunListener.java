package io.mm2dr.engine.event;

import java.nio.file.Path;
import java.util.Map;

/**
 * Engine events. Output, reports and progress displays are listeners; nothing else prints.
 * All data passed here is already redacted.
 */
public interface RunListener {
    default void playbookStart(Path file) {
    }

    default void playStart(String name, java.util.List<String> hosts) {
    }

    default void noHostsMatched(String pattern) {
    }

    default void taskStart(TaskInfo task) {
    }

    /** A loop item finished. */
    default void itemResult(TaskInfo task, HostResult item) {
    }

    /** The task finished on a host (for loops, after all items). */
    default void taskResult(TaskInfo task, HostResult result) {
    }

    /** A retry of {@code until}. */
    default void retry(TaskInfo task, String host, int retriesLeft, Map<String, Object> result) {
    }

    /** A long-running task reports where it is. */
    default void progress(TaskInfo task, String host, String message, long elapsedMillis) {
    }

    /** A dynamic include was loaded for a host. */
    default void included(Path file, String host) {
    }

    /** A file include_tasks brought in, for one loop item ({@code itemLabel}, null without a loop). */
    default void included(Path file, String host, String itemLabel) {
        included(file, host);
    }

    /** A block's rescue section handles the failure of the host's last failed task (reported before). */
    default void rescued(String host) {
    }

    default void warning(String message) {
    }

    /** The run stopped on an error that is not a task result (a parse error of an included file...). */
    default void error(String message) {
    }

    default void runEnd(Stats stats, long elapsedMillis, int exitCode) {
    }
}
