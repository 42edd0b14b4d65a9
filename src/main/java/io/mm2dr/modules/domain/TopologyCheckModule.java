package io.mm2dr.modules.domain;

import io.mm2dr.domain.Flavor;
import io.mm2dr.domain.KafkaTopicSpec;
import io.mm2dr.engine.model.PlaybookError;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.engine.template.TemplateError;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.YamlError;
import io.mm2dr.modules.domain.TopologyFields.Problem;
import io.mm2dr.platform.Platform;
import io.mm2dr.modules.Platforms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code topology_check}: refuses a topology that would hurt the estate, before anything is
 * touched. It reads the topology as the stage will use it (the task's variables, templated: {@code
 * -e} and Jinja defaults count), re-reads the topology files to say where each value was written,
 * and checks it with {@link TopologyRules}; then, for each cluster {@code live_clusters} names
 * (expressions, evaluated only once the topology passed) that is there to read, that no topic's
 * partitions would change (fewer is impossible; more needs {@code
 * allow_partition_increase}). It never changes anything and runs in check mode. A refusal ends
 * the run as a playbook error (exit 4): one message with the file, the line and the field.
 */
final class TopologyCheckModule implements Module {
    private static final int MORE_SHOWN = 10;
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("files", ArgType.LIST).defaultValue(List.of("vars/topology.yaml"))
            .description("the vars files the topology comes from, relative to the playbook's folder (later ones win, as in vars_files)").add()
            .arg("live_clusters", ArgType.LIST).defaultValue(List.of())
            .description("expressions (clusters.primary) giving the clusters ({name, namespace}, or lists of them) whose live topics must"
                    + " keep their partitions, evaluated once the topology passed (so a broken value is reported where it was written),"
                    + " checked when they are there to read").add()
            .build();

    @Override
    public String name() {
        return "topology_check";
    }

    @Override
    public String namespace() {
        return "mm2dr.kafka";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public boolean supportsCheckMode() {
        return true;
    }

    @Override
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws Exception {
        List<Path> files = new ArrayList<>();
        for (Object f : (List<?>) args.get("files")) {
            Path p = Path.of(String.valueOf(f));
            files.add(p.isAbsolute() ? p : ctx.playbookDir().resolve(p).normalize());
        }
        if (files.isEmpty()) {
            throw new ArgumentError("files: name at least one topology file");
        }
        TopologySource source;
        try {
            source = new TopologySource(ctx, files);
        } catch (YamlError e) {
            throw new PlaybookError(e.getMessage(), e.pos());
        }
        refuse(TopologyRules.check(source), files);

        // on Kubernetes, the operator's API must be served before anything is touched (in check mode too)
        String operatorApi = null;
        if ("kubernetes".equals(Platforms.chosen(ctx))) {
            try {
                operatorApi = Platforms.forReading(ctx).operatorApi(DomainModule.flavor(Map.of(), ctx));
            } catch (io.mm2dr.platform.kubernetes.OperatorApis.NotServed e) {
                return ModuleResult.failed(e.getMessage()).build();
            } catch (RuntimeException e) {
                // no API server to ask (not reachable, no kubeconfig): the stage's own tasks will say so
                operatorApi = "not read: " + e.getMessage();
            }
        }

        Map<String, Object> live = new LinkedHashMap<>();
        List<Map<String, String>> liveClusters = liveClusters((List<?>) args.get("live_clusters"), ctx);
        if (!liveClusters.isEmpty()) {
            refuse(livePartitions(source, liveClusters, ctx, live), files);
        }
        ModuleResult.Builder r = ModuleResult.ok();
        Object topics = source.value("topics");
        Object users = source.value("primary_users");
        r.msg("the topology is valid: " + count(topics, "topic") + ", " + count(users, "user of the primary")
                + (live.isEmpty() ? "" : "; the live topics match on " + live.values().stream().filter(v -> String.valueOf(v).endsWith(" read"))
                        .count() + " of " + live.size() + " clusters (see live)"));
        r.put("files", files.stream().map(SourcePos::displayPath).toList());
        r.put("live", live);
        if (operatorApi != null) {
            r.put("operator_api", operatorApi);
        }
        return r.build();
    }

    private static String count(Object list, String what) {
        int n = list instanceof List<?> l ? l.size() : 0;
        return n + " " + what.replaceFirst("^(\\w+)", "$1" + (n == 1 ? "" : "s"));
    }

    /** The clusters the expressions give: each a cluster {name, namespace} or a list of them (a mapping given as is counts too). */
    private static List<Map<String, String>> liveClusters(List<?> given, ModuleContext ctx) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Object value;
            try {
                value = given.get(i) instanceof String expression ? ctx.evaluate(expression) : given.get(i);
            } catch (TemplateError e) {
                throw new ArgumentError("live_clusters[" + i + "] '" + given.get(i) + "' cannot be evaluated: " + e.getMessage());
            }
            for (Object c : value instanceof List<?> l ? l : List.of(value == null ? "null" : value)) {
                if (!(c instanceof Map<?, ?> m) || !(m.get("name") instanceof String name) || !(m.get("namespace") instanceof String ns)) {
                    throw new ArgumentError("live_clusters[" + i + "] '" + given.get(i) + "' must give clusters {name, namespace}, got " + c);
                }
                out.add(Map.of("name", name, "namespace", ns));
            }
        }
        return out;
    }

    /** Compares each topic's partitions with the live topic on each cluster that can be read. */
    private static List<Problem> livePartitions(TopologySource source, List<Map<String, String>> clusters, ModuleContext ctx,
                                                Map<String, Object> live) throws InterruptedException {
        List<Problem> problems = new ArrayList<>();
        if (!(source.value("topics") instanceof List<?> topics)) {
            return problems;
        }
        boolean allowAll = truth(source.value("allow_partition_increase"));
        List<String> names = new ArrayList<>();
        for (Object t : topics) {
            if (t instanceof Map<?, ?> m && m.get("name") instanceof String n) {
                names.add(n);
            }
        }
        Flavor flavor = DomainModule.flavor(Map.of(), ctx);
        Platform platform = null;
        for (Map<String, String> c : clusters) {
            String where = c.get("name") + " (" + c.get("namespace") + ")";
            Map<String, Integer> partitions;
            try {
                if (platform == null) {
                    platform = Platforms.forReading(ctx);
                }
                partitions = platform.livePartitions(c.get("namespace"), c.get("name"), flavor, names);
            } catch (RuntimeException e) {
                live.put(c.get("namespace") + "/" + c.get("name"), "not read: " + e.getMessage());
                continue;
            }
            if (partitions == null) {
                live.put(c.get("namespace") + "/" + c.get("name"), "not there");
                continue;
            }
            live.put(c.get("namespace") + "/" + c.get("name"), partitions.size() + " existing topic(s) read");
            for (int i = 0; i < topics.size(); i++) {
                if (!(topics.get(i) instanceof Map<?, ?> t) || !(t.get("name") instanceof String name) || !partitions.containsKey(name)) {
                    continue;
                }
                Object wanted = t.get("partitions");
                if (!(wanted instanceof Number) && !(wanted instanceof String s && s.trim().matches("[0-9]{1,9}"))) {
                    continue;
                }
                int want = Integer.parseInt(String.valueOf(wanted).trim());
                boolean allowed = allowAll || truth(t.get("allow_partition_increase"));
                String refusal = KafkaTopicSpec.partitionChangeRefusal(name, where, partitions.get(name), want, allowed);
                if (refusal != null) {
                    String field = "topics[" + i + "].partitions";
                    problems.add(new Problem(source.pos("topics", List.of(i, "partitions")), field + " " + want + ": " + refusal
                            + (want > partitions.get(name) ? " (in the topology, for every topic, or on this one)" : "")));
                }
            }
        }
        return problems;
    }

    private static boolean truth(Object v) {
        return v instanceof Boolean b ? b : v != null && List.of("true", "yes", "on", "1").contains(String.valueOf(v).trim().toLowerCase(Locale.ROOT));
    }

    /** Ends the run with the first problem (in file order), and the others after it. */
    private static void refuse(List<Problem> problems, List<Path> files) {
        if (problems.isEmpty()) {
            return;
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((Problem p) -> fileRank(p.pos(), files))
                .thenComparingInt(p -> p.pos().line())
                .thenComparingInt(p -> p.pos().column()));
        Problem first = sorted.get(0);
        StringBuilder msg = new StringBuilder(first.text());
        for (int i = 1; i < sorted.size() && i <= MORE_SHOWN; i++) {
            Problem p = sorted.get(i);
            msg.append("\n  and ").append(p.pos()).append(": ").append(p.text());
        }
        if (sorted.size() > MORE_SHOWN + 1) {
            msg.append("\n  and ").append(sorted.size() - MORE_SHOWN - 1).append(" more");
        }
        throw new PlaybookError(msg.toString(), first.pos());
    }

    private static int fileRank(SourcePos pos, List<Path> files) {
        int i = pos.file() == null ? -1 : files.indexOf(pos.file());
        return i < 0 ? files.size() : i;
    }
}
