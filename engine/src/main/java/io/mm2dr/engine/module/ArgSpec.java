package io.mm2dr.engine.module;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a module accepts: each argument's type, whether it is required, its choices, default,
 * aliases and whether its value is secret; plus mutually exclusive, required-one-of,
 * required-if and required-by groups. The engine validates and normalises arguments with it
 * before calling the module, so a module only ever sees well-typed values.
 *
 * <p>Like Ansible's {@code argument_spec}, an argument may hold a nested specification: a
 * {@link ArgType#DICT} with {@link ArgBuilder#options options} is a mapping validated by them, a
 * {@link ArgType#LIST} with {@link ArgBuilder#elements elements} is a list whose every element is
 * converted to that type (and, for {@code DICT} elements with options, validated by them), to any
 * depth. Every rule applies at every level.
 *
 * <p>Wording: an error in a top-level argument reads as Ansible's ({@code missing required
 * argument: name}), which playbook authors know. An error inside a nested option starts with the
 * option's full path ({@code mirrors[0].target: required key missing}); Ansible's own
 * {@code ... found in mirrors} drops the index, which is the part a user needs.
 *
 * <p>Just over 500 lines on purpose: the builder, the validation and the read accessors that
 * {@code doc} and {@code schema} use describe one specification; splitting them would give the
 * rules two homes.
 */
public final class ArgSpec {
    private final Map<String, Arg> args;
    private final Map<String, String> aliases;
    private final List<List<String>> mutuallyExclusive;
    private final List<List<String>> requiredOneOf;
    private final List<RequiredIf> requiredIf;
    private final Map<String, List<String>> requiredBy;
    private final boolean freeForm;
    private final boolean openEnded;
    private final List<String> order;
    private final Map<String, String> notSupported;

    private ArgSpec(Builder b) {
        this.args = Map.copyOf(b.args);
        this.aliases = Map.copyOf(b.aliases);
        this.mutuallyExclusive = List.copyOf(b.mutuallyExclusive);
        this.requiredOneOf = List.copyOf(b.requiredOneOf);
        this.requiredIf = List.copyOf(b.requiredIf);
        this.requiredBy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.requiredBy));
        this.freeForm = b.freeForm;
        this.openEnded = b.openEnded;
        this.order = List.copyOf(b.args.keySet());
        this.notSupported = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.notSupported));
    }

    /**
     * Arguments of the module this one follows (an Ansible collection's) that it does not support
     * yet, with why: refused by name rather than as unknown, so that nothing the original accepts
     * is silently ignored or mistaken for a typo.
     */
    public Map<String, String> notSupported() {
        return notSupported;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when the module takes free-form text ({@code command: ls -l}) as {@code _raw_params}. */
    public boolean freeForm() {
        return freeForm;
    }

    public Collection<Arg> args() {
        List<Arg> list = new ArrayList<>();
        for (String n : order) {
            list.add(args.get(n));
        }
        return list;
    }

    /** Names of top-level arguments whose values must never be shown. */
    public Set<String> secretNames() {
        Set<String> s = new LinkedHashSet<>();
        for (Arg a : args.values()) {
            if (a.secret) {
                s.add(a.name);
            }
        }
        return s;
    }

    /**
     * The values of every secret argument among {@code given}, at any depth (a secret option of
     * each element of a list of mappings too), for the redactor. Looks values up by name and
     * alias, so it works on arguments before or after {@link #validate}.
     */
    public List<Object> secretValues(Map<String, Object> given) {
        List<Object> out = new ArrayList<>();
        collectSecrets(given, out);
        return out;
    }

    private void collectSecrets(Map<?, ?> given, List<Object> out) {
        if (given == null) {
            return;
        }
        for (Map.Entry<?, ?> e : given.entrySet()) {
            Arg a = args.get(canonical(String.valueOf(e.getKey())));
            Object v = e.getValue();
            if (a == null || v == null) {
                continue;
            }
            if (a.secret) {
                out.add(v);
            } else if (a.options != null && v instanceof Map<?, ?> m) {
                a.options.collectSecrets(m, out);
            } else if (a.options != null && v instanceof List<?> l) {
                for (Object element : l) {
                    if (element instanceof Map<?, ?> m) {
                        a.options.collectSecrets(m, out);
                    }
                }
            }
        }
    }

    public Set<String> allowedNames() {
        Set<String> names = new TreeSet<>(args.keySet());
        names.addAll(aliases.keySet());
        return names;
    }

    /** Checks only the argument names (for load time, before values are templated). */
    public void checkNames(Collection<String> given, boolean valuesKnown) {
        for (String name : given) {
            if (!isKnown(name)) {
                throw unknown("", name);
            }
        }
        if (valuesKnown) {
            Set<String> canonical = new LinkedHashSet<>();
            for (String g : given) {
                canonical.add(canonical(g));
            }
            List<String> missing = new ArrayList<>();
            for (String n : order) {
                if (args.get(n).required && !canonical.contains(n)) {
                    missing.add(n);
                }
            }
            Collections.sort(missing);
            if (!missing.isEmpty()) {
                throw missing("", missing);
            }
        }
    }

    /** Groups of arguments of which at most one may be given (for documentation and the schema). */
    public List<List<String>> mutuallyExclusive() {
        return mutuallyExclusive;
    }

    /** Groups of arguments of which at least one must be given. */
    public List<List<String>> requiredOneOf() {
        return requiredOneOf;
    }

    /** The {@code required_if} rules, in declaration order. */
    public List<RequiredIf> requiredIf() {
        return requiredIf;
    }

    /** The {@code required_by} rules: when the key is given, all of its list must be. */
    public Map<String, List<String>> requiredBy() {
        return requiredBy;
    }

    /** True when any other argument name is accepted too (set_fact: each name is a variable). */
    public boolean openEnded() {
        return openEnded;
    }

    private boolean isKnown(String name) {
        return openEnded || args.containsKey(name) || aliases.containsKey(name) || (freeForm && name.equals("_raw_params"));
    }

    private String canonical(String name) {
        return aliases.getOrDefault(name, name);
    }

    /** Validates templated arguments and returns them converted, with defaults filled in. */
    public Map<String, Object> validate(Map<String, Object> given) {
        return validateAt("", given);
    }

    /** Validates the mapping found at {@code path} ("" for the module's own arguments). */
    private Map<String, Object> validateAt(String path, Map<?, ?> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : given.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!isKnown(name)) {
                throw unknown(path, name);
            }
            String canon = name.equals("_raw_params") ? name : canonical(name);
            if (out.containsKey(canon)) {
                throw error(path, "argument '" + canon + "' is given more than once (through an alias)",
                        "'" + canon + "' is given more than once (through an alias)");
            }
            Object value = e.getValue();
            if (canon.equals("_raw_params")) {
                out.put(canon, value == null ? null : String.valueOf(value));
                continue;
            }
            Arg declared = args.get(canon);
            out.put(canon, value == null || declared == null ? value : declared.convert(join(path, canon), value));
        }
        for (List<String> group : mutuallyExclusive) {
            List<String> present = withValue(group, out, true);
            if (present.size() > 1) {
                // Ansible's words: the whole group, as the module declares it
                String msg = "parameters are mutually exclusive: " + String.join("|", group);
                throw new ArgumentError(path.isEmpty() ? msg : msg + " found in " + path.replace(".", " -> "));
            }
        }
        for (List<String> group : requiredOneOf) {
            if (withValue(group, out, true).isEmpty()) {
                throw error(path, "one of the following is required: " + String.join(", ", group),
                        "one of the following is required: " + String.join(", ", group));
            }
        }
        for (RequiredIf rule : requiredIf) {
            Object v = out.get(rule.name()) != null ? out.get(rule.name()) : args.get(rule.name()).defaultValue;
            List<String> absent = withValue(rule.required(), out, false);
            if (rule.value().equals(v) && !absent.isEmpty()) {
                if (path.isEmpty()) {
                    throw new ArgumentError(rule.name() + " is " + v + " but all of the following are missing: " + String.join(", ", absent));
                }
                throw new ArgumentError(join(path, absent.get(0)) + ": required when " + rule.name() + " is " + v);
            }
        }
        for (Map.Entry<String, List<String>> rule : requiredBy.entrySet()) {
            if (out.get(rule.getKey()) == null) {
                continue;
            }
            List<String> absent = withValue(rule.getValue(), out, false);
            if (!absent.isEmpty()) {
                if (path.isEmpty()) {
                    throw new ArgumentError("missing parameter(s) required by '" + rule.getKey() + "': " + String.join(", ", absent));
                }
                throw new ArgumentError(join(path, absent.get(0)) + ": required when " + rule.getKey() + " is given");
            }
        }
        List<String> missing = new ArrayList<>();
        for (String n : order) {
            if (args.get(n).required && out.get(n) == null) {
                missing.add(n);
            }
        }
        Collections.sort(missing);
        if (!missing.isEmpty()) {
            throw missing(path, missing);
        }
        for (String n : order) {
            Arg a = args.get(n);
            if (out.get(a.name) == null) {
                Object fallback = a.defaultValue;
                if (fallback == null && a.applyDefaults) {
                    fallback = a.options.validateAt(join(path, a.name), Map.of());
                }
                out.put(a.name, fallback);
            }
            Object v = out.get(a.name);
            if (v != null && a.choices != null && !a.choices.contains(v)) {
                List<String> words = a.choices.stream().map(String::valueOf).toList();
                throw error(path, "value of " + a.name + " must be one of: " + String.join(", ", words) + ", got: " + v,
                        a.name, "'" + v + "' is not one of " + String.join(", ", words));
            }
        }
        return out;
    }

    /**
     * The names that have a value in {@code out} (or, {@code withValue} false, that have none), in
     * their order. (Loops rather than streams and lambdas on the path every task takes: each lambda's
     * first use costs a short run a fraction of a millisecond, interpreted.)
     */
    private static List<String> withValue(List<String> names, Map<String, Object> out, boolean withValue) {
        List<String> found = new ArrayList<>(names.size());
        for (String n : names) {
            if ((out.get(n) != null) == withValue) {
                found.add(n);
            }
        }
        return found;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private ArgumentError unknown(String path, String name) {
        if (path.isEmpty() && notSupported.containsKey(name)) {
            return new ArgumentError("argument '" + name + "' is not supported yet: " + notSupported.get(name));
        }
        if (path.isEmpty()) {
            List<String> allowed = new ArrayList<>(allowedNames());
            String near = Names.nearest(name, allowed);
            return new ArgumentError("unsupported argument '" + name + "'" + (near != null ? " (did you mean '" + near + "'?)" : "")
                    + "; supported arguments: " + String.join(", ", allowed));
        }
        List<String> known = new ArrayList<>(order);
        known.addAll(aliases.keySet());
        return new ArgumentError(join(path, name) + ": unknown key (known: " + String.join(", ", known) + ")");
    }

    /** Ansible's words: every required argument missing, sorted. */
    private static ArgumentError missing(String path, List<String> names) {
        return error(path, "missing required arguments: " + String.join(", ", names), names.get(0), "required key missing");
    }

    /** An error about the mapping at {@code path} itself. */
    private static ArgumentError error(String path, String topLevel, String nested) {
        return new ArgumentError(path.isEmpty() ? topLevel : path + ": " + nested);
    }

    /** An error about one argument of the mapping at {@code path}. */
    private static ArgumentError error(String path, String topLevel, String name, String nested) {
        return new ArgumentError(path.isEmpty() ? topLevel : join(path, name) + ": " + nested);
    }

    /** A {@code required_if} rule: when {@code name} is {@code value}, every one of {@code required} must be given. */
    public record RequiredIf(String name, Object value, List<String> required) {
    }

    /**
     * One declared argument.
     *
     * @param elements      for a {@code LIST}: the type of each element, or null for any
     * @param options       for a {@code DICT}, or a {@code LIST} of {@code DICT} elements: the nested specification, or null
     * @param applyDefaults for a {@code DICT} with options: when absent, it is the mapping of its options' defaults, not null
     * @param notEmpty      an empty or blank text, or an empty list, is refused
     */
    public record Arg(String name, ArgType type, boolean required, Object defaultValue, List<Object> choices,
                      List<String> aliases, boolean secret, String description, ArgType elements, ArgSpec options,
                      boolean applyDefaults, boolean notEmpty) {

        /** This argument's value at {@code path}, converted, its nested options validated. */
        Object convert(String path, Object v) {
            Object converted = ArgValues.convert(path, type, v);
            if (type == ArgType.DICT && options != null) {
                converted = options.validateAt(path, (Map<?, ?>) converted);
            } else if (type == ArgType.LIST && elements != null) {
                if (!(v instanceof List<?>) && (elements == ArgType.DICT || elements == ArgType.LIST)) {
                    throw ArgValues.wrongType(path, ArgType.LIST, v); // a text split at commas makes no list of mappings
                }
                List<Object> out = new ArrayList<>();
                List<?> list = (List<?>) converted;
                for (int i = 0; i < list.size(); i++) {
                    String at = path + "[" + i + "]";
                    Object element = list.get(i);
                    if (element == null) {
                        throw new ArgumentError(at + ": expected " + ArgValues.article(elements) + ", got null");
                    }
                    Object c = ArgValues.convert(at, elements, element);
                    out.add(elements == ArgType.DICT && options != null ? options.validateAt(at, (Map<?, ?>) c) : c);
                }
                converted = List.copyOf(out);
            }
            if (notEmpty && (converted instanceof String s && s.isBlank() || converted instanceof List<?> l && l.isEmpty())) {
                throw path.contains(".") || path.contains("[") ? new ArgumentError(path + ": must not be empty")
                        : new ArgumentError("argument '" + path + "' must not be empty");
            }
            return converted;
        }
    }

    public static final class Builder {
        private final Map<String, Arg> args = new LinkedHashMap<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private final List<List<String>> mutuallyExclusive = new ArrayList<>();
        private final List<List<String>> requiredOneOf = new ArrayList<>();
        private final List<RequiredIf> requiredIf = new ArrayList<>();
        private final Map<String, List<String>> requiredBy = new LinkedHashMap<>();
        private boolean freeForm;
        private boolean openEnded;
        private final Map<String, String> notSupported = new LinkedHashMap<>();

        /** An argument (or alias) of the module this one follows that it refuses, saying it is not supported yet and why. */
        public Builder notSupported(String name, String why) {
            notSupported.put(name, why);
            return this;
        }

        public Builder openEnded() {
            this.openEnded = true;
            return this;
        }

        public ArgBuilder arg(String name, ArgType type) {
            return new ArgBuilder(this, name, type);
        }

        public Builder freeForm() {
            this.freeForm = true;
            return this;
        }

        public Builder mutuallyExclusive(String... names) {
            mutuallyExclusive.add(List.of(names));
            return this;
        }

        public Builder requiredOneOf(String... names) {
            requiredOneOf.add(List.of(names));
            return this;
        }

        /** Ansible's {@code required_if}: when {@code name} (given or defaulted) equals {@code value}, all of {@code required} are required. */
        public Builder requiredIf(String name, Object value, String... required) {
            requiredIf.add(new RequiredIf(name, value, List.of(required)));
            return this;
        }

        /** Ansible's {@code required_by}: when {@code name} is given, all of {@code required} are required. */
        public Builder requiredBy(String name, String... required) {
            requiredBy.put(name, List.of(required));
            return this;
        }

        public ArgSpec build() {
            for (RequiredIf rule : requiredIf) {
                checkDeclared(rule.name());
                checkDeclared(rule.required());
            }
            for (Map.Entry<String, List<String>> rule : requiredBy.entrySet()) {
                checkDeclared(rule.getKey());
                checkDeclared(rule.getValue());
            }
            for (List<String> group : mutuallyExclusive) {
                checkDeclared(group);
            }
            for (List<String> group : requiredOneOf) {
                checkDeclared(group);
            }
            return new ArgSpec(this);
        }

        private void checkDeclared(List<String> names) {
            for (String name : names) {
                checkDeclared(name);
            }
        }

        private void checkDeclared(String name) {
            if (!args.containsKey(name)) {
                throw new IllegalStateException("a rule names the undeclared argument '" + name + "'");
            }
        }

        void add(Arg a) {
            args.put(a.name(), a);
            for (String alias : a.aliases()) {
                aliases.put(alias, a.name());
            }
        }
    }

    /** Fluent declaration of one argument; ends with {@link #add()}. */
    public static final class ArgBuilder {
        private final Builder owner;
        private final String name;
        private final ArgType type;
        private boolean required;
        private Object defaultValue;
        private List<Object> choices;
        private List<String> aliases = List.of();
        private boolean secret;
        private String description = "";
        private ArgType elements;
        private ArgSpec options;
        private boolean applyDefaults;
        private boolean notEmpty;

        ArgBuilder(Builder owner, String name, ArgType type) {
            this.owner = owner;
            this.name = name;
            this.type = type;
        }

        public ArgBuilder required() {
            this.required = true;
            return this;
        }

        public ArgBuilder defaultValue(Object v) {
            this.defaultValue = v;
            return this;
        }

        public ArgBuilder choices(Object... values) {
            this.choices = List.of(values);
            return this;
        }

        public ArgBuilder aliases(String... names) {
            this.aliases = List.of(names);
            return this;
        }

        /** The value is a secret: redacted in every output, diff, report and log. */
        public ArgBuilder secret() {
            this.secret = true;
            return this;
        }

        public ArgBuilder description(String text) {
            this.description = text;
            return this;
        }

        /** For a {@code LIST}: the type every element is converted to (Ansible's {@code elements}). */
        public ArgBuilder elements(ArgType type) {
            this.elements = type;
            return this;
        }

        /**
         * For a {@code DICT}, or a {@code LIST} of {@code DICT} elements: the specification each
         * mapping is validated by (Ansible's {@code options}).
         */
        public ArgBuilder options(ArgSpec spec) {
            this.options = spec;
            return this;
        }

        /** Ansible's {@code apply_defaults}: an absent {@code DICT} with options becomes the mapping of their defaults. */
        public ArgBuilder applyDefaults() {
            this.applyDefaults = true;
            return this;
        }

        /** An empty or blank text, or an empty list, is refused. */
        public ArgBuilder notEmpty() {
            this.notEmpty = true;
            return this;
        }

        public Builder add() {
            if (options != null && !(type == ArgType.DICT || (type == ArgType.LIST && elements == ArgType.DICT))) {
                throw new IllegalStateException(name + ": options need type dict, or list with elements dict");
            }
            if (elements != null && type != ArgType.LIST) {
                throw new IllegalStateException(name + ": elements need type list");
            }
            if (applyDefaults && (options == null || type != ArgType.DICT)) {
                throw new IllegalStateException(name + ": apply_defaults needs type dict with options");
            }
            owner.add(new Arg(name, type, required, defaultValue, choices, aliases, secret, description, elements, options,
                    applyDefaults, notEmpty));
            return owner;
        }
    }
}
