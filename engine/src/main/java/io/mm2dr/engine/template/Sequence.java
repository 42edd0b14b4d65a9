package io.mm2dr.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's {@code sequence} lookup ({@code with_sequence}): {@code start=1 end=10 stride=2 format=x%02d},
 * {@code count=3}, or the short form {@code [start-]end[/stride][:format]}; the items are strings.
 */
final class Sequence {
    private static final Pattern SHORTCUT = Pattern.compile(
            "^(?:(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|-?\\d+)-)?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|-?\\d+)"
                    + "(?:/(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|-?\\d+))?(?::(.+))?$");

    private Sequence() {
    }

    static List<Object> generate(List<Object> terms, Map<String, Object> options) {
        List<Object> out = new ArrayList<>();
        if (terms.isEmpty()) {
            terms = List.of("");
        }
        for (Object term : terms) {
            Map<String, String> args = new LinkedHashMap<>();
            String text = PythonMethods.str(term).trim();
            Matcher m = SHORTCUT.matcher(text);
            if (!text.isEmpty() && !text.contains("=") && m.matches()) {
                if (m.group(1) != null) {
                    args.put("start", m.group(1));
                }
                args.put("end", m.group(2));
                if (m.group(3) != null) {
                    args.put("stride", m.group(3));
                }
                if (m.group(4) != null) {
                    args.put("format", m.group(4));
                }
            } else if (!text.isEmpty()) {
                for (String part : text.split("\\s+")) {
                    int eq = part.indexOf('=');
                    if (eq < 0) {
                        throw new TemplateError("can't parse arg " + part + " in sequence " + text);
                    }
                    args.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            options.forEach((k, v) -> {
                if (!"wantlist".equals(k) && !"errors".equals(k)) {
                    args.putIfAbsent(k, PythonMethods.str(PlainData.unwrap(v)));
                }
            });
            for (String k : args.keySet()) {
                if (!List.of("start", "end", "count", "stride", "format").contains(k)) {
                    throw new TemplateError("unrecognized arguments to with_sequence: ['" + k + "']");
                }
            }
            long start = number(args.getOrDefault("start", "1"));
            long stride = number(args.getOrDefault("stride", "1"));
            String format = args.getOrDefault("format", "%d");
            Long end = args.containsKey("end") ? number(args.get("end")) : null;
            if (args.containsKey("count")) {
                if (end != null) {
                    throw new TemplateError("can't specify both count and end in with_sequence");
                }
                long count = number(args.get("count"));
                if (count == 0) {
                    continue;
                }
                end = start + count * stride - 1;
            }
            if (end == null) {
                throw new TemplateError("must specify count or end in with_sequence");
            }
            if (stride > 0 && end < start) {
                throw new TemplateError("to count backwards make stride negative");
            }
            if (stride < 0 && end > start) {
                throw new TemplateError("to count forward don't make stride negative");
            }
            if (stride == 0) {
                continue;
            }
            long limit = stride > 0 ? end + 1 : end - 1;
            for (long i = start; stride > 0 ? i < limit : i > limit; i += stride) {
                out.add(PercentFormat.format(format, i));
            }
        }
        return out;
    }

    private static long number(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("0x")) {
                return Long.parseLong(t.substring(2), 16);
            }
            if (t.startsWith("0o")) {
                return Long.parseLong(t.substring(2), 8);
            }
            if (t.length() > 1 && t.startsWith("0")) {
                return Long.parseLong(t.substring(1), 8);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new TemplateError("can't parse arg " + s + " as a number in with_sequence");
        }
    }
}
