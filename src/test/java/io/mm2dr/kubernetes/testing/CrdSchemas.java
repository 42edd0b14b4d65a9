package io.mm2dr.kubernetes.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What a real API server does with a custom resource, given the CustomResourceDefinitions an
 * operator release installs: it first <em>prunes</em> every field its structural schema does not
 * declare (unless under {@code x-kubernetes-preserve-unknown-fields}), and non-nullable nulls,
 * then <em>validates</em> what is left against the {@code openAPIV3Schema} ({@code type},
 * {@code x-kubernetes-int-or-string}, {@code nullable}, {@code required}, {@code enum},
 * {@code minimum}/{@code maximum}, {@code pattern}, {@code minLength}/{@code maxLength},
 * {@code minItems}/{@code maxItems}, {@code minProperties}/{@code maxProperties},
 * {@code properties}, {@code additionalProperties}, {@code items}, {@code oneOf}/{@code anyOf}/
 * {@code allOf}/{@code not}) and the CEL rules of {@code x-kubernetes-validations}.
 *
 * <p>A {@link Report} names every violation as the API server words it ({@code spec.target:
 * Required value}) and every field that would be pruned ({@code spec.connectCluster}). For our
 * tests a pruned field is as bad as a refused one: it is a setting that silently does nothing.
 *
 * <p>The walk is our own (no JSON Schema library): Kubernetes' dialect is OpenAPI v3 with its own
 * extensions and pruning rules that a JSON Schema validator does not know. The CEL rules are not
 * interpreted by a CEL engine: Strimzi's CRDs use a handful of rules, each implemented here by
 * its exact text ({@link #CEL_RULES}); a rule not in that table is reported as a violation, so
 * that vendoring a newer CRD can never make a rule silently pass.
 *
 * <p>Known simplifications: {@code metadata} is checked as ObjectMeta is on a real server for
 * the part that matters here (name or generateName present, name an RFC 1123 subdomain, label
 * syntax, unknown keys pruned); {@code format} is not checked (Strimzi uses none);
 * {@code x-kubernetes-list-type}/{@code -map-keys} and {@code default} are not used by Strimzi
 * and are ignored.
 */
public final class CrdSchemas {
    /** One served (or not) version of a CRD. */
    public record Version(String name, boolean served, boolean storage, boolean deprecated, String deprecationWarning,
            Map<String, Object> schema) {
    }

    /** One CustomResourceDefinition, reduced to what the API server needs. */
    public record Definition(String group, String kind, String plural, String singular, boolean namespaced, List<Version> versions) {
        public Optional<Version> version(String name) {
            return versions.stream().filter(v -> v.name().equals(name)).findFirst();
        }

        /** The served versions, highest priority first (Kubernetes' version ordering: v1 > v1beta2 > v1beta1 > v1alpha1). */
        public List<String> servedVersions() {
            return versions.stream().filter(Version::served).map(Version::name).sorted(CrdSchemas::compareVersions).toList();
        }
    }

    /** One violation, worded as the API server words a {@code field.Error}. */
    public record Violation(String field, String detail) {
        @Override
        public String toString() {
            return field + ": " + detail;
        }
    }

    /** Everything a real API server would refuse (violations) or drop (pruned) in one object. */
    public record Report(List<Violation> violations, List<String> pruned) {
        public boolean clean() {
            return violations.isEmpty() && pruned.isEmpty();
        }

        /** The errors of a 422 answer: the violations, then one {@code would be pruned: <path>} per pruned field. */
        public List<String> errors() {
            List<String> out = new ArrayList<>();
            violations.forEach(v -> out.add(v.toString()));
            pruned.forEach(p -> out.add("would be pruned: " + p));
            return out;
        }

        /** The Status message of a 422, as a real API server words it: {@code Kind.group "name" is invalid: ...}. */
        public String statusMessage(String kind, String group, String name) {
            List<String> errors = errors();
            String body = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
            return kind + "." + group + " \"" + name + "\" is invalid: " + body;
        }

        @Override
        public String toString() {
            return errors().toString();
        }
    }

    private static final Map<String, CrdSchemas> STRIMZI = new ConcurrentHashMap<>();
    private final Map<String, Definition> byGroupKind = new LinkedHashMap<>();

    private CrdSchemas(Collection<Definition> definitions) {
        for (Definition d : definitions) {
            byGroupKind.put(d.group() + "/" + d.kind(), d);
        }
    }

    public static CrdSchemas of(Collection<Definition> definitions) {
        return new CrdSchemas(definitions);
    }

    /**
     * The CRDs of a Strimzi release as vendored under {@code src/test/resources/crds/strimzi-<tag>/}
     * ({@code 0.45.0}, {@code 0.51.0}, {@code 1.2.0}), parsed once per JVM.
     */
    public static CrdSchemas strimzi(String tag) {
        return STRIMZI.computeIfAbsent(tag, t -> new CrdSchemas(readDirectory("crds/strimzi-" + t)));
    }

    private static List<Definition> readDirectory(String resource) {
        URL url = CrdSchemas.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no vendored CRDs at " + resource);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<Definition> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                out.add(readDefinition(Files.readString(f)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One CustomResourceDefinition (apiextensions.k8s.io/v1) from its YAML text. */
    @SuppressWarnings("unchecked")
    public static Definition readDefinition(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        Map<String, Object> crd = new Yaml(options).load(yaml);
        if (!"CustomResourceDefinition".equals(crd.get("kind"))) {
            throw new IllegalArgumentException("not a CustomResourceDefinition: " + crd.get("kind"));
        }
        Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
        Map<String, Object> names = (Map<String, Object>) spec.get("names");
        List<Version> versions = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) spec.get("versions")) {
            Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) v.get("schema")).get("openAPIV3Schema");
            versions.add(new Version((String) v.get("name"), Boolean.TRUE.equals(v.get("served")), Boolean.TRUE.equals(v.get("storage")),
                    Boolean.TRUE.equals(v.get("deprecated")), (String) v.get("deprecationWarning"), schema));
        }
        return new Definition((String) spec.get("group"), (String) names.get("kind"), (String) names.get("plural"),
                (String) names.get("singular"), "Namespaced".equals(spec.get("scope")), List.copyOf(versions));
    }

    public List<Definition> definitions() {
        return List.copyOf(byGroupKind.values());
    }

    public Optional<Definition> definition(String group, String kind) {
        return Optional.ofNullable(byGroupKind.get(group + "/" + kind));
    }

    public Optional<Definition> definitionByPlural(String group, String plural) {
        return byGroupKind.values().stream().filter(d -> d.group().equals(group) && d.plural().equals(plural)).findFirst();
    }

    /** Validates an object by its own {@code apiVersion} and {@code kind}. */
    public Report validate(Map<String, Object> object) {
        return validate(String.valueOf(object.get("apiVersion")), String.valueOf(object.get("kind")), object);
    }

    /**
     * What the API server with these CRDs would refuse or prune in {@code object}, written as
     * {@code apiVersion}/{@code kind}. A kind or version that is not served is a violation at
     * {@code apiVersion} (a real server would answer 404 before looking at the body).
     */
    public Report validate(String apiVersion, String kind, Map<String, Object> object) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        Walk w = new Walk();
        Definition d = byGroupKind.get(group + "/" + kind);
        Optional<Version> v = d == null ? Optional.empty() : d.version(version).filter(Version::served);
        if (v.isEmpty()) {
            w.violations.add(new Violation("apiVersion", "Unsupported value: \"" + apiVersion + "\": " + kind + " is not served in "
                    + apiVersion + (d == null ? "" : "; served: " + d.servedVersions())));
            return w.report();
        }
        Map<String, Object> copy = new LinkedHashMap<>(object);
        if (!apiVersion.equals(object.get("apiVersion"))) {
            w.violations.add(new Violation("apiVersion", "Invalid value: " + json(object.get("apiVersion")) + ": expected " + apiVersion));
        }
        if (!kind.equals(object.get("kind"))) {
            w.violations.add(new Violation("kind", "Invalid value: " + json(object.get("kind")) + ": expected " + kind));
        }
        Object metadata = copy.remove("metadata");
        checkMetadata(metadata, w);
        Map<String, Object> schema = v.get().schema();
        Object pruned = w.prune(copy, schema, "");
        w.validate(pruned, schema, "");
        return w.report();
    }

    // ------------------------------------------------------------------ metadata (ObjectMeta)

    private static final Set<String> OBJECT_META = Set.of("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion",
            "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
            "ownerReferences", "finalizers", "managedFields");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    @SuppressWarnings("unchecked")
    private static void checkMetadata(Object metadata, Walk w) {
        if (!(metadata instanceof Map<?, ?> m)) {
            w.violations.add(new Violation("metadata", metadata == null ? "Required value" : "Invalid value: " + json(metadata)
                    + ": must be an object"));
            return;
        }
        Map<String, Object> md = (Map<String, Object>) m;
        for (String key : md.keySet()) {
            if (!OBJECT_META.contains(key)) {
                w.pruned.add("metadata." + key);
            }
        }
        Object name = md.get("name");
        if ((name == null || "".equals(name)) && (md.get("generateName") == null || "".equals(md.get("generateName")))) {
            w.violations.add(new Violation("metadata.name", "Required value: name or generateName is required"));
        } else if (name instanceof String n && (n.length() > 253 || !DNS_SUBDOMAIN.matcher(n).matches())) {
            w.violations.add(new Violation("metadata.name", "Invalid value: " + json(n) + ": a lowercase RFC 1123 subdomain must consist of "
                    + "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"));
        }
        if (md.get("annotations") instanceof Map<?, ?> annotations) {
            annotations.forEach((k, val) -> {
                if (!(val instanceof String)) {
                    // a real server cannot even decode it (ObjectMeta.annotations is map[string]string)
                    w.violations.add(new Violation("metadata.annotations[" + k + "]", "Invalid value: " + json(val) + ": must be a string"));
                }
            });
        }
        if (md.get("labels") instanceof Map<?, ?> labels) {
            labels.forEach((k, val) -> {
                String key = String.valueOf(k);
                String local = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
                String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : null;
                if (local.isEmpty() || local.length() > 63 || !LABEL_NAME.matcher(local).matches()
                        || prefix != null && (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
                    w.violations.add(new Violation("metadata.labels", "Invalid value: " + json(key) + ": name part must consist of alphanumeric "
                            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character"));
                }
                if (!(val instanceof String s) || s.length() > 63 || !LABEL_VALUE.matcher(s).matches()) {
                    w.violations.add(new Violation("metadata.labels", "Invalid value: " + json(val) + ": a valid label must be an empty string or "
                            + "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"));
                }
            });
        }
    }

    // ------------------------------------------------------------------ CEL rules, by their exact text

    /**
     * The {@code x-kubernetes-validations} rules found in the vendored Strimzi CRDs, each as a
     * function of {@code self} returning the error (null when the rule holds). CEL semantics kept:
     * {@code self.x} on an absent field is an evaluation error ("no such key"), which the API
     * server reports as an invalid value.
     */
    static final Map<String, Function<Map<String, Object>, String>> CEL_RULES = Map.of(
            "(has(self.type) && self.type != \"topology-label\") || self.topologyKey != \"\"",
            self -> self.containsKey("type") && !"topology-label".equals(self.get("type")) ? null
                    : field(self, "topologyKey") == null ? "no such key: topologyKey"
                    : "".equals(self.get("topologyKey")) ? "" : null,
            "has(self.type) == false || self.type != \"environment-variable\" || self.envVarName != \"\"",
            self -> !self.containsKey("type") || !"environment-variable".equals(self.get("type")) ? null
                    : field(self, "envVarName") == null ? "no such key: envVarName"
                    : "".equals(self.get("envVarName")) ? "" : null,
            "self.type != 'jmxPrometheusExporter' || has(self.valueFrom)",
            self -> field(self, "type") == null ? "no such key: type"
                    : !"jmxPrometheusExporter".equals(self.get("type")) || self.containsKey("valueFrom") ? null : "",
            "self.type != 'strimziMetricsReporter'",
            self -> field(self, "type") == null ? "no such key: type" : "strimziMetricsReporter".equals(self.get("type")) ? "" : null,
            "self.type == 'tls' || (!has(self.validityDays) && !has(self.renewalDays))",
            self -> field(self, "type") == null ? "no such key: type"
                    : "tls".equals(self.get("type")) || !self.containsKey("validityDays") && !self.containsKey("renewalDays") ? null : "",
            "self.type != 'tls' || (has(self.renewalDays) == has(self.validityDays))",
            self -> field(self, "type") == null ? "no such key: type"
                    : !"tls".equals(self.get("type")) || self.containsKey("renewalDays") == self.containsKey("validityDays") ? null : "",
            "self.type != 'tls' || !has(self.renewalDays) || !has(self.validityDays) || self.renewalDays < self.validityDays",
            self -> field(self, "type") == null ? "no such key: type"
                    : !"tls".equals(self.get("type")) || !self.containsKey("renewalDays") || !self.containsKey("validityDays")
                            || ((Number) self.get("renewalDays")).doubleValue() < ((Number) self.get("validityDays")).doubleValue() ? null : "");

    private static Object field(Map<String, Object> self, String name) {
        return self.get(name);
    }

    // ------------------------------------------------------------------ the walk

    private static final class Walk {
        final List<Violation> violations = new ArrayList<>();
        final List<String> pruned = new ArrayList<>();

        Report report() {
            return new Report(List.copyOf(violations), List.copyOf(pruned));
        }

        /**
         * Kubernetes' structural pruning: a copy of {@code value} without the fields the schema
         * does not declare (recording their paths) and without non-nullable nulls in objects.
         * Only the structural part counts (properties, additionalProperties, items,
         * x-kubernetes-preserve-unknown-fields); oneOf/anyOf/allOf/not never keep a field.
         */
        @SuppressWarnings("unchecked")
        Object prune(Object value, Map<String, Object> schema, String path) {
            if (value instanceof Map<?, ?> m && isObjectSchema(schema)) {
                Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                Object additional = schema.get("additionalProperties");
                boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields")) || Boolean.TRUE.equals(additional);
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                    String key = e.getKey();
                    String child = join(path, key, !props.containsKey(key));
                    Map<String, Object> childSchema = props.containsKey(key) ? (Map<String, Object>) props.get(key)
                            : additional instanceof Map<?, ?> a ? (Map<String, Object>) a : null;
                    if (childSchema == null) {
                        if (preserve) {
                            out.put(key, e.getValue());
                        } else {
                            pruned.add(child);
                        }
                        continue;
                    }
                    if (e.getValue() == null && !Boolean.TRUE.equals(childSchema.get("nullable"))) {
                        pruned.add(child + " (null)");
                        continue;
                    }
                    out.put(key, prune(e.getValue(), childSchema, child));
                }
                return out;
            }
            if (value instanceof List<?> l && schema.get("items") instanceof Map<?, ?> items) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) {
                    out.add(prune(l.get(i), (Map<String, Object>) items, path + "[" + i + "]"));
                }
                return out;
            }
            return value;
        }

        private static boolean isObjectSchema(Map<String, Object> schema) {
            return "object".equals(schema.get("type")) || schema.containsKey("properties") || schema.containsKey("additionalProperties");
        }

        /** The value validations, on an already pruned value. */
        @SuppressWarnings("unchecked")
        void validate(Object value, Map<String, Object> schema, String path) {
            String at = path.isEmpty() ? "<root>" : path;
            if (value == null) {
                if (!Boolean.TRUE.equals(schema.get("nullable")) && schema.get("type") != null) {
                    violations.add(new Violation(at, "Invalid value: \"null\": " + at + " in body must be of type " + schema.get("type") + ": \"null\""));
                }
                return;
            }
            Object type = schema.get("type");
            if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
                if (!(isIntegral(value) || value instanceof String)) {
                    violations.add(new Violation(at, "Invalid value: " + json(value) + ": " + at + " in body must be of type integer or string: "
                            + json(typeName(value))));
                    return;
                }
            } else if (type != null && !hasType(value, String.valueOf(type))) {
                violations.add(new Violation(at, "Invalid value: " + json(typeName(value)) + ": " + at + " in body must be of type " + type + ": "
                        + json(typeName(value))));
                return;
            }
            if (schema.get("enum") instanceof List<?> options && options.stream().noneMatch(o -> sameValue(o, value))) {
                StringBuilder s = new StringBuilder();
                for (Object o : options) {
                    s.append(s.length() == 0 ? "" : ", ").append(json(o));
                }
                violations.add(new Violation(at, "Unsupported value: " + json(value) + ": supported values: " + s));
            }
            if (value instanceof Number n && !(value instanceof Boolean)) {
                double x = n.doubleValue();
                if (schema.get("minimum") instanceof Number min) {
                    boolean exclusive = Boolean.TRUE.equals(schema.get("exclusiveMinimum"));
                    if (exclusive ? x <= min.doubleValue() : x < min.doubleValue()) {
                        violations.add(new Violation(at, "Invalid value: " + json(value) + ": " + at + " in body should be greater than "
                                + (exclusive ? "" : "or equal to ") + json(min)));
                    }
                }
                if (schema.get("maximum") instanceof Number max) {
                    boolean exclusive = Boolean.TRUE.equals(schema.get("exclusiveMaximum"));
                    if (exclusive ? x >= max.doubleValue() : x > max.doubleValue()) {
                        violations.add(new Violation(at, "Invalid value: " + json(value) + ": " + at + " in body should be less than "
                                + (exclusive ? "" : "or equal to ") + json(max)));
                    }
                }
            }
            if (value instanceof String s) {
                if (schema.get("pattern") instanceof String p && !pattern(p).matcher(s).find()) {
                    violations.add(new Violation(at, "Invalid value: " + json(s) + ": " + at + " in body should match '" + p + "'"));
                }
                if (schema.get("minLength") instanceof Number min && s.codePointCount(0, s.length()) < min.intValue()) {
                    violations.add(new Violation(at, "Invalid value: " + json(s) + ": " + at + " in body should be at least " + min + " chars long"));
                }
                if (schema.get("maxLength") instanceof Number max && s.codePointCount(0, s.length()) > max.intValue()) {
                    violations.add(new Violation(at, "Too long: may not be longer than " + max));
                }
            }
            if (value instanceof List<?> l) {
                if (schema.get("minItems") instanceof Number min && l.size() < min.intValue()) {
                    violations.add(new Violation(at, "Invalid value: " + l.size() + ": " + at + " in body should have at least " + min + " items"));
                }
                if (schema.get("maxItems") instanceof Number max && l.size() > max.intValue()) {
                    violations.add(new Violation(at, "Too many: " + l.size() + ": must have at most " + max + " items"));
                }
                if (schema.get("items") instanceof Map<?, ?> items) {
                    for (int i = 0; i < l.size(); i++) {
                        validate(l.get(i), (Map<String, Object>) items, path + "[" + i + "]");
                    }
                }
            }
            if (value instanceof Map<?, ?> raw) {
                Map<String, Object> m = (Map<String, Object>) raw;
                if (schema.get("required") instanceof List<?> required) {
                    for (Object r : required) {
                        if (!m.containsKey(String.valueOf(r))) {
                            violations.add(new Violation(join(path, String.valueOf(r), false), "Required value"));
                        }
                    }
                }
                if (schema.get("minProperties") instanceof Number min && m.size() < min.intValue()) {
                    violations.add(new Violation(at, "Invalid value: " + m.size() + ": " + at + " in body should have at least " + min + " properties"));
                }
                if (schema.get("maxProperties") instanceof Number max && m.size() > max.intValue()) {
                    violations.add(new Violation(at, "Too many: " + m.size() + ": must have at most " + max + " items"));
                }
                Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
                for (Map.Entry<String, Object> e : m.entrySet()) {
                    if (props.get(e.getKey()) instanceof Map<?, ?> ps) {
                        validate(e.getValue(), (Map<String, Object>) ps, join(path, e.getKey(), false));
                    } else if (schema.get("additionalProperties") instanceof Map<?, ?> as) {
                        validate(e.getValue(), (Map<String, Object>) as, join(path, e.getKey(), true));
                    }
                }
                if (schema.get("x-kubernetes-validations") instanceof List<?> rules) {
                    for (Object o : rules) {
                        Map<String, Object> rule = (Map<String, Object>) o;
                        String text = String.valueOf(rule.get("rule"));
                        Function<Map<String, Object>, String> f = CEL_RULES.get(text);
                        if (f == null) {
                            violations.add(new Violation(at, "Internal error: CrdSchemas has no implementation of the CEL rule " + json(text)
                                    + " (add it to CrdSchemas.CEL_RULES)"));
                            continue;
                        }
                        String error;
                        try {
                            error = f.apply(m);
                        } catch (RuntimeException e) {
                            error = e.toString();
                        }
                        if (error != null) {
                            String message = error.isEmpty() ? String.valueOf(rule.getOrDefault("message", "failed rule: " + text))
                                    : error + " evaluating rule: " + text;
                            violations.add(new Violation(at, "Invalid value: \"object\": " + message));
                        }
                    }
                }
            }
            combinators(value, schema, path, at);
        }

        @SuppressWarnings("unchecked")
        private void combinators(Object value, Map<String, Object> schema, String path, String at) {
            if (schema.get("allOf") instanceof List<?> all) {
                for (Object s : all) {
                    validate(value, (Map<String, Object>) s, path);
                }
            }
            if (schema.get("anyOf") instanceof List<?> any) {
                boolean one = any.stream().anyMatch(s -> passes(value, (Map<String, Object>) s, path));
                if (!one) {
                    violations.add(new Violation(at, "Invalid value: " + json(typeName(value)) + ": " + at
                            + " in body must validate at least one schema (anyOf)"));
                }
            }
            if (schema.get("oneOf") instanceof List<?> oneOf) {
                long valid = oneOf.stream().filter(s -> passes(value, (Map<String, Object>) s, path)).count();
                if (valid != 1) {
                    violations.add(new Violation(at, "Invalid value: " + json(typeName(value)) + ": " + at
                            + " in body must validate one and only one schema (oneOf). "
                            + (valid == 0 ? "Found none valid" : "Found " + valid + " valid alternatives")));
                }
            }
            if (schema.get("not") instanceof Map<?, ?> not && passes(value, (Map<String, Object>) not, path)) {
                violations.add(new Violation(at, "Invalid value: " + json(typeName(value)) + ": " + at + " in body must not validate the schema (not)"));
            }
        }

        private static boolean passes(Object value, Map<String, Object> schema, String path) {
            Walk w = new Walk();
            w.validate(value, schema, path);
            return w.violations.isEmpty();
        }
    }

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private static Pattern pattern(String p) {
        return PATTERNS.computeIfAbsent(p, Pattern::compile);
    }

    /** A field path as the API server prints it: {@code spec.mirrors[0].source}, map keys in brackets when not plain. */
    private static String join(String path, String key, boolean mapKey) {
        if (mapKey && !key.matches("[A-Za-z0-9_-]+")) {
            return path + "[" + key + "]";
        }
        return path.isEmpty() ? key : path + "." + key;
    }

    private static boolean isInteger(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof java.math.BigInteger;
    }

    /**
     * An integer for the {@code integer} type: as kube-openapi's type validator, a number with an
     * integral value counts ({@code 3.0}), a fraction does not.
     */
    private static boolean isIntegral(Object v) {
        return isInteger(v) || (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal)
                && Double.isFinite(((Number) v).doubleValue()) && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue());
    }

    private static boolean hasType(Object v, String type) {
        return switch (type) {
            case "string" -> v instanceof String;
            case "integer" -> isIntegral(v);
            case "number" -> v instanceof Number;
            case "boolean" -> v instanceof Boolean;
            case "object" -> v instanceof Map<?, ?>;
            case "array" -> v instanceof List<?>;
            default -> true;
        };
    }

    private static String typeName(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (isInteger(v)) {
            return "integer";
        }
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof Map<?, ?>) {
            return "object";
        }
        if (v instanceof List<?>) {
            return "array";
        }
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    private static String json(Object v) {
        if (v instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return String.valueOf(v);
    }

    /** Kubernetes' version priority: GA before beta before alpha, higher numbers first; others last, by name. */
    static int compareVersions(String a, String b) {
        return Integer.compare(rank(b), rank(a)) != 0 ? Integer.compare(rank(b), rank(a)) : a.compareTo(b);
    }

    private static int rank(String v) {
        var m = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?").matcher(v);
        if (!m.matches()) {
            return -1;
        }
        int major = Integer.parseInt(m.group(1));
        int level = m.group(2) == null ? 3 : m.group(2).equals("beta") ? 2 : 1;
        int minor = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return level * 1_000_000 + major * 1_000 + minor;
    }
}
