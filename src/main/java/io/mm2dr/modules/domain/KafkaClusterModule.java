package io.mm2dr.modules.domain;

import io.mm2dr.domain.KafkaClusterSpec;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Platform;
import java.util.Map;

/**
 * {@code kafka_cluster}: a Kafka cluster, waited for until Ready. With {@code reuse_ca: true} it
 * adopts the CA secrets already in its namespace (restored from a backup) instead of generating
 * new ones, so that clients keep trusting it. Returns its bootstrap address and CA secret names.
 */
final class KafkaClusterModule extends DomainModule {
    private static final ArgSpec SPEC = waitArgs(flavorArg(ArgSpec.builder()
            .arg("name", ArgType.STR).required().description("the cluster's name").add()
            .arg("namespace", ArgType.STR).required().description("its region").add()
            .arg("brokers", ArgType.INT).defaultValue(3).description("how many brokers").add()
            .arg("storage", ArgType.STR).defaultValue("ephemeral").description("ephemeral, or a volume size per broker (10Gi)").add()
            .arg("listener_auth", ArgType.STR).choices("scram-sha-512", "tls", "none").defaultValue("scram-sha-512").description("the clients' listener's authentication").add()
            .arg("reuse_ca", ArgType.BOOL).defaultValue(false).description("adopt restored CA secrets instead of generating new ones").add()
            .arg("version", ArgType.STR).description("the Kafka version (default: the operator's)").add()
            .arg("controller_storage", ArgType.STR).defaultValue(KafkaClusterSpec.DEFAULT_CONTROLLER_STORAGE)
                    .description("Event Streams with ephemeral storage: the persistent volume of each KRaft controller "
                            + "(Event Streams 12 and later require persistent controllers)").add()
            .arg("external_listener", ArgType.DICT).options(ArgSpec.builder()
                    .arg("type", ArgType.STR).required().choices("route", "ingress", "loadbalancer", "nodeport")
                            .description("how it is exposed: route (OpenShift), ingress, loadbalancer or nodeport").add()
                    .arg("host_suffix", ArgType.STR).description("ingress: the DNS suffix of its bootstrap and broker hosts").add()
                    .arg("class", ArgType.STR).description("ingress: the ingress controller's class").add()
                    .build())
                    .description("on Kubernetes, a TLS listener named external for clients outside the cluster (the restore proof); "
                            + "omit it for the internal listener only").add()
            .arg("state", ArgType.STR).choices("present", "absent").defaultValue("present").description("present, or absent").add()), 1800)
            .build();

    @Override
    public String name() {
        return "kafka_cluster";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    Outcome apply(Map<String, Object> args, ModuleContext ctx, Platform platform) throws InterruptedException {
        int brokers = intArg(args, "brokers");
        if (brokers < 1) {
            throw new ArgumentError("brokers must be 1 or more, got " + brokers);
        }
        KafkaClusterSpec spec = new KafkaClusterSpec((String) args.get("name"), (String) args.get("namespace"), flavor(args, ctx),
                brokers, (String) args.get("storage"), (String) args.get("listener_auth"), Boolean.TRUE.equals(args.get("reuse_ca")),
                (String) args.get("version"), (String) args.get("controller_storage"), external(args.get("external_listener")));
        return platform.kafkaCluster(spec, present(args), timeout(args));
    }

    private static io.mm2dr.domain.ExternalListener external(Object given) {
        if (!(given instanceof Map<?, ?> m) || m.isEmpty() || m.get("type") == null) {
            return null;
        }
        try {
            return new io.mm2dr.domain.ExternalListener(String.valueOf(m.get("type")),
                    m.get("host_suffix") == null ? null : String.valueOf(m.get("host_suffix")),
                    m.get("class") == null ? null : String.valueOf(m.get("class")));
        } catch (IllegalArgumentException e) {
            throw new ArgumentError("external_listener: " + e.getMessage());
        }
    }
}
