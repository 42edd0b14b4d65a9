package io.mm2dr.kubernetes.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A cluster module tests run against: the mock with fake controllers, or a real one. */
public interface ClusterTarget {
    /** The kubeconfig the runner is given. */
    Path kubeconfig();

    /** Waits until controllers have caught up, so that a state snapshot is stable. */
    void settle();

    /** The objects the tests can see, in a form where any change shows. */
    Map<String, String> state();

    void clearRequests();

    /** Writes the runner sent since {@link #clearRequests}; empty where they cannot be observed. */
    List<String> writes();
}
