package io.mm2dr.engine.model;

import io.mm2dr.engine.template.TemplateError;
import java.util.function.UnaryOperator;

/**
 * A keyword that is a number, given either as one ({@code retries: 5}) or as a template that gives
 * one when the task runs ({@code retries: "{{ attempts }}"}); a literal that is not a number is
 * refused when the playbook is loaded.
 */
public record NumberOrTemplate(Number value, String template) {

    /** From a value read through {@link Keyword#read}: a number, a template string, or null. */
    static NumberOrTemplate of(Object read) {
        if (read == null) {
            return null;
        }
        return read instanceof Number n ? new NumberOrTemplate(n, null) : new NumberOrTemplate(null, String.valueOf(read));
    }

    /** The number, templating it first if need be; {@code keyword} names it in the error. */
    public double resolve(UnaryOperator<Object> templar, String keyword) {
        if (value != null) {
            return value.doubleValue();
        }
        Object v = templar.apply(template);
        try {
            return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new TemplateError("'" + keyword + "' must be a number, got " + v, template, null);
        }
    }

    @Override
    public String toString() {
        return value != null ? String.valueOf(value) : template;
    }
}
