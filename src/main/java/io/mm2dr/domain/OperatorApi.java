package io.mm2dr.domain;

import java.util.List;
import java.util.Locale;

/**
 * One generation of an operator's custom resource API: the flavor's group at {@code v1beta2}
 * (Strimzi 0.45-0.51, Event Streams 11.x and 12.x) or at {@code v1} (Strimzi 0.49 and later,
 * Event Streams 13). The desired state is one model; only its rendering differs by generation:
 * in {@code v1}, KafkaConnect names its group and storage topics in the spec, KafkaMirrorMaker2
 * has a {@code target} and each mirror a {@code source}, and the heartbeat connector is gone.
 */
public record OperatorApi(Flavor flavor, Generation generation) {

    /** The API generations this tool renders, newest first (the order discovery prefers). */
    public enum Generation {
        V1("v1"), V1BETA2("v1beta2");

        private final String version;

        Generation(String version) {
            this.version = version;
        }

        public String version() {
            return version;
        }

        /** The generation named {@code v1} or {@code v1beta2}; null for any other version. */
        public static Generation of(String version) {
            for (Generation g : values()) {
                if (g.version.equals(version.trim().toLowerCase(Locale.ROOT))) {
                    return g;
                }
            }
            return null;
        }

        /** The versions this tool can render, for messages. */
        public static List<String> names() {
            return java.util.Arrays.stream(values()).map(Generation::version).toList();
        }
    }

    public OperatorApi {
        java.util.Objects.requireNonNull(flavor, "flavor");
        java.util.Objects.requireNonNull(generation, "generation");
    }

    /** {@code kafka.strimzi.io/v1}, {@code eventstreams.ibm.com/v1beta2}... */
    public String apiVersion() {
        return flavor.group() + "/" + generation.version();
    }

    public boolean v1() {
        return generation == Generation.V1;
    }

    /** The generation every release this tool supports serves; the default where nothing was discovered. */
    public static OperatorApi v1beta2(Flavor flavor) {
        return new OperatorApi(flavor, Generation.V1BETA2);
    }

    public static OperatorApi v1(Flavor flavor) {
        return new OperatorApi(flavor, Generation.V1);
    }

    @Override
    public String toString() {
        return apiVersion();
    }
}
