package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code {% for %}} as Jinja2 has it: {@code else} runs when nothing was iterated,
 * {@code for x in xs if cond} filters before the loop (so {@code loop.length} and
 * {@code loop.index} count the kept items), {@code recursive} with {@code loop(children)}, one
 * {@code loop} per loop, tuple unpacking, and a fresh scope per iteration so a {@code set} in the
 * body neither survives into the next iteration nor leaks out. {@code break}/{@code continue}
 * (Jinja2's loopcontrols extension) end an iteration through {@link LoopControl}.
 */
final class PythonForTag implements Tag {
    private static final long serialVersionUID = 1L;

    @Override
    public String getName() {
        return "for";
    }

    @Override
    public String getEndTagName() {
        return "endfor";
    }

    @Override
    public boolean isRenderedInValidationMode() {
        return true;
    }

    /** A parsed {@code for} header: targets, the iterated expression, the filter, recursive. */
    record Spec(List<String> targets, String iterable, String condition, boolean recursive) {
    }

    static Spec parse(String helpers, int line) {
        String h = helpers.trim();
        int in = TagSyntax.findWord(h, "in", 0);
        if (in < 0) {
            throw new TemplateSyntaxError("expected 'in' in for loop: 'for " + h + "'", null, line);
        }
        String targetText = h.substring(0, in).trim();
        if (targetText.startsWith("(") && targetText.endsWith(")")) {
            targetText = targetText.substring(1, targetText.length() - 1);
        }
        List<String> targets = new ArrayList<>();
        for (String t : TagSyntax.split(targetText, ',')) {
            if (t.isEmpty() && !targets.isEmpty()) {
                continue; // "for a, in xs"
            }
            if (!TagSyntax.isIdentifier(t)) {
                throw new TemplateSyntaxError("can't assign to '" + t + "' in for loop", null, line);
            }
            targets.add(t);
        }
        String rest = h.substring(in + 2).trim();
        boolean recursive = false;
        int rec = TagSyntax.findWord(rest, "recursive", 0);
        if (rec >= 0 && rest.substring(rec + "recursive".length()).isBlank()) {
            recursive = true;
            rest = rest.substring(0, rec).trim();
        }
        String condition = null;
        int cond = TagSyntax.findWord(rest, "if", 0);
        if (cond >= 0) {
            condition = rest.substring(cond + 2).trim();
            rest = rest.substring(0, cond).trim();
        }
        if (rest.isEmpty()) {
            throw new TemplateSyntaxError("expected an expression after 'in' in for loop", null, line);
        }
        return new Spec(targets, rest, condition, recursive);
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        Spec spec = parse(tagNode.getHelpers(), tagNode.getLineNumber());
        Object collection = interpreter.resolveELExpression(spec.iterable(), tagNode.getLineNumber());
        return render(tagNode, interpreter, spec, collection, 0);
    }

    private String render(TagNode tagNode, JinjavaInterpreter interpreter, Spec spec, Object collection, int depth0) {
        List<Node> body = new ArrayList<>();
        List<Node> orElse = null;
        for (Node child : tagNode.getChildren()) {
            if (orElse == null && child instanceof TagNode t && "else".equals(t.getName())) {
                orElse = new ArrayList<>();
            } else if (orElse != null) {
                orElse.add(child);
            } else {
                body.add(child);
            }
        }
        List<Object> items = new ArrayList<>(iterable(collection));
        StringBuilder out = new StringBuilder();
        if (spec.condition() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                interpreter.enterScope();
                try {
                    bind(interpreter, spec.targets(), item, tagNode.getLineNumber());
                    if (Templar.truthy(interpreter.resolveELExpression(spec.condition(), tagNode.getLineNumber()))) {
                        kept.add(item);
                    }
                } finally {
                    interpreter.leaveScope();
                }
            }
            items = kept;
        }
        if (items.isEmpty()) {
            if (orElse != null) {
                renderNodes(orElse, interpreter, out);
            }
            return out.toString();
        }
        LoopContext loop = new LoopContext(items, depth0);
        for (Object item : items) {
            loop.advance();
            interpreter.enterScope();
            try {
                interpreter.getContext().put("loop", loop);
                if (spec.recursive()) {
                    interpreter.getContext().addGlobalMacro(new RecursiveLoop(tagNode, spec, depth0 + 1, interpreter));
                }
                bind(interpreter, spec.targets(), item, tagNode.getLineNumber());
                renderNodes(body, interpreter, out);
            } catch (LoopControl control) {
                out.append(control.partial);
                if (control.breaks) {
                    break;
                }
            } finally {
                interpreter.leaveScope();
            }
        }
        return out.toString();
    }

    private static void renderNodes(List<Node> nodes, JinjavaInterpreter interpreter, StringBuilder out) {
        for (Node node : nodes) {
            try {
                out.append(node.render(interpreter).getValue());
            } catch (LoopControl control) {
                control.partial = out.toString() + control.partial;
                out.setLength(0);
                throw control;
            }
        }
    }

    private static Collection<?> iterable(Object collection) {
        Object value = PlainData.unwrap(collection);
        if (value instanceof StrictUndefined u) {
            throw u.error();
        }
        if (value == null) {
            throw new TemplateError("'NoneType' object is not iterable");
        }
        if (value instanceof Number || value instanceof Boolean) {
            throw new TemplateError("'" + PythonRepr.typeName(value) + "' object is not iterable");
        }
        return PlainData.asCollection(value);
    }

    private static void bind(JinjavaInterpreter interpreter, List<String> targets, Object item, int line) {
        if (targets.size() == 1) {
            interpreter.getContext().put(targets.get(0), interpreter.wrap(item));
            return;
        }
        Object value = PlainData.unwrap(item);
        List<Object> parts;
        if (value instanceof Map.Entry<?, ?> e) {
            parts = List.of(e.getKey(), e.getValue());
        } else if (value instanceof CharSequence || value instanceof Collection<?> || (value != null && value.getClass().isArray())) {
            parts = new ArrayList<>(PlainData.asCollection(value));
        } else if (value instanceof Map<?, ?> m) {
            parts = new ArrayList<>(m.keySet());
        } else {
            throw new TemplateError("cannot unpack non-iterable " + PythonRepr.typeName(value) + " object");
        }
        if (parts.size() > targets.size()) {
            throw new TemplateError("too many values to unpack (expected " + targets.size() + ")");
        }
        if (parts.size() < targets.size()) {
            throw new TemplateError("not enough values to unpack (expected " + targets.size() + ", got " + parts.size() + ")");
        }
        for (int i = 0; i < targets.size(); i++) {
            interpreter.getContext().put(targets.get(i), interpreter.wrap(parts.get(i)));
        }
    }

    /** {@code loop(children)} in a recursive loop: the same loop body over other items, one level deeper. */
    private final class RecursiveLoop extends MacroFunction {
        private static final long serialVersionUID = 1L;
        private final transient TagNode tagNode;
        private final transient Spec spec;
        private final int depth0;

        RecursiveLoop(TagNode tagNode, Spec spec, int depth0, JinjavaInterpreter interpreter) {
            super(List.of(), "loop", arguments(), true, interpreter.getContext(), tagNode.getLineNumber(),
                    tagNode.getStartPosition());
            this.tagNode = tagNode;
            this.spec = spec;
            this.depth0 = depth0;
        }

        @Override
        public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
            JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
            if (depth0 > 200) {
                throw new TemplateError("maximum recursion depth exceeded in recursive loop");
            }
            return render(tagNode, interpreter, spec, argMap.get("iterable"), depth0);
        }
    }

    private static LinkedHashMap<String, Object> arguments() {
        LinkedHashMap<String, Object> args = new LinkedHashMap<>();
        args.put("iterable", null);
        return args;
    }

    /** {@code {% break %}} / {@code {% continue %}}: ends the current iteration, keeping what it rendered. */
    static final class LoopControl extends InterpretException {
        private static final long serialVersionUID = 1L;
        final boolean breaks;
        String partial = "";

        LoopControl(boolean breaks, int line) {
            super(breaks ? "break" : "continue", line);
            this.breaks = breaks;
        }
    }
}
