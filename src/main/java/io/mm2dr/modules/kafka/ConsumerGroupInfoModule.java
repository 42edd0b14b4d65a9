package io.mm2dr.modules.kafka;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kafka.ConsumerGroups;
import io.mm2dr.kafka.KafkaConnection;
import java.util.Map;

/** {@code consumer_group_info}: committed offsets, end offsets and lag of the groups matching a pattern. */
final class ConsumerGroupInfoModule extends KafkaModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("cluster", ArgType.DICT).required().description("{cluster: {name, namespace} | bootstrap, user, password | password_secret, ca_cert | ca_secret}").add()
            .arg("groups", ArgType.STR).defaultValue(".*").description("regex of group names (full match)").add()
            .arg("topics", ArgType.STR).description("regex of topics to report (full match); all by default").add()
            .build();

    @Override
    public String name() {
        return "consumer_group_info";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    ModuleResult run(Map<String, Object> args, ModuleContext ctx, Connections connections) {
        KafkaConnection c = connections.of(args.get("cluster"), "cluster");
        Map<String, Object> groups = ConsumerGroups.describe(c, MirrorCompareModule.pattern((String) args.get("groups"), "groups"),
                MirrorCompareModule.pattern((String) args.get("topics"), "topics"));
        long lag = groups.values().stream().mapToLong(g -> ((Number) ((Map<?, ?>) g).get("lag")).longValue()).sum();
        return ModuleResult.ok().put("groups", groups).put("total_lag", lag).build();
    }
}
