package io.mm2dr.engine.template;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Python's {@code str()} and {@code repr()} for the values templates handle, so output reads like
 * Ansible's: {@code True}, {@code None}, {@code ['a', 1]}, {@code {'a': 1}}, {@code 1.0}.
 */
final class PythonRepr {
    private PythonRepr() {
    }

    /** Python {@code str(value)}. */
    static String str(Object value) {
        if (value instanceof CharSequence cs) {
            return cs.toString();
        }
        if (PlainData.isJinjavaObject(value) && value instanceof com.hubspot.jinjava.objects.SafeString safe) {
            return safe.toString();
        }
        StringBuilder sb = new StringBuilder();
        appendRepr(sb, value, null);
        return sb.toString();
    }

    /** Python {@code repr(value)}: strings quoted. */
    static String repr(Object value) {
        StringBuilder sb = new StringBuilder();
        appendRepr(sb, value, null);
        return sb.toString();
    }

    /** Python's type name, as Jinja2 error messages use it ("dict", "list", "str", "int"...). */
    static String typeName(Object value) {
        value = PlainData.unwrap(value);
        if (value == null) {
            return "NoneType";
        } else if (value instanceof Map) {
            return "dict";
        } else if (value instanceof Collection || (value.getClass().isArray())) {
            return "list";
        } else if (value instanceof CharSequence) {
            // (a string read from YAML is Ansible's AnsibleUnicode, one a template or filter made a str)
            return value instanceof UnsafeText ? "AnsibleUnsafeText" : io.mm2dr.engine.yaml.YamlStrings.fromYaml(value) ? "AnsibleUnicode" : "str";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return "float";
        } else if (value instanceof Number) {
            return "int";
        }
        return value.getClass().getSimpleName();
    }

    private static void appendRepr(StringBuilder sb, Object value, Set<Object> seen) {
        value = PlainData.unwrap(value);
        if (value instanceof StrictUndefined u) {
            throw u.error();
        } else if (value == null) {
            sb.append("None");
        } else if (value instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (value instanceof Double || value instanceof Float) {
            sb.append(formatFloat(((Number) value).doubleValue()));
        } else if (value instanceof BigDecimal d) {
            sb.append(formatFloat(d.doubleValue()));
        } else if (value instanceof Number) {
            sb.append(value);
        } else if (value instanceof CharSequence cs) {
            appendQuoted(sb, cs.toString());
        } else if (value instanceof Map<?, ?> map) {
            if (seen == null) {
                seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            }
            if (!seen.add(PlainData.identity(map))) {
                sb.append("{...}");
                return;
            }
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                appendRepr(sb, e.getKey(), seen);
                sb.append(": ");
                appendRepr(sb, e.getValue(), seen);
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
            seen.remove(PlainData.identity(map));
        } else if (value instanceof PyTuple tuple) {
            sb.append('(');
            for (int i = 0; i < tuple.size(); i++) {
                appendRepr(sb, tuple.get(i), seen);
                if (i + 1 < tuple.size() || tuple.size() == 1) {
                    sb.append(i + 1 < tuple.size() ? ", " : ",");
                }
            }
            sb.append(')');
        } else if (value instanceof Collection<?> || value.getClass().isArray()) {
            Collection<?> list = PlainData.asCollection(value);
            if (seen == null) {
                seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            }
            if (!seen.add(PlainData.identity(value))) {
                sb.append("[...]");
                return;
            }
            sb.append('[');
            Iterator<?> it = list.iterator();
            while (it.hasNext()) {
                appendRepr(sb, it.next(), seen);
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append(']');
            seen.remove(PlainData.identity(value));
        } else if (value instanceof Map.Entry<?, ?> e) {
            sb.append('(');
            appendRepr(sb, e.getKey(), seen);
            sb.append(", ");
            appendRepr(sb, e.getValue(), seen);
            sb.append(')');
        } else {
            appendQuoted(sb, value.toString());
        }
    }

    /** Python's repr of a str: single quotes unless the text has a ' and no ". */
    static void appendQuoted(StringBuilder sb, String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == quote) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
        }
        sb.append(quote);
    }

    /** Python's repr of a float: 1.0, 0.1, 10000000.0, 1e+16, 1e-05, inf, nan. */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        double abs = Math.abs(d);
        if (abs == 0 || (abs >= 1e-4 && abs < 1e16)) {
            String plain = new BigDecimal(Double.toString(d)).toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        // scientific: Java gives 1.0E20 / 1.234E-5; Python gives 1e+20 / 1.234e-05
        String java = Double.toString(d);
        int e = java.indexOf('E');
        String mantissa = java.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(java.substring(e + 1));
        String exp = String.format("%02d", Math.abs(exponent));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
}
