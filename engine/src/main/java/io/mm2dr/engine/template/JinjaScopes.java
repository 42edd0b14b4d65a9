package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.lang.reflect.Field;
import java.util.function.Supplier;

/**
 * Jinja2's scoping where it is lexical rather than jinjava's dynamic one: a macro body runs in a scope
 * whose parent is the scope the macro was defined in, a block in the template's top-level scope, a
 * template imported without context in a scope that sees none of the caller's variables.
 *
 * <p>jinjava's interpreter only stacks scopes on the current one ({@code enterScope}), so running
 * in a scope with another parent sets the interpreter's context for the duration of the work.
 */
final class JinjaScopes {
    private static final Field CONTEXT;

    static {
        try {
            CONTEXT = JinjavaInterpreter.class.getDeclaredField("context");
            CONTEXT.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JinjaScopes() {
    }

    /** Runs {@code work} in a new scope whose parent is {@code parent}; the interpreter's scope is restored after. */
    static <T> T in(JinjavaInterpreter interpreter, Context parent, java.util.function.Function<Context, T> work) {
        Context saved = interpreter.getContext();
        Context scope = new Context(parent);
        set(interpreter, scope);
        try {
            return work.apply(scope);
        } finally {
            set(interpreter, saved);
        }
    }

    static <T> T in(JinjavaInterpreter interpreter, Context parent, Supplier<T> work) {
        return in(interpreter, parent, scope -> work.get());
    }

    private static void set(JinjavaInterpreter interpreter, Context context) {
        try {
            CONTEXT.set(interpreter, context);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A scope that sees the globals (functions, filters, tests) but none of the render's variables, as
     * Jinja2 gives a template imported or included {@code without context}: every name not bound in it
     * or in a scope below it is undefined.
     */
    static Context isolated(JinjavaInterpreter interpreter) {
        Context root = VariableContext.current();
        Context isolated = new Context(root);
        isolated.setDynamicVariableResolver(name -> {
            if (boundBelow(name, isolated)) {
                return null; // bound to None
            }
            switch (name) {
                case "none", "None":
                    return null;
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                default:
                    return StrictUndefined.variable(name);
            }
        });
        return isolated;
    }

    private static boolean boundBelow(String name, Context top) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Context c = interpreter == null ? null : interpreter.getContext();
        while (c != null) {
            if (c.getScope().containsKey(name)) {
                return true;
            }
            if (c == top) {
                return false;
            }
            c = c.getParent();
        }
        return false;
    }
}
