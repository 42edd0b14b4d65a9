package io.mm2dr.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What "ready" means for an object, and whether a given state of it is: a named status condition
 * (type, status, optional reason), the replica counts of a workload, or mere existence. A
 * condition only counts once the controller has seen the object's latest generation, so a
 * {@code Ready=True} left over from before an update is not taken for the new state.
 */
public sealed interface Readiness {

    /** A description for progress and timeout messages: "condition Ready=True". */
    String describe();

    /** Whether this state of the object is ready, and what was seen. */
    Verdict check(Map<String, Object> object);

    record Verdict(boolean ready, String seen) {
    }

    /** The default of {@code kubernetes.core}: workloads wait for their replicas, others for existence. */
    static Readiness forKind(String kind) {
        return switch (kind) {
            case "Deployment", "StatefulSet", "ReplicaSet" -> new Replicas();
            case "Pod" -> new Condition("Ready", "True", null);
            case "DaemonSet" -> new DaemonSetReady();
            default -> new Exists();
        };
    }

    record Exists() implements Readiness {
        @Override
        public String describe() {
            return "to exist";
        }

        @Override
        public Verdict check(Map<String, Object> object) {
            return new Verdict(object != null, object != null ? "exists" : "absent");
        }
    }

    record Condition(String type, String status, String reason) implements Readiness {
        public Condition {
            Objects.requireNonNull(type, "type");
            status = status == null ? "True" : status;
        }

        @Override
        public String describe() {
            return "condition " + type + "=" + status + (reason != null ? " (reason " + reason + ")" : "");
        }

        @Override
        public Verdict check(Map<String, Object> object) {
            if (object == null) {
                return new Verdict(false, "absent");
            }
            Map<String, Object> st = KubeObjects.map(object, "status");
            String stale = staleGeneration(object, st);
            List<String> seen = new ArrayList<>();
            boolean match = false;
            for (Map<String, Object> c : KubeObjects.maps(st, "conditions")) {
                String t = String.valueOf(c.get("type"));
                String s = String.valueOf(c.get("status"));
                Object r = c.get("reason");
                StringBuilder sb = new StringBuilder(t).append('=').append(s);
                if (r != null) {
                    sb.append(" (").append(r);
                    if (c.get("message") != null) {
                        sb.append(": ").append(c.get("message"));
                    }
                    sb.append(')');
                }
                seen.add(sb.toString());
                if (type.equals(t) && status.equalsIgnoreCase(s) && (reason == null || reason.equals(r))) {
                    match = true;
                }
            }
            String seenText = seen.isEmpty() ? "no conditions yet" : String.join(", ", seen);
            if (stale != null) {
                return new Verdict(false, stale + "; " + seenText);
            }
            return new Verdict(match, seenText);
        }
    }

    /** Deployments and StatefulSets: every desired replica updated and ready, and the rollout observed. */
    record Replicas() implements Readiness {
        @Override
        public String describe() {
            return "all replicas ready";
        }

        @Override
        public Verdict check(Map<String, Object> object) {
            if (object == null) {
                return new Verdict(false, "absent");
            }
            long desired = KubeObjects.longAt(object, 1, "spec", "replicas");
            Map<String, Object> st = KubeObjects.map(object, "status");
            long ready = KubeObjects.longAt(st, 0, "readyReplicas");
            long updated = KubeObjects.longAt(st, 0, "updatedReplicas");
            long total = KubeObjects.longAt(st, 0, "replicas");
            String seen = ready + "/" + desired + " ready, " + updated + " updated";
            String stale = staleGeneration(object, st);
            if (stale != null) {
                return new Verdict(false, stale + "; " + seen);
            }
            boolean done = ready == desired && updated == desired && total == desired;
            return new Verdict(done, seen);
        }
    }

    /** DaemonSets, as kubernetes.core waits for them: every node's pod scheduled, updated and ready, the rollout observed. */
    record DaemonSetReady() implements Readiness {
        @Override
        public String describe() {
            return "its pods ready on every node";
        }

        @Override
        public Verdict check(Map<String, Object> object) {
            if (object == null) {
                return new Verdict(false, "absent");
            }
            Map<String, Object> st = KubeObjects.map(object, "status");
            long desired = KubeObjects.longAt(st, -1, "desiredNumberScheduled");
            long updated = KubeObjects.longAt(st, 0, "updatedNumberScheduled");
            long ready = KubeObjects.longAt(st, 0, "numberReady");
            long unavailable = KubeObjects.longAt(st, 0, "numberUnavailable");
            String seen = desired < 0 ? "no status yet" : ready + "/" + desired + " ready, " + updated + " updated";
            String stale = staleGeneration(object, st);
            if (stale != null) {
                return new Verdict(false, stale + "; " + seen);
            }
            return new Verdict(desired >= 0 && updated == desired && ready == desired && unavailable == 0, seen);
        }
    }

    /**
     * A scaled custom resource (KafkaConnect, KafkaMirrorMaker2): its operator has seen the new
     * generation, reports the asked replica count if it reports one, and is Ready if it has conditions.
     */
    record ScaledTo(long replicas) implements Readiness {
        @Override
        public String describe() {
            return "scaled to " + replicas + " and Ready";
        }

        @Override
        public Verdict check(Map<String, Object> object) {
            if (object == null) {
                return new Verdict(false, "absent");
            }
            Map<String, Object> st = KubeObjects.map(object, "status");
            String stale = staleGeneration(object, st);
            long reported = KubeObjects.longAt(st, -1, "replicas");
            Verdict ready = new Condition("Ready", "True", null).check(object);
            String seen = (reported >= 0 ? reported + " replicas, " : "") + ready.seen();
            if (stale != null) {
                return new Verdict(false, seen);
            }
            boolean countOk = reported < 0 || reported == replicas;
            boolean conditionsOk = KubeObjects.maps(st, "conditions").isEmpty() || ready.ready();
            return new Verdict(countOk && conditionsOk, seen);
        }
    }

    /**
     * A KafkaConnect or KafkaMirrorMaker2: Ready for the latest generation, and every connector and
     * task it reports RUNNING (the operator says Ready while a connector has FAILED).
     */
    record ConnectorsRunning() implements Readiness {
        @Override
        public String describe() {
            return "Ready with every connector RUNNING";
        }

        @Override
        public Verdict check(Map<String, Object> object) {
            Verdict ready = new Condition("Ready", "True", null).check(object);
            if (!ready.ready()) {
                return ready;
            }
            List<String> notRunning = new ArrayList<>();
            for (Map<String, Object> c : KubeObjects.maps(KubeObjects.map(object, "status"), "connectors")) {
                String name = String.valueOf(c.get("name"));
                String state = KubeObjects.stringAt(c, "connector", "state");
                if (state != null && !state.equals("RUNNING")) {
                    notRunning.add(name + " " + state);
                }
                for (Map<String, Object> t : KubeObjects.maps(c, "tasks")) {
                    if (t.get("state") != null && !"RUNNING".equals(t.get("state"))) {
                        notRunning.add(name + " task " + t.get("id") + " " + t.get("state"));
                    }
                }
            }
            return notRunning.isEmpty() ? ready : new Verdict(false, ready.seen() + "; not running: " + String.join(", ", notRunning));
        }
    }

    private static String staleGeneration(Map<String, Object> object, Map<String, Object> status) {
        long generation = KubeObjects.longAt(object, -1, "metadata", "generation");
        long observed = KubeObjects.longAt(status, -1, "observedGeneration");
        if (generation >= 0 && observed >= 0 && observed < generation) {
            return "generation " + generation + " not yet observed (status is of " + observed + ")";
        }
        if (generation >= 0 && observed < 0 && status.isEmpty()) {
            return "no status yet";
        }
        return null;
    }
}
