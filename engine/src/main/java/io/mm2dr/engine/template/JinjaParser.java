package io.mm2dr.engine.template;

import io.mm2dr.engine.template.JinjaLexer.JinjaSyntaxException;
import io.mm2dr.engine.template.JinjaLexer.Kind;
import io.mm2dr.engine.template.JinjaLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Jinja2's expression grammar, by precedence from loosest to tightest: tuples ({@code a, b}),
 * conditional expressions ({@code a if c else b}), {@code or}, {@code and}, {@code not},
 * comparisons (chained, {@code in}, {@code not in}), {@code + -}, {@code ~}, {@code * / // %},
 * {@code **} (left to right, as Jinja2), unary {@code - +}, then primaries with their postfixes
 * ({@code .name}, {@code .1}, {@code [key]}, {@code [a:b:c]}, calls) and filters and tests
 * ({@code | name(args)}, {@code is [not] name args}), whose names may be dotted
 * ({@code ansible.builtin.to_json}).
 */
final class JinjaParser {
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", ">", "<=", ">=");
    private static final Set<String> CONSTANTS = Set.of("true", "false", "none", "True", "False", "None");

    private final List<Token> tokens;
    private int p;

    private JinjaParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses a whole expression ({@code {{ ... }}} content); a top-level {@code a, b} is a tuple. */
    static JinjaExpr parse(String source) {
        JinjaParser parser = new JinjaParser(JinjaLexer.tokenize(source));
        JinjaExpr expr = parser.tuple(false);
        if (parser.current().kind() != Kind.END) {
            Token t = parser.current();
            throw new JinjaSyntaxException("expected token 'end of print statement', got '" + t.describe() + "'",
                    t.pos());
        }
        return expr;
    }

    private Token current() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(p);
        if (t.kind() != Kind.END) {
            p++;
        }
        return t;
    }

    private boolean skip(String operator) {
        if (current().is(operator)) {
            p++;
            return true;
        }
        return false;
    }

    private boolean skipName(String name) {
        if (current().isName(name)) {
            p++;
            return true;
        }
        return false;
    }

    private Token expect(String operator) {
        Token t = current();
        if (!t.is(operator)) {
            throw unexpected(t, "'" + operator + "'");
        }
        return next();
    }

    private Token expectName() {
        Token t = current();
        if (t.kind() != Kind.NAME) {
            throw unexpected(t, "name");
        }
        return next();
    }

    private static JinjaSyntaxException unexpected(Token t, String expected) {
        if (t.kind() == Kind.END) {
            return new JinjaSyntaxException("unexpected end of template, expected " + expected + ".", t.pos());
        }
        return new JinjaSyntaxException("expected token " + expected + ", got '" + t.describe() + "'", t.pos());
    }

    private boolean tupleEnd() {
        Token t = current();
        return t.kind() == Kind.END || t.is(")") || t.is("]") || t.is("}");
    }

    /** {@code a, b, c} (a tuple when a comma is present), or one expression. */
    private JinjaExpr tuple(boolean explicitParentheses) {
        int pos = current().pos();
        List<JinjaExpr> items = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!items.isEmpty()) {
                expect(",");
            }
            if (tupleEnd()) {
                break;
            }
            items.add(expression());
            if (current().is(",")) {
                isTuple = true;
            } else {
                break;
            }
        }
        if (!isTuple) {
            if (!items.isEmpty()) {
                return items.get(0);
            }
            if (!explicitParentheses) {
                Token t = current();
                throw new JinjaSyntaxException("Expected an expression, got '" + t.describe() + "'", t.pos());
            }
        }
        return new JinjaExpr.ListLit(pos, items, true);
    }

    JinjaExpr expression() {
        JinjaExpr expr = or();
        while (current().isName("if")) {
            int pos = next().pos();
            JinjaExpr test = or();
            JinjaExpr otherwise = skipName("else") ? expression() : null;
            expr = new JinjaExpr.CondExpr(pos, test, expr, otherwise);
        }
        return expr;
    }

    private JinjaExpr or() {
        JinjaExpr left = and();
        while (current().isName("or")) {
            int pos = next().pos();
            left = new JinjaExpr.Or(pos, left, and());
        }
        return left;
    }

    private JinjaExpr and() {
        JinjaExpr left = not();
        while (current().isName("and")) {
            int pos = next().pos();
            left = new JinjaExpr.And(pos, left, not());
        }
        return left;
    }

    private JinjaExpr not() {
        if (current().isName("not")) {
            int pos = next().pos();
            return new JinjaExpr.Unary(pos, "not", not());
        }
        return compare();
    }

    private JinjaExpr compare() {
        int pos = current().pos();
        JinjaExpr first = math1();
        List<String> ops = new ArrayList<>();
        List<JinjaExpr> operands = new ArrayList<>();
        while (true) {
            Token t = current();
            if (t.kind() == Kind.OPERATOR && COMPARISONS.contains(t.text())) {
                next();
                ops.add(t.text());
                operands.add(math1());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
                operands.add(math1());
            } else if (t.isName("not") && peek(1).isName("in")) {
                next();
                next();
                ops.add("not in");
                operands.add(math1());
            } else {
                break;
            }
        }
        return ops.isEmpty() ? first : new JinjaExpr.Compare(pos, first, ops, operands);
    }

    private JinjaExpr math1() {
        JinjaExpr left = concat();
        while (current().is("+") || current().is("-")) {
            Token op = next();
            left = new JinjaExpr.Binary(op.pos(), op.text(), left, concat());
        }
        return left;
    }

    private JinjaExpr concat() {
        int pos = current().pos();
        List<JinjaExpr> parts = new ArrayList<>();
        parts.add(math2());
        while (skip("~")) {
            parts.add(math2());
        }
        return parts.size() == 1 ? parts.get(0) : new JinjaExpr.Concat(pos, parts);
    }

    private JinjaExpr math2() {
        JinjaExpr left = pow();
        while (current().is("*") || current().is("/") || current().is("//") || current().is("%")) {
            Token op = next();
            left = new JinjaExpr.Binary(op.pos(), op.text(), left, pow());
        }
        return left;
    }

    private JinjaExpr pow() {
        JinjaExpr left = unary(true);
        while (current().is("**")) {
            Token op = next();
            left = new JinjaExpr.Binary(op.pos(), "**", left, unary(true));
        }
        return left;
    }

    private JinjaExpr unary(boolean withFilter) {
        Token t = current();
        JinjaExpr node;
        if (t.is("-") || t.is("+")) {
            next();
            node = new JinjaExpr.Unary(t.pos(), t.text(), unary(false));
        } else {
            node = primary();
        }
        node = postfix(node);
        if (withFilter) {
            node = filterExpr(node);
        }
        return node;
    }

    private JinjaExpr primary() {
        Token t = current();
        switch (t.kind()) {
            case NAME -> {
                next();
                if (CONSTANTS.contains(t.text())) {
                    return new JinjaExpr.Const(t.pos(), switch (t.text()) {
                        case "true", "True" -> Boolean.TRUE;
                        case "false", "False" -> Boolean.FALSE;
                        default -> null;
                    });
                }
                return new JinjaExpr.Name(t.pos(), t.text());
            }
            case STRING -> {
                next();
                StringBuilder sb = new StringBuilder((String) t.value());
                while (current().kind() == Kind.STRING) {
                    sb.append((String) next().value());
                }
                return new JinjaExpr.Const(t.pos(), sb.toString());
            }
            case INTEGER, FLOAT -> {
                next();
                return new JinjaExpr.Const(t.pos(), t.value());
            }
            case OPERATOR -> {
                if (t.is("(")) {
                    next();
                    JinjaExpr inner = tuple(true);
                    expect(")");
                    return inner;
                }
                if (t.is("[")) {
                    return list();
                }
                if (t.is("{")) {
                    return dict();
                }
                throw new JinjaSyntaxException("unexpected '" + t.text() + "'", t.pos());
            }
            default -> throw new JinjaSyntaxException("unexpected end of template, expected an expression.", t.pos());
        }
    }

    private JinjaExpr list() {
        int pos = expect("[").pos();
        List<JinjaExpr> items = new ArrayList<>();
        while (!current().is("]")) {
            if (!items.isEmpty()) {
                expect(",");
            }
            if (current().is("]")) {
                break;
            }
            items.add(expression());
        }
        expect("]");
        return new JinjaExpr.ListLit(pos, items, false);
    }

    private JinjaExpr dict() {
        int pos = expect("{").pos();
        List<JinjaExpr> keys = new ArrayList<>();
        List<JinjaExpr> values = new ArrayList<>();
        while (!current().is("}")) {
            if (!keys.isEmpty()) {
                expect(",");
            }
            if (current().is("}")) {
                break;
            }
            keys.add(expression());
            expect(":");
            values.add(expression());
        }
        expect("}");
        return new JinjaExpr.DictLit(pos, keys, values);
    }

    private JinjaExpr postfix(JinjaExpr node) {
        while (true) {
            Token t = current();
            if (t.is(".")) {
                next();
                Token attr = current();
                if (attr.kind() == Kind.NAME) {
                    next();
                    node = new JinjaExpr.GetAttr(t.pos(), node, attr.text());
                } else if (attr.kind() == Kind.INTEGER) {
                    next();
                    node = new JinjaExpr.GetItem(t.pos(), node, new JinjaExpr.Const(attr.pos(), attr.value()));
                } else {
                    throw new JinjaSyntaxException("expected name or number", attr.pos());
                }
            } else if (t.is("[")) {
                next();
                List<JinjaExpr> args = new ArrayList<>();
                while (!current().is("]")) {
                    if (!args.isEmpty()) {
                        expect(",");
                    }
                    args.add(subscribed());
                }
                expect("]");
                JinjaExpr key = args.size() == 1 ? args.get(0) : new JinjaExpr.ListLit(t.pos(), args, true);
                node = new JinjaExpr.GetItem(t.pos(), node, key);
            } else if (t.is("(")) {
                node = new JinjaExpr.Call(t.pos(), node, callArgs());
            } else {
                return node;
            }
        }
    }

    /** An index or a slice {@code a:b:c} inside brackets. */
    private JinjaExpr subscribed() {
        int pos = current().pos();
        JinjaExpr start = null;
        if (current().is(":")) {
            next();
        } else {
            JinjaExpr node = expression();
            if (!current().is(":")) {
                return node;
            }
            next();
            start = node;
        }
        JinjaExpr stop = null;
        JinjaExpr step = null;
        if (!current().is(":") && !current().is("]") && !current().is(",")) {
            stop = expression();
        }
        if (current().is(":")) {
            next();
            if (!current().is("]") && !current().is(",")) {
                step = expression();
            }
        }
        return new JinjaExpr.Slice(pos, start, stop, step);
    }

    private JinjaExpr.Args callArgs() {
        expect("(");
        List<JinjaExpr> positional = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<JinjaExpr> named = new ArrayList<>();
        JinjaExpr starArgs = null;
        JinjaExpr starKwargs = null;
        boolean first = true;
        while (!current().is(")")) {
            if (!first) {
                expect(",");
                if (current().is(")")) {
                    break;
                }
            }
            first = false;
            Token t = current();
            if (t.is("*")) {
                next();
                starArgs = expression();
            } else if (t.is("**")) {
                next();
                starKwargs = expression();
            } else if (t.kind() == Kind.NAME && peek(1).is("=")) {
                if (starKwargs != null) {
                    throw new JinjaSyntaxException("invalid syntax for function call expression", t.pos());
                }
                next();
                next();
                names.add(t.text());
                named.add(expression());
            } else {
                if (starArgs != null || starKwargs != null || !names.isEmpty()) {
                    throw new JinjaSyntaxException("invalid syntax for function call expression", t.pos());
                }
                positional.add(expression());
            }
        }
        expect(")");
        return new JinjaExpr.Args(positional, names, named, starArgs, starKwargs);
    }

    private JinjaExpr filterExpr(JinjaExpr node) {
        while (true) {
            Token t = current();
            if (t.is("|")) {
                next();
                String name = dottedName();
                JinjaExpr.Args args = current().is("(") ? callArgs() : JinjaExpr.Args.NONE;
                node = new JinjaExpr.Filter(t.pos(), node, name, args);
            } else if (t.isName("is")) {
                node = test(node);
            } else if (t.is("(")) {
                node = new JinjaExpr.Call(t.pos(), node, callArgs());
            } else {
                return node;
            }
        }
    }

    private String dottedName() {
        StringBuilder name = new StringBuilder(expectName().text());
        while (current().is(".") && peek(1).kind() == Kind.NAME) {
            next();
            name.append('.').append(next().text());
        }
        return name.toString();
    }

    private JinjaExpr test(JinjaExpr node) {
        int pos = next().pos(); // 'is'
        boolean negated = skipName("not");
        String name = dottedName();
        JinjaExpr.Args args = JinjaExpr.Args.NONE;
        Token t = current();
        if (t.is("(")) {
            args = callArgs();
        } else if ((t.kind() == Kind.NAME || t.kind() == Kind.STRING || t.kind() == Kind.INTEGER
                || t.kind() == Kind.FLOAT || t.is("[") || t.is("{"))
                && !(t.isName("else") || t.isName("or") || t.isName("and") || t.isName("if"))) {
            if (t.isName("is")) {
                throw new JinjaSyntaxException("You cannot chain multiple tests with is", t.pos());
            }
            JinjaExpr arg = postfix(primary());
            args = new JinjaExpr.Args(List.of(arg), List.of(), List.of(), null, null);
        }
        return new JinjaExpr.Test(pos, node, name, args, negated);
    }
}
