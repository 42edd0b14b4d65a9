package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * List and dict filters with Jinja2/Ansible semantics: {@code selectattr}, {@code rejectattr},
 * {@code select}, {@code reject}, {@code map}, {@code unique}, {@code sort}, {@code first},
 * {@code last}, {@code min}, {@code max}, {@code join}, {@code list}, {@code dict}, {@code flatten},
 * {@code zip}, {@code difference}, {@code intersect}, {@code union}, {@code symmetric_difference},
 * {@code sum}, {@code reverse}.
 */
final class CollectionFilters {
    private CollectionFilters() {
    }

    static List<Filter> all() {
        return List.of(
                new AnsibleFilter("selectattr", (in, a) -> selectAttr(in, a, true)),
                new AnsibleFilter("rejectattr", (in, a) -> selectAttr(in, a, false)),
                new AnsibleFilter("select", (in, a) -> select(in, a, true)),
                new AnsibleFilter("reject", (in, a) -> select(in, a, false)),
                new AnsibleFilter("map", CollectionFilters::map),
                new AnsibleFilter("unique", CollectionFilters::unique),
                new AnsibleFilter("first", (in, a) -> firstOrLast(in, true)),
                new AnsibleFilter("last", (in, a) -> firstOrLast(in, false)),
                new AnsibleFilter("min", (in, a) -> minMax(in, a, true)),
                new AnsibleFilter("max", (in, a) -> minMax(in, a, false)),
                new AnsibleFilter("join", CollectionFilters::join),
                new AnsibleFilter("list", (in, a) -> new ArrayList<Object>(PlainData.asCollection(in))),
                new AnsibleFilter("flatten", CollectionFilters::flatten),
                new AnsibleFilter("difference", (in, a) -> setOperation(in, a.required(0, "b"), "difference")),
                new AnsibleFilter("intersect", (in, a) -> setOperation(in, a.required(0, "b"), "intersect")),
                new AnsibleFilter("union", (in, a) -> setOperation(in, a.required(0, "b"), "union")),
                new AnsibleFilter("symmetric_difference",
                        (in, a) -> setOperation(in, a.required(0, "b"), "symmetric_difference")),
                new AnsibleFilter("sum", CollectionFilters::sum),
                new AnsibleFilter("reverse", CollectionFilters::reverse));
    }

    /** Python's {@code ==}: numbers compare by value whatever their Java type. */
    static boolean pyEquals(Object a, Object b) {
        a = PlainData.unwrap(a);
        b = PlainData.unwrap(b);
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Boolean) && !(b instanceof Boolean)) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof CharSequence x && b instanceof CharSequence y) {
            return x.toString().equals(y.toString());
        }
        if (a instanceof Boolean x && b instanceof Number y) {
            return (x ? 1 : 0) == y.doubleValue();
        }
        if (b instanceof Boolean y && a instanceof Number x) {
            return (y ? 1 : 0) == x.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!pyEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof StrictUndefined || b instanceof StrictUndefined) {
            StrictUndefined.require(a);
            StrictUndefined.require(b);
        }
        return Objects.equals(a, b);
    }

    /** Python-like ordering of numbers and strings (numbers before strings when mixed). */
    static int compare(Object a, Object b) {
        a = PlainData.unwrap(a);
        b = PlainData.unwrap(b);
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            return Double.compare(a instanceof Boolean x ? (x ? 1 : 0) : ((Number) a).doubleValue(),
                    b instanceof Boolean y ? (y ? 1 : 0) : ((Number) b).doubleValue());
        }
        if (a == null || b == null) {
            if (a == b) {
                return 0;
            }
            throw new TemplateError("'<' not supported between instances of '" + PythonRepr.typeName(a) + "' and '"
                    + PythonRepr.typeName(b) + "'");
        }
        if (a instanceof CharSequence && b instanceof CharSequence) {
            return a.toString().compareTo(b.toString());
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compare(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new TemplateError("'<' not supported between instances of '" + PythonRepr.typeName(a) + "' and '"
                + PythonRepr.typeName(b) + "'");
    }

    /** Attribute lookup as Jinja2's attribute= arguments do: "a.b.0" follows dicts and list indexes. */
    static Object attribute(Object item, String path) {
        Object current = item;
        for (String part : path.split("\\.")) {
            Object c = PlainData.unwrap(current);
            if (c instanceof Map<?, ?> m) {
                current = m.containsKey(part) ? m.get(part) : StrictUndefined.attribute(c, part);
            } else if (c instanceof List<?> l && part.matches("-?\\d+")) {
                int i = Integer.parseInt(part);
                current = i < l.size() ? l.get(i < 0 ? i + l.size() : i) : StrictUndefined.attribute(c, part);
            } else if (c instanceof StrictUndefined) {
                return c;
            } else {
                current = StrictUndefined.attribute(c, part);
            }
        }
        return current;
    }

    private static boolean runTest(JinjavaInterpreter interpreter, String testName, Object value, List<Object> testArgs) {
        ExpTest test = interpreter.getContext().getExpTest(testName);
        return test.evaluate(value, interpreter, testArgs.toArray());
    }

    private static Object selectAttr(Object input, FilterArgs args, boolean keep) {
        String attr = args.string(0, "attribute", null);
        if (attr == null) {
            throw new TemplateError((keep ? "selectattr" : "rejectattr") + ": missing attribute name");
        }
        String testName = args.size() > 1 ? PythonMethods.str(args.get(1, null, null)) : null;
        List<Object> testArgs = args.size() > 2 ? args.positional().subList(2, args.size()) : List.of();
        List<Object> out = new ArrayList<>();
        for (Object item : PlainData.asIterable(input)) {
            Object value = attribute(item, attr);
            boolean ok;
            if (testName == null) {
                ok = Templar.truthy(value);
            } else {
                ok = runTest(args.interpreter(), testName, value, testArgs);
            }
            if (ok == keep) {
                out.add(item);
            }
        }
        return out;
    }

    private static Object select(Object input, FilterArgs args, boolean keep) {
        String testName = args.size() > 0 ? PythonMethods.str(args.get(0, null, null)) : null;
        List<Object> testArgs = args.size() > 1 ? args.positional().subList(1, args.size()) : List.of();
        List<Object> out = new ArrayList<>();
        for (Object item : PlainData.asIterable(input)) {
            boolean ok = testName == null ? Templar.truthy(item) : runTest(args.interpreter(), testName, item, testArgs);
            if (ok == keep) {
                out.add(item);
            }
        }
        return out;
    }

    /** {@code map(attribute='x', default=...)} or {@code map('filter', args...)}. */
    private static Object map(Object input, FilterArgs args) {
        List<Object> out = new ArrayList<>();
        if (!Templar.truthy(PlainData.unwrap(input))) {
            return out; // Jinja2 maps nothing over a false value (None, '', [])
        }
        if (args.named().containsKey("attribute")) {
            String attr = PythonMethods.str(args.named().get("attribute"));
            boolean hasDefault = args.named().containsKey("default");
            for (Object item : PlainData.asIterable(input)) {
                Object value = attribute(item, attr);
                if (value instanceof StrictUndefined && hasDefault) {
                    value = args.named().get("default");
                }
                out.add(value);
            }
            return out;
        }
        if (args.size() == 0) {
            throw new TemplateError("map: expected a filter name or attribute=");
        }
        String filterName = PythonMethods.str(args.get(0, null, null));
        JinjavaInterpreter interpreter = args.interpreter();
        Filter filter = interpreter.getContext().getFilter(filterName);
        Object[] filterArgs = args.positional().subList(1, args.size()).toArray();
        Map<String, Object> kwargs = new LinkedHashMap<>(args.named());
        for (Object item : PlainData.asIterable(input)) {
            out.add(filter.filter(item, interpreter, filterArgs, kwargs));
        }
        return out;
    }

    private static Object unique(Object input, FilterArgs args) {
        boolean caseSensitive = args.bool(0, "case_sensitive", false);
        String attr = args.string(1, "attribute", null);
        List<Object> out = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        for (Object item : PlainData.asIterable(input)) {
            Object key = attr == null ? item : attribute(item, attr);
            key = PlainData.unwrap(key);
            if (!caseSensitive && key instanceof CharSequence cs) {
                key = cs.toString().toLowerCase(Locale.ROOT);
            }
            boolean seen = false;
            for (Object k : keys) {
                if (pyEquals(k, key)) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                keys.add(key);
                out.add(item);
            }
        }
        return out;
    }


    private static Object firstOrLast(Object input, boolean first) {
        Object in = PlainData.unwrap(input);
        if (in instanceof CharSequence cs) {
            String s = cs.toString();
            return s.isEmpty() ? StrictUndefined.withMessage("first", "No first item, sequence was empty.")
                    : String.valueOf(first ? s.charAt(0) : s.charAt(s.length() - 1));
        }
        List<Object> items = new ArrayList<>(PlainData.asCollection(in));
        if (items.isEmpty()) {
            return StrictUndefined.withMessage(first ? "first" : "last",
                    "No " + (first ? "first" : "last") + " item, sequence was empty.");
        }
        return first ? items.get(0) : items.get(items.size() - 1);
    }

    private static Object minMax(Object input, FilterArgs args, boolean min) {
        String attr = args.string(-1, "attribute", null);
        boolean caseSensitive = args.bool(-1, "case_sensitive", false);
        Object best = null;
        boolean any = false;
        for (Object item : PlainData.asIterable(input)) {
            Object key = caseFold(attr == null ? item : attribute(item, attr), caseSensitive);
            Object bestKey = caseFold(attr == null ? best : (any ? attribute(best, attr) : null), caseSensitive);
            if (!any || (min ? compare(key, bestKey) < 0 : compare(key, bestKey) > 0)) {
                best = item;
                any = true;
            }
        }
        if (!any) {
            return StrictUndefined.withMessage(min ? "min" : "max", "No aggregated item, sequence was empty.");
        }
        return best;
    }

    /** Jinja2's ignore_case: strings compare lower-cased unless case_sensitive. */
    private static Object caseFold(Object value, boolean caseSensitive) {
        Object v = PlainData.unwrap(value);
        return !caseSensitive && v instanceof CharSequence cs ? cs.toString().toLowerCase(Locale.ROOT) : value;
    }

    private static Object join(Object input, FilterArgs args) {
        String separator = args.string(0, "d", "");
        String attr = args.string(1, "attribute", null);
        Object in = PlainData.unwrap(input);
        // Jinja2's join is str() of each item: None prints None
        List<Object> values = new ArrayList<>();
        for (Object item : PlainData.asIterable(in)) {
            Object v = attr == null ? item : attribute(item, attr);
            values.add(PythonRepr.str(StrictUndefined.require(v)));
        }
        return PythonMethods.join(separator, values);
    }


    private static Object flatten(Object input, FilterArgs args) {
        int levels = args.integer(0, "levels", -1);
        boolean skipNulls = args.bool(1, "skip_nulls", true);
        List<Object> out = new ArrayList<>();
        flattenInto(out, input, levels, skipNulls);
        return out;
    }

    private static void flattenInto(List<Object> out, Object list, int levels, boolean skipNulls) {
        for (Object item : PlainData.asIterable(list)) {
            Object v = PlainData.unwrap(item);
            if (v instanceof Collection<?> && levels != 0) {
                flattenInto(out, v, levels - 1, skipNulls);
            } else if (v == null || "None".equals(v)) {
                if (!skipNulls) {
                    out.add(v);
                }
            } else {
                out.add(item);
            }
        }
    }


    private static Object setOperation(Object a, Object b, String op) {
        List<Object> left = new ArrayList<>(PlainData.asCollection(a));
        List<Object> right = new ArrayList<>(PlainData.asCollection(b));
        List<Object> out = new ArrayList<>();
        switch (op) {
            case "difference" -> left.stream().filter(x -> !contains(right, x)).forEach(x -> addUnique(out, x));
            case "intersect" -> left.stream().filter(x -> contains(right, x)).forEach(x -> addUnique(out, x));
            case "union" -> {
                left.forEach(x -> addUnique(out, x));
                right.forEach(x -> addUnique(out, x));
            }
            default -> {
                left.stream().filter(x -> !contains(right, x)).forEach(x -> addUnique(out, x));
                right.stream().filter(x -> !contains(left, x)).forEach(x -> addUnique(out, x));
            }
        }
        return out;
    }

    private static boolean contains(List<Object> list, Object x) {
        for (Object o : list) {
            if (pyEquals(o, x)) {
                return true;
            }
        }
        return false;
    }

    private static void addUnique(List<Object> out, Object x) {
        if (!contains(out, x)) {
            out.add(x);
        }
    }

    private static Object sum(Object input, FilterArgs args) {
        String attr = args.string(0, "attribute", null);
        Object start = args.get(1, "start", 0L);
        Object total = PlainData.unwrap(start);
        for (Object item : PlainData.asIterable(input)) {
            Object v = PlainData.unwrap(attr == null ? item : attribute(item, attr));
            if (total instanceof List<?> l) {
                List<Object> joined = new ArrayList<>(l);
                joined.addAll(PlainData.asCollection(v));
                total = joined;
                continue;
            }
            Number x = CoreFilters.toNumber(total, false);
            Number y = CoreFilters.toNumber(v, false);
            boolean floating = x instanceof Double || y instanceof Double || x instanceof Float || y instanceof Float;
            total = floating ? (Object) (x.doubleValue() + y.doubleValue()) : (Object) (x.longValue() + y.longValue());
        }
        return total;
    }

    private static Object reverse(Object input, FilterArgs args) {
        Object in = PlainData.unwrap(input);
        if (in instanceof CharSequence cs) {
            return new StringBuilder(cs).reverse().toString();
        }
        List<Object> out = new ArrayList<>(PlainData.asCollection(in));
        java.util.Collections.reverse(out);
        return out;
    }
}
