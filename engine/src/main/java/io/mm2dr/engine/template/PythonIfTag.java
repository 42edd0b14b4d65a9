package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.IfTag;
import com.hubspot.jinjava.tree.TagNode;

/** {@code {% if %}}/{@code {% elif %}} with Python truthiness (jinjava treats 'false' as false). */
final class PythonIfTag extends IfTag {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isPositiveIfElseNode(TagNode tagNode, JinjavaInterpreter interpreter) {
        Object value = interpreter.resolveELExpression(tagNode.getHelpers(), tagNode.getLineNumber(),
                tagNode.getStartPosition());
        return Templar.truthy(value);
    }
}
