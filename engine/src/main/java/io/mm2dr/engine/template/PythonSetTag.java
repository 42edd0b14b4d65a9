package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.SetTag;
import com.hubspot.jinjava.objects.Namespace;
import com.hubspot.jinjava.tree.TagNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jinjava's {@code set} with Jinja2's checks of the assignment target: a constant ({@code true},
 * {@code none}) or a subscript ({@code foo['bar']}) is a syntax error (see {@link #checkTarget}, run
 * when the template is parsed), and {@code foo.bar} assigns only to a {@code namespace()} object
 * (jinjava would quietly create a variable named {@code foo.bar}).
 */
final class PythonSetTag extends SetTag {
    private static final long serialVersionUID = 1L;
    private static final Set<String> CONSTANTS = Set.of("true", "false", "none", "True", "False", "None");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TARGET = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*))?");

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        for (String target : targets(tagNode.getHelpers())) {
            Matcher m = TARGET.matcher(target);
            if (m.matches() && m.group(2) != null) {
                Object base = interpreter.getContext().get(m.group(1));
                if (!(base instanceof Namespace)) {
                    throw new TemplateError("cannot assign attribute on non-namespace object");
                }
            }
        }
        return super.interpret(tagNode, interpreter);
    }

    /** Refuses, as Jinja2's parser does, targets that are constants or not names. */
    static void checkTarget(String helpers, int line) {
        for (String target : targets(helpers)) {
            Matcher m = TARGET.matcher(target);
            if (m.matches()) {
                if (m.group(2) == null && CONSTANTS.contains(m.group(1))) {
                    throw new TemplateSyntaxError("template error while templating string: can't assign to 'const'", null, line);
                }
                continue;
            }
            Matcher name = NAME.matcher(target);
            if (name.lookingAt()) {
                String rest = target.substring(name.end()).strip();
                if (!rest.isEmpty()) {
                    throw new TemplateSyntaxError("template error while templating string: expected token "
                            + "'end of statement block', got '" + rest.charAt(0) + "'", null, line);
                }
            }
        }
    }

    /** The comma-separated targets of {@code set a, b = ...} or of a block set ({@code set x | filter}). */
    private static List<String> targets(String helpers) {
        String h = helpers == null ? "" : helpers.strip();
        int eq = TagSyntax.findAssign(h);
        String target;
        if (eq >= 0) {
            target = h.substring(0, eq);
        } else {
            int bar = h.indexOf('|');
            target = bar < 0 ? h : h.substring(0, bar);
        }
        target = target.strip();
        if (target.startsWith("(") && target.endsWith(")")) {
            target = target.substring(1, target.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String t : TagSyntax.split(target, ',')) {
            if (!t.isBlank()) {
                out.add(t.strip());
            }
        }
        return out;
    }
}
