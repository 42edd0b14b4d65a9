package io.mm2dr.modules.domain;

import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleName;
import io.mm2dr.engine.module.ModuleProvider;
import java.util.List;

/** The modules of the disaster-recovery domain (namespace mm2dr.kafka), each working on every platform. */
public final class DomainModules implements ModuleProvider {
    private static final String NS = "mm2dr.kafka";

    @Override
    public List<Module> modules() {
        return names().stream().map(n -> make(n.name())).toList();
    }

    /** By name, each made at its first use. */
    @Override
    public List<ModuleName> names() {
        return List.of(new ModuleName(NS, "namespace"),
                new ModuleName(NS, "kafka_cluster"),
                new ModuleName(NS, "kafka_topic"),
                new ModuleName(NS, "kafka_user"),
                new ModuleName(NS, "secret"),
                new ModuleName(NS, "application"),
                new ModuleName(NS, "kafka_app"),
                new ModuleName(NS, "mirror_maker2"),
                new ModuleName(NS, "topology_check"));
    }

    @Override
    public Module make(String name) {
        return switch (name) {
            case "namespace" -> new NamespaceModule();
            case "kafka_cluster" -> new KafkaClusterModule();
            case "kafka_topic" -> new KafkaTopicModule();
            case "kafka_user" -> new KafkaUserModule();
            case "secret" -> new SecretModule();
            case "application" -> new ApplicationModule();
            case "kafka_app" -> new KafkaAppModule();
            case "mirror_maker2" -> new MirrorMaker2Module();
            case "topology_check" -> new TopologyCheckModule();
            default -> throw new IllegalArgumentException("no module " + name);
        };
    }
}
