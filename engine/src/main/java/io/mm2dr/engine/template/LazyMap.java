package io.mm2dr.engine.template;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Read-only view of a variable's dict whose values are templated when read (Ansible's lazy
 * templating): a value {@code "{{ prefix }}-na"} is rendered with the variables of {@link #scope}
 * the first time it is accessed, then remembered for the rest of the render. Nested dicts and lists
 * come back as lazy views too, so a huge variable is never templated as a whole.
 */
final class LazyMap extends AbstractMap<String, Object> {
    private final RenderSession session;
    private final Map<?, ?> source;
    private final Map<String, Object> scope;
    /** For {@code hostvars}: each value is a host's variable map, and templates inside it use it. */
    private final boolean valuesAreScopes;
    private final Map<Object, Object> resolved = new HashMap<>();

    LazyMap(RenderSession session, Map<?, ?> source, Map<String, Object> scope, boolean valuesAreScopes) {
        this.session = session;
        this.source = source;
        this.scope = scope;
        this.valuesAreScopes = valuesAreScopes;
    }

    Map<?, ?> source() {
        return source;
    }

    @Override
    public boolean containsKey(Object key) {
        return sourceKey(key) != NO_KEY;
    }

    @Override
    public Object get(Object key) {
        Object k = sourceKey(key);
        if (k == NO_KEY) {
            return null;
        }
        if (resolved.containsKey(k)) {
            return resolved.get(k);
        }
        Object raw = source.get(k);
        Object value;
        if (valuesAreScopes && raw instanceof Map<?, ?> hostVars) {
            @SuppressWarnings("unchecked")
            Map<String, Object> hostScope = (Map<String, Object>) hostVars;
            value = new LazyMap(session, hostVars, hostScope, false);
        } else {
            value = session.lazyValue(raw, scope, source, k);
        }
        resolved.put(k, value);
        return value;
    }

    private static final Object NO_KEY = new Object();

    /** The key as stored in the source map (YAML may have made it an Integer while EL gives a Long). */
    private Object sourceKey(Object key) {
        if (key instanceof UnsafeText u) {
            key = u.text();
        }
        if (source.containsKey(key)) {
            return key;
        }
        if (key instanceof Number || key instanceof Boolean) {
            for (Object candidate : source.keySet()) {
                if (candidate != null && !(candidate instanceof String)
                        && PlainData.keyString(candidate).equals(PlainData.keyString(key))) {
                    return candidate;
                }
            }
        }
        return NO_KEY;
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                Iterator<?> keys = source.keySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return keys.hasNext();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        Object key = keys.next();
                        return new SimpleImmutableEntry<>(PlainData.keyString(key), get(key));
                    }
                };
            }

            @Override
            public int size() {
                return source.size();
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Map && super.equals(o));
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(source);
    }

    @Override
    public String toString() {
        return PythonRepr.repr(this);
    }
}
