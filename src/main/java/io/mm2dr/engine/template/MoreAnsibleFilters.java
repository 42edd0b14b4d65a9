package io.mm2dr.engine.template;

import com.hubspot.jinjava.lib.filter.Filter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Ansible's (ansible.builtin) filters beyond the everyday ones: {@code product}, {@code permutations},
 * {@code combinations}, {@code subelements}, {@code zip_longest}, {@code zip} (tuples),
 * {@code splitext}, {@code from_yaml_all}, {@code extract}, {@code to_datetime}, {@code strftime},
 * {@code path_join}, {@code expanduser}, {@code realpath}, {@code relpath}, {@code pow}, {@code log},
 * {@code root}, {@code human_to_bytes}, {@code human_readable}.
 */
final class MoreAnsibleFilters {
    private MoreAnsibleFilters() {
    }

    static List<Filter> all() {
        return List.of(
                new AnsibleFilter("product", MoreAnsibleFilters::product),
                new AnsibleFilter("permutations", (in, a) -> permutations(list(in), a.get(0, "r", null))),
                new AnsibleFilter("combinations", (in, a) -> combinations(list(in), a.integer(0, "r", 0))),
                new AnsibleFilter("subelements", MoreAnsibleFilters::subelements),
                new AnsibleFilter("zip_longest", (in, a) -> zip(in, a, true)),
                new AnsibleFilter("zip", (in, a) -> zip(in, a, false)),
                new AnsibleFilter("splitext", (in, a) -> splitext(StringFilters.text(in))),
                new AnsibleFilter("from_yaml_all", (in, a) -> fromYamlAll(StringFilters.text(in))),
                new AnsibleFilter("extract", MoreAnsibleFilters::extract),
                new AnsibleFilter("to_datetime", (in, a) -> TimeFormat.strptime(StringFilters.text(in),
                        a.string(0, "format", "%Y-%m-%d %H:%M:%S"))),
                new AnsibleFilter("strftime", MoreAnsibleFilters::strftime),
                new AnsibleFilter("path_join", MoreAnsibleFilters::pathJoin),
                new AnsibleFilter("expanduser", (in, a) -> expanduser(StringFilters.text(in))),
                new AnsibleFilter("realpath", (in, a) -> Path.of(expanduser(StringFilters.text(in))).toAbsolutePath()
                        .normalize().toString()),
                new AnsibleFilter("relpath", (in, a) -> relpath(StringFilters.text(in), a.string(0, "start", null))),
                new AnsibleFilter("pow", (in, a) -> Math.pow(CoreFilters.toNumber(in, true).doubleValue(),
                        CoreFilters.toNumber(a.required(0, "y"), true).doubleValue())),
                new AnsibleFilter("log", MoreAnsibleFilters::log),
                new AnsibleFilter("root", MoreAnsibleFilters::root),
                new AnsibleFilter("random", MoreAnsibleFilters::random),
                new AnsibleFilter("shuffle", MoreAnsibleFilters::shuffle));
    }

    private static List<Object> list(Object in) {
        return new ArrayList<>(PlainData.asCollection(StrictUndefined.require(in)));
    }

    private static Object product(Object input, FilterArgs args) {
        List<List<Object>> pools = new ArrayList<>();
        pools.add(list(input));
        for (Object other : args.positional()) {
            pools.add(list(other));
        }
        int repeat = args.integer(-1, "repeat", 1);
        List<List<Object>> all = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            all.addAll(pools);
        }
        List<List<Object>> result = new ArrayList<>();
        result.add(new ArrayList<>());
        for (List<Object> pool : all) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : result) {
                for (Object item : pool) {
                    List<Object> row = new ArrayList<>(prefix);
                    row.add(item);
                    next.add(row);
                }
            }
            result = next;
        }
        List<Object> out = new ArrayList<>();
        result.forEach(row -> out.add(new PyTuple(row)));
        return out;
    }

    /** itertools.permutations, in its order. */
    private static Object permutations(List<Object> pool, Object rArg) {
        int n = pool.size();
        int r = rArg == null ? n : PythonMethods.intArg(PlainData.unwrap(rArg), n);
        List<Object> out = new ArrayList<>();
        if (r > n) {
            return out;
        }
        permute(pool, r, new ArrayList<>(), new boolean[n], out);
        return out;
    }

    private static void permute(List<Object> pool, int r, List<Object> prefix, boolean[] used, List<Object> out) {
        if (prefix.size() == r) {
            out.add(new PyTuple(prefix));
            return;
        }
        for (int i = 0; i < pool.size(); i++) {
            if (!used[i]) {
                used[i] = true;
                prefix.add(pool.get(i));
                permute(pool, r, prefix, used, out);
                prefix.remove(prefix.size() - 1);
                used[i] = false;
            }
        }
    }

    /** itertools.combinations, in its order. */
    private static Object combinations(List<Object> pool, int r) {
        List<Object> out = new ArrayList<>();
        if (r <= pool.size()) {
            combine(pool, r, 0, new ArrayList<>(), out);
        }
        return out;
    }

    private static void combine(List<Object> pool, int r, int from, List<Object> prefix, List<Object> out) {
        if (prefix.size() == r) {
            out.add(new PyTuple(prefix));
            return;
        }
        for (int i = from; i < pool.size(); i++) {
            prefix.add(pool.get(i));
            combine(pool, r, i + 1, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    /** Ansible's subelements(obj, 'key.path', skip_missing=False): (element, value) pairs. */
    static List<Object> subelements(Object input, FilterArgs args) {
        return subelements(input, args.required(0, "subelements"), args.bool(1, "skip_missing", false));
    }

    static List<Object> subelements(Object input, Object subelements, boolean skipMissing) {
        Object in = PlainData.unwrap(StrictUndefined.require(input));
        List<Object> elements;
        if (in instanceof Map<?, ?> m) {
            elements = new ArrayList<>(m.values());
        } else if (in instanceof List<?> l) {
            elements = new ArrayList<>(l);
        } else {
            throw new TemplateError("obj must be a list of dicts or a nested dict");
        }
        Object sub = PlainData.unwrap(subelements);
        List<Object> path = new ArrayList<>();
        if (sub instanceof List<?> l) {
            path.addAll(l);
        } else if (sub instanceof CharSequence cs) {
            path.addAll(List.of(cs.toString().split("\\.", -1)));
        } else {
            throw new TemplateError("subelements must be a list or a string");
        }
        List<Object> out = new ArrayList<>();
        for (Object element : elements) {
            Object values = element;
            for (Object key : path) {
                Object v = PlainData.unwrap(values);
                if (v instanceof Map<?, ?> m) {
                    if (!m.containsKey(PythonMethods.str(key))) {
                        if (skipMissing) {
                            values = List.of();
                            break;
                        }
                        throw new TemplateError("could not find " + PythonRepr.repr(key) + " key in iterated item "
                                + PythonRepr.repr(v));
                    }
                    values = m.get(PythonMethods.str(key));
                } else {
                    throw new TemplateError("the key " + PythonMethods.str(key) + " should point to a dictionary, got '"
                            + PythonRepr.str(v) + "'");
                }
            }
            Object v = PlainData.unwrap(values);
            if (!(v instanceof List<?> l)) {
                throw new TemplateError("the key " + PythonRepr.repr(path.get(path.size() - 1))
                        + " should point to a list, got " + PythonRepr.repr(v));
            }
            for (Object value : l) {
                out.add(PyTuple.of(element, value));
            }
        }
        return out;
    }

    private static Object zip(Object input, FilterArgs args, boolean longest) {
        List<List<Object>> lists = new ArrayList<>();
        lists.add(list(input));
        for (Object other : args.positional()) {
            lists.add(list(other));
        }
        Object fill = args.get(-1, "fillvalue", null);
        int n = longest ? lists.stream().mapToInt(List::size).max().orElse(0)
                : lists.stream().mapToInt(List::size).min().orElse(0);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>();
            for (List<Object> l : lists) {
                row.add(i < l.size() ? l.get(i) : fill);
            }
            out.add(new PyTuple(row));
        }
        return out;
    }

    /** os.path.splitext: (root, ext); leading dots of the file name do not start an extension. */
    static Object splitext(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot > slash) {
            int nameStart = slash + 1;
            int firstNonDot = nameStart;
            while (firstNonDot < dot && path.charAt(firstNonDot) == '.') {
                firstNonDot++;
            }
            if (firstNonDot < dot) {
                return PyTuple.of(path.substring(0, dot), path.substring(dot));
            }
        }
        return PyTuple.of(path, "");
    }

    private static Object fromYamlAll(String text) {
        try {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            List<Object> out = new ArrayList<>();
            for (Object doc : yaml.loadAll(text)) {
                out.add(PlainData.plain(doc));
            }
            return out;
        } catch (YAMLException e) {
            throw new TemplateError("from_yaml_all: invalid YAML: " + e.getMessage());
        }
    }

    /** extract(item, container, morekeys=None): container[item], then each of morekeys. */
    private static Object extract(Object input, FilterArgs args) {
        Object container = args.required(0, "container");
        Object value = item(container, input);
        Object morekeys = args.get(1, "morekeys", null);
        if (!(value instanceof StrictUndefined) && morekeys != null) {
            Object keys = PlainData.unwrap(morekeys);
            for (Object key : keys instanceof List<?> l ? l : List.of(keys)) {
                value = item(value, key);
            }
        }
        return value;
    }

    private static Object item(Object container, Object key) {
        Object c = PlainData.unwrap(container);
        Object k = PlainData.unwrap(key);
        if (c instanceof Map<?, ?> m) {
            Object mk = k instanceof CharSequence cs ? cs.toString() : k;
            if (m.containsKey(mk)) {
                return m.get(mk);
            }
            if (k != null && m.containsKey(PythonRepr.str(k))) {
                return m.get(PythonRepr.str(k));
            }
            return StrictUndefined.attribute(c, k);
        }
        if (c instanceof List<?> l && k instanceof Number n) {
            int i = n.intValue() < 0 ? n.intValue() + l.size() : n.intValue();
            return i >= 0 && i < l.size() ? l.get(i) : StrictUndefined.attribute(c, k);
        }
        if (c instanceof StrictUndefined) {
            return c;
        }
        return StrictUndefined.attribute(c, k);
    }

    /** strftime(format, second=None, utc=False): time.strftime over localtime (or gmtime). */
    private static Object strftime(Object input, FilterArgs args) {
        Object second = args.get(0, "second", null);
        boolean utc = args.bool(1, "utc", false);
        Instant when;
        if (second == null) {
            when = Instant.now();
        } else {
            double s;
            try {
                s = CoreFilters.toNumber(second, true).doubleValue();
            } catch (TemplateError e) {
                throw new TemplateError("Invalid value for epoch value (" + PythonRepr.str(second) + ")");
            }
            when = Instant.ofEpochSecond((long) Math.floor(s));
        }
        ZoneId zone = utc ? ZoneOffset.UTC : ZoneId.systemDefault();
        LocalDateTime t = LocalDateTime.ofInstant(when, zone);
        return TimeFormat.strftime(StringFilters.text(input), t, utc ? ZoneOffset.UTC : zone.getRules().getOffset(when));
    }

    /** os.path.join over a string or a list of strings. */
    private static Object pathJoin(Object input, FilterArgs args) {
        Object in = PlainData.unwrap(input);
        List<Object> parts = in instanceof CharSequence ? List.of(in) : new ArrayList<>(PlainData.asCollection(in));
        String out = "";
        for (Object p : parts) {
            String s = PythonMethods.str(p);
            if (s.startsWith("/") || out.isEmpty()) {
                out = s;
            } else {
                out = out.endsWith("/") ? out + s : out + "/" + s;
            }
        }
        return out;
    }

    static String expanduser(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }

    private static Object relpath(String path, String start) {
        Path base = Path.of(start == null ? "." : start).toAbsolutePath().normalize();
        Path target = Path.of(path).toAbsolutePath().normalize();
        String rel = base.relativize(target).toString();
        return rel.isEmpty() ? "." : rel;
    }

    private static Object log(Object input, FilterArgs args) {
        double x = CoreFilters.toNumber(input, true).doubleValue();
        Object base = args.get(0, "base", null);
        if (base == null) {
            return Math.log(x);
        }
        double b = CoreFilters.toNumber(base, true).doubleValue();
        return b == 10 ? Math.log10(x) : Math.log(x) / Math.log(b);
    }

    /** random(end, start=None, step=None, seed=None): randrange for a number, choice for a list. */
    private static Object random(Object input, FilterArgs args) {
        Object seed = args.get(2, "seed", null);
        PyRandom r = new PyRandom(seed == null ? (Object) java.util.UUID.randomUUID().toString() : seed);
        Object in = PlainData.unwrap(StrictUndefined.require(input));
        Object start = PlainData.unwrap(args.get(0, "start", null));
        Object step = PlainData.unwrap(args.get(1, "step", null));
        if (in instanceof Number n && !(in instanceof Double) && !(in instanceof Float)) {
            java.math.BigInteger from = start == null || !Templar.truthy(start) ? java.math.BigInteger.ZERO
                    : JinjaFilters.bigInteger(CoreFilters.toNumber(start, false));
            java.math.BigInteger by = step == null || !Templar.truthy(step) ? java.math.BigInteger.ONE
                    : JinjaFilters.bigInteger(CoreFilters.toNumber(step, false));
            return JinjaFilters.narrow(r.randrange(from, JinjaFilters.bigInteger(n), by));
        }
        if (Templar.truthy(start) || Templar.truthy(step)) {
            throw new TemplateError("start and step can only be used with integer values");
        }
        List<Object> items = list(in);
        if (items.isEmpty()) {
            throw new TemplateError("Cannot choose from an empty sequence");
        }
        return items.get(r.below(java.math.BigInteger.valueOf(items.size())).intValue());
    }

    /** shuffle(seed=None): a shuffled copy. */
    private static Object shuffle(Object input, FilterArgs args) {
        Object seed = args.get(0, "seed", null);
        List<Object> items = list(input);
        new PyRandom(seed == null ? (Object) java.util.UUID.randomUUID().toString() : seed).shuffle(items);
        return items;
    }

    private static Object root(Object input, FilterArgs args) {
        double x = CoreFilters.toNumber(input, true).doubleValue();
        double base = CoreFilters.toNumber(args.get(0, "base", 2L), true).doubleValue();
        return base == 2 ? Math.sqrt(x) : Math.pow(x, 1.0 / base);
    }
}
