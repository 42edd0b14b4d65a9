package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;

/**
 * Prints {@code {{ expr }}} inside a larger template the way Ansible does: Python's str() of the
 * value (True, ['a'], {'a': 1}), None as the empty string (Ansible's finalize), undefined as an
 * error. No nested interpretation of the printed text.
 */
final class PythonExpressionStrategy implements ExpressionStrategy {
    private static final long serialVersionUID = 1L;

    @Override
    public RenderedOutputNode interpretOutput(ExpressionToken master, JinjavaInterpreter interpreter) {
        Object value = interpreter.resolveELExpression(master.getExpr(), master.getLineNumber());
        if (value != null && !(value instanceof CharSequence) && !(value instanceof StrictUndefined)
                && !(value instanceof UnsafeText)) {
            JinjaTemplates.printedNonText(master, value);
        }
        return new RenderedOutputNode(value == null ? "" : PythonRepr.str(value));
    }
}
