package io.mm2dr.engine.module;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a module accepts: each argument's type, whether it is required, its choices, default,
 * aliases and whether its value is secret; plus mutually exclusive and required-one-of groups.
 * The engine validates and normalises arguments with it before calling the module, so a module
 * only ever sees well-typed values.
 */
public final class ArgSpec {
    private final Map<String, Arg> args;
    private final Map<String, String> aliases;
    private final List<List<String>> mutuallyExclusive;
    private final List<List<String>> requiredOneOf;
    private final boolean freeForm;
    private final boolean openEnded;

    private ArgSpec(Builder b) {
        this.args = Map.copyOf(b.args);
        this.aliases = Map.copyOf(b.aliases);
        this.mutuallyExclusive = List.copyOf(b.mutuallyExclusive);
        this.requiredOneOf = List.copyOf(b.requiredOneOf);
        this.freeForm = b.freeForm;
        this.openEnded = b.openEnded;
        this.order = List.copyOf(b.args.keySet());
    }

    private final List<String> order;

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

    /** Names of arguments whose values must never be shown. */
    public Set<String> secretNames() {
        Set<String> s = new LinkedHashSet<>();
        for (Arg a : args.values()) {
            if (a.secret) {
                s.add(a.name);
            }
        }
        return s;
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
                throw unknown(name);
            }
        }
        if (valuesKnown) {
            Set<String> canonical = new LinkedHashSet<>();
            for (String g : given) {
                canonical.add(canonical(g));
            }
            for (Arg a : args.values()) {
                if (a.required && !canonical.contains(a.name)) {
                    throw new ArgumentError("missing required argument: " + a.name);
                }
            }
        }
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

    private ArgumentError unknown(String name) {
        List<String> allowed = new ArrayList<>(allowedNames());
        String near = Names.nearest(name, allowed);
        return new ArgumentError("unsupported argument '" + name + "'" + (near != null ? " (did you mean '" + near + "'?)" : "")
                + "; supported arguments: " + String.join(", ", allowed));
    }

    /** Validates templated arguments and returns them converted, with defaults filled in. */
    public Map<String, Object> validate(Map<String, Object> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : given.entrySet()) {
            String name = e.getKey();
            if (!isKnown(name)) {
                throw unknown(name);
            }
            String canon = name.equals("_raw_params") ? name : canonical(name);
            if (out.containsKey(canon)) {
                throw new ArgumentError("argument '" + canon + "' is given more than once (through an alias)");
            }
            Object value = e.getValue();
            if (canon.equals("_raw_params")) {
                out.put(canon, value == null ? null : String.valueOf(value));
                continue;
            }
            Arg declared = args.get(canon);
            out.put(canon, value == null || declared == null ? value : convert(declared, value));
        }
        for (List<String> group : mutuallyExclusive) {
            List<String> present = group.stream().filter(n -> out.get(n) != null).toList();
            if (present.size() > 1) {
                throw new ArgumentError("arguments are mutually exclusive: " + String.join("|", present));
            }
        }
        for (List<String> group : requiredOneOf) {
            if (group.stream().noneMatch(n -> out.get(n) != null)) {
                throw new ArgumentError("one of the following is required: " + String.join(", ", group));
            }
        }
        for (Arg a : args.values()) {
            if (out.get(a.name) == null) {
                if (a.required) {
                    throw new ArgumentError("missing required argument: " + a.name);
                }
                out.put(a.name, a.defaultValue);
            }
            Object v = out.get(a.name);
            if (v != null && a.choices != null && !a.choices.contains(v)) {
                throw new ArgumentError("value of " + a.name + " must be one of: " + String.join(", ", a.choices.stream().map(String::valueOf).toList())
                        + ", got: " + v);
            }
        }
        return out;
    }

    private static Object convert(Arg a, Object v) {
        try {
            return switch (a.type) {
                case RAW -> v;
                case STR, PATH -> {
                    if (v instanceof Map || v instanceof List) {
                        throw new ArgumentError("argument '" + a.name + "' is of type " + typeName(v) + " and we were unable to convert to str");
                    }
                    yield v instanceof Boolean b ? (b ? "True" : "False") : v.toString();
                }
                case INT -> {
                    if (v instanceof Number n && (v instanceof Long || v instanceof Integer || n.doubleValue() == Math.rint(n.doubleValue()))) {
                        yield n.longValue();
                    }
                    if (v instanceof String s) {
                        yield Long.parseLong(s.trim());
                    }
                    throw new NumberFormatException();
                }
                case FLOAT -> {
                    if (v instanceof Number n) {
                        yield n.doubleValue();
                    }
                    if (v instanceof String s) {
                        yield Double.parseDouble(s.trim());
                    }
                    throw new NumberFormatException();
                }
                case BOOL -> toBool(a, v);
                case LIST -> {
                    if (v instanceof List<?> l) {
                        yield l;
                    }
                    if (v instanceof String s) {
                        yield s.isEmpty() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
                    }
                    yield List.of(v);
                }
                case DICT -> {
                    if (v instanceof Map<?, ?> m) {
                        yield m;
                    }
                    throw new ArgumentError("argument '" + a.name + "' is of type " + typeName(v) + " and we were unable to convert to dict");
                }
            };
        } catch (NumberFormatException e) {
            throw new ArgumentError("argument '" + a.name + "' is of type " + typeName(v) + " and we were unable to convert to "
                    + a.type.name().toLowerCase(Locale.ROOT) + ": " + v);
        }
    }

    private static Boolean toBool(Arg a, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "yes", "on", "1", "true", "y", "t" -> true;
            case "no", "off", "0", "false", "n", "f" -> false;
            default -> throw new ArgumentError("argument '" + a.name + "' is of type " + typeName(v)
                    + " and we were unable to convert to bool: " + v);
        };
    }

    private static String typeName(Object v) {
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        return v.getClass().getSimpleName();
    }

    /** One declared argument. */
    public record Arg(String name, ArgType type, boolean required, Object defaultValue, List<Object> choices,
                      List<String> aliases, boolean secret, String description) {
    }

    public static final class Builder {
        private final Map<String, Arg> args = new LinkedHashMap<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private final List<List<String>> mutuallyExclusive = new ArrayList<>();
        private final List<List<String>> requiredOneOf = new ArrayList<>();
        private boolean freeForm;
        private boolean openEnded;

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

        public ArgSpec build() {
            return new ArgSpec(this);
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

        public Builder add() {
            owner.add(new Arg(name, type, required, defaultValue, choices, aliases, secret, description));
            return owner;
        }
    }
}
