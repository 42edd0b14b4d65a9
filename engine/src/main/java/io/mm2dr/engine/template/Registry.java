package io.mm2dr.engine.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The filters, tests and lookups templates may use, and nothing else: what Jinja2 3.1 and Ansible
 * 2.14 (ansible.builtin, plus the community.general filters we have) define and this engine
 * implements. jinjava's own extras (datetimeformat, cut, multiply...) are refused by name as
 * Ansible would refuse them; Ansible's filters and tests are also registered under their
 * {@code ansible.builtin.} names. The README's list is generated from here ({@link #main}).
 */
public final class Registry {
    /** Jinja2 3.1's built-in filter names (jinja2.filters.FILTERS). */
    static final Set<String> JINJA2_FILTERS = Set.of("abs", "attr", "batch", "capitalize", "center", "count", "d",
            "default", "dictsort", "e", "escape", "filesizeformat", "first", "float", "forceescape", "format", "groupby",
            "indent", "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min", "pprint", "random",
            "reject", "rejectattr", "replace", "reverse", "round", "safe", "select", "selectattr", "slice", "sort",
            "string", "striptags", "sum", "title", "tojson", "trim", "truncate", "unique", "upper", "urlencode", "urlize",
            "wordcount", "wordwrap", "xmlattr");
    /** Jinja2 3.1's built-in tests (jinja2.tests.TESTS). */
    static final Set<String> JINJA2_TESTS = Set.of("!=", "<", "<=", "==", ">", ">=", "boolean", "callable", "defined",
            "divisibleby", "eq", "equalto", "escaped", "even", "false", "filter", "float", "ge", "greaterthan", "gt", "in",
            "integer", "iterable", "le", "lessthan", "lower", "lt", "mapping", "ne", "none", "number", "odd", "sameas",
            "sequence", "string", "test", "true", "undefined", "upper");
    /** ansible-core 2.14's filter plugins (ansible.builtin.*). */
    static final Set<String> ANSIBLE_FILTERS = Set.of("b64decode", "b64encode", "basename", "bool", "checksum",
            "combinations", "combine", "comment", "dict2items", "difference", "dirname", "expanduser", "expandvars",
            "extract", "fileglob", "flatten", "from_json", "from_yaml", "from_yaml_all", "hash", "human_readable",
            "human_to_bytes", "intersect", "items2dict", "log", "mandatory", "md5", "password_hash", "path_join",
            "permutations", "pow", "product", "quote", "random", "realpath", "regex_escape", "regex_findall",
            "regex_replace", "regex_search", "rekey_on_member", "relpath", "root", "sha1", "shuffle", "split",
            "splitext", "strftime", "subelements", "symmetric_difference", "ternary", "to_datetime", "to_json",
            "to_nice_json", "to_nice_yaml", "to_uuid", "to_yaml", "type_debug", "union", "unique", "unvault",
            "urldecode", "urlsplit", "vault", "win_basename", "win_dirname", "win_splitdrive", "zip", "zip_longest");
    /** ansible-core 2.14's test plugins (ansible.builtin.*). */
    static final Set<String> ANSIBLE_TESTS = Set.of("abs", "all", "any", "change", "changed", "contains", "directory",
            "exists", "failed", "failure", "falsy", "file", "finished", "is_abs", "is_dir", "is_file", "is_link",
            "is_mount", "is_same_file", "isnan", "issubset", "issuperset", "link", "link_exists", "match", "mount", "nan",
            "reachable", "regex", "same_file", "search", "skip", "skipped", "started", "subset", "succeeded", "success",
            "successful", "superset", "truthy", "unreachable", "uri", "url", "urn", "vault_encrypted", "version",
            "version_compare");
    /** community.general filters this engine has (Ansible 2.14 also routes the short names to them). */
    static final Set<String> COMMUNITY_GENERAL_FILTERS = Set.of("json_query");

    private Registry() {
    }

    /** Registers the filters and tests Ansible knows under their qualified names, and refuses jinjava's extras. */
    static void install(Jinjava jinjava) {
        var context = jinjava.getGlobalContext();
        for (Filter f : new ArrayList<>(context.getAllFilters())) {
            String name = f.getName();
            if (ANSIBLE_FILTERS.contains(name)) {
                jinjava.registerFilter(new AliasFilter("ansible.builtin." + name, f));
            } else if (COMMUNITY_GENERAL_FILTERS.contains(name)) {
                jinjava.registerFilter(new AliasFilter("community.general." + name, f));
            } else if (!JINJA2_FILTERS.contains(name) && !name.contains(".")) {
                jinjava.registerFilter(new RefusedFilter(name));
            }
        }
        for (ExpTest t : new ArrayList<>(context.getAllExpTests())) {
            String name = t.getName();
            if (ANSIBLE_TESTS.contains(name)) {
                jinjava.registerExpTest(new AliasTest("ansible.builtin." + name, t));
            } else if (!JINJA2_TESTS.contains(name) && !name.contains(".")) {
                jinjava.registerExpTest(new RefusedTest(name));
            }
        }
    }

    /** Whether a filter of that name can be used (a refused jinjava extra cannot). */
    static boolean isFilter(com.hubspot.jinjava.interpret.Context context, String name) {
        try {
            Filter f = context.getFilter(name);
            return f != null && !(f instanceof RefusedFilter);
        } catch (TemplateError e) {
            return false;
        }
    }

    static boolean isTest(com.hubspot.jinjava.interpret.Context context, String name) {
        try {
            ExpTest t = context.getExpTest(name);
            return t != null && !(t instanceof RefusedTest);
        } catch (TemplateError e) {
            return false;
        }
    }

    /** Every usable filter name, qualified ones included, sorted. */
    public static SortedSet<String> filters() {
        SortedSet<String> out = new TreeSet<>();
        for (Filter f : new Templar().jinjava().getGlobalContext().getAllFilters()) {
            if (!(f instanceof RefusedFilter)) {
                out.add(f.getName());
            }
        }
        return out;
    }

    public static SortedSet<String> tests() {
        SortedSet<String> out = new TreeSet<>();
        for (ExpTest t : new Templar().jinjava().getGlobalContext().getAllExpTests()) {
            if (!(t instanceof RefusedTest)) {
                out.add(t.getName());
            }
        }
        return out;
    }

    public static SortedSet<String> lookups() {
        return new TreeSet<>(Lookups.names());
    }

    /** The README section, between its markers. */
    public static String readmeSection() {
        StringBuilder sb = new StringBuilder();
        sb.append(BEGIN).append('\n');
        sb.append("Generated by `io.mm2dr.engine.template.Registry` (ReadmeRegistryTest checks it). Anything else is ")
                .append("refused by name when the playbook is loaded.\n\n");
        section(sb, "Filters", filters());
        section(sb, "Tests", tests());
        SortedSet<String> lookups = new TreeSet<>();
        for (String l : lookups()) {
            lookups.add(l);
            lookups.add("ansible.builtin." + l);
        }
        section(sb, "Lookups (`lookup()`, `query()`/`q()`)", lookups);
        sb.append(END).append('\n');
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, SortedSet<String> names) {
        List<String> plain = new ArrayList<>();
        List<String> qualified = new ArrayList<>();
        for (String n : names) {
            (n.contains(".") ? qualified : plain).add(n);
        }
        sb.append("**").append(title).append("** (").append(plain.size()).append("): ");
        sb.append(String.join(", ", plain.stream().map(n -> "`" + n + "`").toList())).append(".\n");
        if (!qualified.isEmpty()) {
            sb.append("Also by qualified name (").append(qualified.size()).append("): ");
            sb.append(String.join(", ", qualified.stream().map(n -> "`" + n + "`").toList())).append(".\n");
        }
        sb.append('\n');
    }

    static final String BEGIN = "<!-- BEGIN supported-filters-tests-lookups -->";
    static final String END = "<!-- END supported-filters-tests-lookups -->";

    /** Prints the README section, or with a README path rewrites that section in place. */
    public static void main(String[] args) throws java.io.IOException {
        String section = readmeSection();
        if (args.length == 0) {
            System.out.print(section);
            return;
        }
        java.nio.file.Path readme = java.nio.file.Path.of(args[0]);
        String text = java.nio.file.Files.readString(readme);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b < 0 || e < 0) {
            throw new IllegalStateException("no " + BEGIN + " ... " + END + " markers in " + readme);
        }
        java.nio.file.Files.writeString(readme, text.substring(0, b) + section + text.substring(e + END.length() + 1));
    }

    /** A filter under another name. */
    static final class AliasFilter implements Filter {
        private final String name;
        private final Filter target;

        AliasFilter(String name, Filter target) {
            this.name = name;
            this.target = target;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            return target.filter(var, interpreter, args, kwargs);
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return target.filter(var, interpreter, args);
        }

        @Override
        public boolean preserveSafeString() {
            return target.preserveSafeString();
        }
    }

    /** A jinjava filter that Jinja2/Ansible does not have. */
    static final class RefusedFilter implements Filter {
        private final String name;

        RefusedFilter(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            throw new TemplateError("template error while templating string: no filter named '" + name + "'");
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            throw new TemplateError("template error while templating string: no filter named '" + name + "'");
        }
    }

    static final class AliasTest implements ExpTest {
        private final String name;
        private final ExpTest target;

        AliasTest(String name, ExpTest target) {
            this.name = name;
            this.target = target;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return target.evaluate(var, interpreter, args);
        }
    }

    static final class RefusedTest implements ExpTest {
        private final String name;

        RefusedTest(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            throw new TemplateError("template error while templating string: no test named '" + name + "'");
        }
    }
}
