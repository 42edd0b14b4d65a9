package io.mm2dr.engine.template;

import com.hubspot.jinjava.el.TruthyTypeConverter;
import java.util.Collection;
import java.util.Map;

/**
 * jinjava's expression type coercions, made Pythonic: truth follows Python (the string
 * {@code 'false'} is true), values turn into text as Python's {@code str()} does (True, ['a']), and
 * any use of an undefined value raises its error.
 */
final class PythonTypeConverter extends TruthyTypeConverter {
    private static final long serialVersionUID = 1L;

    @Override
    public <T> T convert(Object value, Class<T> type) {
        if (value instanceof StrictUndefined u && type != Object.class) {
            throw u.error();
        }
        return super.convert(value, type);
    }

    @Override
    protected Boolean coerceToBoolean(Object value) {
        return Templar.truthy(value);
    }

    @Override
    protected String coerceToString(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean || value instanceof Double || value instanceof Float
                || value instanceof Collection || value instanceof Map || value instanceof StrictUndefined) {
            return PythonRepr.str(value);
        }
        return super.coerceToString(value);
    }
}
