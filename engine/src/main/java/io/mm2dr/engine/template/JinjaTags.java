package io.mm2dr.engine.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jinja2's tags that jinjava lacks or has with other semantics: {@code for} ({@link PythonForTag}),
 * {@code filter}, {@code with}, {@code call} with arguments, and the {@code break}/{@code continue}
 * of the loopcontrols extension. Expressions in them are evaluated by
 * {@code interpreter.resolveELExpression}; only the tags' own keywords are split here.
 *
 * <p>Ansible 2.14 enables no Jinja2 extension unless configured ({@code DEFAULT_JINJA2_EXTENSIONS},
 * env {@code ANSIBLE_JINJA2_EXTENSIONS}): without {@code jinja2.ext.do} the {@code do} tag and without
 * {@code jinja2.ext.loopcontrols} {@code break}/{@code continue} are unknown tags, as there.
 */
final class JinjaTags {
    private JinjaTags() {
    }

    static void register(Jinjava jinjava) {
        jinjava.registerTag(new PythonForTag());
        jinjava.registerTag(new PythonSetTag());
        jinjava.registerTag(new FilterBlockTag());
        jinjava.registerTag(new WithTag());
        jinjava.registerTag(new PythonCallTag());
        jinjava.registerTag(new LoopControlTag("break"));
        jinjava.registerTag(new LoopControlTag("continue"));
        jinjava.registerTag(new JinjaMacro.MacroTag());
        JinjaTemplates.register(jinjava);
    }

    /** The tags of Jinja2 extensions that are not enabled, as jinjava's disabled-library map. */
    static Map<Context.Library, Set<String>> disabledExtensionTags() {
        String configured = System.getenv("ANSIBLE_JINJA2_EXTENSIONS");
        List<String> extensions = new ArrayList<>();
        if (configured != null) {
            for (String e : configured.replace(" ", "").split(",")) {
                extensions.add(e);
            }
        }
        List<String> disabled = new ArrayList<>();
        if (!extensions.contains("jinja2.ext.do")) {
            disabled.add("do");
        }
        if (!extensions.contains("jinja2.ext.loopcontrols")) {
            disabled.add("break");
            disabled.add("continue");
        }
        return disabled.isEmpty() ? Map.of() : Map.of(Context.Library.TAG, Set.copyOf(disabled));
    }

    static String renderChildren(List<Node> nodes, JinjavaInterpreter interpreter) {
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            out.append(node.render(interpreter).getValue());
        }
        return out.toString();
    }

    /** The source text of a tag's body (to see which special names a macro uses). */
    static String bodyImage(List<Node> nodes) {
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            out.append(node.reconstructImage());
        }
        return out.toString();
    }

    /** {@code {% filter upper %}...{% endfilter %}}, with arguments and chains ({@code center(9) | upper}). */
    static final class FilterBlockTag implements Tag {
        private static final long serialVersionUID = 1L;
        static final String BODY = "__jinja_filter_block__";

        @Override
        public String getName() {
            return "filter";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            String filters = tagNode.getHelpers().trim();
            if (filters.isEmpty()) {
                throw new TemplateSyntaxError("expected a filter name in {% filter %}", null, tagNode.getLineNumber());
            }
            String body = renderChildren(tagNode.getChildren(), interpreter);
            interpreter.enterScope();
            try {
                interpreter.getContext().put(BODY, body);
                Object result = interpreter.resolveELExpression(BODY + " | " + filters, tagNode.getLineNumber());
                return PythonRepr.str(StrictUndefined.require(result));
            } finally {
                interpreter.leaveScope();
            }
        }
    }

    /** {@code {% with a=1, b=a + 1 %}...{% endwith %}}: the names live only inside the block. */
    static final class WithTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "with";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            String helpers = tagNode.getHelpers().trim();
            Map<String, Object> values = new LinkedHashMap<>();
            if (!helpers.isEmpty()) {
                for (String assignment : TagSyntax.split(helpers, ',')) {
                    int eq = TagSyntax.findAssign(assignment);
                    String name = eq < 0 ? "" : assignment.substring(0, eq).trim();
                    if (!TagSyntax.isIdentifier(name)) {
                        throw new TemplateSyntaxError("expected an assignment 'name=value' in {% with %}, got '"
                                + assignment + "'", null, tagNode.getLineNumber());
                    }
                    // Jinja2 evaluates every value in the enclosing scope
                    values.put(name, interpreter.resolveELExpression(assignment.substring(eq + 1).trim(), tagNode.getLineNumber()));
                }
            }
            interpreter.enterScope();
            try {
                values.forEach(interpreter.getContext()::put);
                return renderChildren(tagNode.getChildren(), interpreter);
            } finally {
                interpreter.leaveScope();
            }
        }
    }

    /**
     * {@code {% call m() %}...{% endcall %}} and {@code {% call(x, n=1) m() %}}: the body becomes
     * {@code caller}, a macro taking those parameters.
     */
    static final class PythonCallTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "call";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            String helpers = tagNode.getHelpers().trim();
            String parameters = "";
            if (helpers.startsWith("(")) {
                int close = TagSyntax.closing(helpers, 0);
                if (close < 0) {
                    throw new TemplateSyntaxError("unclosed parameter list in {% call %}", null, tagNode.getLineNumber());
                }
                parameters = helpers.substring(1, close);
                helpers = helpers.substring(close + 1).trim();
            }
            JinjaMacro caller = new JinjaMacro(JinjaMacro.signature("caller", parameters, tagNode.getChildren(),
                    tagNode.getLineNumber()), tagNode.getChildren(), interpreter.getContext(), tagNode.getLineNumber());
            interpreter.enterScope();
            try {
                interpreter.getContext().put(CALLER, caller);
                String call = helpers.endsWith(")") ? callWithCaller(helpers) : null;
                if (call == null) {
                    throw new TemplateSyntaxError("expected a macro call in {% call %}, got '" + helpers + "'", null,
                            tagNode.getLineNumber());
                }
                Object result = interpreter.resolveELExpression(call, tagNode.getLineNumber());
                return PythonRepr.str(StrictUndefined.require(result));
            } finally {
                interpreter.leaveScope();
            }
        }

        private static final String CALLER = "__jinja_call_block_caller__";

        /** {@code m(a, b)} -> {@code m(a, b, caller=CALLER)}: the call block's body passed as {@code caller}. */
        static String callWithCaller(String call) {
            int close = call.length() - 1;
            int open = -1;
            for (int i = 0; i < call.length(); i++) {
                if (call.charAt(i) == '(' && TagSyntax.closing(call, i) == close) {
                    open = i;
                    break;
                }
            }
            if (open < 0) {
                return null;
            }
            String inner = call.substring(open + 1, close).trim();
            return call.substring(0, open + 1) + inner + (inner.isEmpty() ? "" : ", ") + "caller=" + CALLER + ")";
        }
    }

    /** {@code {% break %}} and {@code {% continue %}} (loopcontrols). */
    static final class LoopControlTag implements Tag {
        private static final long serialVersionUID = 1L;
        private final String name;

        LoopControlTag(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getEndTagName() {
            return null;
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            if (!(interpreter.getContext().get("loop") instanceof LoopContext)) {
                throw new TemplateSyntaxError("'" + name + "' outside of a loop", null, tagNode.getLineNumber());
            }
            throw new PythonForTag.LoopControl("break".equals(name), tagNode.getLineNumber());
        }
    }
}
