package io.mm2dr.modules.kafka;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kafka.Checkpoints;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.kafka.Protection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code backup_protection}: whether the backup cluster protects the primary right now (see
 * {@link Protection}): every topic mirrored, and every consumer group's position checkpointed on the
 * backup. Read-only, never changed. With {@code wait: true} it polls, reporting what it sees, until
 * the estate is protected, and fails at {@code timeout} saying, with the numbers, what is not.
 */
final class BackupProtectionModule extends KafkaModule {
    private static final long POLL_MILLIS = 2000;

    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("primary", ArgType.DICT).required().description("the protected cluster: {alias, cluster: {name, namespace} | bootstrap, user, password | password_secret, ca_cert | ca_secret}").add()
            .arg("backup", ArgType.DICT).required().description("the backup cluster MirrorMaker 2 feeds (identity replication policy), same keys").add()
            .arg("source_alias", ArgType.STR).description("the primary's alias in the backup MirrorMaker 2 (default: primary.alias)").add()
            .arg("topic_pattern", ArgType.STR).defaultValue(".*").description("regex of topics (full match); Kafka's and MirrorMaker 2's own never").add()
            .arg("groups", ArgType.STR).defaultValue(".*").description("regex of consumer groups (full match) whose positions must be checkpointed").add()
            .arg("checkpoints_topic", ArgType.STR).description("MirrorMaker 2's checkpoints topic on the backup (by default <source_alias>.checkpoints.internal)").add()
            .arg("wait", ArgType.BOOL).defaultValue(false).description("poll until protected; fail at timeout").add()
            .arg("timeout", ArgType.INT).defaultValue(300).description("seconds to wait").add()
            .build();

    @Override
    public String name() {
        return "backup_protection";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    ModuleResult run(Map<String, Object> args, ModuleContext ctx, Connections connections) {
        KafkaConnection primary = connections.of(args.get("primary"), "primary");
        KafkaConnection backup = connections.of(args.get("backup"), "backup");
        String alias = args.get("source_alias") != null ? (String) args.get("source_alias") : primary.alias();
        String checkpoints = args.get("checkpoints_topic") != null ? (String) args.get("checkpoints_topic") : Checkpoints.topic(alias);
        Pattern topics = MirrorCompareModule.pattern((String) args.get("topic_pattern"), "topic_pattern");
        Pattern groups = MirrorCompareModule.pattern((String) args.get("groups"), "groups");
        boolean wait = Boolean.TRUE.equals(args.get("wait"));
        long timeoutMillis = ((Number) args.get("timeout")).longValue() * 1000;
        long started = System.nanoTime();
        Protection.Result r = Protection.check(primary, backup, topics, groups, checkpoints);
        while (wait && !r.isProtected()) {
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            if (elapsed >= timeoutMillis || ctx.cancelled()) {
                break;
            }
            ctx.progress("waiting until " + backup.alias() + " protects " + primary.alias() + ": " + r.summary() + "; missing: "
                    + String.join("; ", r.gaps()));
            if (!ctx.sleep(Math.min(POLL_MILLIS, timeoutMillis - elapsed))) {
                break;
            }
            r = Protection.check(primary, backup, topics, groups, checkpoints);
        }
        double waited = Math.round((System.nanoTime() - started) / 1_000_000.0) / 1000.0;
        ModuleResult.Builder b;
        if (r.isProtected()) {
            b = ModuleResult.ok().msg(backup.alias() + " protects " + primary.alias() + ": " + r.summary());
        } else if (wait) {
            b = ModuleResult.failed(backup.alias() + " does not protect " + primary.alias() + " after " + Math.round(waited) + " s: "
                    + String.join("; ", r.gaps()) + " (" + r.summary() + ")");
        } else {
            b = ModuleResult.ok().msg(backup.alias() + " does not protect " + primary.alias() + " yet: " + String.join("; ", r.gaps())
                    + " (" + r.summary() + ")");
        }
        return b.putAll(r.report()).put("seconds_waited", waited).build();
    }
}
