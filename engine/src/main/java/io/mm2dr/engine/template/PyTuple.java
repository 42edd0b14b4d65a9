package io.mm2dr.engine.template;

import java.util.ArrayList;
import java.util.List;

/** A Python tuple (as returned by {@code dict.items()}): a list that prints with parentheses. */
class PyTuple extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    PyTuple(List<?> items) {
        super(items);
    }

    static PyTuple of(Object... items) {
        return new PyTuple(java.util.Arrays.asList(items));
    }
}
