package io.mm2dr.modules.kafka;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kafka.KafkaConnection;
import io.mm2dr.kafka.PartitionCheck;
import io.mm2dr.kafka.RestoreCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code mirror_compare}: declares a restore complete, or says why not. Compares the topics of two
 * clusters partition by partition, record by record (key, value, timestamp, timestamp type,
 * headers; never offsets). With {@code wait: true} it keeps reading until the target has caught
 * up or the timeout passes, reporting how many records are compared of those the source holds, and
 * how many partitions are proven. Without -v its one line ({@code msg}) is shown; with -v the whole result.
 */
final class MirrorCompareModule extends KafkaModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("source", ArgType.DICT).required().description("the cluster restored from: {cluster: {name, namespace} | bootstrap, user, password | password_secret, ca_cert | ca_secret}").add()
            .arg("target", ArgType.DICT).required().description("the restored cluster, same keys").add()
            .arg("topics", ArgType.LIST).description("topic names").add()
            .arg("topic_pattern", ArgType.STR).description("or a regex of topic names (full match)").add()
            .arg("duplicates", ArgType.STR).choices("allow", "fail").defaultValue("fail")
            .description("records the target holds twice (MirrorMaker 2 re-sends after a failure without exactly-once)").add()
            .arg("duplicates_window", ArgType.INT).defaultValue(100_000).description("how far back a re-sent record is recognised, per partition").add()
            .arg("sensitive_topics", ArgType.STR).description("regex of topics whose record contents are never shown").add()
            .arg("wait", ArgType.BOOL).defaultValue(false).description("keep reading until the target has caught up, or timeout").add()
            .arg("timeout", ArgType.INT).defaultValue(600).description("seconds to wait").add()
            .arg("poll_interval", ArgType.INT).defaultValue(5).description("seconds between looks at what is new").add()
            .arg("replication_policy", ArgType.STR).choices("identity", "default").defaultValue("identity")
                .description("how MirrorMaker 2 names the copies: identity (the same names) or default (<source_alias><separator><topic>)").add()
            .arg("source_alias", ArgType.STR).description("with the default policy: the source cluster's alias in MirrorMaker 2 (the copies' prefix)").add()
            .arg("separator", ArgType.STR).defaultValue(".").description("with the default policy: the separator after the alias").add()
            .arg("up_to", ArgType.STR).choices("end", "start").defaultValue("end")
                .description("end: every record of the source, as it ends when the compare does (a restore: nobody writes to the source);"
                        + " start: the records the source held when the compare started (the recorded point, returned), for a source"
                        + " still written to: later records on the target are not differences").add()
            .arg("earlier_history", ArgType.STR).choices("fail", "allow").defaultValue("fail")
                .description("allow: the target may begin with records from before the source's first one (a copy that outlived its source"
                        + " cluster, recreated since); they are skipped and counted (earlier_records), the comparison starting at the source's first record").add()
            .requiredIf("replication_policy", "default", "source_alias")
            .requiredOneOf("topics", "topic_pattern")
            .mutuallyExclusive("topics", "topic_pattern")
            .build();

    @Override
    public String name() {
        return "mirror_compare";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    ModuleResult run(Map<String, Object> args, ModuleContext ctx, Connections connections) throws Exception {
        KafkaConnection source = connections.of(args.get("source"), "source");
        KafkaConnection target = connections.of(args.get("target"), "target");
        List<String> names = args.get("topics") == null ? null : ((List<?>) args.get("topics")).stream().map(String::valueOf).toList();
        Pattern pattern = pattern((String) args.get("topic_pattern"), "topic_pattern");
        RestoreCheck.Options options = new RestoreCheck.Options(names, pattern,
                "allow".equals(args.get("duplicates")) ? PartitionCheck.Duplicates.ALLOW : PartitionCheck.Duplicates.FAIL,
                ((Number) args.get("duplicates_window")).intValue(), pattern((String) args.get("sensitive_topics"), "sensitive_topics"),
                Boolean.TRUE.equals(args.get("wait")), Duration.ofSeconds(((Number) args.get("timeout")).longValue()),
                Duration.ofSeconds(Math.max(1, ((Number) args.get("poll_interval")).longValue())),
                "default".equals(args.get("replication_policy")) ? args.get("source_alias") + String.valueOf(args.get("separator")) : "",
                "start".equals(args.get("up_to")), "allow".equals(args.get("earlier_history")));
        RestoreCheck.Outcome o;
        Map<String, Map<Integer, Long>> recordedPoint;
        try (RestoreCheck check = new RestoreCheck(source, target, options, ctx::progress, ctx::cancelled)) {
            o = check.run();
            recordedPoint = check.recordedPoint();
        }
        boolean failed = o.differs() || (options.waitForIt() && !o.complete());
        // without -v its msg is shown as the result's one line; with -v the whole result
        ModuleResult.Builder r = (failed ? ModuleResult.failed(o.summary()) : ModuleResult.ok().msg(o.summary()).put(HostResult.SUMMARY_KEY, true))
                .put("complete", o.complete())
                .put("source_records", o.sourceRecords())
                .put("restored_records", o.restoredRecords())
                .put("topics", o.topics());
        if (recordedPoint != null) {
            r.put("recorded_point", recordedPoint);
        }
        if (o.firstDifference() != null) {
            r.put("first_difference", o.firstDifference());
        }
        return r.build();
    }

    static Pattern pattern(String regex, String arg) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ArgumentError(arg + ": invalid regex '" + regex + "': " + e.getDescription());
        }
    }
}
