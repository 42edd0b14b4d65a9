package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A macro as Jinja2 has it: a callable value bound in the scope where {@code {% macro %}} ran (so a
 * later macro of the same name, or a variable, replaces it), whose body runs in a scope of its own
 * whose parent is the defining scope (closures), with Jinja2's argument binding:
 * defaults evaluated at call time after the earlier arguments are bound, a missing argument is
 * undefined ("parameter 'a' was not provided"), {@code varargs} (a tuple), {@code kwargs} and
 * {@code caller} exist only when the body uses them, and too many or unknown arguments are errors.
 * The body of {@code {% call %}} is such a macro too, named {@code caller}.
 */
final class JinjaMacro implements JinjaEvaluation.Callable {
    private static final int MAX_DEPTH = 900;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final Pattern CALLER = Pattern.compile("\\bcaller\\b");
    private static final Pattern VARARGS = Pattern.compile("\\bvarargs\\b");
    private static final Pattern KWARGS = Pattern.compile("\\bkwargs\\b");

    /** A parsed parameter list: names, default expressions (null: none). */
    record Signature(String name, List<String> params, List<String> defaults, boolean usesCaller,
            boolean usesVarargs, boolean usesKwargs, boolean explicitCaller) {
    }

    private final Signature signature;
    private final List<Node> body;
    private final Context definitionScope;
    private final int line;

    JinjaMacro(Signature signature, List<Node> body, Context definitionScope, int line) {
        this.signature = signature;
        this.body = body;
        this.definitionScope = definitionScope;
        this.line = line;
    }

    String name() {
        return signature.name();
    }

    @Override
    public String toString() {
        return "<Macro '" + signature.name() + "'>";
    }

    /**
     * Parses {@code a, b=1, c} of a macro or call block. Jinja2 refuses, when it compiles the template,
     * a parameter without default after one with a default, and a {@code caller} parameter without one.
     */
    static Signature signature(String name, String list, List<Node> body, int line) {
        List<String> params = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        String text = list == null ? "" : list.trim();
        if (!text.isEmpty()) {
            List<String> parts = TagSyntax.split(text, ',');
            for (int i = 0; i < parts.size(); i++) {
                String part = parts.get(i);
                if (part.isEmpty() && i == parts.size() - 1 && i > 0) {
                    continue; // a trailing comma
                }
                int eq = TagSyntax.findAssign(part);
                String param = (eq < 0 ? part : part.substring(0, eq)).trim();
                if (!TagSyntax.isIdentifier(param)) {
                    throw new TemplateSyntaxError("expected token 'name', got '" + part + "'", null, line);
                }
                String dflt = eq < 0 ? null : part.substring(eq + 1).trim();
                if (dflt == null && !defaults.isEmpty() && defaults.get(defaults.size() - 1) != null) {
                    throw new TemplateSyntaxError("non-default argument follows default argument", null, line);
                }
                if (dflt == null && "caller".equals(param)) {
                    throw new TemplateSyntaxError("When defining macros or call blocks the special \"caller\" argument"
                            + " must be omitted or be given a default.", null, line);
                }
                params.add(param);
                defaults.add(dflt);
            }
        }
        String source = JinjaTags.bodyImage(body);
        boolean explicitCaller = params.contains("caller");
        return new Signature(name, params, defaults, !explicitCaller && CALLER.matcher(source).find(),
                !params.contains("varargs") && VARARGS.matcher(source).find(),
                !params.contains("kwargs") && KWARGS.matcher(source).find(), explicitCaller);
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        List<String> params = signature.params();
        Map<String, Object> named = kwargs == null ? new LinkedHashMap<>() : new LinkedHashMap<>(kwargs);
        int[] depth = DEPTH.get();
        if (depth[0] >= MAX_DEPTH) {
            throw new TemplateError("maximum recursion depth exceeded while calling macro '" + signature.name() + "'");
        }
        depth[0]++;
        try {
            return JinjaScopes.in(interpreter, definitionScope, scope -> {
                boolean foundCaller = signature.explicitCaller() && args.size() >= params.size();
                for (int i = 0; i < params.size(); i++) {
                    String param = params.get(i);
                    Object value;
                    if (i < args.size()) {
                        value = args.get(i);
                    } else if (named.containsKey(param)) {
                        value = named.remove(param);
                        foundCaller |= "caller".equals(param);
                    } else if (signature.defaults().get(i) != null) {
                        value = interpreter.resolveELExpression(signature.defaults().get(i), line);
                    } else {
                        value = StrictUndefined.withMessage(param, "parameter '" + param + "' was not provided");
                    }
                    scope.put(param, value);
                }
                if (signature.usesCaller() && !foundCaller) {
                    Object caller = named.remove("caller");
                    scope.put("caller", caller != null ? caller : StrictUndefined.withMessage("caller", "No caller defined"));
                }
                if (signature.usesKwargs()) {
                    scope.put("kwargs", named);
                } else if (!named.isEmpty()) {
                    if (named.containsKey("caller")) {
                        throw new TemplateError("macro '" + signature.name() + "' was invoked with two values for the"
                                + " special caller argument. This is most likely a bug.");
                    }
                    throw new TemplateError("macro '" + signature.name() + "' takes no keyword argument '"
                            + named.keySet().iterator().next() + "'");
                }
                if (signature.usesVarargs()) {
                    scope.put("varargs", new PyTuple(args.size() > params.size() ? args.subList(params.size(), args.size())
                            : List.of()));
                } else if (args.size() > params.size()) {
                    throw new TemplateError("macro '" + signature.name() + "' takes not more than " + params.size()
                            + " argument(s)");
                }
                return JinjaTags.renderChildren(body, interpreter);
            });
        } finally {
            depth[0]--;
        }
    }

    /** {@code {% macro name(params) %}...{% endmacro %}}: binds the macro in the current scope. */
    static final class MacroTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "macro";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            JinjaMacro macro = define(tagNode, interpreter.getContext());
            interpreter.getContext().put(macro.name(), macro);
            return "";
        }

        static JinjaMacro define(TagNode tagNode, Context scope) {
            return new JinjaMacro(parse(tagNode), tagNode.getChildren(), scope, tagNode.getLineNumber());
        }

        static Signature parse(TagNode tagNode) {
            String helpers = tagNode.getHelpers().trim();
            int open = helpers.indexOf('(');
            String name = (open < 0 ? helpers : helpers.substring(0, open)).trim();
            if (!TagSyntax.isIdentifier(name)) {
                throw new TemplateSyntaxError("expected token 'name', got '" + helpers + "'", null, tagNode.getLineNumber());
            }
            String list = "";
            if (open >= 0) {
                int close = TagSyntax.closing(helpers, open);
                if (close < 0 || !helpers.substring(close + 1).isBlank()) {
                    throw new TemplateSyntaxError("expected token 'end of statement block', got '"
                            + (close < 0 ? helpers : helpers.substring(close + 1).trim()) + "'", null, tagNode.getLineNumber());
                }
                list = helpers.substring(open + 1, close);
            }
            return signature(name, list, tagNode.getChildren(), tagNode.getLineNumber());
        }
    }
}
