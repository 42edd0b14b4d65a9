package io.mm2dr.platform.kubernetes;

import io.mm2dr.kubernetes.KubeGateway;
import io.mm2dr.platform.Platform;
import io.mm2dr.platform.PlatformConfig;
import io.mm2dr.platform.PlatformRuntime;
import io.mm2dr.platform.TaskScope;
import java.util.function.Function;

/**
 * The Kubernetes platform of a run: one API server connection (its client is the run's, closed
 * with it) and the inventory's Event Streams settings and operator API generation. Each task gets
 * a gateway over the shared client in that task's check mode.
 */
public final class KubernetesRuntime implements PlatformRuntime {
    private final PlatformConfig config;
    private final Function<TaskScope, KubeGateway> gateways;

    /** @param gateways a gateway over the run's client of {@code config.kube()}, for a task's scope */
    public KubernetesRuntime(PlatformConfig config, Function<TaskScope, KubeGateway> gateways) {
        if (config.local()) {
            throw new IllegalArgumentException("not a Kubernetes platform: " + config.name());
        }
        this.config = config;
        this.gateways = gateways;
    }

    @Override
    public PlatformConfig config() {
        return config;
    }

    @Override
    public Platform platform(TaskScope scope) {
        return new KubernetesPlatform(gateways.apply(scope), scope.progress(), scope.sleeper()::sleep, config.eventStreams(),
                config.operatorApiVersion());
    }

    /** On Kubernetes reads are reads: the task's platform. */
    @Override
    public Platform reader(TaskScope scope) {
        return platform(scope);
    }

    @Override
    public void close() {
        // the client belongs to the run's connection (KubeSessions), closed with it
    }
}
