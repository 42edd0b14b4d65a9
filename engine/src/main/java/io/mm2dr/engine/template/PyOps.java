package io.mm2dr.engine.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's operators on template values: integers of any size ({@link Long}, else {@link BigInteger}),
 * floats ({@link Double}), booleans as numbers, str, list and tuple arithmetic, {@code %} formatting,
 * rich comparisons, membership, slicing. Type errors read as Python's.
 *
 * <p>Just over 500 lines on purpose: Python's numeric tower (int of any size, float, bool) is
 * shared by every operator here; splitting the operators from it would spread one set of
 * coercion rules over several classes.
 */
final class PyOps {
    private PyOps() {
    }

    // ---------------------------------------------------------------- values

    /** The value with jinjava's wrappers and our unsafe marker removed; undefined raises. */
    static Object value(Object v) {
        v = PlainData.unwrap(v);
        if (v instanceof StrictUndefined u) {
            throw u.error();
        }
        if (v instanceof UnsafeText u) {
            return u.text();
        }
        return v;
    }

    static boolean isNumber(Object v) {
        return v instanceof Number || v instanceof Boolean;
    }

    private static boolean isFloat(Object v) {
        return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
    }

    static BigInteger bigInt(Object v) {
        if (v instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (v instanceof BigInteger bi) {
            return bi;
        }
        return BigInteger.valueOf(((Number) v).longValue());
    }

    static double dbl(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) v).doubleValue();
    }

    static Object integer(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static boolean isList(Object v) {
        return v instanceof List<?> && !PlainData.isTuple(v);
    }

    private static boolean isTuple(Object v) {
        return PlainData.isTuple(v);
    }

    /** Python's str(): None, True, 1.0, ['a'], {'a': 1}; undefined raises. */
    static String str(Object v) {
        if (v instanceof StrictUndefined u) {
            throw u.error();
        }
        return PythonRepr.str(v);
    }

    /** A dict key: text for unsafe text, undefined raises. */
    static Object hashable(Object key) {
        key = PlainData.unwrap(key);
        if (key instanceof StrictUndefined u) {
            throw u.error();
        }
        if (key instanceof UnsafeText u) {
            return u.text();
        }
        if (key instanceof Integer || key instanceof Short || key instanceof Byte) {
            return ((Number) key).longValue();
        }
        return key;
    }

    private static TemplateError unsupported(String op, Object a, Object b) {
        return new TemplateError("unsupported operand type(s) for " + op + ": '" + PythonRepr.typeName(a) + "' and '"
                + PythonRepr.typeName(b) + "'");
    }

    // ---------------------------------------------------------------- arithmetic

    static Object binary(String op, Object left, Object right) {
        Object a = value(left);
        Object b = value(right);
        return switch (op) {
            case "+" -> add(a, b);
            case "-" -> subtract(a, b);
            case "*" -> multiply(a, b);
            case "/" -> divide(a, b);
            case "//" -> floorDivide(a, b);
            case "%" -> modulo(a, b);
            case "**" -> power(a, b);
            default -> throw new IllegalArgumentException(op);
        };
    }

    static Object add(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                return dbl(a) + dbl(b);
            }
            return integer(bigInt(a).add(bigInt(b)));
        }
        if (a instanceof CharSequence && b instanceof CharSequence) {
            return a.toString() + b;
        }
        if ((isList(a) && isList(b)) || (isTuple(a) && isTuple(b))) {
            List<Object> out = new ArrayList<>(PlainData.asCollection(a));
            out.addAll(PlainData.asCollection(b));
            return isTuple(a) ? new PyTuple(out) : out;
        }
        if (a instanceof List<?> && b instanceof List<?>) {
            throw new TemplateError("can only concatenate " + (isTuple(a) ? "tuple" : "list") + " (not \""
                    + (isTuple(b) ? "tuple" : "list") + "\") to " + (isTuple(a) ? "tuple" : "list"));
        }
        if (a instanceof CharSequence) {
            throw new TemplateError("can only concatenate str (not \"" + PythonRepr.typeName(b) + "\") to str");
        }
        throw unsupported("+", a, b);
    }

    static Object subtract(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                return dbl(a) - dbl(b);
            }
            return integer(bigInt(a).subtract(bigInt(b)));
        }
        if (PlainData.unwrap(a) instanceof PyDateTime x && PlainData.unwrap(b) instanceof PyDateTime y) {
            return x.minus(y); // datetime - datetime: a timedelta
        }
        throw unsupported("-", a, b);
    }

    static Object multiply(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                return dbl(a) * dbl(b);
            }
            return integer(bigInt(a).multiply(bigInt(b)));
        }
        if (isNumber(b) && !isFloat(b) && (a instanceof CharSequence || a instanceof List<?>)) {
            return repeat(a, bigInt(b).intValue());
        }
        if (isNumber(a) && !isFloat(a) && (b instanceof CharSequence || b instanceof List<?>)) {
            return repeat(b, bigInt(a).intValue());
        }
        if (a instanceof CharSequence || b instanceof CharSequence) {
            throw new TemplateError("can't multiply sequence by non-int of type '"
                    + PythonRepr.typeName(a instanceof CharSequence ? b : a) + "'");
        }
        throw unsupported("*", a, b);
    }

    private static Object repeat(Object seq, int times) {
        if (seq instanceof CharSequence cs) {
            return times <= 0 ? "" : cs.toString().repeat(times);
        }
        List<Object> out = new ArrayList<>();
        Collection<?> items = PlainData.asCollection(seq);
        for (int i = 0; i < times; i++) {
            out.addAll(items);
        }
        return isTuple(seq) ? new PyTuple(out) : out;
    }

    static Object divide(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (dbl(b) == 0) {
                throw new TemplateError(isFloat(a) || isFloat(b) ? "float division by zero" : "division by zero");
            }
            if (!isFloat(a) && !isFloat(b)) {
                BigInteger x = bigInt(a);
                BigInteger y = bigInt(b);
                if (x.bitLength() > 53 || y.bitLength() > 53) {
                    return new BigDecimal(x).divide(new BigDecimal(y), java.math.MathContext.DECIMAL64).doubleValue();
                }
            }
            return dbl(a) / dbl(b);
        }
        throw unsupported("/", a, b);
    }

    static Object floorDivide(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (dbl(b) == 0) {
                throw new TemplateError(isFloat(a) || isFloat(b) ? "float floor division by zero"
                        : "integer division or modulo by zero");
            }
            if (isFloat(a) || isFloat(b)) {
                return Math.floor(dbl(a) / dbl(b));
            }
            BigInteger[] qr = bigInt(a).divideAndRemainder(bigInt(b));
            BigInteger q = qr[0];
            if (qr[1].signum() != 0 && (qr[1].signum() != bigInt(b).signum())) {
                q = q.subtract(BigInteger.ONE);
            }
            return integer(q);
        }
        throw unsupported("//", a, b);
    }

    static Object modulo(Object a, Object b) {
        if (a instanceof CharSequence cs) {
            return PercentFormat.format(cs.toString(), b);
        }
        if (isNumber(a) && isNumber(b)) {
            if (dbl(b) == 0) {
                throw new TemplateError(isFloat(a) || isFloat(b) ? "float modulo" : "integer division or modulo by zero");
            }
            if (isFloat(a) || isFloat(b)) {
                double x = dbl(a);
                double y = dbl(b);
                double r = x % y;
                if (r != 0 && (r < 0) != (y < 0)) {
                    r += y;
                }
                return r;
            }
            BigInteger m = bigInt(a).mod(bigInt(b).abs());
            if (bigInt(b).signum() < 0 && m.signum() != 0) {
                m = m.add(bigInt(b));
            }
            return integer(m);
        }
        throw unsupported("%", a, b);
    }

    static Object power(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (!isFloat(a) && !isFloat(b) && bigInt(b).signum() >= 0) {
                int exp = bigInt(b).intValueExact();
                return integer(bigInt(a).pow(exp));
            }
            return Math.pow(dbl(a), dbl(b));
        }
        throw unsupported("** or pow()", a, b);
    }

    static Object negate(Object v) {
        Object a = value(v);
        if (isFloat(a)) {
            return -dbl(a);
        }
        if (isNumber(a)) {
            return integer(bigInt(a).negate());
        }
        throw new TemplateError("bad operand type for unary -: '" + PythonRepr.typeName(a) + "'");
    }

    static Object positive(Object v) {
        Object a = value(v);
        if (a instanceof Boolean) {
            return bigInt(a).longValue();
        }
        if (isNumber(a)) {
            return a;
        }
        throw new TemplateError("bad operand type for unary +: '" + PythonRepr.typeName(a) + "'");
    }

    // ---------------------------------------------------------------- comparison

    static boolean compare(String op, Object left, Object right) {
        switch (op) {
            case "==":
                return eq(value(left), value(right));
            case "!=":
                return !eq(value(left), value(right));
            case "in":
                return contains(right, left);
            case "not in":
                return !contains(right, left);
            default:
                int c = order(op, value(left), value(right));
                return switch (op) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
        }
    }

    /** Python's == on template values. */
    static boolean eq(Object a, Object b) {
        a = PlainData.unwrap(a);
        b = PlainData.unwrap(b);
        if (a instanceof UnsafeText u) {
            a = u.text();
        }
        if (b instanceof UnsafeText u) {
            b = u.text();
        }
        if (a instanceof StrictUndefined u) {
            throw u.error();
        }
        if (b instanceof StrictUndefined u) {
            throw u.error();
        }
        if (a == null || b == null) {
            return a == b;
        }
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                return dbl(a) == dbl(b);
            }
            return bigInt(a).equals(bigInt(b));
        }
        if (a instanceof CharSequence && b instanceof CharSequence) {
            return a.toString().equals(b.toString());
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (isTuple(a) != isTuple(b) || la.size() != lb.size()) {
                return false;
            }
            Iterator<?> x = la.iterator();
            Iterator<?> y = lb.iterator();
            while (x.hasNext()) {
                if (!eq(x.next(), y.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                Object key = findKey(mb, e.getKey());
                if (key == NO_KEY || !eq(e.getValue(), mb.get(key))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Collection<?> ca && b instanceof Collection<?> cb && !(a instanceof List) && !(b instanceof List)) {
            return ca.size() == cb.size() && ca.stream().allMatch(x -> cb.stream().anyMatch(y -> eq(x, y)));
        }
        return a.equals(b);
    }

    private static final Object NO_KEY = new Object();

    private static Object findKey(Map<?, ?> map, Object key) {
        if (key != null && map.containsKey(key)) {
            return key;
        }
        for (Object candidate : map.keySet()) {
            if (eq(candidate, key)) {
                return candidate;
            }
        }
        return NO_KEY;
    }

    private static int order(String op, Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (isFloat(a) || isFloat(b)) {
                return Double.compare(dbl(a), dbl(b));
            }
            return bigInt(a).compareTo(bigInt(b));
        }
        if (a instanceof CharSequence && b instanceof CharSequence) {
            return Integer.signum(compareCodePoints(a.toString(), b.toString()));
        }
        if (a instanceof PyDateTime x && b instanceof PyDateTime y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof List<?> la && b instanceof List<?> lb && isTuple(a) == isTuple(b)) {
            Iterator<?> x = la.iterator();
            Iterator<?> y = lb.iterator();
            while (x.hasNext() && y.hasNext()) {
                Object xa = value(x.next());
                Object yb = value(y.next());
                if (!eq(xa, yb)) {
                    return order(op, xa, yb);
                }
            }
            return Integer.compare(la.size(), lb.size());
        }
        throw new TemplateError("'" + op + "' not supported between instances of '" + PythonRepr.typeName(a)
                + "' and '" + PythonRepr.typeName(b) + "'");
    }

    /** Python's ordering of str: by code point. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Python's {@code needle in container}. */
    static boolean contains(Object container, Object needle) {
        Object c = value(container);
        Object n = value(needle);
        if (c instanceof CharSequence cs) {
            if (!(n instanceof CharSequence)) {
                throw new TemplateError("'in <string>' requires string as left operand, not " + PythonRepr.typeName(n));
            }
            return cs.toString().contains(n.toString());
        }
        if (c instanceof Map<?, ?> m) {
            return findKey(m, n) != NO_KEY;
        }
        if (c instanceof Collection<?> || c instanceof Iterable<?> || (c != null && c.getClass().isArray())) {
            for (Object item : PlainData.asIterable(c)) {
                if (eq(item, n)) {
                    return true;
                }
            }
            return false;
        }
        throw new TemplateError("argument of type '" + PythonRepr.typeName(c) + "' is not iterable");
    }

    // ---------------------------------------------------------------- slicing

    static Object slice(Object target, Object start, Object stop, Object step) {
        Object t = value(target);
        List<Object> items;
        boolean text = t instanceof CharSequence;
        if (text) {
            items = new ArrayList<>();
            t.toString().codePoints().forEach(cp -> items.add(Character.toString(cp)));
        } else if (t instanceof List<?> || t instanceof Collection<?>) {
            items = new ArrayList<>(PlainData.asCollection(t));
        } else {
            throw new TemplateError("'" + PythonRepr.typeName(t) + "' object is not subscriptable");
        }
        int n = items.size();
        int st = step == null ? 1 : index(step);
        if (st == 0) {
            throw new TemplateError("slice step cannot be zero");
        }
        int lo;
        int hi;
        if (st > 0) {
            lo = start == null ? 0 : clamp(index(start), n, 0, n);
            hi = stop == null ? n : clamp(index(stop), n, 0, n);
        } else {
            lo = start == null ? n - 1 : clamp(index(start), n, -1, n - 1);
            hi = stop == null ? -1 : clamp(index(stop), n, -1, n - 1);
        }
        List<Object> out = new ArrayList<>();
        for (int i = lo; st > 0 ? i < hi : i > hi; i += st) {
            out.add(items.get(i));
        }
        if (text) {
            StringBuilder sb = new StringBuilder();
            out.forEach(sb::append);
            return sb.toString();
        }
        return isTuple(t) ? new PyTuple(out) : out;
    }

    private static int index(Object v) {
        Object x = value(v);
        if (x == null) {
            return Integer.MIN_VALUE;
        }
        if (isNumber(x) && !isFloat(x)) {
            return bigInt(x).max(BigInteger.valueOf(Integer.MIN_VALUE + 1))
                    .min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
        }
        throw new TemplateError("slice indices must be integers or None or have an __index__ method");
    }

    private static int clamp(int i, int n, int lowest, int highest) {
        if (i == Integer.MIN_VALUE) {
            return lowest == -1 ? highest : lowest;
        }
        if (i < 0) {
            i += n;
        }
        return Math.max(lowest, Math.min(highest, i));
    }
}
