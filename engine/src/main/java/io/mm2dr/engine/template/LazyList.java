package io.mm2dr.engine.template;

import java.util.AbstractList;
import java.util.List;
import java.util.Map;

/** Read-only view of a variable's list whose items are templated when read (see {@link LazyMap}). */
final class LazyList extends AbstractList<Object> {
    private static final Object UNRESOLVED = new Object();

    private final RenderSession session;
    private final List<?> source;
    private final Map<String, Object> scope;
    private final Object[] resolved;

    LazyList(RenderSession session, List<?> source, Map<String, Object> scope) {
        this.session = session;
        this.source = source;
        this.scope = scope;
        this.resolved = new Object[source.size()];
        java.util.Arrays.fill(resolved, UNRESOLVED);
    }

    List<?> source() {
        return source;
    }

    @Override
    public Object get(int index) {
        Object value = resolved[index];
        if (value == UNRESOLVED) {
            value = session.lazyValue(source.get(index), scope, source, index);
            resolved[index] = value;
        }
        return value;
    }

    @Override
    public int size() {
        return resolved.length;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof List && super.equals(o));
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
