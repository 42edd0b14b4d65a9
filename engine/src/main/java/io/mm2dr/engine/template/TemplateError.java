package io.mm2dr.engine.template;

/**
 * A template could not be evaluated. The message is meant for the user (Ansible wording where
 * Ansible has one); {@link #template()} is the template text that failed, when known.
 */
public class TemplateError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private String template;

    public TemplateError(String message) {
        this(message, null, null);
    }

    public TemplateError(String message, Throwable cause) {
        this(message, null, cause);
    }

    public TemplateError(String message, String template, Throwable cause) {
        super(message, cause);
        this.template = template;
    }

    /** The offending template text, or null when the error did not come from one template. */
    public String template() {
        return template;
    }

    /** Records the template the error came from, unless a more specific one is already known. */
    TemplateError inTemplate(String templateText) {
        if (template == null) {
            template = templateText;
        }
        return this;
    }
}
