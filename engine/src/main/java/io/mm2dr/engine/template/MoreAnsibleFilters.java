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
 *
 * <p>Over 500 lines on purpose: a registry of small, independent filters, each a few lines of
 * Python's semantics; grouping them further would give classes of one or two filters each.
 */
final class MoreAnsibleFilters {
    private MoreAnsibleFilters() {
    }

    static List<Filter> all() {
        List<Filter> all = new ArrayList<>(CommentRekeyFilters.all());
        all.addAll(List.of(
                new AnsibleFilter("product", MoreAnsibleFilters::product),
                new AnsibleFilter("permutations", (in, a) -> permutations(list(in), a.get(0, "r", null))),
                new AnsibleFilter("combinations", (in, a) -> combinations(list(in), a.integer(0, "r", 0))),
                new AnsibleFilter("subelements", MoreAnsibleFilters::subelements),
                new AnsibleFilter("zip_longest", (in, a) -> zip(in, a, true)),
                new AnsibleFilter("zip", (in, a) -> zip(in, a, false)),
                new AnsibleFilter("splitext", (in, a) -> splitext(StringFilters.text(in))),
                new AnsibleFilter("from_yaml_all", (in, a) -> PlainData.unwrap(in) instanceof CharSequence
                        ? fromYamlAll(StringFilters.text(in)) : in),
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
                new AnsibleFilter("human_readable", MoreAnsibleFilters::humanReadable),
                new AnsibleFilter("human_to_bytes", MoreAnsibleFilters::humanToBytes),
                new AnsibleFilter("to_uuid", (in, a) -> toUuid(StringFilters.text(in),
                        a.string(0, "namespace", "361E6D51-FAEC-444A-9079-341386DA8E2E"))),
                new AnsibleFilter("win_basename", (in, a) -> winSplit(StringFilters.text(in))[1]),
                new AnsibleFilter("win_dirname", (in, a) -> winSplit(StringFilters.text(in))[0]),
                new AnsibleFilter("win_splitdrive", (in, a) -> winSplitdrive(StringFilters.text(in))),
                new AnsibleFilter("expandvars", (in, a) -> expandvars(StringFilters.text(in))),
                new AnsibleFilter("urlsplit", MoreAnsibleFilters::urlsplit),
                new AnsibleFilter("shuffle", MoreAnsibleFilters::shuffle)));
        return all;
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
        return io.mm2dr.engine.files.UserPaths.expandUser(path);
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
        Object in = PlainData.unwrap(StrictUndefined.require(input));
        if (in == null || in instanceof Number || in instanceof Boolean) {
            return input; // Ansible returns what it cannot make a list of
        }
        List<Object> items = list(input);
        new PyRandom(seed == null ? (Object) java.util.UUID.randomUUID().toString() : seed).shuffle(items);
        return items;
    }

    private static final String[] SIZE_SUFFIXES = {"Y", "Z", "E", "P", "T", "G", "M", "K", "B"};

    private static java.math.BigInteger sizeLimit(String suffix) {
        int i = java.util.Arrays.asList(SIZE_SUFFIXES).indexOf(suffix);
        return java.math.BigInteger.ONE.shiftLeft(10 * (SIZE_SUFFIXES.length - 1 - i));
    }

    /** human_readable(isbits=False, unit=None): '%.2f %s' of the largest unit that fits. */
    private static Object humanReadable(Object input, FilterArgs args) {
        double size = CoreFilters.toNumber(input, true).doubleValue();
        boolean isbits = args.bool(0, "isbits", false);
        String unit = args.string(1, "unit", null);
        String base = isbits ? "bits" : "Bytes";
        String suffix = "B";
        for (String s : SIZE_SUFFIXES) {
            suffix = s;
            double limit = sizeLimit(s).doubleValue();
            if ((unit == null && size >= limit) || (unit != null && unit.toUpperCase(java.util.Locale.ROOT).charAt(0) == s.charAt(0))) {
                break;
            }
        }
        double limit = sizeLimit(suffix).doubleValue();
        String label = limit != 1 ? suffix + base.charAt(0) : base;
        return PercentFormat.format("%.2f %s", PyTuple.of(size / limit, label));
    }

    private static final java.util.regex.Pattern HUMAN = java.util.regex.Pattern.compile("^\\s*(\\d*\\.?\\d*)\\s*([A-Za-z]+)?\\s*$");

    /** human_to_bytes(default_unit=None, isbits=False): '10M' is 10485760. */
    private static Object humanToBytes(Object input, FilterArgs args) {
        String text = StringFilters.text(input);
        String defaultUnit = args.string(0, "default_unit", null);
        boolean isbits = args.bool(1, "isbits", false);
        java.util.regex.Matcher m = HUMAN.matcher(text);
        if (!m.matches() || m.group(1).isEmpty() || m.group(1).equals(".")) {
            throw new TemplateError("human_to_bytes() can't interpret following string: " + text);
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2) != null ? m.group(2) : defaultUnit;
        if (unit == null) {
            return JinjaFilters.narrow(new java.math.BigDecimal(number).setScale(0, java.math.RoundingMode.HALF_EVEN).toBigInteger());
        }
        String prefix = unit.substring(0, 1).toUpperCase(java.util.Locale.ROOT);
        if (!java.util.Arrays.asList(SIZE_SUFFIXES).contains(prefix)) {
            throw new TemplateError("human_to_bytes() failed to convert " + text + ". Value is not a valid string ("
                    + "expected a unit of B, K, M, G, T, P, E, Z or Y)");
        }
        String rest = unit.substring(1);
        boolean ok = unit.length() == 1 || (isbits ? rest.equals("b") || unit.equals("bits") || rest.equals("bit")
                : rest.equals("B") || unit.equals("Bytes") || unit.equals("byte") || unit.equals("bytes")
                || unit.equalsIgnoreCase("b"));
        if (!ok && !(prefix.equals("B") && (unit.equals("B") || unit.equalsIgnoreCase("bytes") || unit.equals("b")))) {
            throw new TemplateError("human_to_bytes() failed to convert " + text + " (unit = " + unit + "). The suffix"
                    + " must be one of " + (isbits ? "b, bit, bits" : "B, byte, bytes"));
        }
        java.math.BigDecimal bytes = new java.math.BigDecimal(number).multiply(new java.math.BigDecimal(sizeLimit(prefix)));
        return JinjaFilters.narrow(bytes.setScale(0, java.math.RoundingMode.HALF_EVEN).toBigInteger());
    }

    /** uuid.uuid5(namespace, name). */
    static String toUuid(String name, String namespace) {
        java.util.UUID ns = java.util.UUID.fromString(namespace);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(16);
        buf.putLong(ns.getMostSignificantBits()).putLong(ns.getLeastSignificantBits());
        try {
            java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
            sha1.update(buf.array());
            byte[] h = sha1.digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            java.nio.ByteBuffer out = java.nio.ByteBuffer.wrap(h, 0, 16);
            return new java.util.UUID(out.getLong(), out.getLong()).toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ntpath.splitdrive: ('C:', '\\x') or ('\\\\host\\share', '\\x'). */
    private static Object winSplitdrive(String p) {
        String n = p.replace('/', '\\');
        if (n.length() >= 2 && n.startsWith("\\\\") && n.charAt(2) != '\\') {
            int index = n.indexOf('\\', 2);
            if (index < 0) {
                return PyTuple.of(p.substring(0, 0), p);
            }
            int index2 = n.indexOf('\\', index + 1);
            if (index2 == index + 1) {
                return PyTuple.of("", p);
            }
            if (index2 < 0) {
                index2 = p.length();
            }
            return PyTuple.of(p.substring(0, index2), p.substring(index2));
        }
        if (n.length() >= 2 && n.charAt(1) == ':') {
            return PyTuple.of(p.substring(0, 2), p.substring(2));
        }
        return PyTuple.of("", p);
    }

    /** ntpath.split: {dirname, basename}. */
    private static String[] winSplit(String p) {
        List<?> drive = (List<?>) winSplitdrive(p);
        String d = (String) drive.get(0);
        String rest = (String) drive.get(1);
        int i = rest.length();
        while (i > 0 && "/\\".indexOf(rest.charAt(i - 1)) < 0) {
            i--;
        }
        String head = rest.substring(0, i);
        String tail = rest.substring(i);
        String stripped = head.replaceAll("[/\\\\]+$", "");
        return new String[] {d + (stripped.isEmpty() ? head : stripped), tail};
    }

    private static final java.util.regex.Pattern ENV_VAR = java.util.regex.Pattern.compile("\\$(\\w+|\\{[^}]*\\})");

    /** os.path.expandvars: $NAME and ${NAME} that are set are replaced, others left alone. */
    static String expandvars(String s) {
        java.util.regex.Matcher m = ENV_VAR.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).startsWith("{") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
            String value = System.getenv(name);
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile(
            "^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(?:\\?([^#]*))?(?:#(.*))?$", java.util.regex.Pattern.DOTALL);

    /** urlsplit(query=''): Python's urlsplit as a dict, or one of its fields. */
    private static Object urlsplit(Object input, FilterArgs args) {
        String url = StringFilters.text(input);
        String query = args.string(0, "query", "");
        java.util.regex.Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new TemplateError("urlsplit: cannot parse " + url);
        }
        String netloc = m.group(2) == null ? "" : m.group(2);
        String userinfo = netloc.contains("@") ? netloc.substring(0, netloc.lastIndexOf('@')) : null;
        String hostport = netloc.contains("@") ? netloc.substring(netloc.lastIndexOf('@') + 1) : netloc;
        String host = hostport;
        Object port = null;
        if (hostport.startsWith("[")) {
            int close = hostport.indexOf(']');
            host = close > 0 ? hostport.substring(1, close) : hostport;
            if (close > 0 && hostport.length() > close + 1 && hostport.charAt(close + 1) == ':') {
                String ps = hostport.substring(close + 2);
                port = ps.isEmpty() ? null : (Object) Long.parseLong(ps);
            }
        } else if (hostport.contains(":")) {
            host = hostport.substring(0, hostport.indexOf(':'));
            String ps = hostport.substring(hostport.indexOf(':') + 1);
            port = ps.isEmpty() ? null : (Object) Long.parseLong(ps);
        }
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("fragment", m.group(5) == null ? "" : m.group(5));
        out.put("hostname", host.isEmpty() ? null : host.toLowerCase(java.util.Locale.ROOT));
        out.put("netloc", netloc);
        out.put("password", userinfo != null && userinfo.contains(":") ? userinfo.substring(userinfo.indexOf(':') + 1) : null);
        out.put("path", m.group(3));
        out.put("port", port);
        out.put("query", m.group(4) == null ? "" : m.group(4));
        out.put("scheme", m.group(1) == null ? "" : m.group(1).toLowerCase(java.util.Locale.ROOT));
        out.put("username", userinfo == null ? null : userinfo.contains(":") ? userinfo.substring(0, userinfo.indexOf(':')) : userinfo);
        if (query.isEmpty()) {
            return out;
        }
        if (!out.containsKey(query)) {
            throw new TemplateError("urlsplit: unknown URL component: " + query);
        }
        return out.get(query);
    }

    private static Object root(Object input, FilterArgs args) {
        double x = CoreFilters.toNumber(input, true).doubleValue();
        double base = CoreFilters.toNumber(args.get(0, "base", 2L), true).doubleValue();
        return base == 2 ? Math.sqrt(x) : Math.pow(x, 1.0 / base);
    }
}
