package io.mm2dr.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The tree of a parsed Jinja2 expression. Each node evaluates itself with Python's semantics
 * ({@link PyOps}); names, attributes, filters, tests, functions and macros are resolved through
 * jinjava's context ({@link JinjaEvaluation}).
 *
 * <p>Over 500 lines on purpose: the grammar's node types, one small nested class each, kept in
 * one place so that the parser and the evaluator see the whole tree at once; the evaluation they
 * delegate to lives in {@link PyOps} and {@link JinjaEvaluation}.
 */
abstract class JinjaExpr {
    final int pos;

    JinjaExpr(int pos) {
        this.pos = pos;
    }

    abstract Object eval(JinjaEvaluation ev);

    /** Visits this node and its children (for the static checks). */
    void visit(Consumer<JinjaExpr> visitor) {
        visitor.accept(this);
        for (JinjaExpr child : children()) {
            if (child != null) {
                child.visit(visitor);
            }
        }
    }

    List<JinjaExpr> children() {
        return List.of();
    }

    // ------------------------------------------------------------------ leaves

    static final class Const extends JinjaExpr {
        final Object value;

        Const(int pos, Object value) {
            super(pos);
            this.value = value;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            return value;
        }
    }

    static final class Name extends JinjaExpr {
        final String name;

        Name(int pos, String name) {
            super(pos);
            this.name = name;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            return ev.variable(name);
        }
    }

    // ------------------------------------------------------------------ literals

    static final class ListLit extends JinjaExpr {
        final List<JinjaExpr> items;
        final boolean tuple;

        ListLit(int pos, List<JinjaExpr> items, boolean tuple) {
            super(pos);
            this.items = items;
            this.tuple = tuple;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            List<Object> out = new ArrayList<>(items.size());
            for (JinjaExpr item : items) {
                out.add(item.eval(ev));
            }
            return tuple ? new PyTuple(out) : out;
        }

        @Override
        List<JinjaExpr> children() {
            return items;
        }
    }

    static final class DictLit extends JinjaExpr {
        final List<JinjaExpr> keys;
        final List<JinjaExpr> values;

        DictLit(int pos, List<JinjaExpr> keys, List<JinjaExpr> values) {
            super(pos);
            this.keys = keys;
            this.values = values;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                Object key = PyOps.hashable(keys.get(i).eval(ev));
                out.put(key, values.get(i).eval(ev));
            }
            return out;
        }

        @Override
        List<JinjaExpr> children() {
            List<JinjaExpr> all = new ArrayList<>(keys);
            all.addAll(values);
            return all;
        }
    }

    // ------------------------------------------------------------------ operators

    static final class Binary extends JinjaExpr {
        final String op;
        final JinjaExpr left;
        final JinjaExpr right;

        Binary(int pos, String op, JinjaExpr left, JinjaExpr right) {
            super(pos);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            Object a = left.eval(ev);
            Object b = right.eval(ev);
            return PyOps.binary(op, a, b);
        }

        @Override
        List<JinjaExpr> children() {
            return List.of(left, right);
        }
    }

    static final class Unary extends JinjaExpr {
        final String op;
        final JinjaExpr operand;

        Unary(int pos, String op, JinjaExpr operand) {
            super(pos);
            this.op = op;
            this.operand = operand;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            Object v = operand.eval(ev);
            return switch (op) {
                case "not" -> !Templar.truthy(v);
                case "-" -> PyOps.negate(v);
                default -> PyOps.positive(v);
            };
        }

        @Override
        List<JinjaExpr> children() {
            return List.of(operand);
        }
    }

    static final class And extends JinjaExpr {
        final JinjaExpr left;
        final JinjaExpr right;

        And(int pos, JinjaExpr left, JinjaExpr right) {
            super(pos);
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            Object a = left.eval(ev);
            return Templar.truthy(a) ? right.eval(ev) : a;
        }

        @Override
        List<JinjaExpr> children() {
            return List.of(left, right);
        }
    }

    static final class Or extends JinjaExpr {
        final JinjaExpr left;
        final JinjaExpr right;

        Or(int pos, JinjaExpr left, JinjaExpr right) {
            super(pos);
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            Object a = left.eval(ev);
            return Templar.truthy(a) ? a : right.eval(ev);
        }

        @Override
        List<JinjaExpr> children() {
            return List.of(left, right);
        }
    }

    /** {@code a < b <= c}: each comparison with its neighbour, each operand evaluated once. */
    static final class Compare extends JinjaExpr {
        final JinjaExpr first;
        final List<String> ops;
        final List<JinjaExpr> operands;

        Compare(int pos, JinjaExpr first, List<String> ops, List<JinjaExpr> operands) {
            super(pos);
            this.first = first;
            this.ops = ops;
            this.operands = operands;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            Object left = first.eval(ev);
            for (int i = 0; i < ops.size(); i++) {
                Object right = operands.get(i).eval(ev);
                if (!PyOps.compare(ops.get(i), left, right)) {
                    return false;
                }
                left = right;
            }
            return true;
        }

        @Override
        List<JinjaExpr> children() {
            List<JinjaExpr> all = new ArrayList<>();
            all.add(first);
            all.addAll(operands);
            return all;
        }
    }

    /** {@code a ~ b ~ c}: the text of each. */
    static final class Concat extends JinjaExpr {
        final List<JinjaExpr> parts;

        Concat(int pos, List<JinjaExpr> parts) {
            super(pos);
            this.parts = parts;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            StringBuilder sb = new StringBuilder();
            for (JinjaExpr part : parts) {
                sb.append(PyOps.str(part.eval(ev)));
            }
            return sb.toString();
        }

        @Override
        List<JinjaExpr> children() {
            return parts;
        }
    }

    /** {@code a if cond else b}; without {@code else}, an undefined value. */
    static final class CondExpr extends JinjaExpr {
        final JinjaExpr test;
        final JinjaExpr then;
        final JinjaExpr otherwise;

        CondExpr(int pos, JinjaExpr test, JinjaExpr then, JinjaExpr otherwise) {
            super(pos);
            this.test = test;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            if (Templar.truthy(test.eval(ev))) {
                return then.eval(ev);
            }
            if (otherwise == null) {
                // Jinja2 gives a lenient Undefined here (not the environment's strict one): it prints as ''
                return "";
            }
            return otherwise.eval(ev);
        }

        @Override
        List<JinjaExpr> children() {
            List<JinjaExpr> all = new ArrayList<>();
            all.add(test);
            all.add(then);
            if (otherwise != null) {
                all.add(otherwise);
            }
            return all;
        }
    }

    // ------------------------------------------------------------------ access

    /** {@code x.name} (attribute first, then item, as Jinja2's getattr). */
    static final class GetAttr extends JinjaExpr {
        final JinjaExpr target;
        final String attribute;

        GetAttr(int pos, JinjaExpr target, String attribute) {
            super(pos);
            this.target = target;
            this.attribute = attribute;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            return ev.attribute(target.eval(ev), attribute);
        }

        @Override
        List<JinjaExpr> children() {
            return List.of(target);
        }
    }

    /** {@code x[key]}, {@code x.1}, {@code x[a:b:c]}. */
    static final class GetItem extends JinjaExpr {
        final JinjaExpr target;
        final JinjaExpr key;

        GetItem(int pos, JinjaExpr target, JinjaExpr key) {
            super(pos);
            this.target = target;
            this.key = key;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            Object base = target.eval(ev);
            if (key instanceof Slice slice) {
                if (base instanceof StrictUndefined u) {
                    throw u.error();
                }
                return PyOps.slice(base, slice.start == null ? null : slice.start.eval(ev),
                        slice.stop == null ? null : slice.stop.eval(ev), slice.step == null ? null : slice.step.eval(ev));
            }
            Object k = key.eval(ev);
            if (base instanceof StrictUndefined) {
                return base;
            }
            StrictUndefined.require(k);
            return ev.attribute(base, k);
        }

        @Override
        List<JinjaExpr> children() {
            return List.of(target, key);
        }
    }

    static final class Slice extends JinjaExpr {
        final JinjaExpr start;
        final JinjaExpr stop;
        final JinjaExpr step;

        Slice(int pos, JinjaExpr start, JinjaExpr stop, JinjaExpr step) {
            super(pos);
            this.start = start;
            this.stop = stop;
            this.step = step;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            throw new TemplateError("a slice is only valid inside []");
        }

        @Override
        List<JinjaExpr> children() {
            List<JinjaExpr> all = new ArrayList<>();
            for (JinjaExpr e : new JinjaExpr[] {start, stop, step}) {
                if (e != null) {
                    all.add(e);
                }
            }
            return all;
        }
    }

    // ------------------------------------------------------------------ calls

    /** The arguments of a call, filter or test: positional, keyword, {@code *args}, {@code **kwargs}. */
    static final class Args {
        static final Args NONE = new Args(List.of(), List.of(), List.of(), null, null);

        final List<JinjaExpr> positional;
        final List<String> names;
        final List<JinjaExpr> named;
        final JinjaExpr starArgs;
        final JinjaExpr starKwargs;

        Args(List<JinjaExpr> positional, List<String> names, List<JinjaExpr> named, JinjaExpr starArgs,
                JinjaExpr starKwargs) {
            this.positional = positional;
            this.names = names;
            this.named = named;
            this.starArgs = starArgs;
            this.starKwargs = starKwargs;
        }

        List<Object> positional(JinjaEvaluation ev) {
            List<Object> out = new ArrayList<>(positional.size());
            for (JinjaExpr e : positional) {
                out.add(e.eval(ev));
            }
            if (starArgs != null) {
                Object more = StrictUndefined.require(starArgs.eval(ev));
                for (Object o : PlainData.asIterable(more)) {
                    out.add(o);
                }
            }
            return out;
        }

        Map<String, Object> named(JinjaEvaluation ev) {
            if (names.isEmpty() && starKwargs == null) {
                return new LinkedHashMap<>();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), named.get(i).eval(ev));
            }
            if (starKwargs != null) {
                Object more = PlainData.unwrap(StrictUndefined.require(starKwargs.eval(ev)));
                if (more instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        out.put(PlainData.keyString(e.getKey()), e.getValue());
                    }
                }
            }
            return out;
        }

        List<JinjaExpr> all() {
            List<JinjaExpr> all = new ArrayList<>(positional);
            all.addAll(named);
            if (starArgs != null) {
                all.add(starArgs);
            }
            if (starKwargs != null) {
                all.add(starKwargs);
            }
            return all;
        }
    }

    static final class Call extends JinjaExpr {
        final JinjaExpr callee;
        final Args args;

        Call(int pos, JinjaExpr callee, Args args) {
            super(pos);
            this.callee = callee;
            this.args = args;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            if (callee instanceof Name name) {
                return ev.callName(name.name, args.positional(ev), args.named(ev));
            }
            if (callee instanceof GetAttr attr) {
                Object base = attr.target.eval(ev);
                return ev.callMethod(base, attr.attribute, args.positional(ev), args.named(ev));
            }
            Object fn = callee.eval(ev);
            return ev.callValue(fn, "expression", args.positional(ev), args.named(ev));
        }

        @Override
        List<JinjaExpr> children() {
            List<JinjaExpr> all = new ArrayList<>();
            all.add(callee);
            all.addAll(args.all());
            return all;
        }
    }

    static final class Filter extends JinjaExpr {
        final JinjaExpr value;
        final String name;
        final Args args;

        Filter(int pos, JinjaExpr value, String name, Args args) {
            super(pos);
            this.value = value;
            this.name = name;
            this.args = args;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            Object v = value.eval(ev);
            return ev.filter(name, v, args.positional(ev), args.named(ev));
        }

        @Override
        List<JinjaExpr> children() {
            List<JinjaExpr> all = new ArrayList<>();
            all.add(value);
            all.addAll(args.all());
            return all;
        }
    }

    static final class Test extends JinjaExpr {
        final JinjaExpr value;
        final String name;
        final Args args;
        final boolean negated;

        Test(int pos, JinjaExpr value, String name, Args args, boolean negated) {
            super(pos);
            this.value = value;
            this.name = name;
            this.args = args;
            this.negated = negated;
        }

        @Override
        Object eval(JinjaEvaluation ev) {
            Object v = value.eval(ev);
            return ev.test(name, v, args.positional(ev), args.named(ev), negated);
        }

        @Override
        List<JinjaExpr> children() {
            List<JinjaExpr> all = new ArrayList<>();
            all.add(value);
            all.addAll(args.all());
            return all;
        }
    }

}
