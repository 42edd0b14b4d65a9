package io.mm2dr.engine.exec;

import io.mm2dr.engine.event.RunListener;
import io.mm2dr.engine.module.ModuleRegistry;
import io.mm2dr.engine.template.Templar;
import java.util.List;
import java.util.function.Supplier;

/**
 * What running a task needs from the run, and nothing more of the executor: the template engine,
 * the redactor, the modules, the options, the listeners, cancellation, warnings and the resources
 * modules share during the run.
 */
interface RunServices {
    Templar templar();

    Redactor redactor();

    ModuleRegistry modules();

    RunOptions options();

    List<RunListener> listeners();

    boolean cancelled();

    /** A warning for every listener, redacted. */
    void warn(String message);

    /** A client or connection modules share during the run, made once, closed when the run ends. */
    <T extends AutoCloseable> T shared(String key, Class<T> type, Supplier<T> factory);

    /** Sleeps, waking up early when the run is cancelled; false when it was. */
    default boolean sleep(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (!cancelled()) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(left, 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
