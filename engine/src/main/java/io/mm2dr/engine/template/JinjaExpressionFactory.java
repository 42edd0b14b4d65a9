package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import io.mm2dr.engine.template.JinjaLexer.JinjaSyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ExpressionFactory;
import jinjava.javax.el.MethodExpression;
import jinjava.javax.el.ValueExpression;

/**
 * jinjava's seam for expressions: every {@code {{ ... }}} and every tag expression that jinjava
 * evaluates comes here as {@code #{...}}. Instead of JUEL's grammar, the text is parsed as a Jinja2
 * expression ({@link JinjaParser}) and evaluated with Python's semantics ({@link JinjaExpr}).
 * Parsed trees are cached by text. Unknown filters and tests are refused when the expression is
 * parsed, as Jinja2 refuses them when it compiles a template, even in a branch that never runs.
 */
final class JinjaExpressionFactory extends ExpressionFactory {
    private static final int CACHE_SIZE = 8192;

    private final ExpressionFactory coercion;
    private final Map<String, JinjaExpr> cache = new LinkedHashMap<>(512, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JinjaExpr> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    JinjaExpressionFactory(ExpressionFactory coercion) {
        this.coercion = coercion;
    }

    /** The parsed expression, its filters and tests checked against the registry. */
    JinjaExpr parse(String expression, JinjavaInterpreter interpreter) {
        synchronized (cache) {
            JinjaExpr cached = cache.get(expression);
            if (cached != null) {
                return cached;
            }
        }
        JinjaExpr parsed;
        try {
            parsed = JinjaParser.parse(expression);
        } catch (JinjaSyntaxException e) {
            throw new TemplateSyntaxError("template error while templating string: " + e.getMessage(), null,
                    interpreter == null ? 0 : Math.max(0, interpreter.getLineNumber()));
        }
        if (interpreter != null) {
            checkNames(parsed, interpreter);
        }
        synchronized (cache) {
            cache.put(expression, parsed);
        }
        return parsed;
    }

    /** Refuses unknown filters and tests by name. */
    static void checkNames(JinjaExpr parsed, JinjavaInterpreter interpreter) {
        JinjaEvaluation lookups = new JinjaEvaluation(null, interpreter, null);
        parsed.visit(node -> {
            if (node instanceof JinjaExpr.Filter f) {
                lookups.lookupFilter(f.name);
            } else if (node instanceof JinjaExpr.Test t) {
                lookups.lookupTest(t.name);
            }
        });
    }

    @Override
    public Object coerceToType(Object obj, Class<?> targetType) {
        return coercion.coerceToType(obj, targetType);
    }

    @Override
    public MethodExpression createMethodExpression(ELContext context, String expression, Class<?> expectedReturnType,
            Class<?>[] expectedParamTypes) {
        return coercion.createMethodExpression(context, expression, expectedReturnType, expectedParamTypes);
    }

    @Override
    public ValueExpression createValueExpression(Object instance, Class<?> expectedType) {
        return coercion.createValueExpression(instance, expectedType);
    }

    @Override
    public ValueExpression createValueExpression(ELContext context, String expression, Class<?> expectedType) {
        String text = expression;
        if ((text.startsWith("#{") || text.startsWith("${")) && text.endsWith("}")) {
            text = text.substring(2, text.length() - 1);
        }
        JinjavaInterpreter interpreter = interpreterOf(context);
        return new Value(text, parse(text, interpreter), coercion);
    }

    static JinjavaInterpreter interpreterOf(ELContext context) {
        return JinjavaInterpreter.getCurrent();
    }

    /** One parsed expression, evaluated against the context it is given. */
    static final class Value extends ValueExpression {
        private static final long serialVersionUID = 1L;
        private final String text;
        private final transient JinjaExpr expr;
        private final transient ExpressionFactory coercion;

        Value(String text, JinjaExpr expr, ExpressionFactory coercion) {
            this.text = text;
            this.expr = expr;
            this.coercion = coercion;
        }

        @Override
        public Object getValue(ELContext context) {
            return expr.eval(new JinjaEvaluation(context, interpreterOf(context), coercion));
        }

        @Override
        public Class<?> getExpectedType() {
            return Object.class;
        }

        @Override
        public Class<?> getType(ELContext context) {
            return Object.class;
        }

        @Override
        public boolean isReadOnly(ELContext context) {
            return true;
        }

        @Override
        public void setValue(ELContext context, Object value) {
            throw new UnsupportedOperationException("read-only expression");
        }

        @Override
        public String getExpressionString() {
            return text;
        }

        @Override
        public boolean isLiteralText() {
            return false;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Value v && v.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }
}
