package io.mm2dr.engine.template;

import io.mm2dr.engine.template.JinjaLexer.JinjaSyntaxException;

/**
 * Ansible 2.14's last step when a playbook string renders to text from several parts: text that
 * starts with {@code [} or {@code {}, or is {@code True}/{@code False}, is read as a Python literal
 * ({@code ast.literal_eval}) and used as a list, dict or bool when it is one; otherwise it stays text.
 */
final class PythonLiteral {
    private PythonLiteral() {
    }

    static Object convert(String text) {
        if (text.equals("True")) {
            return Boolean.TRUE;
        }
        if (text.equals("False")) {
            return Boolean.FALSE;
        }
        if (!text.startsWith("[") && !text.startsWith("{")) {
            return text;
        }
        try {
            JinjaExpr parsed = JinjaParser.parse(text);
            boolean[] literal = {true};
            parsed.visit(node -> {
                boolean ok = node instanceof JinjaExpr.Const || node instanceof JinjaExpr.ListLit
                        || node instanceof JinjaExpr.DictLit
                        || (node instanceof JinjaExpr.Unary u && !u.op.equals("not")
                                && u.operand instanceof JinjaExpr.Const c && c.value instanceof Number);
                literal[0] &= ok;
            });
            if (!literal[0] || hasJinjaOnlyConstants(text)) {
                return text;
            }
            return PlainData.plain(parsed.eval(null));
        } catch (JinjaSyntaxException | TemplateError e) {
            return text;
        }
    }

    /** Python's literals are True/False/None; Jinja2's lower-case spellings are names there. */
    private static boolean hasJinjaOnlyConstants(String text) {
        for (JinjaLexer.Token t : JinjaLexer.tokenize(text)) {
            if (t.kind() == JinjaLexer.Kind.NAME && !t.text().equals("True") && !t.text().equals("False")
                    && !t.text().equals("None")) {
                return true;
            }
        }
        return false;
    }
}
