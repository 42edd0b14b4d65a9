package io.mm2dr.platform;

import java.util.function.Consumer;

/**
 * What one task lends the platform of its run: whether it runs in check mode (the gateway's to
 * honour, nobody else's), where its progress messages go while it waits, where values to redact
 * go (a generated password, a secret read back), and how to sleep (waking early when the run is
 * cancelled).
 */
public record TaskScope(boolean checkMode, Consumer<String> progress, Consumer<String> secrets, Sleeper sleeper) {

    /** Sleeps, returning false when the run was cancelled meanwhile. */
    @FunctionalInterface
    public interface Sleeper {
        boolean sleep(long millis);
    }

    /** A scope for code outside a run (tests, tools): no progress shown, nothing redacted, plain sleeps. */
    public static TaskScope quiet(boolean checkMode) {
        return new TaskScope(checkMode, m -> { }, s -> { }, millis -> {
            try {
                Thread.sleep(millis);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}
