package io.mm2dr.platform;

import io.mm2dr.kubernetes.KubeConnection;
import io.mm2dr.platform.kubernetes.EventStreamsSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a platform is built from, typed: which platform ({@code local} or
 * {@code kubernetes}), the sandbox's folder (local), the API server connection, the Event Streams
 * settings and the operator API generation the inventory forces (Kubernetes). A run builds one
 * platform per distinct configuration (see {@link #key}) and its tasks share it.
 */
public record PlatformConfig(String name, Path sandboxDir, KubeConnection kube, EventStreamsSettings eventStreams,
                             String operatorApiVersion) {
    public static final String LOCAL = "local";
    public static final String KUBERNETES = "kubernetes";

    public PlatformConfig {
        Objects.requireNonNull(name, "name");
        if (LOCAL.equals(name)) {
            Objects.requireNonNull(sandboxDir, "sandboxDir");
        } else if (KUBERNETES.equals(name)) {
            Objects.requireNonNull(kube, "kube");
            eventStreams = eventStreams == null ? EventStreamsSettings.defaults() : eventStreams;
        } else {
            throw new IllegalArgumentException("unknown platform '" + name + "': expected kubernetes or local");
        }
    }

    /** The local sandbox in {@code sandboxDir}. */
    public static PlatformConfig local(Path sandboxDir) {
        return new PlatformConfig(LOCAL, sandboxDir, null, null, null);
    }

    public static PlatformConfig kubernetes(KubeConnection kube, EventStreamsSettings eventStreams, String operatorApiVersion) {
        return new PlatformConfig(KUBERNETES, null, kube, eventStreams, operatorApiVersion);
    }

    public boolean local() {
        return LOCAL.equals(name);
    }

    /** The key the run keeps this configuration's platform under (no token in it: the connection's own key hashes it). */
    public String key() {
        return local() ? "platform:local:" + sandboxDir
                : "platform:kubernetes:" + kube.key() + "|" + eventStreams + "|" + operatorApiVersion;
    }
}
