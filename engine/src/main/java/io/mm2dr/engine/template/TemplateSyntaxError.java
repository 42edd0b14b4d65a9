package io.mm2dr.engine.template;

/** The template text is not valid Jinja (unbalanced braces, unclosed tag, bad expression...). */
public class TemplateSyntaxError extends TemplateError {
    private static final long serialVersionUID = 1L;

    private final int lineInTemplate;

    public TemplateSyntaxError(String message, String template, int lineInTemplate) {
        super(message, template, null);
        this.lineInTemplate = lineInTemplate;
    }

    /** 1-based line inside the template text, or 0 when unknown. */
    public int lineInTemplate() {
        return lineInTemplate;
    }
}
