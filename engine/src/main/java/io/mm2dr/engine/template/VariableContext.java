package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;

/**
 * Root jinjava context of one interpreter. It answers variable look-ups from the variables of the
 * current {@link RenderSession} (strict undefined, lazy templating) and makes unknown filters and
 * tests an error instead of jinjava's silent empty string. Filters and tests are returned wrapped
 * by {@link UndefinedGuards}, so using an undefined value in them fails like Jinja2's
 * StrictUndefined.
 */
final class VariableContext extends Context {
    private final UndefinedGuards guards;
    private RenderSession session;
    private Map<String, Object> scope = Map.of();
    private TemplateContext templateContext = TemplateContext.NONE;

    VariableContext(Context globalContext, UndefinedGuards guards) {
        super(globalContext, null, JinjaTags.disabledExtensionTags()); // Jinja2 extensions Ansible leaves off
        this.guards = guards;
        setDynamicVariableResolver(this::lookup);
        setExpressionStrategy(new PythonExpressionStrategy());
    }

    void bind(RenderSession session, Map<String, Object> scope, TemplateContext templateContext) {
        this.session = session;
        this.scope = scope;
        this.templateContext = templateContext;
    }

    void unbind() {
        this.session = null;
        this.scope = Map.of();
        this.templateContext = TemplateContext.NONE;
    }

    RenderSession session() {
        return session;
    }

    Map<String, Object> scope() {
        return scope;
    }

    TemplateContext templateContext() {
        return templateContext;
    }

    /** The root context of the interpreter rendering right now. */
    static VariableContext current() {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Context c = interpreter == null ? null : interpreter.getContext();
        while (c != null && !(c instanceof VariableContext)) {
            c = c.getParent();
        }
        if (c == null) {
            throw new IllegalStateException("not inside a Templar render");
        }
        return (VariableContext) c;
    }

    /** Called by jinjava when a name is not bound in a local scope (or bound to null). */
    private Object lookup(String name) {
        if (boundLocally(name)) {
            return null; // a {% set %} or loop variable whose value is None
        }
        if (session != null && scope.containsKey(name)) {
            return session.variable(name, scope);
        }
        switch (name) {
            case "none", "None":
                return null;
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            default:
                break;
        }
        if (session == null) {
            return StrictUndefined.variable(name);
        }
        return session.variable(name, scope);
    }

    private boolean boundLocally(String name) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        Context c = interpreter == null ? null : interpreter.getContext();
        while (c != null && c != this) {
            if (c.getScope().containsKey(name)) {
                return true;
            }
            c = c.getParent();
        }
        return false;
    }

    @Override
    public Filter getFilter(String name) {
        Filter filter = super.getFilter(name);
        if (filter == null || filter instanceof Registry.RefusedFilter) {
            throw new TemplateError("template error while templating string: no filter named '" + name + "'");
        }
        return guards.filter(filter);
    }

    @Override
    public ExpTest getExpTest(String name) {
        ExpTest test = super.getExpTest(name);
        if (test == null || test instanceof Registry.RefusedTest) {
            throw new TemplateError("template error while templating string: no test named '" + name + "'");
        }
        return guards.test(test);
    }
}
