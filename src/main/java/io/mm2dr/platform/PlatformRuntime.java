package io.mm2dr.platform;

/**
 * The platform of one run, built once from its {@link PlatformConfig} and shared by the run's
 * tasks; closed when the run ends (the sandbox's lock, its administrator clients). Each task gets
 * a {@link Platform} view of it carrying that task's {@link TaskScope}: its check mode goes to the
 * platform's gateway, which is the only place that writes.
 */
public interface PlatformRuntime extends AutoCloseable {
    PlatformConfig config();

    /** The platform for a task: writes through the gateway, which honours the task's check mode. */
    Platform platform(TaskScope scope);

    /**
     * The platform only to read from before anything is touched (a topology check): locally the
     * sandbox is neither locked nor created, and every write is refused as in check mode.
     */
    Platform reader(TaskScope scope);

    @Override
    void close();
}
