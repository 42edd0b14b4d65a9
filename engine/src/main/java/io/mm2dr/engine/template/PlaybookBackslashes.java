package io.mm2dr.engine.template;

/**
 * Ansible's treatment of backslashes in templates written in playbooks (not template files): inside
 * {@code {{ ... }}}, every backslash in a string literal is doubled before Jinja2 reads it, so
 * {@code '\.'}, {@code '\d'} and {@code '\1'} mean what a regular expression needs whether the YAML
 * was single- or double-quoted. Tags ({@code {% %}}), comments and raw blocks are left alone.
 */
final class PlaybookBackslashes {
    private PlaybookBackslashes() {
    }

    static String escape(String template) {
        if (template.indexOf('\\') < 0 || !template.contains("{{")) {
            return template;
        }
        int n = template.length();
        StringBuilder out = new StringBuilder(n + 8);
        int i = 0;
        while (i < n) {
            char c = template.charAt(i);
            char next = i + 1 < n ? template.charAt(i + 1) : 0;
            if (c == '{' && next == '#') {
                int end = template.indexOf("#}", i + 2);
                int stop = end < 0 ? n : end + 2;
                out.append(template, i, stop);
                i = stop;
            } else if (c == '{' && next == '%') {
                int stop = endOfTag(template, i);
                out.append(template, i, stop);
                i = stop;
            } else if (c == '{' && next == '{') {
                i = copyVariable(template, i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Copies {@code {{ ... }}} doubling the backslashes of its string literals; returns the end. */
    private static int copyVariable(String s, int start, StringBuilder out) {
        int n = s.length();
        out.append("{{");
        int i = start + 2;
        int depth = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                int stop = Math.min(n, j + 1);
                out.append(s.substring(i, stop).replace("\\", "\\\\"));
                i = stop;
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == '}' && i + 1 < n && s.charAt(i + 1) == '}') {
                out.append("}}");
                return i + 2;
            }
            out.append(c);
            i++;
        }
        return n;
    }

    /** The end of a {@code {% ... %}} tag, or of the whole raw block when the tag opens one. */
    private static int endOfTag(String s, int start) {
        int close = s.indexOf("%}", start + 2);
        if (close < 0) {
            return s.length();
        }
        String inside = s.substring(start + 2, close).replace("-", "").replace("+", "").trim();
        if (inside.equals("raw")) {
            int end = s.indexOf("endraw", close);
            if (end >= 0) {
                int endClose = s.indexOf("%}", end);
                return endClose < 0 ? s.length() : endClose + 2;
            }
        }
        return close + 2;
    }
}
