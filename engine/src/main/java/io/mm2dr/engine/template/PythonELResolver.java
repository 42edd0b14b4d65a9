package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.beans.FeatureDescriptor;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Attribute, item and method resolution with Jinja2/Python semantics, consulted before jinjava's
 * own resolvers:
 * <ul>
 *   <li>{@code d.key} / {@code d['key']} on a dict: the value, or an undefined placeholder naming the
 *       missing attribute ("'dict object' has no attribute 'key'");</li>
 *   <li>{@code l[i]} on a list or string, negative indexes included;</li>
 *   <li>anything on an undefined value stays undefined (so {@code a.b is defined} is false);</li>
 *   <li>Python methods on str, dict and list ({@link PythonMethods});</li>
 *   <li>direct calls of filters and tests (no reflection).</li>
 * </ul>
 */
final class PythonELResolver extends ELResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base == null || property == null) {
            return null;
        }
        Object target = PlainData.unwrap(base);
        if (target instanceof StrictUndefined) {
            context.setPropertyResolved(true);
            return target;
        }
        if (target instanceof LoopContext loop) {
            context.setPropertyResolved(true);
            return loop.attribute(String.valueOf(property));
        }
        if (target instanceof Map<?, ?> map) {
            context.setPropertyResolved(true);
            Object key = property instanceof UnsafeText u ? u.text() : property;
            if (map.containsKey(key)) {
                return map.get(key);
            }
            if (key instanceof Number n && map.containsKey(n.toString())) {
                return map.get(n.toString());
            }
            if (key instanceof String k && INTEGER.matcher(k).matches()) {
                // jinjava passes d[1] as "1"; YAML gives integer keys
                for (Object candidate : map.keySet()) {
                    if (candidate instanceof Number && candidate.toString().equals(k)) {
                        return map.get(candidate);
                    }
                }
            }
            return StrictUndefined.attribute(target, key);
        }
        if (target instanceof List<?> list) {
            Object index = asIndex(property);
            if (index instanceof Number n) {
                context.setPropertyResolved(true);
                int i = n.intValue();
                if (i < 0) {
                    i += list.size();
                }
                if (i < 0 || i >= list.size()) {
                    return StrictUndefined.withMessage(String.valueOf(n), "list object has no element " + n);
                }
                return list.get(i);
            }
            context.setPropertyResolved(true);
            if (target instanceof JinjaFilters.Group g && ("grouper".equals(property) || "list".equals(property))) {
                return "grouper".equals(property) ? g.getGrouper() : g.getList();
            }
            return StrictUndefined.attribute(target, property);
        }
        if (target instanceof CharSequence cs) {
            context.setPropertyResolved(true);
            if (asIndex(property) instanceof Number n) {
                String s = cs.toString();
                int i = n.intValue() < 0 ? n.intValue() + s.length() : n.intValue();
                if (i < 0 || i >= s.length()) {
                    return StrictUndefined.withMessage(String.valueOf(n), "string index out of range");
                }
                return String.valueOf(s.charAt(i));
            }
            return StrictUndefined.attribute(target, property);
        }
        return null;
    }

    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?\\d+");

    /** jinjava hands bracket indexes over as text ("0"); a whole number is an index. */
    private static Object asIndex(Object property) {
        if (property instanceof Number) {
            return property;
        }
        if (property instanceof String s && INTEGER.matcher(s).matches() && s.length() < 10) {
            return Integer.parseInt(s);
        }
        return property;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base == null || method == null) {
            return null;
        }
        String name = method.toString();
        Object[] args = params == null ? new Object[0] : params;
        if (base instanceof Filter filter && "filter".equals(name) && args.length == 4) {
            context.setPropertyResolved(true);
            @SuppressWarnings("unchecked")
            Map<String, Object> kwargs = (Map<String, Object>) args[3];
            return filter.filter(args[0], (JinjavaInterpreter) args[1], (Object[]) args[2], kwargs);
        }
        if (base instanceof ExpTest test && args.length >= 2
                && ("evaluate".equals(name) || "evaluateNegated".equals(name))) {
            context.setPropertyResolved(true);
            Object[] testArgs = flattenVarArgs(args);
            boolean result = "evaluate".equals(name)
                    ? test.evaluate(args[0], (JinjavaInterpreter) args[1], testArgs)
                    : test.evaluateNegated(args[0], (JinjavaInterpreter) args[1], testArgs);
            return result;
        }
        Object target = PlainData.unwrap(base);
        if (target instanceof StrictUndefined u) {
            throw u.error();
        }
        if (target instanceof LoopContext loop) {
            context.setPropertyResolved(true);
            return loop.invoke(name, args);
        }
        Object result = PythonMethods.NOT_HANDLED;
        if (target instanceof CharSequence s) {
            result = PythonMethods.onString(s.toString(), name, args);
            if (result == PythonMethods.NOT_HANDLED) {
                throw new TemplateError("'str object' has no attribute '" + name + "'");
            }
        } else if (target instanceof Map<?, ?> map) {
            result = PythonMethods.onDict(map, name, args);
        } else if (target instanceof List<?> list) {
            result = PythonMethods.onList(list, name, args);
        }
        if (result == PythonMethods.NOT_HANDLED) {
            return null; // let jinjava's resolvers try (PyMap.update, PyList.append, beans...)
        }
        context.setPropertyResolved(true);
        return result;
    }

    /** Test arguments after (value, interpreter): JUEL may pass them packed in one array. */
    private static Object[] flattenVarArgs(Object[] args) {
        if (args.length == 3 && args[2] instanceof Object[] packed) {
            return packed;
        }
        Object[] rest = new Object[args.length - 2];
        System.arraycopy(args, 2, rest, 0, rest.length);
        return rest;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: let the other resolvers decide
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return Collections.emptyIterator();
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return Object.class;
    }
}
