package io.mm2dr.modules.domain;

import io.mm2dr.domain.KafkaTopicSpec;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Platform;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code kafka_topic}: a topic of a cluster, with its partitions, replicas and config. An existing
 * topic's partitions are never reduced (Kafka cannot) and only grown with
 * {@code allow_partition_increase: true}; both are refused before anything is written, in check
 * mode too.
 */
final class KafkaTopicModule extends DomainModule {
    private static final ArgSpec SPEC = waitArgs(flavorArg(ArgSpec.builder()
            .arg("name", ArgType.STR).required().description("the Kafka topic name (LH.ORDERS)").add()
            .arg("cluster", ArgType.STR).required().description("the Kafka cluster's name").add()
            .arg("namespace", ArgType.STR).required().description("the cluster's region").add()
            .arg("partitions", ArgType.INT).defaultValue(1).description("partitions of the topic").add()
            .arg("replicas", ArgType.INT).defaultValue(3).description("replicas of each partition").add()
            .arg("config", ArgType.DICT).description("Kafka topic configuration (retention.ms, min.insync.replicas...)").add()
            .arg("allow_partition_increase", ArgType.BOOL).defaultValue(false)
                    .description("let an existing topic grow to more partitions (cannot be undone); fewer is always refused").add()
            .arg("state", ArgType.STR).choices("present", "absent").defaultValue("present").description("present, or absent").add()), 300)
            .build();

    @Override
    public String name() {
        return "kafka_topic";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    @SuppressWarnings("unchecked")
    Outcome apply(Map<String, Object> args, ModuleContext ctx, Platform platform) throws InterruptedException {
        int partitions = intArg(args, "partitions");
        int replicas = intArg(args, "replicas");
        if (partitions < 1 || replicas < 1) {
            throw new ArgumentError("partitions and replicas must be 1 or more");
        }
        Map<String, Object> config = args.get("config") == null ? Map.of() : new LinkedHashMap<>((Map<String, Object>) args.get("config"));
        KafkaTopicSpec spec = new KafkaTopicSpec((String) args.get("name"), (String) args.get("cluster"), (String) args.get("namespace"),
                flavor(args, ctx), partitions, replicas, config, Boolean.TRUE.equals(args.get("allow_partition_increase")));
        return platform.kafkaTopic(spec, present(args), timeout(args));
    }
}
