package io.mm2dr.modules.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.kubernetes.KubeGateway;
import io.mm2dr.kubernetes.KubeGateway.Method;
import io.mm2dr.kubernetes.KubeGateway.Written;
import io.mm2dr.kubernetes.KubeObjects;
import io.mm2dr.kubernetes.Readiness;
import io.mm2dr.kubernetes.ResourceRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code k8s}: makes Kubernetes objects present, patched or absent, as {@code kubernetes.core.k8s}
 * does, for any kind (custom resources included, no model classes needed). Writes only when the
 * live object lacks something the definition asks for.
 */
final class K8sModule extends KubeModule {
    private static final ArgSpec SPEC = waitArgs(connectionArgs(ArgSpec.builder()
            .arg("state", ArgType.STR).defaultValue("present").choices("present", "absent", "patched").description("present (created or updated), absent (deleted), or patched (updated only if it exists)").add()
            .arg("definition", ArgType.RAW).aliases("resource_definition", "inline").description("an object, a list of objects, or YAML text").add()
            .arg("src", ArgType.PATH).description("a YAML file of one or more objects (searched in files/)").add()
            .arg("template", ArgType.RAW).description("a Jinja template of one or more objects (searched in templates/), or {path: ...}").add()
            .arg("api_version", ArgType.STR).aliases("api", "version").defaultValue("v1").description("the objects' apiVersion, when the definition has none").add()
            .arg("kind", ArgType.STR).description("the objects' kind, when the definition has none").add()
            .arg("name", ArgType.STR).description("the object's name, when the definition has none").add()
            .arg("namespace", ArgType.STR).description("the objects' namespace, when the definition has none").add()
            .arg("apply", ArgType.BOOL).defaultValue(false).description("client-side apply: also remove fields a previous apply set").add()
            .arg("delete_options", ArgType.DICT).description("propagationPolicy: Foreground, Background or Orphan").add()
            .mutuallyExclusive("definition", "src", "template")), false, 120)
            .build();

    @Override
    public String name() {
        return "k8s";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    ModuleResult run(Map<String, Object> args, ModuleContext ctx, KubeGateway gateway) throws Exception {
        List<Map<String, Object>> definitions = definitions(args, ctx);
        String state = (String) args.get("state");
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> diffs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean changed = false;
        for (Map<String, Object> definition : definitions) {
            Map<String, Object> one = apply(definition, state, args, ctx, gateway, diffs, warnings);
            changed |= Boolean.TRUE.equals(one.get("changed"));
            results.add(one);
        }
        ModuleResult.Builder r = ModuleResult.changed(changed);
        warnings.forEach(r::warn);
        if (results.size() == 1) {
            Map<String, Object> one = results.get(0);
            r.put("result", one.get("result"));
            r.put("method", one.get("method"));
            if (one.containsKey("duration")) {
                r.put("duration", one.get("duration"));
            }
        } else {
            r.put("result", Map.of("results", results));
        }
        if (ctx.diffMode() && !diffs.isEmpty()) {
            r.put("diff", diffs.size() == 1 ? diffs.get(0) : diffs);
        }
        return r.build();
    }

    private Map<String, Object> apply(Map<String, Object> definition, String state, Map<String, Object> args, ModuleContext ctx,
                                      KubeGateway gateway, List<Map<String, Object>> diffs, List<String> warnings) throws Exception {
        long start = System.nanoTime();
        Map<String, Object> one = new LinkedHashMap<>();
        Written outcome;
        boolean wait = Boolean.TRUE.equals(args.get("wait"));
        switch (state) {
            case "absent" -> {
                ResourceRef ref = gateway.refOf(definition);
                outcome = gateway.absent(ref, propagation(args));
                if (wait) {
                    gateway.awaitDeleted(ref, seconds(args, "wait_timeout"), seconds(args, "wait_sleep"), ctx::progress, ctx::sleep);
                }
            }
            case "patched" -> {
                var patched = gateway.patched(definition);
                if (patched.isEmpty()) {
                    ResourceRef ref = gateway.refOf(definition);
                    warnings.add(ref + " does not exist: nothing patched (state: patched never creates)");
                    one.put("changed", false);
                    one.put("method", Method.UNCHANGED.word());
                    one.put("result", Map.of());
                    return one;
                }
                outcome = patched.get();
            }
            default -> outcome = gateway.present(definition,
                    Boolean.TRUE.equals(args.get("apply")) ? KubeGateway.WriteMode.APPLY : KubeGateway.WriteMode.MERGE);
        }
        Map<String, Object> after = outcome.after();
        if (wait && !state.equals("absent")) {
            Readiness readiness = readiness(args, outcome.ref().type().kind());
            after = gateway.awaitReady(outcome, readiness, seconds(args, "wait_timeout"), seconds(args, "wait_sleep"),
                    ctx::progress, ctx::sleep);
            one.put("duration", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
        }
        one.put("changed", outcome.changed());
        one.put("method", outcome.method().word());
        one.put("result", shown(after));
        if (outcome.changed()) {
            diffs.add(diffOf(outcome.before(), outcome.after()));
        }
        return one;
    }

    private static DeletionPropagation propagation(Map<String, Object> args) {
        Object opts = args.get("delete_options");
        if (opts instanceof Map<?, ?> m && m.get("propagationPolicy") != null) {
            String p = String.valueOf(m.get("propagationPolicy"));
            for (DeletionPropagation d : DeletionPropagation.values()) {
                if (d.name().equalsIgnoreCase(p)) {
                    return d;
                }
            }
            throw new ArgumentError("delete_options.propagationPolicy must be Foreground, Background or Orphan, got '" + p + "'");
        }
        return DeletionPropagation.BACKGROUND;
    }

    // ------------------------------------------------------------------ what to apply

    /** The objects the task names: from definition, src or template, completed by api_version, kind, name and namespace. */
    private static List<Map<String, Object>> definitions(Map<String, Object> args, ModuleContext ctx) throws IOException {
        List<Object> docs = new ArrayList<>();
        Object definition = args.get("definition");
        if (definition instanceof String text) {
            docs.addAll(parse(text, "definition"));
        } else if (definition instanceof List<?> l) {
            docs.addAll(l);
        } else if (definition != null) {
            docs.add(definition);
        } else if (args.get("src") != null) {
            Path src = ctx.findFile("files", (String) args.get("src"));
            docs.addAll(parse(Files.readString(src, StandardCharsets.UTF_8), src.toString()));
        } else if (args.get("template") != null) {
            Object t = args.get("template");
            String name = t instanceof Map<?, ?> m ? String.valueOf(m.get("path")) : String.valueOf(t);
            if (t instanceof Map<?, ?> m && m.get("path") == null) {
                throw new ArgumentError("template needs a 'path'");
            }
            Path path = ctx.findFile("templates", name);
            Object rendered = ctx.template(Files.readString(path, StandardCharsets.UTF_8));
            docs.addAll(parse(rendered instanceof String s ? s : Templar.render(rendered), path.toString()));
        } else {
            Map<String, Object> bare = new LinkedHashMap<>();
            docs.add(bare);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object d : docs) {
            if (d == null) {
                continue;
            }
            if (!(d instanceof Map<?, ?> m)) {
                throw new ArgumentError("each object of the definition must be a mapping, got " + d.getClass().getSimpleName().toLowerCase(Locale.ROOT));
            }
            out.add(complete(copy(m), args));
        }
        if (out.isEmpty()) {
            throw new ArgumentError("the definition holds no object");
        }
        return out;
    }

    private static List<Object> parse(String text, String where) {
        try {
            List<Object> docs = new ArrayList<>();
            new Yaml(new LoaderOptions()).loadAll(text).forEach(docs::add);
            return docs;
        } catch (YAMLException e) {
            throw new ArgumentError("cannot parse the YAML of " + where + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** As kubernetes.core: the definition's own fields win; the task's arguments fill what is missing. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> complete(Map<String, Object> d, Map<String, Object> args) {
        if (d.get("apiVersion") == null && args.get("api_version") != null) {
            d.put("apiVersion", args.get("api_version"));
        }
        if (d.get("kind") == null) {
            if (args.get("kind") == null) {
                throw new ArgumentError("no kind: give 'kind', or a definition with one");
            }
            d.put("kind", args.get("kind"));
        }
        Map<String, Object> meta = d.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
        d.put("metadata", meta);
        if (meta.get("name") == null) {
            if (args.get("name") == null) {
                throw new ArgumentError("no name for the " + d.get("kind") + ": give 'name', or a definition with metadata.name");
            }
            meta.put("name", args.get("name"));
        }
        if (meta.get("namespace") == null && args.get("namespace") != null) {
            meta.put("namespace", args.get("namespace"));
        }
        KubeObjects.map(d, "metadata");
        return d;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<?, ?> m) {
        return io.mm2dr.kubernetes.ResourceDiff.deepCopy((Map<String, Object>) m);
    }
}
