package io.mm2dr.engine.module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code key=value} argument shorthand ({@code debug: msg="hi {{ x }}"},
 * {@code command: ls -l chdir=/tmp}): splits on spaces outside quotes and Jinja braces; words
 * without {@code =} (or, for free-form modules, everything that is not a known key) go to
 * {@code _raw_params}.
 */
public final class KeyValueArgs {
    private KeyValueArgs() {
    }

    public static Map<String, Object> parse(String text, boolean freeForm, java.util.Set<String> knownKeys) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> raw = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<Boolean> breaks = new ArrayList<>();
        split(text, words, breaks);
        StringBuilder rawText = new StringBuilder();
        for (int w = 0; w < words.size(); w++) {
            String word = words.get(w);
            int eq = findEquals(word);
            if (eq > 0) {
                String key = word.substring(0, eq);
                boolean keyLike = key.matches("[A-Za-z_][A-Za-z0-9_]*");
                if (keyLike && (!freeForm || knownKeys.contains(key))) {
                    out.put(key, unquote(word.substring(eq + 1)));
                    continue;
                }
            }
            if (!raw.isEmpty()) {
                // a line break between words stays one (multi-line shell scripts, here-documents)
                rawText.append(breaks.get(w) ? "\n" : " ");
            }
            raw.add(word);
            rawText.append(word);
        }
        if (!raw.isEmpty()) {
            // keep the free-form text as written (quotes included), like Ansible does
            out.put("_raw_params", rawText.toString());
        }
        return out;
    }

    private static int findEquals(String word) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                return -1;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == '=' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            String inner = v.substring(1, v.length() - 1);
            return v.charAt(0) == '"' ? inner.replace("\\\"", "\"") : inner;
        }
        return v;
    }

    /** Splits on whitespace outside quotes and {{ }} / {% %} blocks. */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        split(text, words, new ArrayList<>());
        return words;
    }

    /** As {@link #split(String)}; {@code breaks} says, per word, whether a line break came before it. */
    private static void split(String text, List<String> words, List<Boolean> breaks) {
        StringBuilder cur = new StringBuilder();
        boolean sawBreak = false;
        char quote = 0;
        int braces = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == '\\' && i + 1 < text.length()) {
                    cur.append(text.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (braces == 0 && (c == '"' || c == '\'')) {
                quote = c;
                cur.append(c);
                continue;
            }
            if (c == '{' && i + 1 < text.length() && (text.charAt(i + 1) == '{' || text.charAt(i + 1) == '%')) {
                braces++;
                cur.append(c).append(text.charAt(++i));
                continue;
            }
            if ((c == '}' || c == '%') && braces > 0 && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                braces--;
                cur.append(c).append(text.charAt(++i));
                continue;
            }
            if (Character.isWhitespace(c) && braces == 0) {
                if (cur.length() > 0) {
                    words.add(cur.toString());
                    breaks.add(sawBreak);
                    sawBreak = false;
                    cur.setLength(0);
                }
                sawBreak |= c == '\n' && !words.isEmpty();
                continue;
            }
            cur.append(c);
        }
        if (cur.length() > 0) {
            words.add(cur.toString());
            breaks.add(sawBreak);
        }
    }
}
