package io.mm2dr.engine.template;

import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep conversion of template results to plain data: LinkedHashMap&lt;String,Object&gt;,
 * ArrayList&lt;Object&gt;, String, Long, Double, Boolean, null. Lazy views are materialised (their
 * templates rendered) on the way; a structure that contains itself is an error.
 */
final class PlainData {
    private PlainData() {
    }

    static Object plain(Object value) {
        return plain(value, new IdentityHashMap<>());
    }

    private static Object plain(Object value, IdentityHashMap<Object, Boolean> inProgress) {
        value = unwrap(value);
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double) {
            return value;
        }
        if (value instanceof StrictUndefined u) {
            throw u.error();
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger bi) {
            return bi.bitLength() < 64 ? (Object) bi.longValue() : bi;
        }
        if (value instanceof BigDecimal bd) {
            return bd.doubleValue();
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Map<?, ?> map) {
            Object id = identity(map);
            if (inProgress.put(id, Boolean.TRUE) != null) {
                throw new TemplateError("recursive loop detected in template data: a dict contains itself");
            }
            try {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.put(keyString(e.getKey()), plain(e.getValue(), inProgress));
                }
                return out;
            } finally {
                inProgress.remove(id);
            }
        }
        if (value instanceof Map.Entry<?, ?> entry) {
            List<Object> pair = new ArrayList<>(2);
            pair.add(plain(entry.getKey(), inProgress));
            pair.add(plain(entry.getValue(), inProgress));
            return pair;
        }
        if (value instanceof Collection<?> || value.getClass().isArray() || value instanceof Iterable<?>) {
            Object id = identity(value);
            if (inProgress.put(id, Boolean.TRUE) != null) {
                throw new TemplateError("recursive loop detected in template data: a list contains itself");
            }
            try {
                List<Object> out = new ArrayList<>();
                for (Object item : asIterable(value)) {
                    out.add(plain(item, inProgress));
                }
                return isTuple(value) ? new PyTuple(out) : out;
            } finally {
                inProgress.remove(id);
            }
        }
        return value.toString();
    }

    /** Map keys become strings (Python's str of the key). */
    static String keyString(Object key) {
        key = unwrap(key);
        return key instanceof CharSequence ? key.toString() : PythonRepr.str(key);
    }

    /** Strips jinjava's wrappers (PyList, PyMap, SafeString) to get at the real value. */
    static Object unwrap(Object value) {
        // by name first: a run whose values never went through jinjava does not load its classes
        if (!isJinjavaObject(value)) {
            return value;
        }
        if (value instanceof PyMap pm) {
            return unwrap(pm.toMap());
        }
        if (value instanceof PyList pl) {
            return unwrap(pl.toList());
        }
        if (value instanceof SafeString ss) {
            return ss.toString();
        }
        return value;
    }

    /** The package of jinjava's wrappers and their subclasses (its size-limiting PyMap and PyList). */
    private static final String JINJAVA_OBJECTS = "com.hubspot.jinjava.objects.";

    /**
     * Whether a value is one of jinjava's objects, told by its class's name: a value that never went
     * through a template is not, and asking so does not load jinjava (as {@code instanceof} would).
     */
    static boolean isJinjavaObject(Object value) {
        return value != null && value.getClass().getName().startsWith(JINJAVA_OBJECTS);
    }

    /** A tuple literal {@code (a, b)}: jinjava makes it a PyList over an unmodifiable list. */
    static boolean isTuple(Object value) {
        return value instanceof PyTuple
                || (value instanceof PyList pl && pl.toList().getClass().getName().startsWith("java.util.Collections$Unmodifiable"));
    }

    /** The object whose identity tells whether a structure was already seen (the data under a lazy view). */
    static Object identity(Object value) {
        value = unwrap(value);
        if (value instanceof LazyMap lm) {
            return lm.source();
        }
        if (value instanceof LazyList ll) {
            return ll.source();
        }
        return value;
    }

    static Iterable<?> asIterable(Object value) {
        value = unwrap(value);
        if (value instanceof Iterable<?> it) {
            return it;
        }
        return asCollection(value);
    }

    static Collection<?> asCollection(Object value) {
        value = unwrap(value);
        if (value instanceof Collection<?> c) {
            return c;
        }
        if (value instanceof Object[] arr) {
            return Arrays.asList(arr);
        }
        if (value != null && value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(Array.get(value, i));
            }
            return out;
        }
        if (value instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(out::add);
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (value instanceof CharSequence cs) {
            List<Object> out = new ArrayList<>();
            cs.toString().codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        throw new TemplateError("'" + PythonRepr.typeName(value) + "' object is not iterable");
    }
}
