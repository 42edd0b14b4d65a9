package io.mm2dr.engine.template;

import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.SafeString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jinja2's built-in filters, written to Jinja2 3.1's documented behaviour (checked against the real
 * Jinja2 by FiltersConformanceTest): they replace jinjava's filters of the same names, whose
 * semantics differ ({@code groupby}, {@code batch}, {@code slice}, {@code dictsort}, {@code indent},
 * {@code truncate}, {@code wordwrap}, {@code pprint}, {@code escape}, {@code filesizeformat},
 * {@code xmlattr}, {@code urlize}, {@code items}, {@code format}, {@code striptags}, {@code tojson},
 * {@code attr}, {@code round}, {@code int}...).
 */
final class JinjaFilters {
    private JinjaFilters() {
    }

    static List<Filter> all() {
        return List.of(
                new AnsibleFilter("groupby", JinjaFilters::groupby),
                new AnsibleFilter("sort", JinjaFilters::sort),
                new AnsibleFilter("batch", JinjaFilters::batch),
                new AnsibleFilter("slice", JinjaFilters::slice),
                new AnsibleFilter("dictsort", JinjaFilters::dictsort),
                new AnsibleFilter("indent", JinjaTextFilters::indent),
                new AnsibleFilter("truncate", JinjaTextFilters::truncate),
                new AnsibleFilter("title", (in, a) -> JinjaTextFilters.title(StringFilters.text(in))),
                new AnsibleFilter("wordwrap", JinjaTextFilters::wordwrap),
                new AnsibleFilter("pprint", (in, a) -> PrettyPrinter.pformat(PlainData.plain(in))),
                new AnsibleFilter("escape", (in, a) -> JinjaTextFilters.escape(in)),
                new AnsibleFilter("e", (in, a) -> JinjaTextFilters.escape(in)),
                new AnsibleFilter("forceescape", (in, a) -> new SafeString(JinjaTextFilters.htmlEscape(StringFilters.text(in)))),
                new AnsibleFilter("filesizeformat", JinjaTextFilters::filesizeformat),
                new AnsibleFilter("xmlattr", JinjaTextFilters::xmlattr),
                new AnsibleFilter("urlize", JinjaTextFilters::urlize),
                new AnsibleFilter("urlencode", JinjaTextFilters::urlencode),
                new AnsibleFilter("items", JinjaFilters::items),
                new AnsibleFilter("format", JinjaTextFilters::format),
                new AnsibleFilter("striptags", (in, a) -> JinjaTextFilters.striptags(StringFilters.text(in))),
                new AnsibleFilter("tojson", JinjaTextFilters::tojson),
                new AnsibleFilter("attr", JinjaTextFilters::attr),
                new AnsibleFilter("center", (in, a) -> JinjaTextFilters.center(StringFilters.text(in), a.integer(0, "width", 80))),
                new AnsibleFilter("wordcount", (in, a) -> JinjaTextFilters.wordcount(StringFilters.text(in))),
                new AnsibleFilter("round", JinjaFilters::round),
                new AnsibleFilter("int", JinjaFilters::toInt));
    }

    // ---------------------------------------------------------------- sorting and grouping

    /** Jinja2's ignore_case postprocessing: strings compare lower-cased. */
    static Object ignoreCase(Object value) {
        Object v = PlainData.unwrap(value);
        return v instanceof CharSequence cs ? cs.toString().toLowerCase(Locale.ROOT) : v;
    }

    /** make_attrgetter: the attribute path's value, the default replacing an undefined one. */
    static Object attrGetter(Object item, String attribute, Object fallback, boolean hasDefault) {
        if (attribute == null) {
            return item;
        }
        Object v = CollectionFilters.attribute(item, attribute);
        if (v instanceof StrictUndefined && hasDefault && fallback != null) {
            return fallback;
        }
        return v;
    }

    private static Object groupby(Object input, FilterArgs args) {
        String attribute = PythonMethods.str(args.required(0, "attribute"));
        Object fallback = args.get(1, "default", null);
        boolean caseSensitive = args.bool(2, "case_sensitive", false);
        List<Object> items = new ArrayList<>(PlainData.asCollection(input));
        List<Object> keys = new ArrayList<>(items.size());
        for (Object item : items) {
            Object k = StrictUndefined.require(attrGetter(item, attribute, fallback, true));
            keys.add(caseSensitive ? PlainData.unwrap(k) : ignoreCase(k));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        order.sort((x, y) -> CollectionFilters.compare(keys.get(x), keys.get(y)));
        List<Object> out = new ArrayList<>();
        Object currentKey = null;
        List<Object> current = null;
        for (int i : order) {
            if (current == null || !CollectionFilters.pyEquals(currentKey, keys.get(i))) {
                current = new ArrayList<>();
                currentKey = keys.get(i);
                Object grouper = caseSensitive ? currentKey : attrGetter(items.get(i), attribute, fallback, true);
                out.add(new Group(grouper, current));
            }
            current.add(items.get(i));
        }
        return out;
    }

    /** Jinja2's _GroupTuple: a (grouper, list) tuple that also has .grouper and .list. */
    static final class Group extends PyTuple {
        private static final long serialVersionUID = 1L;

        Group(Object grouper, List<Object> list) {
            super(java.util.Arrays.asList(grouper, list));
        }

        public Object getGrouper() {
            return get(0);
        }

        public Object getList() {
            return get(1);
        }
    }

    private static Object sort(Object input, FilterArgs args) {
        boolean reverse = args.bool(0, "reverse", false);
        boolean caseSensitive = args.bool(1, "case_sensitive", false);
        String attribute = args.string(2, "attribute", null);
        List<Object> out = new ArrayList<>(PlainData.asCollection(input));
        List<String> parts = new ArrayList<>();
        if (attribute != null) {
            for (String p : attribute.split(",")) {
                parts.add(p.trim());
            }
        }
        Comparator<Object> order = (a, b) -> CollectionFilters.compare(sortKey(a, parts, caseSensitive),
                sortKey(b, parts, caseSensitive));
        out.sort(reverse ? order.reversed() : order);
        return out;
    }

    private static Object sortKey(Object item, List<String> attributes, boolean caseSensitive) {
        if (attributes.isEmpty()) {
            return caseSensitive ? PlainData.unwrap(item) : ignoreCase(item);
        }
        if (attributes.size() == 1) {
            Object v = StrictUndefined.require(CollectionFilters.attribute(item, attributes.get(0)));
            return caseSensitive ? PlainData.unwrap(v) : ignoreCase(v);
        }
        List<Object> key = new ArrayList<>();
        for (String attribute : attributes) {
            Object v = StrictUndefined.require(CollectionFilters.attribute(item, attribute));
            key.add(caseSensitive ? PlainData.unwrap(v) : ignoreCase(v));
        }
        return key;
    }

    private static Object batch(Object input, FilterArgs args) {
        int size = args.integer(0, "linecount", 1);
        Object fill = args.get(1, "fill_with", null);
        List<Object> out = new ArrayList<>();
        List<Object> tmp = new ArrayList<>();
        for (Object item : PlainData.asIterable(input)) {
            if (tmp.size() == size) {
                out.add(tmp);
                tmp = new ArrayList<>();
            }
            tmp.add(item);
        }
        if (!tmp.isEmpty()) {
            if (fill != null) {
                while (tmp.size() < size) {
                    tmp.add(fill);
                }
            }
            out.add(tmp);
        }
        return out;
    }

    private static Object slice(Object input, FilterArgs args) {
        int slices = args.integer(0, "slices", 1);
        Object fill = args.get(1, "fill_with", null);
        List<Object> seq = new ArrayList<>(PlainData.asCollection(input));
        int perSlice = seq.size() / slices;
        int withExtra = seq.size() % slices;
        int offset = 0;
        List<Object> out = new ArrayList<>();
        for (int n = 0; n < slices; n++) {
            int start = offset + n * perSlice;
            if (n < withExtra) {
                offset++;
            }
            int end = offset + (n + 1) * perSlice;
            List<Object> tmp = new ArrayList<>(seq.subList(Math.min(start, seq.size()), Math.min(end, seq.size())));
            if (fill != null && n >= withExtra) {
                tmp.add(fill);
            }
            out.add(tmp);
        }
        return out;
    }

    private static Object dictsort(Object input, FilterArgs args) {
        boolean caseSensitive = args.bool(0, "case_sensitive", false);
        String by = args.string(1, "by", "key");
        boolean reverse = args.bool(2, "reverse", false);
        int pos = switch (by) {
            case "key" -> 0;
            case "value" -> 1;
            default -> throw new TemplateError("You can only sort by either 'key' or 'value'");
        };
        Object in = PlainData.unwrap(input);
        if (!(in instanceof Map<?, ?> map)) {
            throw new TemplateError("dictsort: expected a dict, got " + PythonRepr.typeName(in));
        }
        List<Object> items = new ArrayList<>();
        map.forEach((k, v) -> items.add(PyTuple.of(k, v)));
        Comparator<Object> order = (a, b) -> {
            Object x = ((List<?>) a).get(pos);
            Object y = ((List<?>) b).get(pos);
            return CollectionFilters.compare(caseSensitive ? x : ignoreCase(x), caseSensitive ? y : ignoreCase(y));
        };
        items.sort(reverse ? order.reversed() : order);
        return items;
    }

    private static Object items(Object input, FilterArgs args) {
        if (input instanceof StrictUndefined) {
            return new ArrayList<>();
        }
        Object in = PlainData.unwrap(input);
        if (!(in instanceof Map<?, ?> map)) {
            throw new TemplateError("Can only get item pairs from a mapping.");
        }
        List<Object> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(PyTuple.of(k, v)));
        return out;
    }

    // ---------------------------------------------------------------- numbers

    /** Jinja2's round: 'common' rounds half to even on the exact binary value (Python's round), keeping ints ints. */
    private static Object round(Object input, FilterArgs args) {
        int precision = args.integer(0, "precision", 0);
        String method = args.string(1, "method", "common");
        if (!List.of("common", "ceil", "floor").contains(method)) {
            throw new TemplateError("method must be common, ceil or floor");
        }
        Number n = CoreFilters.toNumber(input, false);
        boolean integral = !(n instanceof Double || n instanceof Float || n instanceof BigDecimal);
        if ("common".equals(method)) {
            if (integral) {
                if (precision >= 0) {
                    return n;
                }
                BigDecimal rounded = new BigDecimal(bigInteger(n)).setScale(precision, RoundingMode.HALF_EVEN);
                return narrow(rounded.toBigInteger());
            }
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return d;
            }
            return new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).doubleValue();
        }
        double scale = Math.pow(10, precision);
        double v = n.doubleValue() * scale;
        return ("ceil".equals(method) ? Math.ceil(v) : Math.floor(v)) / scale;
    }

    static BigInteger bigInteger(Number n) {
        if (n instanceof BigInteger b) {
            return b;
        }
        if (n instanceof BigDecimal d) {
            return d.toBigInteger();
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.doubleValue()).toBigInteger();
        }
        return BigInteger.valueOf(n.longValue());
    }

    /** A Long when it fits, else the BigInteger. */
    static Number narrow(BigInteger b) {
        return b.bitLength() < 64 ? (Number) b.longValue() : b;
    }

    private static final Pattern PY_INT = Pattern.compile("[+-]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)");

    /** Jinja2's int(default=0, base=10): Python's int(), falling back to int(float(value)), else the default. */
    private static Object toInt(Object input, FilterArgs args) {
        Object fallback = args.get(0, "default", 0L);
        int base = args.integer(1, "base", 10);
        Object v = PlainData.unwrap(input);
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof Number n) {
            if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
                return fallback;
            }
            return narrow(bigInteger(n));
        }
        if (v instanceof CharSequence cs) {
            String s = cs.toString().strip();
            BigInteger parsed = parseInt(s, base);
            if (parsed != null) {
                return narrow(parsed);
            }
            try {
                double d = Double.parseDouble(s.replace("_", ""));
                if (!Double.isNaN(d) && !Double.isInfinite(d) && !s.matches(".*[a-zA-Z].*[a-zA-Z].*")) {
                    return narrow(new BigDecimal(d).toBigInteger());
                }
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        return fallback;
    }

    /** Python's int(text, base), or null when Python would raise ValueError. */
    static BigInteger parseInt(String s, int base) {
        if (s.isEmpty() || s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
            return null;
        }
        String body = s;
        boolean negative = false;
        if (body.startsWith("+") || body.startsWith("-")) {
            negative = body.startsWith("-");
            body = body.substring(1);
        }
        String lower = body.toLowerCase(Locale.ROOT);
        int b = base;
        if (base == 0) {
            if (!PY_INT.matcher(body).matches()) {
                return null;
            }
            b = lower.startsWith("0x") ? 16 : lower.startsWith("0o") ? 8 : lower.startsWith("0b") ? 2 : 10;
            if (b == 10 && lower.length() > 1 && lower.replace("_", "").matches("0*[1-9].*")) {
                return null; // Python refuses leading zeros with base 0
            }
        }
        if ((b == 16 && lower.startsWith("0x")) || (b == 8 && lower.startsWith("0o")) || (b == 2 && lower.startsWith("0b"))) {
            body = body.substring(2);
            if (body.startsWith("_")) {
                body = body.substring(1);
            }
        }
        body = body.replace("_", "");
        if (body.isEmpty() || b < 2 || b > 36) {
            return null;
        }
        try {
            BigInteger r = new BigInteger(body, b);
            return negative ? r.negate() : r;
        } catch (NumberFormatException e) {
            return null;
        }
    }

}
