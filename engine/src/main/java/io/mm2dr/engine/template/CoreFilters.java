package io.mm2dr.engine.template;

import com.hubspot.jinjava.lib.filter.Filter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The basic filters, with Jinja2/Ansible semantics: {@code default}/{@code d}, {@code mandatory},
 * {@code ternary}, {@code bool}, {@code int}, {@code float}, {@code string}, {@code type_debug},
 * {@code abs}, {@code round}, {@code length}/{@code count}.
 */
final class CoreFilters {
    private CoreFilters() {
    }

    static List<Filter> all() {
        return List.of(
                new AnsibleFilter("default", CoreFilters::defaultValue),
                new AnsibleFilter("d", CoreFilters::defaultValue),
                new AnsibleFilter("mandatory", CoreFilters::mandatory),
                new AnsibleFilter("ternary", CoreFilters::ternary),
                new AnsibleFilter("bool", (in, a) -> boolFilter(in)),
                new AnsibleFilter("float", CoreFilters::toFloat),
                new AnsibleFilter("string", (in, a) -> in == null ? "None" : PythonRepr.str(in)),
                new AnsibleFilter("type_debug", (in, a) -> PythonRepr.typeName(in)),
                new AnsibleFilter("abs", CoreFilters::abs),
                new AnsibleFilter("length", (in, a) -> length(in)),
                new AnsibleFilter("count", (in, a) -> length(in)));
    }

    /** {@code default(value, boolean=False)}: replaces undefined, and with boolean=True any falsy value. */
    private static Object defaultValue(Object input, FilterArgs args) {
        Object fallback = args.get(0, "default_value", "");
        boolean alsoFalsy = args.bool(1, "boolean", false);
        if (input instanceof StrictUndefined) {
            return fallback;
        }
        if (alsoFalsy && !Templar.truthy(input)) {
            return fallback;
        }
        return input;
    }

    private static Object mandatory(Object input, FilterArgs args) {
        if (input instanceof StrictUndefined u) {
            String msg = args.string(0, "msg", null);
            throw new UndefinedVariableError(u.name(),
                    msg != null ? msg : "Mandatory variable '" + u.name() + "' not defined.");
        }
        return input;
    }

    private static Object ternary(Object input, FilterArgs args) {
        if (input == null && args.has(2, "none_val")) {
            return args.get(2, "none_val", null);
        }
        return Templar.truthy(input) ? args.get(0, "true_val", null) : args.get(1, "false_val", null);
    }

    /** Ansible's bool filter: 'yes', 'on', '1', 'true', 'y', 't' (any case) and 1 are true. */
    static boolean toBool(Object value) {
        value = PlainData.unwrap(value);
        if (value instanceof Boolean b) {
            return b;
        }
        if (value == null) {
            return false;
        }
        if (value instanceof Number n) {
            return n.doubleValue() == 1;
        }
        String s = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "yes", "on", "1", "true", "y", "t", "1.0" -> true;
            default -> false;
        };
    }


    /**
     * ansible-core 2.14's bool filter: None and booleans as they are; 'yes', 'on', '1', 'true' (any
     * case) and the number 1 are true, everything else false.
     */
    static Object boolFilter(Object input) {
        Object v = PlainData.unwrap(input);
        if (v == null || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Number n) {
            return n.doubleValue() == 1;
        }
        if (v instanceof CharSequence cs) {
            return switch (cs.toString().toLowerCase(Locale.ROOT)) {
                case "yes", "on", "1", "true" -> true;
                default -> false;
            };
        }
        return false;
    }

    /** Python's float() of text: also nan, inf, infinity with a sign, in any case. */
    static Double parseFloat(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(t.replace("_", ""));
    }

    private static Object toFloat(Object input, FilterArgs args) {
        Object fallback = args.get(0, "default", 0.0d);
        Object v = PlainData.unwrap(input);
        if (v instanceof Boolean b) {
            return b ? 1.0d : 0.0d;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v == null) {
            return fallback;
        }
        try {
            return parseFloat(v.toString());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A number from a number or numeric text; Long unless it has a fraction (or {@code preferDouble}). */
    static Number toNumber(Object value, boolean preferDouble) {
        value = PlainData.unwrap(value);
        if (value instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (value instanceof Number n) {
            if (preferDouble) {
                return n.doubleValue();
            }
            return n;
        }
        String s = value == null ? "" : value.toString().trim();
        try {
            if (!preferDouble && !s.contains(".") && !s.contains("e") && !s.contains("E")) {
                return Long.parseLong(s);
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new TemplateError("could not convert " + PythonRepr.repr(value) + " to a number");
        }
    }

    private static Object abs(Object input, FilterArgs args) {
        Number n = toNumber(input, false);
        if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
            return Math.abs(n.doubleValue());
        }
        return Math.abs(n.longValue());
    }


    static long length(Object input) {
        Object v = PlainData.unwrap(input);
        if (v == null) {
            throw new TemplateError("object of type 'NoneType' has no len()");
        }
        if (v instanceof CharSequence cs) {
            return cs.toString().codePointCount(0, cs.length());
        }
        if (v instanceof Collection<?> c) {
            return c.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        return PlainData.asCollection(v).size();
    }
}
