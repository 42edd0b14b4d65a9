package io.mm2dr.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A label selector in kubectl's syntax ({@code app=web}, {@code tier!=db}, {@code env in (a,b)},
 * {@code env notin (c)}, {@code release}, {@code !canary}), parsed once and matched client-side too:
 * a server that ignores part of a selector (some do) cannot widen what a playbook gets back.
 */
public final class LabelSelector {
    private static final Pattern SET = Pattern.compile("^\\s*([\\w./-]+)\\s+(in|notin)\\s+\\(([^)]*)\\)\\s*$");
    private static final Pattern EQ = Pattern.compile("^\\s*([\\w./-]+)\\s*(==|=|!=)\\s*([\\w./-]*)\\s*$");
    private static final Pattern EXISTS = Pattern.compile("^\\s*(!?)\\s*([\\w./-]+)\\s*$");

    private record Requirement(String key, String op, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (op) {
                case "=", "==", "in" -> v != null && values.contains(v);
                case "!=", "notin" -> v == null || !values.contains(v);
                case "exists" -> v != null;
                case "!" -> v == null;
                default -> throw new IllegalStateException(op);
            };
        }
    }

    private final List<Requirement> requirements;
    private final String text;

    private LabelSelector(List<Requirement> requirements, String text) {
        this.requirements = requirements;
        this.text = text;
    }

    /** Parses selectors as {@code kubernetes.core} takes them: a list, each item one or more comma-separated requirements. */
    public static LabelSelector parse(List<String> selectors) {
        List<Requirement> reqs = new ArrayList<>();
        for (String s : selectors) {
            for (String part : splitTopLevel(s)) {
                if (part.isBlank()) {
                    continue;
                }
                reqs.add(requirement(part));
            }
        }
        return new LabelSelector(List.copyOf(reqs), String.join(",", selectors.stream().map(String::trim).toList()));
    }

    private static Requirement requirement(String part) {
        Matcher m = SET.matcher(part);
        if (m.matches()) {
            Set<String> values = Set.copyOf(List.of(m.group(3).trim().isEmpty() ? new String[0] : m.group(3).split("\\s*,\\s*")));
            return new Requirement(m.group(1), m.group(2), values.stream().map(String::trim).collect(java.util.stream.Collectors.toSet()));
        }
        m = EQ.matcher(part);
        if (m.matches()) {
            return new Requirement(m.group(1), m.group(2), Set.of(m.group(3)));
        }
        m = EXISTS.matcher(part);
        if (m.matches()) {
            return new Requirement(m.group(2), m.group(1).isEmpty() ? "exists" : "!", Set.of());
        }
        throw new KubeException("invalid label selector '" + part.trim() + "': expected key=value, key!=value, key in (a,b), key notin (a,b), key or !key");
    }

    /** Splits on commas outside parentheses. */
    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(l));
    }

    /** The selector as the API server takes it. */
    @Override
    public String toString() {
        return text;
    }
}
