package io.mm2dr.engine.template;

import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.Locale;

/**
 * Text filters with Python semantics: {@code lower}, {@code upper}, {@code capitalize},
 * {@code title}, {@code trim}, {@code replace}, {@code split}, {@code quote} (shell),
 * {@code basename}, {@code dirname}.
 */
final class StringFilters {
    private StringFilters() {
    }

    static List<Filter> all() {
        return List.of(
                new AnsibleFilter("lower", (in, a) -> text(in).toLowerCase(Locale.ROOT)),
                new AnsibleFilter("upper", (in, a) -> text(in).toUpperCase(Locale.ROOT)),
                new AnsibleFilter("capitalize", (in, a) -> PythonMethods.onString(text(in), "capitalize", new Object[0])),
                new AnsibleFilter("trim", (in, a) -> PythonMethods.strip(text(in), a.get(0, "chars", null), true, true)),
                new AnsibleFilter("replace", (in, a) -> PythonMethods.replace(text(in), a.string(0, "old", ""),
                        a.string(1, "new", ""), a.integer(2, "count", -1))),
                new AnsibleFilter("split", (in, a) -> PythonMethods.split(text(in), a.get(0, "sep", null),
                        a.integer(1, "maxsplit", -1))),
                new AnsibleFilter("quote", (in, a) -> shellQuote(in == null ? "" : text(in))),
                new AnsibleFilter("basename", (in, a) -> basename(text(in))),
                new AnsibleFilter("dirname", (in, a) -> dirname(text(in))));
    }

    static String text(Object value) {
        return PythonMethods.str(value);
    }

    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean startOfWord = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                sb.append(startOfWord ? Character.toUpperCase(c) : Character.toLowerCase(c));
                startOfWord = false;
            } else {
                sb.append(c);
                startOfWord = !Character.isDigit(c);
            }
        }
        return sb.toString();
    }

    /** Python's shlex.quote. */
    static String shellQuote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        if (s.matches("[\\w@%+=:,./-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** Python's os.path.basename: the part after the last '/'. */
    static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Python's os.path.dirname: the part before the last '/', trailing slashes removed unless root. */
    static String dirname(String path) {
        int i = path.lastIndexOf('/') + 1;
        String head = path.substring(0, i);
        if (!head.isEmpty() && !head.matches("/+")) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }
}
