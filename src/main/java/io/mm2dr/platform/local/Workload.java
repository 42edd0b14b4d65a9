package io.mm2dr.platform.local;

import java.time.Duration;

/** Something of the sandbox the {@code application} module pauses and resumes (a demo app, a MirrorMaker 2). */
interface Workload {
    String object();

    int replicas();

    Integer recordedReplicas();

    void setReplicas(int replicas, Integer recorded);

    boolean alive();

    void start(Duration timeout) throws InterruptedException;

    /**
     * Waits until processes started without a wait ({@code wait: false}) work, as {@link #start}
     * waits for those it starts with a timeout; returns at once when nothing is left to confirm.
     */
    void awaitStarted(Duration timeout) throws InterruptedException;

    /** Started without a wait, and not yet seen working. */
    boolean unconfirmed();

    /** Stops its processes: SIGTERM, and SIGKILL after a grace period of its own. */
    void stop();
}
