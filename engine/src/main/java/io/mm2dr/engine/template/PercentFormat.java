package io.mm2dr.engine.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's printf-style {@code %} formatting ({@code '%s-%05.2f' % (a, b)}, {@code '%(name)s' % d}):
 * conversions {@code s r a d i u f F e E g G x X o c %}, flags {@code - + 0 # space}, width and
 * precision ({@code *} taken from the values).
 */
final class PercentFormat {
    private PercentFormat() {
    }

    /** {@code values}: a tuple (List) of positional values, a Map for {@code %(name)s}, or one value. */
    static String format(String pattern, Object values) {
        Object v = PlainData.unwrap(values);
        List<?> positional = v instanceof PyTuple t ? t : (PlainData.isTuple(values) ? (List<?>) v : null);
        Map<?, ?> mapping = v instanceof Map<?, ?> m ? m : null;
        int next = 0;
        boolean usedSingle = false;
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= n) {
                throw new TemplateError("incomplete format");
            }
            Object value = null;
            boolean haveValue = false;
            if (pattern.charAt(i) == '(') {
                int close = pattern.indexOf(')', i);
                if (close < 0) {
                    throw new TemplateError("incomplete format key");
                }
                if (mapping == null) {
                    throw new TemplateError("format requires a mapping");
                }
                String key = pattern.substring(i + 1, close);
                if (!mapping.containsKey(key)) {
                    throw new TemplateError("KeyError: '" + key + "'");
                }
                value = mapping.get(key);
                haveValue = true;
                i = close + 1;
            }
            String flags = "";
            while (i < n && "-+ #0".indexOf(pattern.charAt(i)) >= 0) {
                flags += pattern.charAt(i++);
            }
            int width = -1;
            if (i < n && pattern.charAt(i) == '*') {
                width = PythonMethods.intArg(PlainData.unwrap(positional.get(next++)), 0);
                i++;
            } else {
                int s = i;
                while (i < n && Character.isDigit(pattern.charAt(i))) {
                    i++;
                }
                width = i > s ? Integer.parseInt(pattern.substring(s, i)) : -1;
            }
            int precision = -1;
            if (i < n && pattern.charAt(i) == '.') {
                i++;
                if (i < n && pattern.charAt(i) == '*') {
                    precision = PythonMethods.intArg(PlainData.unwrap(positional.get(next++)), 0);
                    i++;
                } else {
                    int s = i;
                    while (i < n && Character.isDigit(pattern.charAt(i))) {
                        i++;
                    }
                    precision = i > s ? Integer.parseInt(pattern.substring(s, i)) : 0;
                }
            }
            while (i < n && "hlL".indexOf(pattern.charAt(i)) >= 0) {
                i++;
            }
            if (i >= n) {
                throw new TemplateError("incomplete format");
            }
            char conv = pattern.charAt(i++);
            if (conv == '%') {
                out.append('%');
                continue;
            }
            if (!haveValue) {
                if (positional != null) {
                    if (next >= positional.size()) {
                        throw new TemplateError("not enough arguments for format string");
                    }
                    value = positional.get(next++);
                } else if (mapping != null && mapping.isEmpty()) {
                    throw new TemplateError("not enough arguments for format string");
                } else {
                    if (usedSingle) {
                        throw new TemplateError("not enough arguments for format string");
                    }
                    value = values;
                    usedSingle = true;
                }
            }
            out.append(convert(StrictUndefined.require(value), conv, flags, width, precision));
        }
        if (positional != null && next < positional.size()) {
            throw new TemplateError("not all arguments converted during string formatting");
        }
        return out.toString();
    }

    private static String convert(Object value, char conv, String flags, int width, int precision) {
        Object v = PlainData.unwrap(value);
        String body;
        boolean numeric = true;
        switch (conv) {
            case 's' -> {
                body = PythonRepr.str(v);
                numeric = false;
            }
            case 'r', 'a' -> {
                body = PythonRepr.repr(v);
                numeric = false;
            }
            case 'd', 'i', 'u' -> body = integer(v).toString();
            case 'x', 'X', 'o' -> {
                BigInteger b = integer(v);
                String digits = b.abs().toString(conv == 'o' ? 8 : 16);
                if (flags.contains("#")) {
                    digits = (conv == 'o' ? "0o" : "0x") + digits;
                }
                body = (b.signum() < 0 ? "-" : "") + digits;
                if (conv == 'X') {
                    body = body.toUpperCase(Locale.ROOT);
                }
            }
            case 'c' -> {
                numeric = false;
                body = v instanceof Number num ? new String(Character.toChars(num.intValue())) : PythonRepr.str(v);
            }
            case 'f', 'F', 'e', 'E', 'g', 'G' -> body = floating(v, conv, precision < 0 ? 6 : precision, flags.contains("#"));
            default -> throw new TemplateError("unsupported format character '" + conv + "'");
        }
        if (!numeric && precision >= 0 && body.length() > precision) {
            body = body.substring(0, precision);
        }
        if (numeric && !body.startsWith("-")) {
            if (flags.contains("+")) {
                body = "+" + body;
            } else if (flags.contains(" ")) {
                body = " " + body;
            }
        }
        if (numeric && conv != 'd' && conv != 'i' && conv != 'u' && precision >= 0 && "xXo".indexOf(conv) >= 0) {
            // precision on ints pads with zeros in Python too
        }
        if (width > body.length()) {
            int missing = width - body.length();
            if (flags.contains("-")) {
                body = body + " ".repeat(missing);
            } else if (numeric && flags.contains("0")) {
                int signLength = body.startsWith("-") || body.startsWith("+") || body.startsWith(" ") ? 1 : 0;
                if (body.startsWith("0x", signLength) || body.startsWith("0X", signLength) || body.startsWith("0o", signLength)) {
                    signLength += 2;
                }
                body = body.substring(0, signLength) + "0".repeat(missing) + body.substring(signLength);
            } else {
                body = " ".repeat(missing) + body;
            }
        }
        return body;
    }

    private static BigInteger integer(Object v) {
        if (v instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (v instanceof Number n) {
            return JinjaFilters.bigInteger(n);
        }
        throw new TemplateError("%d format: a real number is required, not " + PythonRepr.typeName(v));
    }

    private static String floating(Object v, char conv, int precision, boolean alternate) {
        double d;
        if (v instanceof Boolean b) {
            d = b ? 1 : 0;
        } else if (v instanceof Number n) {
            d = n.doubleValue();
        } else {
            throw new TemplateError("must be real number, not " + PythonRepr.typeName(v));
        }
        if (Double.isNaN(d)) {
            return Character.isUpperCase(conv) ? "NAN" : "nan";
        }
        if (Double.isInfinite(d)) {
            String s = d > 0 ? "inf" : "-inf";
            return Character.isUpperCase(conv) ? s.toUpperCase(Locale.ROOT) : s;
        }
        switch (conv) {
            case 'f', 'F' -> {
                return new BigDecimal(d).setScale(precision, java.math.RoundingMode.HALF_EVEN).toPlainString();
            }
            case 'e', 'E' -> {
                String s = exponent(d, precision);
                return conv == 'E' ? s.toUpperCase(Locale.ROOT) : s;
            }
            default -> {
                int p = precision == 0 ? 1 : precision;
                if (d == 0) {
                    return "0";
                }
                String e = exponent(d, p - 1);
                int exp = Integer.parseInt(e.substring(e.indexOf('e') + 1));
                String s;
                if (exp < -4 || exp >= p) {
                    s = e;
                    if (!alternate) {
                        String mantissa = s.substring(0, s.indexOf('e'));
                        if (mantissa.contains(".")) {
                            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
                        }
                        s = mantissa + s.substring(s.indexOf('e'));
                    }
                } else {
                    s = new BigDecimal(d).setScale(Math.max(0, p - 1 - exp), java.math.RoundingMode.HALF_EVEN).toPlainString();
                    if (!alternate && s.contains(".")) {
                        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
                    }
                }
                return conv == 'G' ? s.toUpperCase(Locale.ROOT) : s;
            }
        }
    }

    /** C's %.{p}e: mantissa, 'e', sign and at least two exponent digits. */
    private static String exponent(double d, int precision) {
        String s = String.format(Locale.ROOT, "%." + precision + "e", d);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e);
        int exp = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
