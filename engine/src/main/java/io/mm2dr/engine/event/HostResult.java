package io.mm2dr.engine.event;

import java.util.List;
import java.util.Map;

/**
 * One task's outcome on one host (or one loop item), already redacted: {@code result} is what may
 * be shown, with no_log results censored and secret values masked.
 *
 * @param ignored failed, but {@code ignore_errors} let the play go on
 * @param rescued failed inside a block whose rescue then handled it (set on the recap only)
 * @param itemLabel the loop item label, or null when this is not an item result
 * @param diffs before/after pairs to show with --diff
 * @param verboseAlways show the result even without -v (debug)
 * @param summary without -v, show {@code msg} on the status line as the result's one-line summary
 *                (the module set {@value #SUMMARY_KEY}); with -v the whole result, as any other
 */
public record HostResult(String host, Status status, boolean ignored, String itemLabel, Map<String, Object> result,
                         List<Map<String, Object>> diffs, long durationMillis, boolean verboseAlways, String msg, boolean summary) {
    /** The result key by which a module asks for its {@code msg} to be shown without -v, as one line. */
    public static final String SUMMARY_KEY = "_runner_summary";

    public HostResult(String host, Status status, boolean ignored, String itemLabel, Map<String, Object> result,
                      List<Map<String, Object>> diffs, long durationMillis, boolean verboseAlways, String msg) {
        this(host, status, ignored, itemLabel, result, diffs, durationMillis, verboseAlways, msg, false);
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
