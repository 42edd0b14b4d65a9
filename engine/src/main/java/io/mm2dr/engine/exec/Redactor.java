package io.mm2dr.engine.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps secret values out of everything that is shown or written: console, reports, logs. Values
 * of arguments declared secret, and values modules register as secret, are masked wherever they
 * appear; results of {@code no_log} tasks are replaced as a whole.
 */
public final class Redactor {
    public static final String MASK = "********";
    public static final String CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";
    /** Shorter values would mask ordinary words; a secret that short is no secret anyway. */
    private static final int MIN_LENGTH = 3;

    private final List<String> secrets = new CopyOnWriteArrayList<>();

    public void add(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH || secrets.contains(secret)) {
            return;
        }
        synchronized (this) {
            List<String> sorted = new ArrayList<>(secrets);
            sorted.add(secret);
            sorted.sort(Comparator.comparingInt(String::length).reversed());
            secrets.clear();
            secrets.addAll(sorted);
        }
    }

    /** Adds every string inside a value (a secret argument may be a map, e.g. secret data). */
    public void addAll(Object value) {
        if (value instanceof String s) {
            add(s);
        } else if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                addAll(v);
            }
        } else if (value instanceof List<?> l) {
            for (Object v : l) {
                addAll(v);
            }
        } else if (value != null && !(value instanceof Boolean) && !(value instanceof Number)) {
            add(String.valueOf(value));
        }
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    /** A deep copy with every secret masked (keys too). */
    public Object redact(Object value) {
        if (value instanceof CharSequence s) {
            return redact(s.toString());
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(redact(String.valueOf(e.getKey())), redact(e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(redact(o));
            }
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> redactMap(Map<String, Object> m) {
        return (Map<String, Object>) redact((Object) m);
    }
}
