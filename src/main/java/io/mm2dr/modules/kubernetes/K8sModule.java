package io.mm2dr.modules.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.kubernetes.KubeGateway;
import io.mm2dr.kubernetes.KubeGateway.Method;
import io.mm2dr.kubernetes.KubeGateway.Written;
import io.mm2dr.kubernetes.KubeException;
import io.mm2dr.kubernetes.KubeObjects;
import io.mm2dr.kubernetes.LabelSelector;
import io.mm2dr.kubernetes.ResourceType;
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
            .arg("resource_definition", ArgType.RAW).aliases("definition", "inline").description("an object, a list of objects, or YAML text; a List kind stands for its items").add()
            .arg("src", ArgType.PATH).description("a YAML file of one or more objects (searched in files/)").add()
            .arg("template", ArgType.RAW).description("a Jinja template of one or more objects (searched in templates/), or {path: ...}").add()
            .arg("api_version", ArgType.STR).aliases("api", "version").defaultValue("v1").description("the objects' apiVersion, when the definition has none; a bare version is looked for in every group").add()
            .arg("kind", ArgType.STR).description("the objects' kind, when the definition has none: a kind, plural, singular or short name").add()
            .arg("name", ArgType.STR).description("the object's name, when the definition has none").add()
            .arg("namespace", ArgType.STR).description("the objects' namespace, when the definition has none").add()
            .arg("generate_name", ArgType.STR).description("create the object with a name the server makes from this prefix (metadata.generateName); a new object each run").add()
            .arg("apply", ArgType.BOOL).defaultValue(false).description("client-side apply: also remove fields a previous apply set").add()
            .arg("force", ArgType.BOOL).defaultValue(false).description("replace the object with the definition (a PUT) instead of merging the definition into it").add()
            .arg("label_selectors", ArgType.LIST).description("only objects with these labels: the definitions are filtered by them; with state absent and no name, every object of the kind they select is deleted").add()
            .arg("continue_on_error", ArgType.BOOL).defaultValue(false).description("with several objects, go on after one fails and report its error in its result").add()
            .arg("append_hash", ArgType.BOOL).defaultValue(false).description("a ConfigMap or Secret is named with a suffix from a hash of its content: a changed content is a new object").add()
            .arg("hidden_fields", ArgType.LIST).description("fields left out of the result, e.g. metadata.managedFields").add()
            .arg("delete_options", ArgType.DICT).description("propagationPolicy: Foreground, Background or Orphan").add()
            .arg("merge_type", ArgType.LIST).elements(ArgType.STR).description("how an existing object is patched, the first that applies: strategic-merge (built-in kinds: lists of containers, volumes, env... merge by name) or merge (RFC 7386: lists replace); default [strategic-merge, merge]; a custom resource merges as merge; json is not supported yet").add()
            .arg("server_side_apply", ArgType.DICT).options(ArgSpec.builder()
                    .arg("field_manager", ArgType.STR).required().description("the manager the server records as owning the fields the definition sets").add()
                    .arg("force_conflicts", ArgType.BOOL).defaultValue(false).description("take the fields other managers set instead of failing with a conflict").add()
                    .build()).description("with apply: true, apply on the server (server-side apply) as this field manager, instead of client-side").add()
            .notSupported("delete_all", "with state absent, give label_selectors")
            .notSupported("all", "with state absent, give label_selectors")
            .notSupported("validate", "runner validates custom resources against the operators' schemas in its tests only")
            .mutuallyExclusive("resource_definition", "src", "template")), false, 120)
            .build();

    @Override
    public String name() {
        return "k8s";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    /**
     * How an existing object is patched: the first of {@code merge_type} that applies to its kind,
     * as the collection tries them in order (a server refuses a strategic merge of a custom
     * resource, HTTP 415, and the collection goes on to the next). Default: strategic-merge, merge.
     */
    static KubeGateway.WriteMode mergeMode(Object mergeType, ResourceType type) {
        List<?> types = mergeType instanceof List<?> l ? l : List.of("strategic-merge", "merge");
        for (Object t : types) {
            String one = String.valueOf(t);
            switch (one) {
                case "strategic-merge" -> {
                    if (!type.custom()) {
                        return KubeGateway.WriteMode.STRATEGIC;
                    }
                }
                case "merge" -> {
                    return KubeGateway.WriteMode.MERGE;
                }
                case "json" -> throw new ArgumentError("merge_type 'json' (a JSON patch) is not supported yet: give the fields to change "
                        + "as a definition, with merge_type strategic-merge or merge");
                default -> throw new ArgumentError("value of merge_type must be one or more of: json, merge, strategic-merge, got: " + one);
            }
        }
        // only strategic-merge, for a custom resource: merged as merge (the collection would get the server's HTTP 415)
        return KubeGateway.WriteMode.STRATEGIC;
    }

    /**
     * kubernetes.core's words before a write's error ("Failed to create object: ..."), which
     * playbooks test for; the runner's own sentence (what, HTTP code, the server's message) follows.
     */
    private static String failedTo(String message, boolean force, boolean apply) {
        if (message.startsWith("creating ")) {
            return apply ? "Failed to apply object: " : "Failed to create object: ";
        }
        if (force) {
            return "Failed to replace object: ";
        }
        return apply ? "Failed to apply object: " : "Failed to patch object: ";
    }

    @Override
    ModuleResult run(Map<String, Object> args, ModuleContext ctx, KubeGateway gateway) throws Exception {
        List<Map<String, Object>> definitions = definitions(args, ctx);
        String state = (String) args.get("state");
        boolean continueOnError = Boolean.TRUE.equals(args.get("continue_on_error"));
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> diffs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean changed = false;
        for (Map<String, Object> definition : definitions) {
            Map<String, Object> one;
            try {
                one = apply(definition, state, args, ctx, gateway, diffs, warnings);
            } catch (KubeException e) {
                if (!continueOnError) {
                    throw e;
                }
                // as kubernetes.core: the object's result carries its error, the task goes on
                one = new LinkedHashMap<>();
                one.put("changed", false);
                one.put("result", Map.of());
                one.put("error", Map.of("msg", e.getMessage()));
            }
            changed |= Boolean.TRUE.equals(one.get("changed"));
            hide(one, args.get("hidden_fields"));
            results.add(one);
        }
        ModuleResult.Builder r = ModuleResult.changed(changed);
        warnings.forEach(r::warn);
        if (results.size() == 1) {
            results.get(0).forEach((k, v) -> {
                if (k.equals("warnings")) {
                    ((List<?>) v).forEach(w -> r.warn(String.valueOf(w)));
                } else if (!k.equals("changed")) {
                    r.put(k, v);
                }
            });
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
        // the kind as the server knows it: kind, plural, singular or short name; a bare version in any group
        ResourceType type = gateway.type(KubeObjects.stringAt(definition, "apiVersion"), KubeObjects.stringAt(definition, "kind"));
        definition.put("apiVersion", type.apiVersion());
        definition.put("kind", type.kind());
        String name = KubeObjects.stringAt(definition, "metadata", "name");
        String generateName = KubeObjects.stringAt(definition, "metadata", "generateName");
        String hash = Boolean.TRUE.equals(args.get("append_hash")) ? AppendHash.of(definition) : null;
        if (hash != null && name != null) {
            name = name + "-" + hash;
            KubeObjects.map(definition, "metadata").put("name", name);
        } else if (hash != null && generateName != null) {
            generateName = generateName + "-" + hash;
            KubeObjects.map(definition, "metadata").put("generateName", generateName);
        }
        LabelSelector selector = LabelSelector.parse(strings(args.get("label_selectors")));
        Written outcome;
        boolean wait = Boolean.TRUE.equals(args.get("wait"));
        if (state.equals("absent") && name == null) {
            return absentBySelector(type, definition, selector, args, ctx, gateway, one);
        }
        if (!state.equals("absent") && !selector.isEmpty() && !selector.matches(labelsOf(definition))) {
            one.put("changed", false);
            one.put("result", Map.of());
            one.put("msg", "resource 'kind=" + type.kind() + ",name=" + name + ",namespace=" + KubeObjects.stringAt(definition, "metadata", "namespace")
                    + "' filtered by label_selectors.");
            return one;
        }
        if (name == null && (generateName == null || state.equals("patched"))) {
            if (state.equals("patched")) {
                throw new KubeException("a " + type.kind() + " to patch needs a name: give 'name', or a definition with metadata.name");
            }
            throw new KubeException(type.kind() + " \"\" is invalid: metadata.name: Required value: name or generateName is required");
        }
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
                    // as kubernetes.core: a warning of this object's result
                    one.put("warnings", new ArrayList<>(List.of("resource 'kind=" + type.kind() + ",name=" + name
                            + "' was not found but will not be created as 'state' parameter has been set to 'patched'")));
                    one.put("changed", false);
                    one.put("result", Map.of());
                    return one;
                }
                outcome = patched.get();
            }
            default -> {
                boolean force = name != null && Boolean.TRUE.equals(args.get("force"));
                boolean apply = Boolean.TRUE.equals(args.get("apply"));
                try {
                    if (name == null) {
                        outcome = gateway.createGenerated(definition);
                    } else if (force) {
                        outcome = gateway.replace(definition);
                    } else if (apply && args.get("server_side_apply") instanceof Map<?, ?> ssa) {
                        outcome = gateway.serverSideApply(definition, String.valueOf(ssa.get("field_manager")),
                                Boolean.TRUE.equals(ssa.get("force_conflicts")));
                    } else {
                        outcome = gateway.present(definition, apply ? KubeGateway.WriteMode.APPLY : mergeMode(args.get("merge_type"), type));
                    }
                } catch (KubeException e) {
                    throw new KubeException(failedTo(e.getMessage(), force, apply) + e.getMessage(), e);
                }
            }
        }
        Map<String, Object> after = outcome.after();
        if (wait && !state.equals("absent")) {
            Readiness readiness = readiness(args, outcome.ref().type().kind());
            after = gateway.awaitReady(outcome, readiness, seconds(args, "wait_timeout"), seconds(args, "wait_sleep"),
                    ctx::progress, ctx::sleep);
            one.put("duration", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
        }
        String method = method(outcome.method(), state, args);
        one.put("changed", outcome.changed());
        one.put("method", method);
        one.put("result", shown(after));
        // as kubernetes.core: a diff for an update, an apply or a replace (a creation by apply too), not for a plain creation or a deletion
        if (!method.equals("create") && !method.equals("delete") && outcome.after() != null) {
            diffs.add(diffOf(outcome.before() == null ? Map.of() : outcome.before(), outcome.after()));
        }
        return one;
    }

    /** kubernetes.core's word for what was done: create, update, apply, replace, delete. */
    private static String method(Method method, String state, Map<String, Object> args) {
        if (method == Method.CREATED) {
            return Boolean.TRUE.equals(args.get("apply")) ? "apply" : "create";
        }
        if (method == Method.DELETED || state.equals("absent")) {
            return "delete";
        }
        if (Boolean.TRUE.equals(args.get("apply"))) {
            return "apply";
        }
        return Boolean.TRUE.equals(args.get("force")) ? "replace" : "update";
    }

    /** state: absent without a name: every object of the kind the label selectors select (nothing without selectors). */
    private Map<String, Object> absentBySelector(ResourceType type, Map<String, Object> definition, LabelSelector selector, Map<String, Object> args,
                                                 ModuleContext ctx, KubeGateway gateway, Map<String, Object> one) throws Exception {
        List<Map<String, Object>> deleted = new ArrayList<>();
        if (!selector.isEmpty()) {
            String ns = type.namespaced() ? KubeObjects.stringAt(definition, "metadata", "namespace") : null;
            for (Map<String, Object> o : gateway.list(type, type.namespaced() && ns == null ? gateway.defaultNamespace() : ns, selector, null)) {
                ResourceRef ref = new ResourceRef(type, type.namespaced() ? KubeObjects.stringAt(o, "metadata", "namespace") : null,
                        KubeObjects.stringAt(o, "metadata", "name"));
                Written w = gateway.absent(ref, propagation(args));
                if (w.changed()) {
                    deleted.add(shown(w.before()));
                    if (Boolean.TRUE.equals(args.get("wait"))) {
                        gateway.awaitDeleted(ref, seconds(args, "wait_timeout"), seconds(args, "wait_sleep"), ctx::progress, ctx::sleep);
                    }
                }
            }
        }
        one.put("changed", !deleted.isEmpty());
        one.put("method", "delete");
        one.put("result", deleted);
        return one;
    }

    private static Map<String, String> labelsOf(Map<String, Object> definition) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (KubeObjects.at(definition, "metadata", "labels") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        }
        return labels;
    }

    private static List<String> strings(Object v) {
        return v == null ? List.of() : ((List<?>) v).stream().map(String::valueOf).toList();
    }

    /** Removes {@code hidden_fields} (dotted paths, e.g. metadata.managedFields) from the object of a result. */
    @SuppressWarnings("unchecked")
    static void hide(Map<String, Object> one, Object hiddenFields) {
        if (hiddenFields == null || !(one.get("result") instanceof Map<?, ?> result) || result.isEmpty()) {
            return;
        }
        Map<String, Object> copy = io.mm2dr.kubernetes.ResourceDiff.deepCopy((Map<String, Object>) result);
        for (String path : strings(hiddenFields)) {
            String[] parts = path.split("\\.");
            Object at = copy;
            for (int i = 0; i < parts.length - 1 && at instanceof Map<?, ?>; i++) {
                at = ((Map<?, ?>) at).get(parts[i]);
            }
            if (at instanceof Map<?, ?> m) {
                m.remove(parts[parts.length - 1]);
            }
        }
        one.put("result", copy);
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
        Object definition = args.get("resource_definition");
        if (definition instanceof String text) {
            docs.addAll(parse(text, "definition"));
        } else if (definition instanceof List<?> l) {
            for (Object item : l) {
                if (item instanceof String text) {
                    docs.addAll(parse(text, "definition"));
                } else {
                    docs.add(item);
                }
            }
        } else if (definition != null) {
            docs.add(definition);
        } else if (args.get("src") != null) {
            Path src = ctx.findFile("files", (String) args.get("src"));
            docs.addAll(parse(Files.readString(src, StandardCharsets.UTF_8), src.toString()));
        } else if (args.get("template") != null) {
            // a path, {path, and Jinja options: variable_start_string, trim_blocks...}, or a list of those
            Object t = args.get("template");
            for (Object one : t instanceof List<?> l ? l : List.of(t)) {
                String name;
                io.mm2dr.engine.template.JinjaOptions options = io.mm2dr.engine.template.JinjaOptions.DEFAULT;
                if (one instanceof Map<?, ?> m) {
                    if (m.get("path") == null) {
                        throw new ArgumentError("template needs a 'path'");
                    }
                    name = String.valueOf(m.get("path"));
                    Map<String, Object> rest = new LinkedHashMap<>();
                    m.forEach((k, v) -> {
                        if (!"path".equals(k) && v != null) {
                            rest.put(String.valueOf(k), v);
                        }
                    });
                    try {
                        options = options.with(rest);
                    } catch (io.mm2dr.engine.template.TemplateError e) {
                        throw new ArgumentError("template: " + e.getMessage());
                    }
                } else {
                    name = String.valueOf(one);
                }
                Path path = ctx.findFile("templates", name);
                String rendered = ctx.renderTemplate(Files.readString(path, StandardCharsets.UTF_8), options, List.of(path.getParent()));
                for (Object doc : parse(rendered, path.toString())) {
                    docs.add(withoutOmitted(doc));
                }
            }
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
            Map<String, Object> one = complete(copy(m), args);
            Object kind = one.get("kind");
            if (kind instanceof String k && k.endsWith("List") && one.get("items") instanceof List<?> items) {
                // a List kind stands for its items, which take its kind (less "List") and apiVersion when they have none
                for (Object item : items) {
                    if (!(item instanceof Map<?, ?> im)) {
                        throw new ArgumentError("each item of the " + k + " must be a mapping");
                    }
                    Map<String, Object> i = copy(im);
                    i.putIfAbsent("kind", k.substring(0, k.length() - 4));
                    i.putIfAbsent("apiVersion", one.get("apiVersion"));
                    out.add(complete(i, args));
                }
            } else {
                out.add(one);
            }
        }
        if (out.isEmpty()) {
            throw new ArgumentError("the definition holds no object");
        }
        return out;
    }

    /**
     * A template's object without the values its template {@code omit}ted (a key whose value is the
     * omit placeholder, an item that is it), as kubernetes.core's action plugin removes them.
     */
    static Object withoutOmitted(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!io.mm2dr.engine.template.Templar.OMIT.equals(e.getValue())) {
                    out.put(String.valueOf(e.getKey()), withoutOmitted(e.getValue()));
                }
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object item : l) {
                if (!io.mm2dr.engine.template.Templar.OMIT.equals(item)) {
                    out.add(withoutOmitted(item));
                }
            }
            return out;
        }
        return value;
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
        if (meta.get("name") == null && args.get("name") != null) {
            meta.put("name", args.get("name"));
        }
        if (meta.get("generateName") == null && args.get("generate_name") != null) {
            meta.put("generateName", args.get("generate_name"));
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
