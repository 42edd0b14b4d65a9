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
            PythonMethods.splitArgs(args, positional, new java.util.LinkedHashMap<>());
            // jinjava parses `is match('x', true)` as one tuple argument
            if (spreadsTuple && positional.size() == 1 && PlainData.isTuple(positional.get(0))) {
                positional = new ArrayList<>(PlainData.asCollection(positional.get(0)));
            }
            return body.test(var, positional);
        }
    }

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
        add(tests, (v, a) -> regex(v, a, a.size() > 2 ? PythonMethods.str(a.get(2)) : "search"), "regex");
        add(tests, (v, a) -> !resultFlag(v, "failed", "succeeded"), "succeeded", "success", "successful");
        add(tests, (v, a) -> resultFlag(v, "failed", "failed"), "failed", "failure");
        add(tests, (v, a) -> resultFlag(v, "changed", "changed"), "changed", "change");
        add(tests, (v, a) -> resultFlag(v, "skipped", "skipped"), "skipped", "skip");
        add(tests, (v, a) -> PlainData.unwrap(v) instanceof CharSequence, "string");
        add(tests, (v, a) -> isNumber(v), "number");
        add(tests, (v, a) -> isNumber(v) && !(PlainData.unwrap(v) instanceof Double), "integer");
        add(tests, (v, a) -> PlainData.unwrap(v) instanceof Double, "float");
        add(tests, (v, a) -> PlainData.unwrap(v) instanceof Map, "mapping");
        add(tests, (v, a) -> isSequence(v), "sequence");
        add(tests, (v, a) -> isSequence(v), "iterable");
        add(tests, (v, a) -> PlainData.unwrap(v) instanceof Boolean, "boolean");
        add(tests, (v, a) -> CollectionFilters.pyEquals(v, a.get(0)), "equalto", "eq", "==", "sameas");
        add(tests, (v, a) -> !CollectionFilters.pyEquals(v, a.get(0)), "ne", "!=");
        add(tests, (v, a) -> CollectionFilters.compare(v, a.get(0)) < 0, "lt", "lessthan", "<");
        add(tests, (v, a) -> CollectionFilters.compare(v, a.get(0)) <= 0, "le", "<=");
        add(tests, (v, a) -> CollectionFilters.compare(v, a.get(0)) > 0, "gt", "greaterthan", ">");
        add(tests, (v, a) -> CollectionFilters.compare(v, a.get(0)) >= 0, "ge", ">=");
        add(tests, (v, a) -> contains(a.get(0), v), "in");
        add(tests, (v, a) -> contains(v, a.get(0)), "contains");
        add(tests, (v, a) -> Templar.truthy(v), "truthy");
        add(tests, (v, a) -> !Templar.truthy(v), "falsy");
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
        add(tests, (v, a) -> subset(v, a.get(0)), "subset");
        add(tests, (v, a) -> subset(a.get(0), v), "superset");
        add(tests, (v, a) -> Templar.truthy(v) && PlainData.asCollection(v).stream().allMatch(Templar::truthy), "all");
        add(tests, (v, a) -> PlainData.asCollection(v).stream().anyMatch(Templar::truthy), "any");
        add(tests, AnsibleTests::version, "version", "version_compare");
        add(tests, (v, a) -> Files.exists(Path.of(StringFilters.text(v))), "exists");
        add(tests, (v, a) -> Files.isRegularFile(Path.of(StringFilters.text(v))), "file");
        add(tests, (v, a) -> Files.isDirectory(Path.of(StringFilters.text(v))), "directory");
        add(tests, (v, a) -> Path.of(StringFilters.text(v)).isAbsolute(), "abs");
        return tests;
    }

    private static void add(List<ExpTest> tests, Body body, String... names) {
        for (String name : names) {
            tests.add(new AnsibleTest(name, body));
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
        Object v = PlainData.unwrap(value);
        if (!(v instanceof Map<?, ?> m)) {
            throw new TemplateError("The '" + testName + "' test expects a dictionary");
        }
        return CoreFilters.toBool(m.get(key));
    }

    private static boolean regex(Object value, List<Object> args, String mode) {
        String text = StringFilters.text(value);
        String pattern = PythonMethods.str(args.get(0));
        boolean ignoreCase = args.size() > 1 && Templar.truthy(args.get(1));
        java.util.regex.Matcher m = RegexFilters.compile(pattern, ignoreCase, false).matcher(text);
        return "match".equals(mode) ? m.lookingAt() : m.find();
    }

    private static final Set<String> VERSION_OPERATORS = Set.of("<", "lt", "<=", "le", ">", "gt", ">=", "ge", "==", "=",
            "eq", "!=", "<>", "ne");

    /** {@code '1.10' is version('1.9', '>=')}: loose version comparison, numeric parts compared as numbers. */
    private static boolean version(Object value, List<Object> args) {
        String op = args.size() > 1 ? PythonMethods.str(args.get(1)) : "==";
        if (!VERSION_OPERATORS.contains(op)) {
            throw new TemplateError("version: invalid operator '" + op + "'");
        }
        int c = compareVersions(StringFilters.text(value), PythonMethods.str(args.get(0)));
        return switch (op) {
            case "<", "lt" -> c < 0;
            case "<=", "le" -> c <= 0;
            case ">", "gt" -> c > 0;
            case ">=", "ge" -> c >= 0;
            case "!=", "<>", "ne" -> c != 0;
            default -> c == 0;
        };
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("[.\\-+_]");
        String[] y = b.split("[.\\-+_]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c;
            if (p.matches("\\d+") && q.matches("\\d+")) {
                c = new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
            } else {
                c = p.compareTo(q);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
