package io.mm2dr.engine.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Python methods of str, dict and list that playbooks call ({@code name.split('-')},
 * {@code path.startswith('/')}, {@code d.items()}, {@code d.get('k', 0)}...), which jinjava would
 * otherwise resolve as Java methods or refuse.
 */
final class PythonMethods {
    /** Returned when the method is not one of ours. */
    static final Object NOT_HANDLED = new Object();

    private PythonMethods() {
    }

    static Object onString(String s, String method, Object[] rawArgs) {
        List<Object> args = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        splitArgs(rawArgs, args, kwargs);
        switch (method) {
            case "upper":
                return s.toUpperCase(Locale.ROOT);
            case "lower":
                return s.toLowerCase(Locale.ROOT);
            case "capitalize":
                return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "title":
                return StringFilters.title(s);
            case "strip":
                return strip(s, arg(args, 0), true, true);
            case "lstrip":
                return strip(s, arg(args, 0), true, false);
            case "rstrip":
                return strip(s, arg(args, 0), false, true);
            case "startswith":
                return matchesAffix(s, args.get(0), true);
            case "endswith":
                return matchesAffix(s, args.get(0), false);
            case "split":
                return split(s, arg(args, 0) == null ? kwargs.get("sep") : arg(args, 0),
                        intArg(args.size() > 1 ? args.get(1) : kwargs.get("maxsplit"), -1));
            case "rsplit":
                return rsplit(s, arg(args, 0) == null ? kwargs.get("sep") : arg(args, 0),
                        intArg(args.size() > 1 ? args.get(1) : kwargs.get("maxsplit"), -1));
            case "splitlines": {
                List<Object> lines = new ArrayList<>(List.of(s.split("\r\n|\r|\n", -1)));
                if (s.isEmpty()) {
                    lines.clear();
                } else if (s.endsWith("\n") || s.endsWith("\r")) {
                    lines.remove(lines.size() - 1);
                }
                return lines;
            }
            case "join":
                return join(s, args.get(0));
            case "replace": {
                String old = str(args.get(0));
                String replacement = str(args.get(1));
                int count = intArg(arg(args, 2), -1);
                return replace(s, old, replacement, count);
            }
            case "find":
                return (long) s.indexOf(str(args.get(0)));
            case "rfind":
                return (long) s.lastIndexOf(str(args.get(0)));
            case "index": {
                int i = s.indexOf(str(args.get(0)));
                if (i < 0) {
                    throw new TemplateError("substring not found");
                }
                return (long) i;
            }
            case "count":
                return (long) countOccurrences(s, str(args.get(0)));
            case "format":
                return PythonFormat.format(s, args, kwargs);
            case "isdigit":
                return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha":
                return !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum":
                return !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace":
                return !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "islower":
                return s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase(Locale.ROOT));
            case "isupper":
                return s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase(Locale.ROOT));
            case "zfill": {
                int width = intArg(args.get(0), 0);
                StringBuilder sb = new StringBuilder(s);
                int insertAt = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
                while (sb.length() < width) {
                    sb.insert(insertAt, '0');
                }
                return sb.toString();
            }
            case "center":
            case "ljust":
            case "rjust": {
                int width = intArg(args.get(0), 0);
                String fill = args.size() > 1 ? str(args.get(1)) : " ";
                return PythonFormat.pad(s, width, fill.charAt(0),
                        method.equals("center") ? '^' : method.equals("ljust") ? '<' : '>');
            }
            default:
                return NOT_HANDLED;
        }
    }

    static Object onDict(Map<?, ?> map, String method, Object[] rawArgs) {
        switch (method) {
            case "items": {
                List<Object> items = new ArrayList<>(map.size());
                map.forEach((k, v) -> items.add(PyTuple.of(k, v)));
                return items;
            }
            case "keys":
                return new ArrayList<Object>(map.keySet());
            case "values":
                return new ArrayList<Object>(map.values());
            case "get": {
                Object key = rawArgs.length > 0 ? rawArgs[0] : null;
                Object fallback = rawArgs.length > 1 ? rawArgs[1] : null;
                return map.containsKey(key) ? map.get(key) : fallback;
            }
            case "copy":
                return new LinkedHashMap<Object, Object>(map);
            default:
                return NOT_HANDLED;
        }
    }

    static Object onList(List<?> list, String method, Object[] rawArgs) {
        switch (method) {
            case "index": {
                int i = indexOf(list, rawArgs[0]);
                if (i < 0) {
                    throw new TemplateError(PythonRepr.repr(rawArgs[0]) + " is not in list");
                }
                return (long) i;
            }
            case "count": {
                long count = 0;
                for (Object item : list) {
                    if (CollectionFilters.pyEquals(item, rawArgs[0])) {
                        count++;
                    }
                }
                return count;
            }
            default:
                return NOT_HANDLED;
        }
    }

    private static int indexOf(List<?> list, Object needle) {
        for (int i = 0; i < list.size(); i++) {
            if (CollectionFilters.pyEquals(list.get(i), needle)) {
                return i;
            }
        }
        return -1;
    }

    static void splitArgs(Object[] rawArgs, List<Object> args, Map<String, Object> kwargs) {
        if (rawArgs == null) {
            return;
        }
        for (Object a : rawArgs) {
            if (a instanceof NamedParameter np) {
                kwargs.put(np.getName(), np.getValue());
            } else if (a instanceof Object[] packed) {
                splitArgs(packed, args, kwargs);
            } else {
                args.add(a);
            }
        }
    }

    private static Object arg(List<Object> args, int i) {
        return i < args.size() ? args.get(i) : null;
    }

    static String str(Object o) {
        return o == null ? "" : PythonRepr.str(o);
    }

    static int intArg(Object o, int fallback) {
        if (o == null) {
            return fallback;
        }
        if (o instanceof Number n) {
            return n.intValue();
        }
        return Integer.parseInt(o.toString().trim());
    }

    private static boolean matchesAffix(String s, Object affix, boolean prefix) {
        Object unwrapped = PlainData.unwrap(affix);
        if (unwrapped instanceof Collection<?> options) {
            for (Object option : options) {
                if (matchesAffix(s, option, prefix)) {
                    return true;
                }
            }
            return false;
        }
        String a = str(unwrapped);
        return prefix ? s.startsWith(a) : s.endsWith(a);
    }

    static String strip(String s, Object chars, boolean left, boolean right) {
        String set = chars == null ? null : str(chars);
        int start = 0;
        int end = s.length();
        while (left && start < end && (set == null ? Character.isWhitespace(s.charAt(start)) : set.indexOf(s.charAt(start)) >= 0)) {
            start++;
        }
        while (right && end > start && (set == null ? Character.isWhitespace(s.charAt(end - 1)) : set.indexOf(s.charAt(end - 1)) >= 0)) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Python's str.split: no separator splits on whitespace runs and drops empty strings. */
    static List<Object> split(String s, Object sep, int maxsplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (i < n) {
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (maxsplit >= 0 && out.size() == maxsplit) {
                    out.add(strip(s.substring(i), null, false, true));
                    return out;
                }
                int j = i;
                while (j < n && !Character.isWhitespace(s.charAt(j))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
            return out;
        }
        String separator = str(sep);
        if (separator.isEmpty()) {
            throw new TemplateError("empty separator");
        }
        int start = 0;
        int idx;
        while ((maxsplit < 0 || out.size() < maxsplit) && (idx = s.indexOf(separator, start)) >= 0) {
            out.add(s.substring(start, idx));
            start = idx + separator.length();
        }
        out.add(s.substring(start));
        return out;
    }

    static List<Object> rsplit(String s, Object sep, int maxsplit) {
        if (maxsplit < 0 || sep == null) {
            return split(s, sep, maxsplit);
        }
        String separator = str(sep);
        List<Object> out = new ArrayList<>();
        int end = s.length();
        int idx;
        while (out.size() < maxsplit && (idx = s.lastIndexOf(separator, end - separator.length())) >= 0) {
            out.add(0, s.substring(idx + separator.length(), end));
            end = idx;
        }
        out.add(0, s.substring(0, end));
        return out;
    }

    static String join(String separator, Object items) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (Object item : PlainData.asIterable(items)) {
            if (!first) {
                sb.append(separator);
            }
            first = false;
            sb.append(str(StrictUndefined.require(item)));
        }
        return sb.toString();
    }

    static String replace(String s, String old, String replacement, int count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder sb = new StringBuilder();
        int start = 0;
        int done = 0;
        int idx;
        while (done < count && (idx = s.indexOf(old, start)) >= 0) {
            sb.append(s, start, idx).append(replacement);
            start = idx + old.length();
            done++;
            if (old.isEmpty()) {
                if (start < s.length()) {
                    sb.append(s.charAt(start));
                }
                start++;
            }
        }
        if (start <= s.length()) {
            sb.append(s.substring(Math.min(start, s.length())));
        }
        return sb.toString();
    }

    private static int countOccurrences(String s, String needle) {
        if (needle.isEmpty()) {
            return s.length() + 1;
        }
        int count = 0;
        int idx = 0;
        while ((idx = s.indexOf(needle, idx)) >= 0) {
            count++;
            idx += needle.length();
        }
        return count;
    }
}
