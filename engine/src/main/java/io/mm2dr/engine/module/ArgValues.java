package io.mm2dr.engine.module;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How {@link ArgSpec} converts one value to an argument type, as Ansible's type checkers do (an
 * int from {@code "3"}, a bool from {@code yes}, a list from {@code "a, b"}), and how it words a
 * value that does not convert: Ansible's sentence for a top-level argument, the full path and
 * {@code expected an integer, got str 'three'} inside a nested option.
 */
final class ArgValues {
    private ArgValues() {
    }

    /** A value of the wrong type at {@code path} (a top-level argument's path is its name). */
    static ArgumentError wrongType(String path, ArgType type, Object v) {
        if (!path.contains(".") && !path.contains("[")) {
            return new ArgumentError("argument '" + path + "' is of type " + typeName(v) + " and we were unable to convert to "
                    + type.name().toLowerCase(Locale.ROOT) + (type == ArgType.INT || type == ArgType.FLOAT || type == ArgType.BOOL
                    || (type == ArgType.LIST && !(v instanceof Map)) ? ": " + v : ""));
        }
        return new ArgumentError(path + ": expected " + article(type) + ", got " + describe(v));
    }

    static String article(ArgType type) {
        return switch (type) {
            case STR, PATH -> "a string";
            case INT -> "an integer";
            case FLOAT -> "a number";
            case BOOL -> "a boolean";
            case LIST -> "a list";
            case DICT -> "a mapping";
            case RAW -> "a value";
        };
    }

    /** Converts one value of this type at {@code path}, or fails naming the path. */
    static Object convert(String path, ArgType type, Object v) {
        try {
            return switch (type) {
                case RAW -> v;
                case STR, PATH -> {
                    if (v instanceof Map || v instanceof List) {
                        throw wrongType(path, type, v);
                    }
                    String s = v instanceof Boolean b ? (b ? "True" : "False") : v.toString();
                    // as Ansible's type path: environment variables and ~ expanded
                    yield type == ArgType.PATH ? io.mm2dr.engine.files.UserPaths.expand(s) : s;
                }
                case INT -> {
                    if (v instanceof Number n && (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                            || (n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())))) {
                        yield n.longValue();
                    }
                    if (v instanceof String s) {
                        yield Long.parseLong(s.trim());
                    }
                    throw new NumberFormatException();
                }
                case FLOAT -> {
                    if (v instanceof Number n) {
                        yield n.doubleValue();
                    }
                    if (v instanceof String s) {
                        yield Double.parseDouble(s.trim());
                    }
                    throw new NumberFormatException();
                }
                case BOOL -> toBool(path, v);
                case LIST -> {
                    if (v instanceof List<?> l) {
                        yield l;
                    }
                    if (v instanceof String s) {
                        yield s.isEmpty() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
                    }
                    yield List.of(v);
                }
                case DICT -> {
                    if (v instanceof Map<?, ?> m) {
                        yield m;
                    }
                    throw wrongType(path, type, v);
                }
            };
        } catch (NumberFormatException e) {
            throw wrongType(path, type, v);
        }
    }

    static Boolean toBool(String path, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String || v instanceof Number) {
            switch (String.valueOf(v).trim().toLowerCase(Locale.ROOT)) {
                case "yes", "on", "1", "true", "y", "t":
                    return true;
                case "no", "off", "0", "false", "n", "f":
                    return false;
                default:
                    break;
            }
        }
        throw wrongType(path, ArgType.BOOL, v);
    }

    static String typeName(Object v) {
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        return v.getClass().getSimpleName();
    }

    /** {@code str 'abc'}, {@code int 3}, {@code list}: Ansible's type words, with a short scalar's value. */
    static String describe(Object v) {
        if (v instanceof String s) {
            return "str '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (v instanceof Map || v instanceof List) {
            return typeName(v);
        }
        return typeName(v) + " " + v;
    }
}
