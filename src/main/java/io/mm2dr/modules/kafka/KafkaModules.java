package io.mm2dr.modules.kafka;

import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleName;
import io.mm2dr.engine.module.ModuleProvider;
import java.util.List;

/** The modules that talk to Kafka brokers: proving a restore, consumer group positions, heartbeats, the drill report. */
public final class KafkaModules implements ModuleProvider {
    private static final String NS = "mm2dr.kafka";

    @Override
    public List<Module> modules() {
        return names().stream().map(n -> make(n.name())).toList();
    }

    /** By name, each made at its first use. */
    @Override
    public List<ModuleName> names() {
        return List.of(new ModuleName(NS, "mirror_compare"),
                new ModuleName(NS, "consumer_group_info"),
                new ModuleName(NS, "mirror_heartbeat"),
                new ModuleName(NS, "consumer_group_restore"),
                new ModuleName(NS, "drill_report"),
                new ModuleName(NS, "backup_protection"),
                new ModuleName(NS, "topic_config_wait"));
    }

    @Override
    public Module make(String name) {
        return switch (name) {
            case "mirror_compare" -> new MirrorCompareModule();
            case "consumer_group_info" -> new ConsumerGroupInfoModule();
            case "mirror_heartbeat" -> new MirrorHeartbeatModule();
            case "consumer_group_restore" -> new ConsumerGroupRestoreModule();
            case "drill_report" -> new DrillReportModule();
            case "backup_protection" -> new BackupProtectionModule();
            case "topic_config_wait" -> new TopicConfigWaitModule();
            default -> throw new IllegalArgumentException("no module " + name);
        };
    }
}
