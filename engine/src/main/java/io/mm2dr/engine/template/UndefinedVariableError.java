package io.mm2dr.engine.template;

/**
 * An undefined variable, or a missing key or attribute, was used where a value is needed.
 * The message follows Ansible: {@code 'foo' is undefined} or
 * {@code 'dict object' has no attribute 'bar'}.
 */
public class UndefinedVariableError extends TemplateError {
    private static final long serialVersionUID = 1L;

    private final String variableName;

    public UndefinedVariableError(String variableName, String message) {
        super(message);
        this.variableName = variableName;
    }

    /** The undefined variable, or the missing attribute/key for attribute access. */
    public String variableName() {
        return variableName;
    }
}
