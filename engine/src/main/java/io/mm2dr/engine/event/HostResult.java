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
 */
public record HostResult(String host, Status status, boolean ignored, String itemLabel, Map<String, Object> result,
                         List<Map<String, Object>> diffs, long durationMillis, boolean verboseAlways, String msg) {

    public boolean failed() {
        return status == Status.FAILED;
    }
}
