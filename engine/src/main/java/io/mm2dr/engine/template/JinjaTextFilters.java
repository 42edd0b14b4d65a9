package io.mm2dr.engine.template;

import com.hubspot.jinjava.objects.SafeString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
/**
 * Jinja2's built-in text filters ({@code indent}, {@code truncate}, {@code title}, {@code wordwrap},
 * {@code wordcount}, {@code center}, {@code format}), its HTML and URL filters ({@code escape},
 * {@code forceescape}, {@code striptags}, {@code xmlattr}, {@code urlize}, {@code urlencode}) and
 * {@code filesizeformat}, {@code tojson}, {@code attr}, written to Jinja2 3.1's behaviour; registered
 * with the others by {@link JinjaFilters#all}.
 */
final class JinjaTextFilters {
    private JinjaTextFilters() {
    }

    // ---------------------------------------------------------------- text

    /** Python's str.splitlines() (without keepends). */
    static List<String> splitlines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int eol = -1;
            if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                eol = 2;
            } else if (c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c' || c == '\u001d'
                    || c == '\u001e' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                eol = 1;
            }
            if (eol > 0) {
                out.add(s.substring(start, i));
                i += eol;
                start = i;
            } else {
                i++;
            }
        }
        if (start < n) {
            out.add(s.substring(start));
        }
        return out;
    }

    static Object indent(Object input, FilterArgs args) {
        Object width = PlainData.unwrap(args.get(0, "width", 4L));
        boolean first = args.bool(1, "first", false);
        boolean blank = args.bool(2, "blank", false);
        String indention = width instanceof CharSequence cs ? cs.toString()
                : " ".repeat(Math.max(0, PythonMethods.intArg(width, 4)));
        String s = StringFilters.text(input) + "\n";
        List<String> lines = splitlines(s);
        StringBuilder rv = new StringBuilder();
        if (blank) {
            rv.append(String.join("\n" + indention, lines));
        } else {
            rv.append(lines.isEmpty() ? "" : lines.get(0));
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                rv.append('\n');
                if (!line.isEmpty()) {
                    rv.append(indention).append(line);
                }
            }
        }
        return first ? indention + rv : rv.toString();
    }

    static Object truncate(Object input, FilterArgs args) {
        String s = StringFilters.text(input);
        int length = args.integer(0, "length", 255);
        boolean killwords = args.bool(1, "killwords", false);
        String end = args.string(2, "end", "...");
        int leeway = args.integer(3, "leeway", 5);
        if (length < end.length()) {
            throw new TemplateError("expected length >= " + end.length() + ", got " + length);
        }
        if (leeway < 0) {
            throw new TemplateError("expected leeway >= 0, got " + leeway);
        }
        int len = s.codePointCount(0, s.length());
        if (len <= length + leeway) {
            return s;
        }
        String head = s.substring(0, s.offsetByCodePoints(0, length - end.length()));
        if (killwords) {
            return head + end;
        }
        int space = head.lastIndexOf(' ');
        return (space < 0 ? head : head.substring(0, space)) + end;
    }

    static final Pattern WORD_BEGINNING = Pattern.compile("([-\\s({\\[<]+)");

    /** Jinja2's title: each piece between runs of {@code -}, whitespace and opening brackets is capitalised. */
    static String title(String s) {
        StringBuilder out = new StringBuilder();
        Matcher m = WORD_BEGINNING.matcher(s);
        int last = 0;
        List<String> pieces = new ArrayList<>();
        while (m.find()) {
            pieces.add(s.substring(last, m.start()));
            pieces.add(m.group());
            last = m.end();
        }
        pieces.add(s.substring(last));
        for (String piece : pieces) {
            if (!piece.isEmpty()) {
                int first = piece.offsetByCodePoints(0, 1);
                out.append(piece.substring(0, first).toUpperCase(Locale.ROOT))
                        .append(piece.substring(first).toLowerCase(Locale.ROOT));
            }
        }
        return out.toString();
    }

    static Object wordwrap(Object input, FilterArgs args) {
        String s = StringFilters.text(input);
        int width = args.integer(0, "width", 79);
        boolean breakLong = args.bool(1, "break_long_words", true);
        String wrapstring = args.string(2, "wrapstring", null);
        boolean breakOnHyphens = args.bool(3, "break_on_hyphens", true);
        if (wrapstring == null || wrapstring.isEmpty()) {
            wrapstring = "\n";
        }
        List<String> paragraphs = new ArrayList<>();
        for (String line : splitlines(s)) {
            paragraphs.add(String.join(wrapstring, TextWrap.wrap(line, width, breakLong, breakOnHyphens)));
        }
        return String.join(wrapstring, paragraphs);
    }

    static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

    static long wordcount(String s) {
        Matcher m = WORD.matcher(s);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Python's str.center. */
    static String center(String s, int width) {
        int len = s.codePointCount(0, s.length());
        int pad = width - len;
        if (pad <= 0) {
            return s;
        }
        int left = pad / 2 + (pad & width & 1);
        return " ".repeat(left) + s + " ".repeat(pad - left);
    }

    static Object format(Object input, FilterArgs args) {
        if (!args.positional().isEmpty() && !args.named().isEmpty()) {
            throw new TemplateError("can't handle positional and keyword arguments at the same time");
        }
        Object values = args.named().isEmpty() ? new PyTuple(args.positional()) : args.named();
        return PercentFormat.format(StringFilters.text(input), values);
    }

    // ---------------------------------------------------------------- HTML

    /** markupsafe.escape: {@code & < > " '}. */
    static String htmlEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** escape/e: already-escaped (safe) text is returned as is; the result is marked safe. */
    static Object escape(Object input) {
        if (input instanceof SafeString) {
            return input;
        }
        return new SafeString(htmlEscape(input == null ? "None" : StringFilters.text(input)));
    }

    static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    static final Pattern TAG = Pattern.compile("<.*?>", Pattern.DOTALL);
    static final Pattern ENTITY = Pattern.compile("&(#\\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);");

    static String striptags(String s) {
        String text = TAG.matcher(COMMENT.matcher(s).replaceAll("")).replaceAll("");
        text = String.join(" ", PythonMethods.split(text, null, -1).stream().map(Object::toString).toList());
        return unescapeHtml(text);
    }

    static String unescapeHtml(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r;
            if (e.startsWith("#x") || e.startsWith("#X")) {
                r = new String(Character.toChars(Integer.parseInt(e.substring(2), 16)));
            } else if (e.startsWith("#")) {
                r = new String(Character.toChars(Integer.parseInt(e.substring(1))));
            } else {
                r = switch (e) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos" -> "'";
                    case "nbsp" -> "\u00a0";
                    default -> m.group();
                };
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static Object xmlattr(Object input, FilterArgs args) {
        boolean autospace = args.bool(0, "autospace", true);
        Object in = PlainData.unwrap(input);
        if (!(in instanceof Map<?, ?> map)) {
            throw new TemplateError("xmlattr: expected a dict, got " + PythonRepr.typeName(in));
        }
        List<String> items = new ArrayList<>();
        map.forEach((k, v) -> {
            if (v != null && !(v instanceof StrictUndefined)) {
                items.add(htmlEscape(PythonRepr.str(k)) + "=\"" + htmlEscape(PythonRepr.str(v)) + "\"");
            }
        });
        String rv = String.join(" ", items);
        return new SafeString(autospace && !rv.isEmpty() ? " " + rv : rv);
    }

    static Object filesizeformat(Object input, FilterArgs args) {
        double bytes = CoreFilters.toNumber(input, true).doubleValue();
        boolean binary = args.bool(0, "binary", false);
        int base = binary ? 1024 : 1000;
        String[] prefixes = binary ? new String[] {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"}
                : new String[] {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
        if (bytes == 1) {
            return "1 Byte";
        }
        if (bytes < base) {
            return ((long) bytes) + " Bytes";
        }
        double unit = base;
        String prefix = prefixes[0];
        for (int i = 0; i < prefixes.length; i++) {
            unit = Math.pow(base, i + 2);
            prefix = prefixes[i];
            if (bytes < unit) {
                break;
            }
        }
        return String.format(Locale.ROOT, "%.1f %s", base * bytes / unit, prefix);
    }

    static final Pattern HTTP = Pattern.compile(
            "^((https?://|www\\.)(([\\w%-]+\\.)+)?([a-z]{2,63}|xn--[\\w%]{2,59})"
                    + "|([\\w%-]{2,63}\\.)+(com|net|int|edu|gov|org|info|mil)"
                    + "|(https?://)((([\\d]{1,3})(\\.[\\d]{1,3}){3})|(\\[([\\da-f]{0,4}:){2}([\\da-f]{0,4}:?){1,6}])))"
                    + "(?::[\\d]{1,5})?(?:[/?#]\\S*)?$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    static final Pattern EMAIL = Pattern.compile("^\\S+@\\w[\\w.-]*\\.\\w+$", Pattern.UNICODE_CHARACTER_CLASS);
    static final Pattern LEAD = Pattern.compile("^(?:[(<]|&lt;)+");
    static final Pattern TRAIL = Pattern.compile("(?:[)>.,\\n]|&gt;)+$");

    /** Jinja2's urlize with Ansible's policy (rel="noopener"). */
    static Object urlize(Object input, FilterArgs args) {
        Object limitArg = args.get(0, "trim_url_limit", null);
        Integer limit = limitArg == null ? null : PythonMethods.intArg(PlainData.unwrap(limitArg), 0);
        boolean nofollow = args.bool(1, "nofollow", false);
        String target = args.string(2, "target", null);
        String relArg = args.string(3, "rel", null);
        Object schemesArg = PlainData.unwrap(args.get(4, "extra_schemes", null));
        List<String> extraSchemes = new ArrayList<>();
        if (schemesArg != null) {
            for (Object scheme : PlainData.asIterable(schemesArg)) {
                extraSchemes.add(PythonMethods.str(scheme));
            }
        }
        TreeSet<String> rels = new TreeSet<>();
        if (relArg != null) {
            rels.addAll(PythonMethods.split(relArg, null, -1).stream().map(Object::toString).toList());
        }
        if (nofollow) {
            rels.add("nofollow");
        }
        rels.add("noopener");
        String relAttr = " rel=\"" + htmlEscape(String.join(" ", rels)) + "\"";
        String targetAttr = target == null || target.isEmpty() ? "" : " target=\"" + htmlEscape(target) + "\"";
        String text = htmlEscape(StringFilters.text(input));
        String[] words = text.split("(?<=\\s)(?=\\S)|(?<=\\S)(?=\\s)");
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            String head = "";
            String middle = word;
            String tail = "";
            Matcher lead = LEAD.matcher(middle);
            if (lead.find()) {
                head = lead.group();
                middle = middle.substring(lead.end());
            }
            Matcher trail = TRAIL.matcher(middle);
            if (trail.find()) {
                tail = trail.group();
                middle = middle.substring(0, trail.start());
            }
            for (String[] pair : new String[][] {{"(", ")"}, {"<", ">"}, {"&lt;", "&gt;"}}) {
                int starts = count(middle, pair[0]);
                if (starts <= count(middle, pair[1])) {
                    continue;
                }
                for (int i = 0; i < Math.min(starts, count(tail, pair[1])); i++) {
                    int endIndex = tail.indexOf(pair[1]) + pair[1].length();
                    middle += tail.substring(0, endIndex);
                    tail = tail.substring(endIndex);
                }
            }
            if (HTTP.matcher(middle).matches()) {
                String shown = limit != null && middle.length() > limit ? middle.substring(0, limit) + "..." : middle;
                String href = middle.startsWith("https://") || middle.startsWith("http://") ? middle : "https://" + middle;
                middle = "<a href=\"" + href + "\"" + relAttr + targetAttr + ">" + shown + "</a>";
            } else if (middle.startsWith("mailto:") && EMAIL.matcher(middle.substring(7)).matches()) {
                middle = "<a href=\"" + middle + "\">" + middle.substring(7) + "</a>";
            } else if (middle.contains("@") && !middle.startsWith("www.") && !middle.contains(":")
                    && EMAIL.matcher(middle).matches()) {
                middle = "<a href=\"mailto:" + middle + "\">" + middle + "</a>";
            } else {
                for (String scheme : extraSchemes) {
                    if (!middle.equals(scheme) && middle.startsWith(scheme)) {
                        middle = "<a href=\"" + middle + "\"" + relAttr + targetAttr + ">" + middle + "</a>";
                    }
                }
            }
            out.append(head).append(middle).append(tail);
        }
        return new SafeString(out.toString());
    }

    /** Jinja2's urlencode: a string quoted (keeping '/'), a dict or a sequence of pairs as a query string. */
    static Object urlencode(Object input, FilterArgs args) {
        Object in = PlainData.unwrap(input);
        if (in instanceof CharSequence cs) {
            return urlQuote(cs.toString(), false);
        }
        List<String> pairs = new ArrayList<>();
        if (in instanceof Map<?, ?> map) {
            map.forEach((k, v) -> pairs.add(urlQuote(PythonRepr.str(k), true) + "=" + urlQuote(PythonRepr.str(v), true)));
        } else {
            for (Object item : PlainData.asIterable(in)) {
                List<?> pair = PlainData.asCollection(item).stream().toList();
                if (pair.size() != 2) {
                    throw new TemplateError("too many values to unpack (expected 2)");
                }
                pairs.add(urlQuote(PythonRepr.str(pair.get(0)), true) + "=" + urlQuote(PythonRepr.str(pair.get(1)), true));
            }
        }
        return String.join("&", pairs);
    }

    /** urllib's quote of the UTF-8 bytes; '/' kept unless for a query string, where a space is '+'. */
    static String urlQuote(String s, boolean forQuery) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-' || c == '~' || (c == '/' && !forQuery)) {
                b.append((char) c);
            } else if (c == ' ' && forQuery) {
                b.append('+');
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** Jinja2's tojson: sorted keys, and {@code < > & '} as \\u escapes so it is safe in HTML. */
    static Object tojson(Object input, FilterArgs args) {
        Object indentArg = args.get(0, "indent", null);
        int indent = indentArg == null ? -1 : PythonMethods.intArg(PlainData.unwrap(indentArg), 0);
        String json = DataFilters.toJson(PlainData.plain(input), true, indent, true);
        return new SafeString(json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("'", "\\u0027"));
    }

    static final Set<String> DICT_METHODS = Set.of("items", "keys", "values");

    /** attr(name): an attribute, never an item (so a dict's key is undefined here, as in Jinja2). */
    static Object attr(Object input, FilterArgs args) {
        String name = PythonMethods.str(args.required(0, "name"));
        Object in = PlainData.unwrap(input);
        if (in instanceof JinjaFilters.Group g && ("grouper".equals(name) || "list".equals(name))) {
            return "grouper".equals(name) ? g.getGrouper() : g.getList();
        }
        if (in instanceof Map<?, ?> map && DICT_METHODS.contains(name)) {
            // a dict's method, bound, as Python's getattr gives it: {{ foo|attr("items")() }}
            return (JinjaEvaluation.Callable) (callArgs, kwargs) -> PythonMethods.onDict(map, name, callArgs.toArray());
        }
        return StrictUndefined.attribute(in, name);
    }

    // ---------------------------------------------------------------- wrapping

    /** Python's textwrap.wrap with expand_tabs=False, replace_whitespace=False, drop_whitespace=True. */
    static final class TextWrap {
        private static final Pattern SIMPLE = Pattern.compile("\\s+|\\S+");
        private static final Pattern HYPHENATED = Pattern.compile("\\s+|[^\\s-]*\\w+-(?=\\w)|-+(?=\\w)|\\S+?(?=\\s|$|\\w+-\\w)|\\S+");

        static List<String> wrap(String text, int width, boolean breakLong, boolean breakOnHyphens) {
            List<String> chunks = new ArrayList<>();
            Matcher m = (breakOnHyphens ? HYPHENATED : SIMPLE).matcher(text);
            while (m.find()) {
                if (!m.group().isEmpty()) {
                    chunks.add(m.group());
                }
            }
            Collections.reverse(chunks);
            List<String> lines = new ArrayList<>();
            while (!chunks.isEmpty()) {
                List<String> line = new ArrayList<>();
                int len = 0;
                if (chunks.get(chunks.size() - 1).isBlank() && !lines.isEmpty()) {
                    chunks.remove(chunks.size() - 1);
                }
                while (!chunks.isEmpty()) {
                    int l = chunks.get(chunks.size() - 1).length();
                    if (len + l <= width) {
                        line.add(chunks.remove(chunks.size() - 1));
                        len += l;
                    } else {
                        break;
                    }
                }
                if (!chunks.isEmpty() && chunks.get(chunks.size() - 1).length() > width) {
                    int spaceLeft = width < 1 ? 1 : width - len;
                    String chunk = chunks.get(chunks.size() - 1);
                    if (breakLong) {
                        int end = spaceLeft;
                        if (breakOnHyphens && chunk.length() > spaceLeft) {
                            int hyphen = chunk.lastIndexOf('-', spaceLeft - 1);
                            if (hyphen > 0 && chunk.substring(0, hyphen).chars().anyMatch(c -> c != '-')) {
                                end = hyphen + 1;
                            }
                        }
                        line.add(chunk.substring(0, end));
                        chunks.set(chunks.size() - 1, chunk.substring(end));
                    } else if (line.isEmpty()) {
                        line.add(chunks.remove(chunks.size() - 1));
                    }
                }
                if (!line.isEmpty() && line.get(line.size() - 1).isBlank()) {
                    line.remove(line.size() - 1);
                }
                if (!line.isEmpty()) {
                    lines.add(String.join("", line));
                }
            }
            return lines;
        }
    }
}
