package io.mm2dr.platform.local;

import io.mm2dr.domain.ApplicationSpec;
import io.mm2dr.domain.KafkaAppSpec;
import io.mm2dr.domain.mm2.MirrorMaker2Spec;
import io.mm2dr.platform.Outcome;
import io.mm2dr.platform.Outcome.Kind;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.SandboxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The sandbox's workloads: the demo applications ({@code kafka_app}), MirrorMaker 2, and pausing
 * and resuming either ({@code application}). The configuration asked is compared with the one
 * recorded in the workload's state file; a difference, or a process that died, is a restart
 * written through the {@link SandboxGateway}. A paused workload keeps its 0 replicas.
 */
final class LocalWorkloads {
    private final SandboxGateway gateway;
    private final Sandbox sandbox;
    private final FileWorkload.Secrets secrets;
    private final UnaryOperator<String> bootstrap;

    LocalWorkloads(SandboxGateway gateway, FileWorkload.Secrets secrets, UnaryOperator<String> bootstrap) {
        this.gateway = gateway;
        this.sandbox = gateway.sandbox();
        this.secrets = secrets;
        this.bootstrap = bootstrap;
    }

    private LocalMirrorMaker mirrorMaker(String namespace, String name) {
        return new LocalMirrorMaker(sandbox, namespace, name, secrets, bootstrap).progress(gateway.scope().progress());
    }

    private LocalApp app(String namespace, String name) {
        return new LocalApp(sandbox, namespace, name, secrets, bootstrap);
    }

    // ---- pause and resume --------------------------------------------------------------------

    Outcome application(ApplicationSpec spec, Duration timeout) throws InterruptedException {
        Outcome outcome = Outcome.NONE.fact("kind", spec.kind()).fact("name", spec.name());
        Workload w = workload(spec.kind(), spec.namespace(), spec.name());
        if (w == null) {
            return outcome.warn(gateway.unmet("no " + spec.kind() + " " + spec.name() + " in namespace " + spec.namespace()
                    + " of the sandbox " + sandbox.root() + ": nothing to " + (spec.running() ? "resume" : "pause")));
        }
        int replicas = w.replicas();
        outcome = outcome.fact("was_paused", replicas == 0);
        if (!spec.running()) {
            outcome = outcome.fact("paused", true);
            if (replicas == 0) {
                return outcome.fact("replicas", 0).fact("recorded_replicas", w.recordedReplicas()).with(w.object(), Kind.UNCHANGED, "paused");
            }
            gateway.pause(w, replicas);
            return outcome.fact("recorded_replicas", replicas).fact("replicas", 0).with(w.object(), Kind.UPDATED, "paused");
        }
        outcome = outcome.fact("paused", false);
        if (replicas > 0) {
            if (w.alive()) {
                return outcome.fact("replicas", replicas).with(w.object(), Kind.UNCHANGED, "running");
            }
            gateway.start(w, null, timeout);
            return outcome.fact("replicas", replicas).with(w.object(), Kind.UPDATED, "restarted");
        }
        Integer target = w.recordedReplicas() != null ? w.recordedReplicas() : spec.replicas();
        if (target == null) {
            throw new SandboxException(w.object() + " is paused with no recorded replica count: give 'replicas' to resume it");
        }
        outcome = outcome.fact("recorded_replicas", w.recordedReplicas());
        gateway.start(w, target, timeout);
        return outcome.fact("replicas", target).with(w.object(), Kind.UPDATED, "resumed");
    }

    private Workload workload(String kind, String namespace, String name) {
        return switch (kind) {
            case "KafkaMirrorMaker2" -> {
                LocalMirrorMaker mm = mirrorMaker(namespace, name);
                yield mm.exists() ? mm : null;
            }
            case "Deployment", "KafkaConnect" -> {
                LocalApp app = app(namespace, name);
                yield app.exists() && kind.equals(app.kind()) ? app : null;
            }
            default -> throw new SandboxException("the local sandbox has no " + kind + " (Deployment, KafkaConnect or KafkaMirrorMaker2)");
        };
    }

    // ---- demo applications -------------------------------------------------------------------

    Outcome kafkaApp(KafkaAppSpec spec, boolean present, Duration timeout) throws InterruptedException {
        LocalApp app = app(spec.namespace(), spec.name());
        Outcome outcome = Outcome.NONE.fact("name", spec.name()).fact("role", spec.role());
        outcome = "consumer".equals(spec.role()) ? outcome.fact("group", spec.group()).fact("topics", spec.topicPattern())
                : outcome.fact("topics", spec.topics());
        String object = app.object(spec);
        boolean exists = app.exists();
        if (!present) {
            if (exists) {
                gateway.deleteWorkload(app, app.dir());
            }
            return outcome.with(object, exists ? Kind.DELETED : Kind.UNCHANGED, exists ? null : "absent");
        }
        outcome = LocalPlatform.requireNamespace(gateway, spec.namespace(), outcome);
        if ("producer".equals(spec.role()) && spec.replicas() > 1) {
            outcome = outcome.warn("the local sandbox runs one producer process for " + spec.name() + " (" + spec.replicas() + " replicas asked)");
        }
        Map<String, Object> desired = LocalApp.desired(spec);
        boolean same = exists && desired.equals(app.config());
        outcome = outcome.fact("log", app.process(0).logFile().toString());
        if (exists && app.replicas() == 0) {
            if (!same) {
                gateway.writePausedApp(app, spec, desired);
            }
            return outcome.fact("paused", true).with(object, same ? Kind.UNCHANGED : Kind.UPDATED, "paused");
        }
        if (same && app.alive()) {
            gateway.awaitStarted(app, timeout);
            return outcome.with(object, Kind.UNCHANGED, "running");
        }
        gateway.restartApp(app, spec, desired, "producer".equals(spec.role()) ? 1 : spec.replicas(), timeout);
        return outcome.with(object, !exists ? Kind.CREATED : Kind.UPDATED, exists && same ? "restarted" : null);
    }

    // ---- MirrorMaker 2 -----------------------------------------------------------------------

    Outcome mirrorMaker2(MirrorMaker2Spec spec, Duration timeout) throws InterruptedException {
        LocalMirrorMaker mm = mirrorMaker(spec.namespace(), spec.name());
        Outcome outcome = Outcome.NONE.fact("name", spec.name()).fact("namespace", spec.namespace()).fact("internal_topics", spec.internalTopics());
        outcome = LocalPlatform.requireNamespace(gateway, spec.namespace(), outcome);
        if (spec.replicas() > 1) {
            outcome = outcome.warn("the local sandbox runs one MirrorMaker 2 process for " + spec.name() + " (" + spec.replicas() + " replicas asked)");
        }
        Map<String, String> desired = LocalMirrorMaker.properties(spec);
        boolean exists = mm.exists();
        boolean same = exists && desired.equals(mm.config());
        outcome = outcome.fact("log", mm.process().logFile().toString());
        if (exists && mm.replicas() == 0) {
            if (!same) {
                gateway.writePausedMirrorMaker(mm, spec, desired);
            }
            return outcome.fact("paused", true).with(mm.object(), same ? Kind.UNCHANGED : Kind.UPDATED, "paused");
        }
        outcome = outcome.fact("paused", false);
        boolean stale = false;
        if (same && mm.alive()) {
            stale = mm.inputsChanged();
            if (!stale) {
                gateway.awaitStarted(mm, timeout);
                return outcome.with(mm.object(), Kind.UNCHANGED, "running");
            }
        }
        Map<String, Object> before = exists ? LocalMirrorMaker.shown(mm.config()) : Map.of();
        gateway.restartMirrorMaker(mm, spec, desired, timeout);
        return outcome.diff(Map.of("before", before, "after", LocalMirrorMaker.shown(desired)))
                .with(mm.object(), !exists ? Kind.CREATED : Kind.UPDATED, stale ? "restarted: an address or secret it reads at its start has changed"
                        : exists && same ? "restarted" : null);
    }

    Outcome removeMirrorMaker2(String name, String namespace) {
        LocalMirrorMaker mm = mirrorMaker(namespace, name);
        boolean exists = mm.exists();
        if (exists) {
            gateway.deleteWorkload(mm, mm.dir());
        }
        return Outcome.NONE.fact("name", name).fact("namespace", namespace)
                .with(mm.object(), exists ? Kind.DELETED : Kind.UNCHANGED, exists ? null : "absent");
    }

    List<MirrorMaker2Spec.OtherMirrorMaker2> otherMirrorMakers() {
        List<MirrorMaker2Spec.OtherMirrorMaker2> out = new ArrayList<>();
        for (String ns : sandbox.namespaces()) {
            for (Path dir : sandbox.objects(ns, "mm2")) {
                MirrorMaker2Spec.OtherMirrorMaker2 other = mirrorMaker(ns, dir.getFileName().toString()).asOther();
                if (other != null) {
                    out.add(other);
                }
            }
        }
        return out;
    }
}
