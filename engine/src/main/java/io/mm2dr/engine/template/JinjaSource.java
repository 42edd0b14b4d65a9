package io.mm2dr.engine.template;

/**
 * Prepares a template's source for jinjava the way Jinja2's lexer treats it, for what jinjava's
 * scanner cannot be told: trim_blocks that a {@code +%}} turns off, lstrip_blocks only for a tag
 * alone on its line (and not for {@code {%+}), newlines normalised to newline_sequence, and the one
 * trailing newline Jinja2 drops (Ansible adds the template's trailing newlines back after
 * rendering, see {@link #restoreTrailingNewlines}).
 *
 * <p>Line numbers stay as in the original: a newline that trim_blocks removes is moved inside the
 * tag it follows ({@code {% if x %}\n} becomes {@code {% if x \n%}}), where it is only whitespace.
 * The scanner skips string literals inside tags and the content of raw blocks, as Jinja2's lexer
 * does. jinjava itself then runs with trim_blocks and lstrip_blocks off.
 */
final class JinjaSource {
    private JinjaSource() {
    }

    /** The source jinjava parses for {@code text} under {@code options}. */
    static String prepare(String text, JinjaOptions options) {
        String s = text;
        if (s.indexOf('\r') >= 0) {
            s = s.replace("\r\n", "\n").replace('\r', '\n');
        }
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1); // Jinja2 without keep_trailing_newline
        }
        boolean plusSigns = s.contains("+" + options.blockEnd()) || s.contains(options.blockStart() + "+")
                || s.contains("+" + options.commentEnd());
        if (!options.trimBlocks() && !options.lstripBlocks() && "\n".equals(options.newlineSequence()) && !plusSigns
                && !Scanner.ambiguousComments(options) && !s.contains("endblock")) {
            return s;
        }
        return new Scanner(s, options).run();
    }

    /**
     * As Ansible's templar: the rendered text gets as many trailing newlines as the template had,
     * in the newline sequence.
     */
    static String restoreTrailingNewlines(String template, String rendered, JinjaOptions options) {
        int wanted = trailingNewlines(template);
        if (wanted == 0) {
            return rendered;
        }
        int have = trailingNewlines(rendered);
        if (have >= wanted) {
            return rendered;
        }
        StringBuilder b = new StringBuilder(rendered);
        for (int i = have; i < wanted; i++) {
            b.append(options.newlineSequence());
        }
        return b.toString();
    }

    /** Python's {@code _count_newlines_from_end}: trailing '\n' characters (a "\r\n" counts as one). */
    private static int trailingNewlines(String s) {
        int i = s.length() - 1;
        int count = 0;
        while (i >= 0 && s.charAt(i) == '\n') {
            count++;
            i--;
            if (i >= 0 && s.charAt(i) == '\r') {
                i--;
            }
        }
        return count;
    }

    /**
     * Splits a template that starts with Ansible's {@code #jinja2:} line into the options it sets and
     * the rest of the text. Returns null when the text has no such header.
     */
    static Header header(String text, JinjaOptions base) {
        if (!text.startsWith(JinjaOptions.HEADER)) {
            return null;
        }
        int eol = text.indexOf('\n');
        String line = eol < 0 ? text.substring(JinjaOptions.HEADER.length()) : text.substring(JinjaOptions.HEADER.length(), eol);
        // Ansible: data[eol + 1:], i.e. everything when there is no newline (eol == -1)
        String rest = eol < 0 ? text : text.substring(eol + 1);
        JinjaOptions options = base;
        for (String pair : line.split(",", -1)) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new TemplateError("failed to parse jinja2 override '" + pair.strip()
                        + "'. Did you use something different from colon as key-value separator?");
            }
            options = options.with(pair.substring(0, colon).strip(), pythonLiteral(pair.substring(colon + 1).strip()));
        }
        return new Header(options, rest);
    }

    record Header(JinjaOptions options, String text) {
    }

    /** The few Python literals a header holds: True/False/None, numbers, quoted strings. */
    static Object pythonLiteral(String v) {
        switch (v) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                break;
        }
        if (v.matches("[-+]?\\d+")) {
            return Long.parseLong(v);
        }
        if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0)) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < v.length() - 1; i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length() - 1) {
                    char n = v.charAt(++i);
                    switch (n) {
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case '\\', '\'', '"' -> b.append(n);
                        default -> b.append('\\').append(n);
                    }
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
        throw new TemplateError("malformed value in jinja2 override: " + v);
    }

    /** One pass over the source. */
    private static final class Scanner {
        private final String s;
        private final JinjaOptions o;
        private final StringBuilder out;
        private int i = 0;
        /** Where the current source line starts in {@code out} (for lstrip_blocks). */
        private int lineStart = 0;

        Scanner(String s, JinjaOptions o) {
            this.s = s;
            this.o = o;
            this.out = new StringBuilder(s.length() + 16);
        }

        /**
         * A comment start that begins with the block or variable start ({@code <%#} beside {@code <%}):
         * Jinja2 tries the longest delimiter first, jinjava's scanner the variable and block starts
         * before the comment start, so such comments are handed to jinjava as an empty {@code if false}.
         */
        static boolean ambiguousComments(JinjaOptions o) {
            return o.commentStart().startsWith(o.blockStart()) || o.commentStart().startsWith(o.variableStart());
        }

        String run() {
            int n = s.length();
            // as Jinja2's lexer: the longest delimiter wins where one starts with another (<?= before <?)
            String[] starts = {o.commentStart(), o.blockStart(), o.variableStart()};
            Integer[] order = {0, 1, 2};
            java.util.Arrays.sort(order, (a, b) -> Integer.compare(starts[b].length(), starts[a].length()));
            while (i < n) {
                int kind = -1;
                for (int k : order) {
                    if (s.startsWith(starts[k], i)) {
                        kind = k;
                        break;
                    }
                }
                if (kind == 0) {
                    comment();
                } else if (kind == 1) {
                    block();
                } else if (kind == 2) {
                    variable();
                } else {
                    text(s.charAt(i));
                    i++;
                }
            }
            return out.toString();
        }

        private void text(char c) {
            if (c == '\n') {
                out.append(o.newlineSequence());
                lineStart = out.length();
            } else {
                out.append(c);
            }
        }

        /** lstrip_blocks: drop the spaces and tabs between the start of the line and a tag. */
        private void lstrip() {
            int k = out.length();
            while (k > lineStart && (out.charAt(k - 1) == ' ' || out.charAt(k - 1) == '\t')) {
                k--;
            }
            if (k == lineStart) {
                out.setLength(k);
            }
        }

        /** {@code {#-}: the whitespace before the comment moves inside it (line numbers stay). */
        private String takeTrailingWhitespace() {
            int k = out.length();
            while (k > 0 && Character.isWhitespace(out.charAt(k - 1))) {
                k--;
            }
            String ws = out.substring(k);
            out.setLength(k);
            return ws;
        }

        /** {@code -#}}: the whitespace after the comment, which moves inside it. */
        private int skipWhitespace(int from) {
            int k = from;
            while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
                k++;
            }
            return k;
        }

        private void comment() {
            int start = i;
            int close = s.indexOf(o.commentEnd(), start + o.commentStart().length());
            if (close < 0) {
                out.append(s, start, s.length()); // unclosed: jinjava reports it
                i = s.length();
                return;
            }
            int contentStart = start + o.commentStart().length();
            boolean leftTrim = s.startsWith("-", contentStart);
            String before = "";
            if (leftTrim) {
                before = takeTrailingWhitespace();
            } else if (o.lstripBlocks()) {
                lstrip();
            }
            boolean rightTrim = close > contentStart && s.charAt(close - 1) == '-';
            boolean rightPlus = close > contentStart && s.charAt(close - 1) == '+';
            int end = close + o.commentEnd().length();
            boolean ambiguous = ambiguousComments(o);
            // the comment's text is dropped, so whitespace that Jinja2 trims around it can live inside it
            if (ambiguous) {
                out.append(o.blockStart()).append(" if false ").append(o.blockEnd()).append(before);
                for (int k = contentStart; k < close; k++) {
                    if (s.charAt(k) == '\n') {
                        out.append('\n');
                    }
                }
            } else {
                out.append(o.commentStart()).append(before.replace('\r', ' ')).append(s, contentStart, close);
            }
            if (rightTrim) {
                int next = skipWhitespace(end);
                out.append(s, end, next);
                end = next;
            } else if (!rightPlus && o.trimBlocks() && end < s.length() && s.charAt(end) == '\n') {
                out.append('\n'); // moved inside the comment
                end++;
                lineStart = -1;
            }
            out.append(ambiguous ? o.blockStart() + " endif " + o.blockEnd() : o.commentEnd());
            if (lineStart == -1) {
                lineStart = out.length();
            }
            i = end;
        }

        private void variable() {
            int start = i;
            int close = findClose(start + o.variableStart().length(), o.variableEnd());
            int end = close < 0 ? s.length() : close + o.variableEnd().length();
            out.append(s, start, end);
            i = end;
        }

        private void block() {
            int start = i;
            int contentStart = start + o.blockStart().length();
            boolean plusLeft = s.startsWith("+", contentStart);
            boolean minusLeft = s.startsWith("-", contentStart);
            int close = findClose(contentStart, o.blockEnd());
            if (close < 0) {
                out.append(s, start, s.length());
                i = s.length();
                return;
            }
            if (o.lstripBlocks() && !plusLeft && !minusLeft) {
                lstrip();
            }
            boolean plusRight = close > contentStart && s.charAt(close - 1) == '+';
            boolean minusRight = close > contentStart && s.charAt(close - 1) == '-';
            int end = close + o.blockEnd().length();
            out.append(o.blockStart());
            out.append(s, plusLeft ? contentStart + 1 : contentStart, plusRight ? close - 1 : close);
            String name = tagName(contentStart + (plusLeft || minusLeft ? 1 : 0), close);
            checkBlockNames(name, contentStart + (plusLeft || minusLeft ? 1 : 0), minusRight || plusRight ? close - 1 : close);
            boolean raw = "raw".equals(name);
            if (raw && minusRight) {
                // {% raw -%}: jinjava does not trim into a raw block; the whitespace moves inside the tag
                out.setLength(out.length() - 1);
                out.append(' ');
                int next = skipWhitespace(end);
                out.append(s, end, next);
                end = next;
            }
            // Jinja2 does not apply trim_blocks after {% raw %}
            boolean trim = !raw && o.trimBlocks() && !plusRight && !minusRight && end < s.length() && s.charAt(end) == '\n';
            if (trim) {
                out.append('\n'); // moved inside the tag, where it is whitespace
                end++;
            }
            out.append(o.blockEnd());
            if (trim) {
                lineStart = out.length();
            }
            i = end;
            if (raw) {
                raw();
            }
        }

        /** Copies a raw block's content untouched but for newlines, up to its endraw tag. */
        private void raw() {
            int n = s.length();
            while (i < n) {
                if (s.startsWith(o.blockStart(), i)) {
                    int k = i + o.blockStart().length();
                    boolean minus = k < n && s.charAt(k) == '-';
                    if (k < n && (s.charAt(k) == '-' || s.charAt(k) == '+')) {
                        k++;
                    }
                    while (k < n && Character.isWhitespace(s.charAt(k))) {
                        k++;
                    }
                    if (s.startsWith("endraw", k)) {
                        if (minus) {
                            // {%- endraw %}: jinjava's raw scanner wants "{%" then spaces then endraw
                            String ws = takeTrailingWhitespace();
                            out.append(o.blockStart()).append(ws.replace('\r', ' ')).append(' ');
                            i += o.blockStart().length() + 1;
                            int close = findClose(i, o.blockEnd());
                            if (close < 0) {
                                out.append(s, i, n);
                                i = n;
                                return;
                            }
                            out.append(s, i, close);
                            int end = close + o.blockEnd().length();
                            if (close > i && s.charAt(close - 1) == '-') {
                                out.setLength(out.length() - 1);
                                out.append(' ');
                                int next = skipWhitespace(end);
                                out.append(s, end, next);
                                end = next;
                            } else if (o.trimBlocks() && end < n && s.charAt(end) == '\n') {
                                out.append('\n');
                                end++;
                            }
                            out.append(o.blockEnd());
                            i = end;
                            return;
                        }
                        block();
                        return;
                    }
                }
                text(s.charAt(i));
                i++;
            }
        }

        /** Names of the open {@code block} tags; Jinja2 accepts after {@code endblock} only the block's own name. */
        private final java.util.ArrayDeque<String> blocks = new java.util.ArrayDeque<>();

        private void checkBlockNames(String tag, int from, int to) {
            if (!"block".equals(tag) && !"endblock".equals(tag)) {
                return;
            }
            String rest = s.substring(from, to).strip().substring(tag.length()).strip();
            if ("block".equals(tag)) {
                blocks.push(rest.split("\\s+", 2)[0]);
                return;
            }
            String open = blocks.isEmpty() ? null : blocks.pop();
            if (!rest.isEmpty() && open != null && !rest.equals(open)) {
                int line = 1;
                for (int k = 0; k < from; k++) {
                    if (s.charAt(k) == '\n') {
                        line++;
                    }
                }
                throw new TemplateSyntaxError("template error while templating string: expected token 'end of statement block', got '"
                        + rest.split("\\s+", 2)[0] + "'", s, line);
            }
        }

        private String tagName(int from, int to) {
            int k = from;
            while (k < to && Character.isWhitespace(s.charAt(k))) {
                k++;
            }
            int nameStart = k;
            while (k < to && Character.isJavaIdentifierPart(s.charAt(k))) {
                k++;
            }
            return s.substring(nameStart, k);
        }

        /** Position of {@code end} closing a tag that starts at {@code from}, skipping strings and brackets. */
        private int findClose(int from, String end) {
            int depth = 0;
            int n = s.length();
            for (int k = from; k < n; k++) {
                char c = s.charAt(k);
                if (c == '\'' || c == '"') {
                    int q = k + 1;
                    while (q < n && s.charAt(q) != c) {
                        if (s.charAt(q) == '\\') {
                            q++;
                        }
                        q++;
                    }
                    k = q;
                    continue;
                }
                if (depth == 0 && s.startsWith(end, k)) {
                    return k;
                }
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
            }
            return -1;
        }
    }
}
