package io.mm2dr.modules.kafka;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kafka.GroupPositionRestore;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.kafka.DrillRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * {@code consumer_group_restore}: puts consumer groups on the restored cluster exactly where they
 * were on the lost one (see {@link GroupPositionRestore}); says, per partition, how the position
 * was found, and how many records a group may read again where it could not be proven.
 */
final class ConsumerGroupRestoreModule extends KafkaModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("backup", ArgType.DICT).required().description("the backup cluster, holding MirrorMaker 2's checkpoints of the lost one").add()
            .arg("restored", ArgType.DICT).required().description("the restored cluster, where the groups resume").add()
            .arg("source_alias", ArgType.STR).required().description("the lost cluster's alias in the backup MirrorMaker 2").add()
            .arg("groups", ArgType.STR).defaultValue(".*").description("regex of group names (full match)").add()
            .arg("checkpoints_topic", ArgType.STR).description("MirrorMaker 2's checkpoints topic on the backup (by default <source_alias>.checkpoints.internal)").add()
            .arg("offset_syncs_topic", ArgType.STR).description("MirrorMaker 2's offset syncs topic (by default mm2-offset-syncs.<source_alias>.internal, offset syncs on the target)").add()
            .arg("record", ArgType.PATH).description("the drill record: the groups whose positions region-loss captured must each be restored").add()
            .arg("allow_unproven", ArgType.BOOL).defaultValue(false)
                    .description("resume a captured group with no checkpoint anyway, reported as not proven (default: fail naming it)").add()
            .build();

    @Override
    public String name() {
        return "consumer_group_restore";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    ModuleResult run(Map<String, Object> args, ModuleContext ctx, Connections connections) {
        KafkaConnection backup = connections.of(args.get("backup"), "backup");
        KafkaConnection restored = connections.of(args.get("restored"), "restored");
        String alias = (String) args.get("source_alias");
        String checkpoints = args.get("checkpoints_topic") != null ? (String) args.get("checkpoints_topic") : alias + ".checkpoints.internal";
        String syncs = args.get("offset_syncs_topic") != null ? (String) args.get("offset_syncs_topic") : "mm2-offset-syncs." + alias + ".internal";
        List<String> warnings = new ArrayList<>();
        boolean[] changed = {false};
        Map<String, Map<TopicPartition, Long>> expected = new TreeMap<>();
        if (args.get("record") != null) {
            DrillRecord record = DrillRecord.load(Path.of((String) args.get("record")));
            if (record != null) {
                expected = record.capturedGroups();
            }
        }
        Pattern pattern = MirrorCompareModule.pattern((String) args.get("groups"), "groups");
        Map<String, Object> groups = new GroupPositionRestore(backup, restored, checkpoints, syncs, ctx::progress)
                .restore(pattern, expected, Boolean.TRUE.equals(args.get("allow_unproven")), ctx.checkMode(), warnings, changed);
        if (args.get("record") != null && !ctx.checkMode() && !groups.isEmpty()) {
            // noted at once: a stage cut short after this task still knows where the groups were put
            Path file = Path.of((String) args.get("record"));
            DrillRecord record = DrillRecord.load(file);
            if (record != null) {
                record.restored(groups);
                record.save(file);
            }
        }
        long rereads = groups.values().stream().mapToLong(g -> ((Number) ((Map<?, ?>) g).get("may_reread")).longValue()).sum();
        long notProven = groups.values().stream().mapToLong(g -> ((Number) ((Map<?, ?>) g).get("not_proven")).longValue()).sum();
        String msg = groups.isEmpty()
                ? "no consumer group to restore: none matching " + pattern.pattern() + " has a checkpoint on the backup"
                        + (args.get("record") != null ? " or a position captured in the drill record" : "") + "; nothing was proven"
                : groups.size() + " group(s); " + (notProven == 0 ? "every position proven exact"
                        : notProven + " partition(s) not proven exact"
                        + (rereads > 0 ? " (at least " + rereads + " record(s) may be read again)" : ""));
        ModuleResult.Builder r = ModuleResult.changed(changed[0]).put("groups", groups).put("may_reread", rereads).put("not_proven", notProven)
                .msg(msg);
        warnings.forEach(r::warn);
        return r.build();
    }
}
