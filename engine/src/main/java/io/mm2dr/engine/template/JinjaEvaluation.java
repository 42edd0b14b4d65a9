package io.mm2dr.engine.template;

import com.hubspot.jinjava.el.ext.AbstractCallableMethod;
import com.hubspot.jinjava.el.ext.AstMacroFunction;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;
import jinjava.javax.el.ExpressionFactory;

/**
 * What an expression needs from its surroundings while it is evaluated: variables from jinjava's
 * context (our {@link VariableContext} at the root), attributes and items through the EL resolvers
 * ({@link PythonELResolver} first), filters and tests from the registry (unknown ones refused by
 * name), global functions, macros and callable values.
 */
final class JinjaEvaluation {
    /** A value that can be called from a template ({@code loop(children)}, {@code namespace(...)}). */
    interface Callable {
        Object call(List<Object> args, Map<String, Object> kwargs);
    }

    final ELContext elContext;
    final JinjavaInterpreter interpreter;
    private final ExpressionFactory coercion;

    JinjaEvaluation(ELContext elContext, JinjavaInterpreter interpreter, ExpressionFactory coercion) {
        this.elContext = elContext;
        this.interpreter = interpreter;
        this.coercion = coercion;
    }

    Object variable(String name) {
        ELResolver resolver = elContext.getELResolver();
        elContext.setPropertyResolved(false);
        Object value = resolver.getValue(elContext, null, name);
        if (value instanceof StrictUndefined && elContext.getFunctionMapper() != null) {
            // a global function named as a value ({{ range is callable }}), as Jinja2's globals are
            Method function = elContext.getFunctionMapper().resolveFunction("", name);
            if (function != null) {
                return function;
            }
        }
        return value;
    }

    /** {@code base.key} / {@code base[key]}: an undefined value when missing. */
    Object attribute(Object base, Object key) {
        if (base instanceof StrictUndefined) {
            return base;
        }
        Object target = PlainData.unwrap(base);
        if (target == null) {
            return StrictUndefined.withMessage(String.valueOf(key), "'None' has no attribute '" + key + "'");
        }
        if (target instanceof Number || target instanceof Boolean) {
            return StrictUndefined.attribute(target, key);
        }
        if (key instanceof UnsafeText u) {
            key = u.text();
        }
        if (key instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE
                && !(target instanceof Map)) {
            key = l.intValue();
        }
        elContext.setPropertyResolved(false);
        Object value = elContext.getELResolver().getValue(elContext, base, key);
        if (value == null && !elContext.isPropertyResolved()) {
            return StrictUndefined.attribute(target, key);
        }
        return value;
    }

    // ---------------------------------------------------------------- filters and tests

    /**
     * A filter by name. Collection names are registered as such ({@link Registry}: {@code ansible.builtin.X}
     * only for what ansible-core ships); {@code ansible.legacy.X} is read as {@code ansible.builtin.X}.
     */
    Filter lookupFilter(String name) {
        return interpreter.getContext().getFilter(builtinName(name));
    }

    ExpTest lookupTest(String name) {
        return interpreter.getContext().getExpTest(builtinName(name));
    }

    /** {@code ansible.legacy.X} -> {@code ansible.builtin.X}; other names as they are. */
    static String builtinName(String name) {
        return name.startsWith("ansible.legacy.") ? "ansible.builtin." + name.substring("ansible.legacy.".length()) : name;
    }

    Object filter(String name, Object value, List<Object> args, Map<String, Object> kwargs) {
        Filter filter = lookupFilter(name);
        return filter.filter(value, interpreter, args.toArray(), kwargs);
    }

    boolean test(String name, Object value, List<Object> args, Map<String, Object> kwargs, boolean negated) {
        ExpTest test = lookupTest(name);
        Object[] all = withNamed(args, kwargs);
        return negated ? test.evaluateNegated(value, interpreter, all) : test.evaluate(value, interpreter, all);
    }

    // ---------------------------------------------------------------- calls

    private static Object[] withNamed(List<Object> args, Map<String, Object> kwargs) {
        List<Object> all = new ArrayList<>(args);
        if (kwargs != null) {
            kwargs.forEach((k, v) -> all.add(new NamedParameter(k, v)));
        }
        return all.toArray();
    }

    /** {@code name(args)}: a macro, a global function, or a callable variable. */
    Object callName(String name, List<Object> args, Map<String, Object> kwargs) {
        MacroFunction macro = interpreter.getContext().getGlobalMacro(name);
        if (macro != null) {
            return callMacro(macro, name, args, kwargs);
        }
        Object local = interpreter.getContext().get(name);
        if (local instanceof AbstractCallableMethod || local instanceof Callable) {
            return callValue(local, name, args, kwargs);
        }
        Method function = elContext.getFunctionMapper() == null ? null
                : elContext.getFunctionMapper().resolveFunction("", name);
        if (function != null) {
            return invokeFunction(function, name, args, kwargs);
        }
        Object value = variable(name);
        if (value instanceof StrictUndefined u) {
            throw u.error();
        }
        return callValue(value, name, args, kwargs);
    }

    Object callMacro(MacroFunction macro, String name, List<Object> args, Map<String, Object> kwargs) {
        Object[] all = withNamed(args, kwargs);
        if (macro.isCaller()) {
            return macro.evaluate(all);
        }
        try (var pushed = AstMacroFunction.checkAndPushMacroStackWithWrapper(interpreter, name).get()) {
            return pushed.value().match(err -> "", ok -> macro.evaluate(all));
        }
    }

    /** {@code base.name(args)}: a Python method of str, dict or list, a macro of an import, a Java method. */
    Object callMethod(Object base, String name, List<Object> args, Map<String, Object> kwargs) {
        if (base instanceof StrictUndefined u) {
            throw u.error();
        }
        Object target = PlainData.unwrap(base);
        if (target instanceof Map<?, ?> map
                && (map.get(name) instanceof AbstractCallableMethod || map.get(name) instanceof Callable)) {
            return callValue(map.get(name), name, args, kwargs);
        }
        if (target instanceof Callable || target instanceof AbstractCallableMethod) {
            Object member = attribute(base, name);
            if (!(member instanceof StrictUndefined)) {
                return callValue(member, name, args, kwargs);
            }
        }
        Object receiver = target instanceof List<?> list && !(base instanceof PyList)
                ? new PyList(castList(list))
                : target instanceof Map<?, ?> map && !(base instanceof PyMap) ? new PyMap(castMap(map)) : base;
        elContext.setPropertyResolved(false);
        Object result = elContext.getELResolver().invoke(elContext, receiver, name, null, withNamed(args, kwargs));
        if (elContext.isPropertyResolved()) {
            return result;
        }
        Object member = attribute(base, name);
        if (member instanceof StrictUndefined u) {
            throw new TemplateError("'" + PythonRepr.typeName(target) + " object' has no attribute '" + name + "'");
        }
        return callValue(member, name, args, kwargs);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(List<?> list) {
        return (List<Object>) list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    Object callValue(Object fn, String name, List<Object> args, Map<String, Object> kwargs) {
        if (fn instanceof StrictUndefined u) {
            throw u.error();
        }
        if (fn instanceof MacroFunction macro) {
            return callMacro(macro, macro.getName(), args, kwargs);
        }
        if (fn instanceof AbstractCallableMethod m) {
            return m.evaluate(withNamed(args, kwargs));
        }
        if (fn instanceof Callable c) {
            return c.call(args, kwargs);
        }
        if (fn instanceof Method m && java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
            return invokeFunction(m, name, args, kwargs);
        }
        throw new TemplateError("'" + PythonRepr.typeName(fn) + "' object is not callable");
    }

    private Object invokeFunction(Method method, String name, List<Object> args, Map<String, Object> kwargs) {
        Object[] given = withNamed(args, kwargs);
        Class<?>[] types = method.getParameterTypes();
        boolean varArgs = method.isVarArgs();
        int fixed = varArgs ? types.length - 1 : types.length;
        if (!varArgs && given.length > fixed) {
            throw new TemplateError(name + "() takes " + fixed + " arguments (" + given.length + " given)");
        }
        Object[] call = new Object[types.length];
        for (int i = 0; i < fixed; i++) {
            call[i] = i < given.length ? coerce(given[i], types[i]) : null;
        }
        if (varArgs) {
            Class<?> component = types[fixed].getComponentType();
            int rest = Math.max(0, given.length - fixed);
            Object array = java.lang.reflect.Array.newInstance(component, rest);
            for (int i = 0; i < rest; i++) {
                java.lang.reflect.Array.set(array, i, coerce(given[fixed + i], component));
            }
            call[fixed] = array;
        }
        try {
            return method.invoke(null, call);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new TemplateError("error calling " + name + "(): " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new TemplateError("cannot call " + name + "()", e);
        }
    }

    private Object coerce(Object value, Class<?> type) {
        if (type == Object.class || (value != null && type.isInstance(value))) {
            return value;
        }
        if (value instanceof StrictUndefined u) {
            throw u.error();
        }
        if (type == String.class && value instanceof CharSequence cs) {
            return cs.toString();
        }
        return coercion.coerceToType(value, type);
    }
}
