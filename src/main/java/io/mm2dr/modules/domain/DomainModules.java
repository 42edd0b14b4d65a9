package io.mm2dr.modules.domain;

import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleProvider;
import java.util.List;

/** The modules of the disaster-recovery domain (namespace mm2dr.kafka), each working on every platform. */
public final class DomainModules implements ModuleProvider {
    @Override
    public List<Module> modules() {
        return List.of(new NamespaceModule(), new KafkaClusterModule(), new KafkaTopicModule(), new KafkaUserModule(),
                new SecretModule(), new ApplicationModule(), new KafkaAppModule(), new MirrorMaker2Module(), new TopologyCheckModule());
    }
}
