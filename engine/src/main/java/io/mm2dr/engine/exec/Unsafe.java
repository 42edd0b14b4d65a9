package io.mm2dr.engine.exec;

import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.template.UnsafeText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data that must not be templated again once stored: a registered result (a command's stdout
 * that prints {@code {{ x }}}) and a fact set from unsafe values. As Ansible marks module results
 * unsafe, every string in them that holds template markup becomes {@link UnsafeText}; strings
 * without markup are left as they are (templating them is a no-op anyway).
 */
final class Unsafe {
    private Unsafe() {
    }

    static Object protect(Object value) {
        if (value instanceof String s) {
            return Templar.isTemplate(s) ? new UnsafeText(s) : s;
        }
        if (value instanceof Map<?, ?> m) {
            if (!needsProtection(m)) {
                return value;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), protect(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            if (!needsProtection(l)) {
                return value;
            }
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(protect(o));
            }
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> protectMap(Map<String, Object> m) {
        return (Map<String, Object>) protect(m);
    }

    private static boolean needsProtection(Object value) {
        if (value instanceof String s) {
            return Templar.isTemplate(s);
        }
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (needsProtection(v)) {
                    return true;
                }
            }
        } else if (value instanceof List<?> l) {
            for (Object v : l) {
                if (needsProtection(v)) {
                    return true;
                }
            }
        }
        return false;
    }
}
