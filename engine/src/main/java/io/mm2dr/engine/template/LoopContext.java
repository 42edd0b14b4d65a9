package io.mm2dr.engine.template;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Jinja2's {@code loop} variable: index, index0, revindex, revindex0, first, last, length, depth,
 * depth0, previtem, nextitem, {@code cycle(...)} and {@code changed(...)}. ({@code loop(...)} of a
 * recursive loop is a function registered beside it, see {@link PythonForTag}.)
 */
final class LoopContext {
    private static final Object NOTHING = new Object();

    private final List<Object> items;
    private final int depth0;
    private int index0 = -1;
    private Object lastChanged = NOTHING;

    LoopContext(List<Object> items, int depth0) {
        this.items = items;
        this.depth0 = depth0;
    }

    void advance() {
        index0++;
    }

    /** An attribute as {@code loop.NAME} reads it. */
    Object attribute(String name) {
        int length = items.size();
        return switch (name) {
            case "index" -> (long) index0 + 1;
            case "index0" -> (long) index0;
            case "revindex" -> (long) (length - index0);
            case "revindex0" -> (long) (length - index0 - 1);
            case "first" -> index0 == 0;
            case "last" -> index0 == length - 1;
            case "length" -> (long) length;
            case "depth" -> (long) depth0 + 1;
            case "depth0" -> (long) depth0;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1)
                    : StrictUndefined.withMessage("previtem", "there is no previous item");
            case "nextitem" -> index0 + 1 < length ? items.get(index0 + 1)
                    : StrictUndefined.withMessage("nextitem", "there is no next item");
            default -> StrictUndefined.withMessage(name, "'LoopContext object' has no attribute '" + name + "'");
        };
    }

    /** {@code loop.cycle(a, b, ...)} and {@code loop.changed(x, ...)}. */
    Object invoke(String method, Object[] args) {
        switch (method) {
            case "cycle":
                if (args.length == 0) {
                    throw new TemplateError("no items for cycling given");
                }
                return args[index0 % args.length];
            case "changed":
                List<Object> value = Arrays.asList(args);
                if (lastChanged == NOTHING || !Objects.equals(lastChanged, value)) {
                    lastChanged = value;
                    return true;
                }
                return false;
            default:
                throw new TemplateError("'LoopContext object' has no attribute '" + method + "'");
        }
    }

    @Override
    public String toString() {
        return "<LoopContext " + (index0 + 1) + "/" + items.size() + ">";
    }
}
