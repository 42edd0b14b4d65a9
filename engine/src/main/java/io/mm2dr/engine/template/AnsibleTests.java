package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Jinja2 and Ansible tests ({@code x is defined}, {@code result is failed}, {@code name is match('^a')}...).
 * The task-result tests read {@code failed}/{@code changed}/{@code skipped} of a registered result.
 */
final class AnsibleTests {
    interface Body {
        boolean test(Object value, List<Object> args);
    }

    /** A test written as a lambda. */
    static final class AnsibleTest implements ExpTest {
        private final String name;
        private final Body body;
        private final boolean spreadsTuple;

        AnsibleTest(String name, Body body) {
            this.name = name;
            this.body = body;
            this.spreadsTuple = MULTI_ARGUMENT_TESTS.contains(name);
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            List<Object> positional = new ArrayList<>();
            Map<String, Object> named = new java.util.LinkedHashMap<>();
            PythonMethods.splitArgs(args, positional, named);
            // jinjava parses `is match('x', true)` as one tuple argument
            if (spreadsTuple && positional.size() == 1 && PlainData.isTuple(positional.get(0))) {
                positional = new ArrayList<>(PlainData.asCollection(positional.get(0)));
            }
            List<String> parameters = PARAMETERS.get(name);
            if (parameters != null && !named.isEmpty()) {
                // keyword arguments (`regex('x', ignorecase=true)`) go to their positions
                for (int i = 0; i < parameters.size(); i++) {
                    if (named.containsKey(parameters.get(i))) {
                        while (positional.size() <= i) {
                            positional.add(null);
                        }
                        positional.set(i, named.get(parameters.get(i)));
                    }
                }
            }
            return body.test(var, positional);
        }
    }

    /** The parameters of the tests that take keyword arguments, in order. */
    private static final Map<String, List<String>> PARAMETERS = Map.of(
            "match", List.of("pattern", "ignorecase", "multiline"),
            "search", List.of("pattern", "ignorecase", "multiline"),
            "regex", List.of("pattern", "ignorecase", "multiline", "match_type"),
            "version", List.of("version", "operator", "strict", "version_type"),
            "uri", List.of("schemes"),
            "url", List.of("schemes"),
            "truthy", List.of("convert_bool"),
            "falsy", List.of("convert_bool"),
            "version_compare", List.of("version", "operator", "strict", "version_type"));

    /** Tests taking several arguments; the others take one value that may itself be a tuple. */
    private static final Set<String> MULTI_ARGUMENT_TESTS = Set.of("match", "search", "regex", "version",
            "version_compare");

    private AnsibleTests() {
    }

    static List<ExpTest> all() {
        List<ExpTest> tests = new ArrayList<>();
        add(tests, (v, a) -> !(v instanceof StrictUndefined), "defined");
        add(tests, (v, a) -> v instanceof StrictUndefined, "undefined");
        add(tests, (v, a) -> v == null, "none");
        add(tests, (v, a) -> regex(v, a, "match"), "match");
        add(tests, (v, a) -> regex(v, a, "search"), "search");
        add(tests, (v, a) -> regex(v, a, a.size() > 3 && a.get(3) != null ? PythonMethods.str(a.get(3)) : "search"), "regex");
        add(tests, (v, a) -> !resultFlag(v, "failed", "succeeded"), "succeeded", "success", "successful");
        add(tests, (v, a) -> resultFlag(v, "failed", "failed"), "failed", "failure");
        add(tests, (v, a) -> resultFlag(v, "changed", "changed"), "changed", "change");
        add(tests, (v, a) -> resultFlag(v, "skipped", "skipped"), "skipped", "skip");
        add(tests, (v, a) -> PlainData.unwrap(v) instanceof CharSequence, "string");
        add(tests, (v, a) -> isNumber(v) || PlainData.unwrap(v) instanceof Boolean, "number");
        add(tests, (v, a) -> isNumber(v) && !(PlainData.unwrap(v) instanceof Double), "integer");
        add(tests, (v, a) -> PlainData.unwrap(v) instanceof Double, "float");
        add(tests, (v, a) -> PlainData.unwrap(v) instanceof Map, "mapping");
        add(tests, (v, a) -> isSequence(v), "sequence");
        add(tests, (v, a) -> isSequence(v), "iterable");
        add(tests, (v, a) -> PlainData.unwrap(v) instanceof Boolean, "boolean");
        add(tests, (v, a) -> CollectionFilters.pyEquals(v, a.get(0)), "equalto", "eq", "==");
        add(tests, (v, a) -> sameAs(v, a.get(0)), "sameas");
        add(tests, (v, a) -> isCallable(v), "callable");
        add(tests, (v, a) -> Boolean.TRUE.equals(v), "true");
        add(tests, (v, a) -> Boolean.FALSE.equals(v), "false");
        add(tests, (v, a) -> Files.isSymbolicLink(Path.of(StringFilters.text(v))), "link", "is_link");
        add(tests, (v, a) -> Files.exists(Path.of(StringFilters.text(v)), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "link_exists");
        add(tests, (v, a) -> {
            Object u = PlainData.unwrap(v);
            return u instanceof Double d && d.isNaN();
        }, "nan", "isnan");
        add(tests, (v, a) -> resultFlag(v, "finished", "finished", true), "finished");
        add(tests, (v, a) -> resultFlag(v, "started", "started", true), "started");
        add(tests, (v, a) -> !resultFlag(v, "unreachable", "reachable", false), "reachable");
        add(tests, (v, a) -> resultFlag(v, "unreachable", "unreachable", false), "unreachable");
        add(tests, (v, a) -> UrlParts.isUri(StringFilters.text(v), a.isEmpty() ? null : a.get(0)), "uri");
        add(tests, (v, a) -> UrlParts.isUrl(StringFilters.text(v), a.isEmpty() ? null : a.get(0)), "url");
        add(tests, (v, a) -> StringFilters.text(v).matches("(?i)^urn:[a-z0-9][a-z0-9-]{0,31}:\\S+"), "urn");
        add(tests, (v, a) -> !CollectionFilters.pyEquals(v, a.get(0)), "ne", "!=");
        add(tests, (v, a) -> CollectionFilters.compare(v, a.get(0)) < 0, "lt", "lessthan", "<");
        add(tests, (v, a) -> CollectionFilters.compare(v, a.get(0)) <= 0, "le", "<=");
        add(tests, (v, a) -> CollectionFilters.compare(v, a.get(0)) > 0, "gt", "greaterthan", ">");
        add(tests, (v, a) -> CollectionFilters.compare(v, a.get(0)) >= 0, "ge", ">=");
        add(tests, (v, a) -> contains(a.get(0), v), "in");
        add(tests, (v, a) -> contains(v, a.get(0)), "contains");
        add(tests, (v, a) -> truthy(v, a), "truthy");
        add(tests, (v, a) -> !truthy(v, a), "falsy");
        add(tests, (v, a) -> CoreFilters.toNumber(v, false).longValue() % 2 == 0, "even");
        add(tests, (v, a) -> CoreFilters.toNumber(v, false).longValue() % 2 != 0, "odd");
        add(tests, (v, a) -> CoreFilters.toNumber(v, false).longValue() % CoreFilters.toNumber(a.get(0), false).longValue() == 0,
                "divisibleby");
        add(tests, (v, a) -> {
            String s = StringFilters.text(v);
            return s.equals(s.toLowerCase(Locale.ROOT));
        }, "lower");
        add(tests, (v, a) -> {
            String s = StringFilters.text(v);
            return s.equals(s.toUpperCase(Locale.ROOT));
        }, "upper");
        add(tests, (v, a) -> subset(v, a.get(0)), "subset", "issubset");
        add(tests, (v, a) -> subset(a.get(0), v), "superset", "issuperset");
        add(tests, (v, a) -> Templar.truthy(v) && PlainData.asCollection(v).stream().allMatch(Templar::truthy), "all");
        add(tests, (v, a) -> PlainData.asCollection(v).stream().anyMatch(Templar::truthy), "any");
        add(tests, AnsibleTests::version, "version", "version_compare");
        add(tests, (v, a) -> Files.exists(Path.of(StringFilters.text(v))), "exists");
        add(tests, (v, a) -> Files.isRegularFile(Path.of(StringFilters.text(v))), "file", "is_file");
        add(tests, (v, a) -> Files.isDirectory(Path.of(StringFilters.text(v))), "directory", "is_dir");
        add(tests, (v, a) -> Path.of(StringFilters.text(v)).isAbsolute(), "abs", "is_abs");
        add(tests, (v, a) -> samePath(v, a.get(0)), "same_file", "is_same_file");
        tests.add(new NameTest("filter", true));
        tests.add(new NameTest("test", false));
        tests.add(new EscapedTest());
        return tests;
    }

    private static void add(List<ExpTest> tests, Body body, String... names) {
        for (String name : names) {
            tests.add(new AnsibleTest(name, body));
        }
    }

    /** Jinja2's {@code is filter} / {@code is test}: whether such a filter or test exists. */
    static final class NameTest implements ExpTest {
        private final String name;
        private final boolean filter;

        NameTest(String name, boolean filter) {
            this.name = name;
            this.filter = filter;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            String n = StringFilters.text(var);
            var context = interpreter.getContext();
            // Ansible 2.14 refuses an unknown name here ("Could not load ...") rather than answering false
            if (!(filter ? Registry.isFilter(context, n) : Registry.isTest(context, n))) {
                throw new TemplateError("template error while templating string: Could not load \"" + n + "\": '" + n + "'");
            }
            return true;
        }
    }

    /** {@code is escaped}: text marked safe (escape, e, safe...). */
    static final class EscapedTest implements ExpTest {
        @Override
        public String getName() {
            return "escaped";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return var instanceof com.hubspot.jinjava.objects.SafeString;
        }
    }

    /** Python's {@code is}, as far as values tell: same singleton, equal scalar of the same kind, same container. */
    private static boolean sameAs(Object x, Object y) {
        Object a = PlainData.unwrap(x);
        Object b = PlainData.unwrap(y);
        if (a == null || b == null || a instanceof Boolean || b instanceof Boolean) {
            return java.util.Objects.equals(a, b);
        }
        if (a instanceof Number m && b instanceof Number n) {
            boolean af = a instanceof Double || a instanceof Float;
            boolean bf = b instanceof Double || b instanceof Float;
            return af == bf && CollectionFilters.pyEquals(m, n);
        }
        if (a instanceof CharSequence && b instanceof CharSequence) {
            return a.toString().equals(b.toString());
        }
        return PlainData.identity(a) == PlainData.identity(b);
    }

    private static boolean isCallable(Object v) {
        return v instanceof java.lang.reflect.Method || v instanceof com.hubspot.jinjava.lib.filter.Filter
                || v instanceof ExpTest || v instanceof com.hubspot.jinjava.lib.fn.MacroFunction
                || v instanceof JinjaEvaluation.Callable;
    }

    private static boolean samePath(Object a, Object b) {
        try {
            return Files.isSameFile(Path.of(StringFilters.text(a)), Path.of(StringFilters.text(b)));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean isNumber(Object v) {
        Object u = PlainData.unwrap(v);
        return u instanceof Number;
    }

    private static boolean isSequence(Object v) {
        Object u = PlainData.unwrap(v);
        return u instanceof Collection || u instanceof Map || u instanceof CharSequence || (u != null && u.getClass().isArray());
    }

    private static boolean contains(Object container, Object item) {
        Object c = PlainData.unwrap(container);
        if (c instanceof CharSequence cs) {
            return cs.toString().contains(StringFilters.text(item));
        }
        if (c instanceof Map<?, ?> m) {
            return m.containsKey(PlainData.unwrap(item) instanceof CharSequence s ? s.toString() : item);
        }
        for (Object o : PlainData.asIterable(c)) {
            if (CollectionFilters.pyEquals(o, item)) {
                return true;
            }
        }
        return false;
    }

    private static boolean subset(Object small, Object big) {
        for (Object o : PlainData.asIterable(small)) {
            if (!contains(big, o)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code result is failed}: the result dict's flag. Ansible raises when the value is not a dict;
     * {@code succeeded} on a dict without {@code failed} is true.
     */
    private static boolean resultFlag(Object value, String key, String testName) {
        return resultFlag(value, key, testName, false);
    }

    private static boolean resultFlag(Object value, String key, String testName, boolean absent) {
        Object v = PlainData.unwrap(value);
        if (!(v instanceof Map<?, ?> m)) {
            throw new TemplateError("The '" + testName + "' test expects a dictionary");
        }
        return m.containsKey(key) ? CoreFilters.toBool(m.get(key)) : absent;
    }

    private static boolean regex(Object value, List<Object> args, String mode) {
        String text = StringFilters.text(value);
        String pattern = PythonMethods.str(args.get(0));
        boolean ignoreCase = args.size() > 1 && Templar.truthy(args.get(1));
        boolean multiline = args.size() > 2 && Templar.truthy(args.get(2));
        java.util.regex.Matcher m = RegexFilters.compile(pattern, ignoreCase, multiline).matcher(text);
        return switch (mode) {
            case "match" -> m.lookingAt();
            case "fullmatch" -> m.matches();
            default -> m.find();
        };
    }

    private static final Set<String> VERSION_OPERATORS = Set.of("<", "lt", "<=", "le", ">", "gt", ">=", "ge", "==", "=",
            "eq", "!=", "<>", "ne");

    /** {@code '1.10' is version('1.9', '>=')}: loose version comparison, numeric parts compared as numbers. */
    /** truthy(convert_bool=False): Python's bool, after Ansible's boolean() of boolean-like values when asked. */
    private static boolean truthy(Object value, List<Object> args) {
        if (!args.isEmpty() && Templar.truthy(args.get(0))) {
            Object v = PlainData.unwrap(value);
            if (v instanceof CharSequence cs) {
                String key = cs.toString().toLowerCase(Locale.ROOT).strip();
                if (Set.of("y", "yes", "on", "1", "true", "t").contains(key)) {
                    return true;
                }
                if (Set.of("n", "no", "off", "0", "false", "f").contains(key)) {
                    return false;
                }
            } else if (v instanceof Number n && (n.doubleValue() == 1 || n.doubleValue() == 0)) {
                return n.doubleValue() == 1;
            }
        }
        return Templar.truthy(value);
    }

    private static boolean version(Object value, List<Object> args) {
        String op = args.size() > 1 ? PythonMethods.str(args.get(1)) : "==";
        if (!VERSION_OPERATORS.contains(op)) {
            throw new TemplateError("version: invalid operator '" + op + "'");
        }
        String type = args.size() > 3 && args.get(3) != null ? PythonMethods.str(args.get(3)) : null;
        int c = "pep440".equals(type) ? Pep440.compare(StringFilters.text(value), PythonMethods.str(args.get(0)))
                : compareVersions(StringFilters.text(value), PythonMethods.str(args.get(0)));
        return switch (op) {
            case "<", "lt" -> c < 0;
            case "<=", "le" -> c <= 0;
            case ">", "gt" -> c > 0;
            case ">=", "ge" -> c >= 0;
            case "!=", "<>", "ne" -> c != 0;
            default -> c == 0;
        };
    }

    private static final java.util.regex.Pattern LOOSE = java.util.regex.Pattern.compile("\\d+|[a-z]+|\\.",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** LooseVersion's components: numbers as numbers, letters as text, dots dropped. */
    private static List<Object> looseComponents(String version) {
        List<Object> out = new ArrayList<>();
        java.util.regex.Matcher m = LOOSE.matcher(version);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(version.substring(last, m.start()));
            }
            String part = m.group();
            if (!part.equals(".")) {
                out.add(part.chars().allMatch(Character::isDigit) ? (Object) new java.math.BigInteger(part) : part);
            }
            last = m.end();
        }
        if (last < version.length()) {
            out.add(version.substring(last));
        }
        return out;
    }

    /** distutils' LooseVersion comparison (Ansible's default version_type): '1.0' &lt; '1.0.0'. */
    static int compareVersions(String a, String b) {
        List<Object> x = looseComponents(a);
        List<Object> y = looseComponents(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            Object p = x.get(i);
            Object q = y.get(i);
            int c;
            if (p instanceof java.math.BigInteger m && q instanceof java.math.BigInteger n) {
                c = m.compareTo(n);
            } else if (p instanceof String s && q instanceof String t) {
                c = s.compareTo(t);
            } else {
                throw new TemplateError("Version comparison failed: '<' not supported between instances of '"
                        + (p instanceof String ? "str" : "int") + "' and '" + (q instanceof String ? "str" : "int") + "'");
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }
}
