package io.mm2dr.engine.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a tag's own syntax (its keywords, commas, {@code =}) out of its text without parsing the
 * expressions in it: string literals and brackets are skipped, the expressions themselves are left
 * whole for {@code interpreter.resolveELExpression}.
 */
final class TagSyntax {
    private TagSyntax() {
    }

    /** The parts of {@code s} between top-level occurrences of {@code sep}, each trimmed. */
    static List<String> split(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(s, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == sep && depth == 0) {
                parts.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(s.substring(start).trim());
        return parts;
    }

    /** Index of the first top-level {@code word} (a whole word, outside strings and brackets) at or after {@code from}, or -1. */
    static int findWord(String s, String word, int from) {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(s, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && s.startsWith(word, i) && boundary(s, i - 1) && boundary(s, i + word.length())) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the top-level {@code =} of an assignment ({@code a=1}, not {@code ==}, {@code !=}, {@code <=}), or -1. */
    static int findAssign(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(s, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == '=' && depth == 0) {
                char before = i > 0 ? s.charAt(i - 1) : ' ';
                char after = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
                if (after != '=' && before != '=' && before != '!' && before != '<' && before != '>') {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Index of the bracket closing the one at {@code open}, or -1. */
    static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(s, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0)) || s.charAt(0) == '$') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!Character.isJavaIdentifierPart(s.charAt(i)) || s.charAt(i) == '$') {
                return false;
            }
        }
        return true;
    }

    private static boolean boundary(String s, int i) {
        return i < 0 || i >= s.length() || !(Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.');
    }

    private static int skipString(String s, int i) {
        char q = s.charAt(i);
        int k = i + 1;
        while (k < s.length() && s.charAt(k) != q) {
            if (s.charAt(k) == '\\') {
                k++;
            }
            k++;
        }
        return k;
    }
}
