package io.mm2dr.engine.template;

import com.hubspot.jinjava.el.JinjavaELContext;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.javax.el.ELException;

/**
 * Static checks of a template for {@code --syntax-check}: the template structure, every expression's
 * syntax, and the names of the filters, tests and functions it uses. Nothing is evaluated.
 */
final class TemplateValidator {
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final String NAME = "([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)";
    private static final Pattern FILTER_USE = Pattern.compile("\\|\\s*" + NAME);
    private static final Pattern TEST_USE = Pattern.compile("\\bis\\s+(?:not\\s+)?" + NAME);
    private static final Pattern LOOKUP_USE = Pattern.compile(
            "(?<![\\w.])(?:lookup|query|q)\\s*\\(\\s*(?:'([^']*)'|\"([^\"]*)\")");
    private static final Pattern FOR_HELPERS = Pattern.compile("^\\s*[\\w\\s,]+?\\s+in\\s+(.*)$", Pattern.DOTALL);

    private TemplateValidator() {
    }

    static void validate(Templar templar, Templar.Level level, String template) {
        JinjavaInterpreter interpreter = level.interpreter;
        Node root = templar.parse(level, template);
        JinjavaELContext elContext = new JinjavaELContext(interpreter, new JinjavaInterpreterResolver(interpreter));
        for (ELFunctionDefinition fn : templar.jinjava().getGlobalContext().getAllFunctions()) {
            elContext.setFunction(fn.getNamespace(), fn.getLocalName(), fn.getMethod());
        }
        walk(templar, elContext, interpreter.getContext(), root, template);
    }

    /**
     * Refuses, when a template is first parsed, the unknown filters and tests of every expression in
     * it, also in branches that will not run (Jinja2 refuses them when it compiles the template).
     * Syntax errors are left to the evaluation, which reports them where they are.
     */
    static void checkNames(Templar templar, JinjavaInterpreter interpreter, Node node) {
        for (Node child : node.getChildren()) {
            String expression = null;
            if (child instanceof ExpressionNode) {
                expression = ((ExpressionToken) child.getMaster()).getExpr();
            } else if (child instanceof TagNode tag) {
                JinjaTemplates.check(tag); // what Jinja2 refuses when it parses a tag (macro parameters...)
                expression = tagExpression(tag);
                if ("set".equals(tag.getName())) {
                    PythonSetTag.checkTarget(tag.getHelpers(), tag.getLineNumber());
                }
            }
            if (expression != null && !expression.isBlank()) {
                try {
                    ((JinjaExpressionFactory) templar.jinjava().getExpressionFactory()).parse(expression, interpreter);
                } catch (TemplateSyntaxError syntax) {
                    // reported when evaluated
                }
            }
            checkNames(templar, interpreter, child);
        }
    }

    private static void walk(Templar templar, JinjavaELContext elContext, Context context, Node node, String template) {
        for (Node child : node.getChildren()) {
            if (child instanceof ExpressionNode) {
                check(templar, elContext, context, ((ExpressionToken) child.getMaster()).getExpr(), template,
                        child.getLineNumber());
            } else if (child instanceof TagNode tag) {
                String expression = tagExpression(tag);
                if (expression != null && !expression.isBlank()) {
                    check(templar, elContext, context, expression, template, child.getLineNumber());
                }
            }
            walk(templar, elContext, context, child, template);
        }
    }

    /** The expression part of the tags that hold one. */
    private static String tagExpression(TagNode tag) {
        String helpers = tag.getHelpers() == null ? "" : tag.getHelpers().trim();
        switch (tag.getName()) {
            case "if":
            case "elif":
            case "elseif":
            case "do":
                return helpers;
            case "for": {
                // the iterated expression, without the loop's own keywords (if ..., recursive)
                try {
                    return PythonForTag.parse(helpers, tag.getLineNumber()).iterable();
                } catch (TemplateError e) {
                    Matcher m = FOR_HELPERS.matcher(helpers);
                    return m.matches() ? m.group(1) : helpers;
                }
            }
            case "set": {
                int eq = helpers.indexOf('=');
                return eq < 0 ? null : helpers.substring(eq + 1);
            }
            default:
                return null;
        }
    }

    /**
     * The names an expression uses (filters, tests, lookup plugins) must exist; its syntax is not
     * checked. For bare expressions such as {@code when:} conditions.
     */
    static void checkNames(Context context, String expression) {
        Matcher lookups = LOOKUP_USE.matcher(expression);
        while (lookups.find()) {
            String plugin = lookups.group(1) != null ? lookups.group(1) : lookups.group(2);
            if (!Lookups.exists(plugin)) {
                throw new TemplateError("template error while templating string: lookup plugin '" + plugin
                        + "' not found");
            }
        }
        String code = STRING_LITERAL.matcher(expression).replaceAll("''");
        Matcher filters = FILTER_USE.matcher(code);
        while (filters.find()) {
            context.getFilter(filters.group(1)); // throws "no filter named ..."
        }
        Matcher tests = TEST_USE.matcher(code);
        while (tests.find()) {
            context.getExpTest(tests.group(1)); // throws "no test named ..."
        }
    }

    private static final Pattern UNRESOLVED = Pattern.compile("Could not resolve function '(?:[^':]*:)?([A-Za-z_][A-Za-z0-9_]*)'");

    private static void check(Templar templar, JinjavaELContext elContext, Context context, String expression,
            String template, int line) {
        try {
            ((JinjaExpressionFactory) templar.jinjava().getExpressionFactory()).parse(expression,
                    JinjavaInterpreter.getCurrent());
        } catch (TemplateSyntaxError e) {
            throw new TemplateSyntaxError(e.getMessage(), template, Math.max(line, 0));
        }
        checkNames(context, expression);
    }
}
