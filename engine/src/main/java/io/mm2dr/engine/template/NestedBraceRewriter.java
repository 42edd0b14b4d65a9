package io.mm2dr.engine.template;

/**
 * Works around a jinjava scanner trap: inside {@code {{ ... }}} it ends the expression at the first
 * {@code }}}, so {@code {{ {'a': {'b': 1}} }}} is cut after {@code {'b': 1}}. Jinja2 tracks
 * brace depth instead. This rewriter walks the template like Jinja2's lexer (skipping comments, raw
 * blocks and string literals) and puts a space between two closing braces that belong to a dict
 * literal, which changes nothing for the expression but keeps the scanner on track.
 */
final class NestedBraceRewriter {
    private NestedBraceRewriter() {
    }

    static String rewrite(String template) {
        if (!template.contains("}}")) {
            return template;
        }
        int n = template.length();
        StringBuilder out = null;
        int copiedUpTo = 0;
        int i = 0;
        while (i < n - 1) {
            char c = template.charAt(i);
            char next = template.charAt(i + 1);
            if (c != '{' || (next != '{' && next != '%' && next != '#')) {
                i++;
                continue;
            }
            if (next == '#') {
                int end = template.indexOf("#}", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            }
            if (next == '%' && isRawTag(template, i)) {
                int end = findEndRaw(template, i + 2);
                i = end < 0 ? n : end;
                continue;
            }
            // inside {{ ... }} or {% ... %}
            boolean expression = next == '{';
            i += 2;
            int depth = 0;
            char quote = 0;
            while (i < n) {
                char ch = template.charAt(i);
                if (quote != 0) {
                    if (ch == '\\') {
                        i += 2;
                        continue;
                    }
                    if (ch == quote) {
                        quote = 0;
                    }
                    i++;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                } else if (ch == '{') {
                    depth++;
                } else if (ch == '}' && depth > 0) {
                    depth--;
                    if (expression && i + 1 < n && template.charAt(i + 1) == '}') {
                        if (out == null) {
                            out = new StringBuilder(n + 8);
                        }
                        out.append(template, copiedUpTo, i + 1).append(' ');
                        copiedUpTo = i + 1;
                    }
                } else if (expression && ch == '}' && i + 1 < n && template.charAt(i + 1) == '}') {
                    i += 2;
                    break;
                } else if (!expression && ch == '%' && i + 1 < n && template.charAt(i + 1) == '}') {
                    i += 2;
                    break;
                }
                i++;
            }
        }
        if (out == null) {
            return template;
        }
        out.append(template, copiedUpTo, n);
        return out.toString();
    }

    private static boolean isRawTag(String s, int start) {
        int i = start + 2;
        if (i < s.length() && s.charAt(i) == '-') {
            i++;
        }
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.startsWith("raw", i) && i + 3 < s.length()
                && (Character.isWhitespace(s.charAt(i + 3)) || s.charAt(i + 3) == '%' || s.charAt(i + 3) == '-');
    }

    /** Position just after the {% endraw %} tag, or -1. */
    private static int findEndRaw(String s, int from) {
        int i = from;
        while ((i = s.indexOf("{%", i)) >= 0) {
            int j = i + 2;
            if (j < s.length() && s.charAt(j) == '-') {
                j++;
            }
            while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
                j++;
            }
            if (s.startsWith("endraw", j)) {
                int close = s.indexOf("%}", j);
                return close < 0 ? -1 : close + 2;
            }
            i += 2;
        }
        return -1;
    }
}
