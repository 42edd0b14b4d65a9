package io.mm2dr.domain.mm2;

import java.util.Locale;

/** How MirrorMaker 2 names the copies of topics on the target cluster. */
public enum ReplicationPolicy {
    /** Same topic names on both sides (the backup/restore case). */
    IDENTITY("org.apache.kafka.connect.mirror.IdentityReplicationPolicy"),
    /** Copies are prefixed with the source alias: {@code north-america.LH.ORDERS}. */
    DEFAULT("org.apache.kafka.connect.mirror.DefaultReplicationPolicy");

    private final String className;

    ReplicationPolicy(String className) {
        this.className = className;
    }

    /** The value of {@code replication.policy.class}. */
    public String className() {
        return className;
    }

    /** The word a playbook writes: {@code identity} or {@code default}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
