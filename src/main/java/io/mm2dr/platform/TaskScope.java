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
}
