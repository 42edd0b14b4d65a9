package io.mm2dr.modules.kafka;

import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleProvider;
import java.util.List;

/** The modules that talk to Kafka brokers: proving a restore, consumer group positions, heartbeats, the drill report. */
public final class KafkaModules implements ModuleProvider {
    @Override
    public List<Module> modules() {
        return List.of(new MirrorCompareModule(), new ConsumerGroupInfoModule(), new MirrorHeartbeatModule(), new ConsumerGroupRestoreModule(),
                new DrillReportModule(), new BackupProtectionModule());
    }
}
