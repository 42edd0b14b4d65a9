package io.mm2dr.domain.mm2;

import java.util.Objects;

/** One key of a Kubernetes secret in the MirrorMaker 2's namespace: a password or a CA certificate. */
public record SecretKeyRef(String name, String key) {
    public SecretKeyRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
    }
}
