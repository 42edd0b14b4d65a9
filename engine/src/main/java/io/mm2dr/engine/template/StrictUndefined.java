package io.mm2dr.engine.template;

/**
 * Placeholder for an undefined variable or a missing key/attribute, like Jinja2's StrictUndefined
 * as Ansible uses it. It flows through the expression harmlessly (so {@code is defined},
 * {@code default()} and {@code mandatory} can see it), but using it in any other way - printing it,
 * testing it for truth, comparing it, doing arithmetic or calling a filter on it - raises an
 * {@link UndefinedVariableError}. Attribute access on it returns itself, as Ansible's
 * AnsibleUndefined does, so {@code foo.bar is defined} is simply false.
 */
final class StrictUndefined {
    private final String name;
    private final String message;

    private StrictUndefined(String name, String message) {
        this.name = name;
        this.message = message;
    }

    static StrictUndefined variable(String name) {
        return new StrictUndefined(name, "'" + name + "' is undefined");
    }

    /** A missing key or attribute of {@code owner} (a dict, list, str...). */
    static StrictUndefined attribute(Object owner, Object attribute) {
        String attr = String.valueOf(attribute);
        return new StrictUndefined(attr, "'" + PythonRepr.typeName(owner) + " object' has no attribute '" + attr + "'");
    }

    static StrictUndefined withMessage(String name, String message) {
        return new StrictUndefined(name, message);
    }

    String name() {
        return name;
    }

    String message() {
        return message;
    }

    UndefinedVariableError error() {
        return new UndefinedVariableError(name, message);
    }

    /** Throws the error if {@code value} is undefined; returns the value otherwise. */
    static Object require(Object value) {
        if (value instanceof StrictUndefined u) {
            throw u.error();
        }
        return value;
    }

    @Override
    public String toString() {
        throw error();
    }

    @Override
    public boolean equals(Object other) {
        throw error();
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
