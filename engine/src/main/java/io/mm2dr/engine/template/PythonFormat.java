package io.mm2dr.engine.template;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's {@code str.format}: {@code '{} {}'.format(a, b)}, {@code '{0}'}, {@code '{name}'} and the
 * common format specs ({@code {:>8}}, {@code {:05d}}, {@code {:.2f}}, {@code {:,}}).
 */
final class PythonFormat {
    private PythonFormat() {
    }

    static String format(String pattern, List<Object> args, Map<String, Object> kwargs) {
        StringBuilder out = new StringBuilder();
        int auto = 0;
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '{' && i + 1 < n && pattern.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
                continue;
            }
            if (c == '}' && i + 1 < n && pattern.charAt(i + 1) == '}') {
                out.append('}');
                i += 2;
                continue;
            }
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = pattern.indexOf('}', i);
            if (close < 0) {
                throw new TemplateError("Single '{' encountered in format string");
            }
            String field = pattern.substring(i + 1, close);
            String spec = "";
            int colon = field.indexOf(':');
            if (colon >= 0) {
                spec = field.substring(colon + 1);
                field = field.substring(0, colon);
            }
            Object value;
            if (field.isEmpty()) {
                value = positional(args, auto++);
            } else if (field.chars().allMatch(Character::isDigit)) {
                value = positional(args, Integer.parseInt(field));
            } else {
                String[] path = field.split("\\.");
                if (!kwargs.containsKey(path[0])) {
                    throw new TemplateError("KeyError: '" + path[0] + "'");
                }
                value = kwargs.get(path[0]);
                for (int p = 1; p < path.length; p++) {
                    value = ((Map<?, ?>) PlainData.unwrap(value)).get(path[p]);
                }
            }
            out.append(applySpec(StrictUndefined.require(value), spec));
            i = close + 1;
        }
        return out.toString();
    }

    private static Object positional(List<Object> args, int index) {
        if (index >= args.size()) {
            throw new TemplateError("IndexError: Replacement index " + index + " out of range for positional args tuple");
        }
        return args.get(index);
    }

    /** [[fill]align][0][width][,][.precision][type] */
    static String applySpec(Object value, String spec) {
        if (spec.isEmpty()) {
            return PythonMethods.str(value);
        }
        int i = 0;
        char fill = ' ';
        char align = 0;
        if (spec.length() >= 2 && "<>^".indexOf(spec.charAt(1)) >= 0) {
            fill = spec.charAt(0);
            align = spec.charAt(1);
            i = 2;
        } else if ("<>^".indexOf(spec.charAt(0)) >= 0) {
            align = spec.charAt(0);
            i = 1;
        }
        if (i < spec.length() && spec.charAt(i) == '0') {
            fill = '0';
            if (align == 0) {
                align = '>';
            }
            i++;
        }
        int w = i;
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
            i++;
        }
        int width = i > w ? Integer.parseInt(spec.substring(w, i)) : 0;
        boolean grouping = false;
        if (i < spec.length() && spec.charAt(i) == ',') {
            grouping = true;
            i++;
        }
        int precision = -1;
        if (i < spec.length() && spec.charAt(i) == '.') {
            int p = ++i;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                i++;
            }
            precision = Integer.parseInt(spec.substring(p, i));
        }
        char type = i < spec.length() ? spec.charAt(i) : 0;
        String text;
        Object v = PlainData.unwrap(value);
        if (type == 'f' || type == 'F' || type == '%' || (type == 0 && precision >= 0 && v instanceof Number)) {
            double d = CoreFilters.toNumber(v, true).doubleValue();
            int prec = precision < 0 ? 6 : precision;
            text = type == '%'
                    ? String.format(Locale.ROOT, (grouping ? "%,." : "%.") + prec + "f", d * 100) + "%"
                    : String.format(Locale.ROOT, (grouping ? "%,." : "%.") + prec + "f", d);
        } else if (type == 'd' || (grouping && v instanceof Number)) {
            long l = CoreFilters.toNumber(v, false).longValue();
            text = String.format(Locale.ROOT, grouping ? "%,d" : "%d", l);
        } else if (type == 'x' || type == 'X' || type == 'o' || type == 'b') {
            long l = CoreFilters.toNumber(v, false).longValue();
            text = type == 'x' ? Long.toHexString(l) : type == 'X' ? Long.toHexString(l).toUpperCase(Locale.ROOT)
                    : type == 'o' ? Long.toOctalString(l) : Long.toBinaryString(l);
        } else {
            text = PythonMethods.str(v);
            if (precision >= 0 && text.length() > precision) {
                text = text.substring(0, precision);
            }
        }
        if (align == 0) {
            align = v instanceof Number ? '>' : '<';
        }
        return pad(text, width, fill, align);
    }

    static String pad(String text, int width, char fill, char align) {
        int missing = width - text.length();
        if (missing <= 0) {
            return text;
        }
        String f = String.valueOf(fill);
        return switch (align) {
            case '>' -> f.repeat(missing) + text;
            case '^' -> f.repeat(missing / 2) + text + f.repeat(missing - missing / 2);
            default -> text + f.repeat(missing);
        };
    }
}
