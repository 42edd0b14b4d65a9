package io.mm2dr.engine.exec;

import io.mm2dr.engine.template.TemplateError;
import io.mm2dr.engine.template.Templar;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The items of the {@code with_<lookup>} loops Ansible users write most ({@code with_sequence},
 * {@code with_nested}, {@code with_subelements}, {@code with_together}, {@code with_fileglob}),
 * used when the template engine has no lookup of that name. The terms are the loop's value,
 * templated; a single value is one term.
 */
final class WithLoops {
    private WithLoops() {
    }

    static boolean handles(String lookup) {
        return switch (lookup) {
            case "sequence", "nested", "cartesian", "subelements", "together", "fileglob" -> true;
            default -> false;
        };
    }

    static List<Object> items(String lookup, List<Object> terms, List<Path> searchPaths) {
        return switch (lookup) {
            case "sequence" -> sequence(terms);
            case "nested", "cartesian" -> nested(terms);
            case "subelements" -> subelements(terms);
            case "together" -> together(terms);
            case "fileglob" -> fileglob(terms, searchPaths);
            default -> throw new TemplateError("lookup plugin '" + lookup + "' not found");
        };
    }

    // ---------------------------------------------------------------- sequence

    private static final Pattern SHORTCUT = Pattern.compile("^(?:(-?[0-9a-fA-Fx]+)-)?(-?[0-9a-fA-Fx]+)(?:/(-?[0-9a-fA-Fx]+))?(?::(.+))?$");

    private static List<Object> sequence(List<Object> terms) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            String text = String.valueOf(term).trim();
            long start = 1;
            Long end = null;
            Long count = null;
            long stride = 1;
            String format = "%d";
            Matcher m = SHORTCUT.matcher(text);
            if (!text.contains("=") && m.matches()) {
                if (m.group(1) != null) {
                    start = number(m.group(1));
                }
                end = number(m.group(2));
                if (m.group(3) != null) {
                    stride = number(m.group(3));
                }
                if (m.group(4) != null) {
                    format = m.group(4);
                }
            } else {
                for (String word : text.split("\\s+")) {
                    int eq = word.indexOf('=');
                    if (eq <= 0) {
                        throw new TemplateError("with_sequence: can't parse arg '" + word + "' in '" + text + "'");
                    }
                    String k = word.substring(0, eq);
                    String v = word.substring(eq + 1);
                    switch (k) {
                        case "start" -> start = number(v);
                        case "end" -> end = number(v);
                        case "count" -> count = number(v);
                        case "stride" -> stride = number(v);
                        case "format" -> format = v;
                        default -> throw new TemplateError("with_sequence: unrecognized arg '" + k + "'");
                    }
                }
            }
            if (count != null && end != null) {
                throw new TemplateError("with_sequence: can't specify both count and end");
            }
            if (count != null) {
                end = count == 0 ? start - stride : start + (count - 1) * stride;
                if (count == 0) {
                    continue;
                }
            }
            if (end == null) {
                throw new TemplateError("with_sequence: must specify count or end");
            }
            if (stride == 0) {
                continue;
            }
            if (stride > 0 && end < start || stride < 0 && end > start) {
                throw new TemplateError("with_sequence: to count " + (stride > 0 ? "backwards" : "forwards")
                        + " make stride " + (stride > 0 ? "negative" : "positive"));
            }
            for (long i = start; stride > 0 ? i <= end : i >= end; i += stride) {
                out.add(pyFormat(format, i));
            }
        }
        return out;
    }

    private static long number(String s) {
        String t = s.trim().toLowerCase();
        try {
            if (t.startsWith("0x")) {
                return Long.parseLong(t.substring(2), 16);
            }
            if (t.startsWith("0o")) {
                return Long.parseLong(t.substring(2), 8);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new TemplateError("with_sequence: can't parse '" + s + "' as a number");
        }
    }

    private static String pyFormat(String format, long i) {
        try {
            return String.format(format.replaceAll("%(-?[0-9]*)i", "%$1d"), i);
        } catch (java.util.IllegalFormatException e) {
            throw new TemplateError("with_sequence: bad formatting string: " + format);
        }
    }

    // ---------------------------------------------------------------- nested, together

    private static List<Object> nested(List<Object> terms) {
        if (terms.isEmpty()) {
            throw new TemplateError("with_nested requires at least one element in the nested list");
        }
        List<List<Object>> acc = new ArrayList<>();
        acc.add(new ArrayList<>());
        for (Object term : terms) {
            List<Object> values = listOf(term, "with_nested");
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : acc) {
                for (Object v : values) {
                    List<Object> row = new ArrayList<>(prefix);
                    row.add(v);
                    next.add(row);
                }
            }
            acc = next;
        }
        return new ArrayList<>(acc);
    }

    private static List<Object> together(List<Object> terms) {
        if (terms.isEmpty()) {
            throw new TemplateError("with_together requires at least one element in each list");
        }
        List<List<Object>> lists = new ArrayList<>();
        int longest = 0;
        for (Object term : terms) {
            List<Object> l = listOf(term, "with_together");
            lists.add(l);
            longest = Math.max(longest, l.size());
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < longest; i++) {
            List<Object> row = new ArrayList<>();
            for (List<Object> l : lists) {
                row.add(i < l.size() ? l.get(i) : null);
            }
            out.add(row);
        }
        return out;
    }

    private static List<Object> listOf(Object term, String what) {
        if (term instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (term == null) {
            throw new TemplateError(what + ": one of the lists is undefined");
        }
        List<Object> one = new ArrayList<>();
        one.add(term);
        return one;
    }

    // ---------------------------------------------------------------- subelements

    private static List<Object> subelements(List<Object> terms) {
        if (terms.size() < 2 || terms.size() > 3) {
            throw new TemplateError("subelements lookup expects a list of two or three items, "
                    + "the list of dicts, the name of a key and optionally {'skip_missing': true}");
        }
        boolean skipMissing = false;
        if (terms.size() == 3) {
            if (!(terms.get(2) instanceof Map<?, ?> flags)) {
                throw new TemplateError("the optional third item of subelements must be a dict with flags skip_missing");
            }
            skipMissing = Boolean.TRUE.equals(flags.get("skip_missing")) || "true".equalsIgnoreCase(String.valueOf(flags.get("skip_missing")))
                    || "yes".equalsIgnoreCase(String.valueOf(flags.get("skip_missing")));
        }
        Object first = terms.get(0);
        List<Object> parents;
        if (first instanceof Map<?, ?> m) {
            parents = new ArrayList<>();
            m.forEach((k, v) -> parents.add(v));
        } else if (first instanceof List<?> l) {
            parents = new ArrayList<>(l);
        } else {
            throw new TemplateError("subelements lookup expects a dictionary or a list of dictionaries, got '" + Templar.render(first) + "'");
        }
        if (!(terms.get(1) instanceof String path)) {
            throw new TemplateError("subelements lookup expects a key name as its second term, got '" + Templar.render(terms.get(1)) + "'");
        }
        List<Object> out = new ArrayList<>();
        for (Object parent : parents) {
            if (!(parent instanceof Map<?, ?> pm)) {
                throw new TemplateError("subelements lookup expects a list of dictionaries, found '" + Templar.render(parent) + "'");
            }
            if (Boolean.TRUE.equals(pm.get("skipped"))) {
                continue;
            }
            Object sub = pm;
            boolean missing = false;
            for (String key : path.split("\\.")) {
                if (!(sub instanceof Map<?, ?> sm) || !sm.containsKey(key)) {
                    missing = true;
                    break;
                }
                sub = sm.get(key);
            }
            if (missing) {
                if (skipMissing) {
                    continue;
                }
                throw new TemplateError("could not find '" + path + "' key in iterated item '" + Templar.render(parent) + "'");
            }
            if (!(sub instanceof List<?> subs)) {
                throw new TemplateError("the key " + path + " should point to a list, got '" + Templar.render(sub) + "'");
            }
            for (Object s : subs) {
                List<Object> row = new ArrayList<>();
                row.add(parent);
                row.add(s);
                out.add(row);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- fileglob

    private static List<Object> fileglob(List<Object> terms, List<Path> searchPaths) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            String pattern = String.valueOf(term);
            Path p = Path.of(pattern);
            String glob = p.getFileName() == null ? pattern : p.getFileName().toString();
            List<Path> dirs = new ArrayList<>();
            if (p.isAbsolute()) {
                dirs.add(p.getParent());
            } else {
                Path sub = p.getParent();
                for (Path base : searchPaths) {
                    dirs.add(sub == null ? base : base.resolve(sub));
                }
            }
            for (Path dir : dirs) {
                List<String> found = new ArrayList<>();
                if (dir != null && Files.isDirectory(dir)) {
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                        for (Path f : ds) {
                            if (Files.isRegularFile(f)) {
                                found.add(f.toAbsolutePath().normalize().toString());
                            }
                        }
                    } catch (IOException e) {
                        throw new TemplateError("with_fileglob: " + e.getMessage());
                    }
                }
                if (!found.isEmpty()) {
                    found.sort(null);
                    out.addAll(found);
                    break;
                }
            }
        }
        return out;
    }

    /** The terms of a {@code with_<lookup>} loop: its templated value, a single value being one term. */
    static List<Object> terms(Object templated) {
        if (templated instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        List<Object> one = new ArrayList<>();
        if (templated instanceof Map<?, ?> m) {
            one.add(new LinkedHashMap<>(m));
        } else if (templated != null) {
            one.add(templated);
        }
        return one;
    }
}
