package io.mm2dr.engine.template;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * State of one top-level templating call: the variables, lazily templated values already computed,
 * and the values being templated right now (to detect a variable that refers to itself).
 *
 * <p>Variable values that are templates are rendered on first use, in an isolated scope that sees
 * only the variables (not the loop variables of the template that reads them), so the result can be
 * cached for the whole call.
 */
final class RenderSession {
    private static final int MAX_NESTING = 100;

    private final Templar templar;
    private final Map<String, Object> rootVars;
    private final TemplateContext rootContext;
    /** Top-level variables already resolved, per scope (the play's vars, or a host's in hostvars). */
    private final Map<SlotKey, Object> resolvedVariables = new HashMap<>();
    private final Set<SlotKey> inProgress = new HashSet<>();
    private final Map<Map<String, Object>, LazyMap> varsViews = new java.util.IdentityHashMap<>();

    RenderSession(Templar templar, Map<String, Object> vars, TemplateContext context) {
        this.templar = templar;
        this.rootVars = vars == null ? Map.of() : vars;
        this.rootContext = context == null ? TemplateContext.NONE : context;
    }

    Map<String, Object> rootVars() {
        return rootVars;
    }

    TemplateContext rootContext() {
        return rootContext;
    }

    Templar templar() {
        return templar;
    }

    /**
     * The value of variable {@code name} for an expression evaluated with {@code scope}: lazy views
     * for containers, templates rendered, {@link StrictUndefined} when there is no such variable.
     */
    Object variable(String name, Map<String, Object> scope) {
        switch (name) {
            case "vars":
                return varsViews.computeIfAbsent(scope, s -> new LazyMap(this, s, s, false));
            case "omit":
                return Templar.OMIT;
            default:
                break;
        }
        if (!scope.containsKey(name)) {
            return StrictUndefined.variable(name);
        }
        SlotKey key = new SlotKey(scope, name);
        if (resolvedVariables.containsKey(key)) {
            return resolvedVariables.get(key);
        }
        Object raw = scope.get(name);
        Object value;
        if ("hostvars".equals(name) && raw instanceof Map<?, ?> hostvars) {
            value = new LazyMap(this, hostvars, scope, true);
        } else {
            value = lazyValue(raw, scope, scope, name);
        }
        resolvedVariables.put(key, value);
        return value;
    }

    /**
     * The usable form of a raw variable value found at {@code container[key]}: a template string is
     * rendered (natively when it is one whole expression), a dict or list becomes a lazy view,
     * unsafe text and everything else are returned as they are.
     */
    Object lazyValue(Object raw, Map<String, Object> scope, Object container, Object key) {
        if (raw instanceof String s) {
            // (inside a template file's render with other delimiters, the value is rendered with them)
            JinjaOptions options = TemplateResourceLocator.current();
            if (options.standardDelimiters() ? !Templar.isTemplate(s) : !options.delimiters().startIn(s)) {
                return s;
            }
            SlotKey slot = new SlotKey(container, key);
            if (!inProgress.add(slot) || inProgress.size() > MAX_NESTING) {
                throw new TemplateError("recursive loop detected in template string: " + s, s, null);
            }
            try {
                return templar.renderString(this, s, scope, rootContext, true);
            } finally {
                inProgress.remove(slot);
            }
        }
        if (raw instanceof Map<?, ?> map) {
            return new LazyMap(this, map, scope, false);
        }
        if (raw instanceof List<?> list) {
            return new LazyList(this, list, scope);
        }
        return raw;
    }

    /** A place holding a value: {@code container[key]}, the container compared by identity. */
    private record SlotKey(Object container, Object key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SlotKey other && other.container == container && other.key.equals(key);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(container) * 31 + key.hashCode();
        }
    }
}
