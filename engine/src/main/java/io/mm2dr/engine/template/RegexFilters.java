package io.mm2dr.engine.template;

import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular-expression filters with Python's syntax and Ansible's conventions: {@code regex_replace}
 * ({@code \1}, {@code \g<name>} back-references), {@code regex_search} (the match or None; with
 * {@code '\\1'}/{@code '\\g<name>'} arguments the list of those groups), {@code regex_findall},
 * {@code regex_escape}. jinjava's own regex_replace uses re2j and {@code $1}; it is replaced.
 */
final class RegexFilters {
    private static final int CACHE_SIZE = 256;
    private static final Map<String, Pattern> PATTERNS = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private RegexFilters() {
    }

    static List<Filter> all() {
        return List.of(
                new AnsibleFilter("regex_replace", RegexFilters::regexReplace),
                new AnsibleFilter("regex_search", RegexFilters::regexSearch),
                new AnsibleFilter("regex_findall", RegexFilters::regexFindall),
                new AnsibleFilter("regex_escape", (in, a) -> switch (a.string(0, "re_type", "python")) {
                    case "python" -> escape(StringFilters.text(in));
                    case "posix_basic" -> StringFilters.text(in).replaceAll("([\\].\\[^$*\\\\])", "\\\\$1");
                    case "posix_extended" -> throw new TemplateError("Regex type (posix_extended) not yet implemented");
                    default -> throw new TemplateError("Invalid regex type (" + a.string(0, "re_type", "python") + ")");
                }));
    }

    /** Compiles a Python regex: (?P&lt;name&gt;...) and (?P=name) translated; flags from keywords. */
    static Pattern compile(String pythonRegex, boolean ignoreCase, boolean multiline) {
        String key = (ignoreCase ? "i" : "-") + (multiline ? "m" : "-") + pythonRegex;
        synchronized (PATTERNS) {
            Pattern cached = PATTERNS.get(key);
            if (cached != null) {
                return cached;
            }
        }
        String javaRegex = pythonRegex.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>");
        int flags = (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0) | (multiline ? Pattern.MULTILINE : 0);
        try {
            Pattern p = Pattern.compile(javaRegex, flags);
            synchronized (PATTERNS) {
                PATTERNS.put(key, p);
            }
            return p;
        } catch (PatternSyntaxException e) {
            throw new TemplateError("invalid regular expression '" + pythonRegex + "': " + e.getDescription());
        }
    }

    private static Object regexReplace(Object input, FilterArgs args) {
        String text = StringFilters.text(input);
        String pattern = args.string(0, "pattern", "");
        String replacement = args.string(1, "replacement", "");
        int count = args.integer(-1, "count", 0);
        Pattern p = compile(pattern, args.bool(-1, "ignorecase", false), args.bool(-1, "multiline", false));
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        int done = 0;
        while ((count == 0 || done < count) && m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(expandTemplate(replacement, m)));
            done++;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Python's Match.expand: \1..\99, \g&lt;n&gt;, \g&lt;name&gt;, \n, \t, \\. */
    static String expandTemplate(String template, Matcher m) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '\\' || i + 1 >= template.length()) {
                out.append(c);
                continue;
            }
            char next = template.charAt(i + 1);
            if (Character.isDigit(next)) {
                int j = i + 1;
                while (j < template.length() && j < i + 3 && Character.isDigit(template.charAt(j))) {
                    j++;
                }
                int group = Integer.parseInt(template.substring(i + 1, j));
                appendGroup(out, m, group);
                i = j - 1;
            } else if (next == 'g' && i + 2 < template.length() && template.charAt(i + 2) == '<') {
                int close = template.indexOf('>', i + 3);
                if (close < 0) {
                    throw new TemplateError("missing >, unterminated name in replacement '" + template + "'");
                }
                String ref = template.substring(i + 3, close);
                if (ref.matches("\\d+")) {
                    appendGroup(out, m, Integer.parseInt(ref));
                } else {
                    String g = m.group(ref);
                    out.append(g == null ? "" : g);
                }
                i = close;
            } else {
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '\\' -> out.append('\\');
                    default -> out.append('\\').append(next);
                }
                i++;
            }
        }
        return out.toString();
    }

    private static void appendGroup(StringBuilder out, Matcher m, int group) {
        if (group > m.groupCount()) {
            throw new TemplateError("invalid group reference " + group);
        }
        String g = m.group(group);
        out.append(g == null ? "" : g);
    }

    private static Object regexSearch(Object input, FilterArgs args) {
        String text = StringFilters.text(input);
        String pattern = args.string(0, "regex", "");
        Pattern p = compile(pattern, args.bool(-1, "ignorecase", false), args.bool(-1, "multiline", false));
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return null;
        }
        List<Object> groupRefs = args.size() > 1 ? args.positional().subList(1, args.size()) : List.of();
        if (groupRefs.isEmpty()) {
            return m.group();
        }
        List<Object> out = new ArrayList<>();
        for (Object ref : groupRefs) {
            String r = PythonMethods.str(ref);
            if (r.matches("\\\\\\d+")) {
                out.add(m.group(Integer.parseInt(r.substring(1))));
            } else if (r.matches("\\\\g<\\w+>")) {
                String name = r.substring(3, r.length() - 1);
                out.add(name.matches("\\d+") ? m.group(Integer.parseInt(name)) : m.group(name));
            } else {
                throw new TemplateError("regex_search: unknown group reference '" + r + "'");
            }
        }
        return out;
    }

    /** Python's re.findall: whole matches, the group when there is one, tuples of groups otherwise. */
    private static Object regexFindall(Object input, FilterArgs args) {
        String text = StringFilters.text(input);
        Pattern p = compile(args.string(0, "regex", ""), args.bool(-1, "ignorecase", false),
                args.bool(-1, "multiline", false));
        Matcher m = p.matcher(text);
        List<Object> out = new ArrayList<>();
        while (m.find()) {
            if (m.groupCount() == 0) {
                out.add(m.group());
            } else if (m.groupCount() == 1) {
                out.add(m.group(1) == null ? "" : m.group(1));
            } else {
                List<Object> groups = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    groups.add(m.group(g) == null ? "" : m.group(g));
                }
                out.add(new PyTuple(groups));
            }
        }
        return out;
    }

    /** Python's re.escape. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (!Character.isLetterOrDigit(c) && c != '_' && c < 128) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
