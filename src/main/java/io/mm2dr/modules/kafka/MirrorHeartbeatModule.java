package io.mm2dr.modules.kafka;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kafka.Heartbeats;
import io.mm2dr.kafka.KafkaConnection;
import java.time.Instant;
import java.util.Map;

/**
 * {@code mirror_heartbeat}: how old the newest MirrorMaker 2 heartbeat from a source is on a
 * backup cluster; fails when it is older than {@code max_age_seconds} (MirrorMaker 2 has stopped).
 * A heartbeat is written by MM2 next to the backup, so it proves MM2 alive, not the source
 * readable: the age of the newest checkpoint of the source's groups, which MM2 writes only while it
 * reads them, is reported too, and checked against {@code max_checkpoint_age_seconds} if given.
 */
final class MirrorHeartbeatModule extends KafkaModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("cluster", ArgType.DICT).required().description("the backup cluster: {cluster: {name, namespace} | bootstrap, user, password | password_secret, ...}").add()
            .arg("source", ArgType.STR).required().description("the source cluster alias the heartbeats come from").add()
            .arg("target", ArgType.STR).description("the target cluster alias (default: any)").add()
            .arg("topic", ArgType.STR).defaultValue("heartbeats").description("the heartbeats topic on the cluster").add()
            .arg("max_age_seconds", ArgType.INT).defaultValue(180).description("fail when the newest heartbeat is older").add()
            .arg("max_checkpoint_age_seconds", ArgType.INT).description("also fail when the newest checkpoint of the source is older").add()
            .arg("checkpoints_topic", ArgType.STR).description("MirrorMaker 2's checkpoints topic of the source (by default <source>.checkpoints.internal)").add()
            .build();

    @Override
    public String name() {
        return "mirror_heartbeat";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    ModuleResult run(Map<String, Object> args, ModuleContext ctx, Connections connections) {
        KafkaConnection c = connections.of(args.get("cluster"), "cluster");
        String source = (String) args.get("source");
        String target = (String) args.get("target");
        String topic = (String) args.get("topic");
        long max = ((Number) args.get("max_age_seconds")).longValue();
        Heartbeats.Newest newest = Heartbeats.newest(c, topic, source, target);
        if (newest == null) {
            return ModuleResult.failed("no heartbeat from " + source + (target == null ? "" : " to " + target) + " in " + topic
                    + " on " + c.describe() + ": MirrorMaker 2 has not mirrored from it, or its heartbeats are off").build();
        }
        long age = Math.max(0, (System.currentTimeMillis() - newest.timestamp()) / 1000);
        String when = Instant.ofEpochMilli(newest.timestamp()).toString();
        String checkpoints = args.get("checkpoints_topic") != null ? (String) args.get("checkpoints_topic") : source + ".checkpoints.internal";
        long checkpoint = Heartbeats.newestRecord(c, checkpoints);
        Long checkpointAge = checkpoint < 0 ? null : Math.max(0, (System.currentTimeMillis() - checkpoint) / 1000);
        Object maxCheckpoint = args.get("max_checkpoint_age_seconds");
        ModuleResult.Builder r;
        if (age > max) {
            r = ModuleResult.failed("the newest heartbeat from " + source + " is " + age + " s old (at " + when + "), more than "
                    + max + " s: the backup is not being fed");
        } else if (maxCheckpoint != null && (checkpointAge == null || checkpointAge > ((Number) maxCheckpoint).longValue())) {
            r = ModuleResult.failed("MirrorMaker 2 is alive, but the newest checkpoint of " + source + "'s groups in " + checkpoints + " is "
                    + (checkpointAge == null ? "missing" : checkpointAge + " s old") + ", more than " + maxCheckpoint
                    + " s: it cannot read the source");
        } else {
            r = ModuleResult.ok().msg("the newest heartbeat from " + source + " is " + age + " s old");
        }
        return r.put("age_seconds", age).put("newest", when).put("source", source).put("target", newest.target())
                .put("heartbeats_read", newest.read()).put("checkpoint_age_seconds", checkpointAge).build();
    }
}
