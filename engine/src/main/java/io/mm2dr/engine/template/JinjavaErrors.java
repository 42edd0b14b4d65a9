package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError.ErrorItem;
import com.hubspot.jinjava.interpret.TemplateError.ErrorReason;
import com.hubspot.jinjava.interpret.TemplateError.ErrorType;
import com.hubspot.jinjava.interpret.TemplateSyntaxException;
import java.util.List;
import jinjava.de.odysseus.el.tree.TreeBuilderException;
import jinjava.javax.el.ELException;

/**
 * jinjava does not throw: it records errors on the interpreter and renders on. This class turns
 * those records (and exceptions it lets through) into this package's exceptions, keeping our own
 * exceptions (undefined variable, unknown filter, filter failures) when they are the cause.
 */
final class JinjavaErrors {
    private JinjavaErrors() {
    }

    /** Forgets the errors recorded on the interpreter. */
    static void clear(JinjavaInterpreter interpreter) {
        while (interpreter.getLastError().isPresent()) {
            interpreter.removeLastError();
        }
    }

    /**
     * The exception for the first relevant recorded error (warnings that do not affect the result are
     * ignored), or null.
     */
    static TemplateError firstFailure(List<com.hubspot.jinjava.interpret.TemplateError> errors, String template) {
        for (com.hubspot.jinjava.interpret.TemplateError error : errors) {
            TemplateError ours = ownCause(error.getException());
            if (ours != null) {
                return ours.inTemplate(template);
            }
            boolean cycle = error.getMessage() != null && error.getMessage().startsWith("Rendering cycle");
            if (cycle) {
                return new TemplateError("recursive loop detected in template string: " + template, template, null);
            }
            if (error.getReason() == ErrorReason.DISABLED && error.getItem() == ErrorItem.TAG) {
                // a tag of a Jinja2 extension that is not enabled (JinjaTags): unknown, as in Jinja2
                return new TemplateSyntaxError("Encountered unknown tag '" + error.getFieldName() + "'.", template,
                        Math.max(0, error.getLineno()));
            }
            boolean structural = error.getReason() == ErrorReason.SYNTAX_ERROR && error.getItem() == ErrorItem.TAG;
            if (error.getSeverity() != ErrorType.FATAL && !structural) {
                continue;
            }
            if (structural || isParseProblem(error.getException())) {
                return new TemplateSyntaxError(syntaxMessage(error.getMessage()), template, Math.max(0, error.getLineno()));
            }
            return new TemplateError(cleanMessage(error.getMessage()), template,
                    error.getException());
        }
        return null;
    }

    /** Converts an exception that escaped jinjava. */
    static TemplateError fromException(RuntimeException e, String template) {
        TemplateError ours = ownCause(e);
        if (ours != null) {
            return ours.inTemplate(template);
        }
        if (e instanceof TemplateSyntaxException tse && isParseProblem(tse)) {
            return new TemplateSyntaxError(syntaxMessage(tse.getMessage()), template, Math.max(0, tse.getLineNumber()));
        }
        if (e instanceof InterpretException ie) {
            return new TemplateError(cleanMessage(ie.getMessage()), template, e);
        }
        return new TemplateError("template error while templating string: " + e, template, e);
    }

    /**
     * jinjava reports both parse failures and evaluation failures as TemplateSyntaxException; only
     * the former (a JUEL TreeBuilderException, or no EL evaluation involved at all) are syntax errors.
     */
    private static boolean isParseProblem(Throwable e) {
        if (!(e instanceof TemplateSyntaxException)) {
            return false;
        }
        boolean evaluation = false;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof TreeBuilderException) {
                return true;
            }
            if (t instanceof ELException) {
                evaluation = true;
            }
        }
        return !evaluation;
    }

    static TemplateError ownCause(Throwable t) {
        int guard = 0;
        while (t != null && guard++ < 20) {
            if (t instanceof TemplateError te) {
                return te;
            }
            t = t.getCause();
        }
        return null;
    }

    private static String syntaxMessage(String message) {
        String m = cleanMessage(message);
        return m.startsWith("template error") ? m : "template error while templating string: " + m;
    }

    /** jinjava messages carry JUEL noise ("Error parsing '...': syntax error at position 5, encountered..."). */
    private static String cleanMessage(String message) {
        if (message == null) {
            return "template error";
        }
        String m = switch (message) {
            case "Unclosed token" -> "unexpected end of template, unclosed '{{' or '{%' (expected '}}' or '%}')";
            case "Unclosed comment" -> "unexpected end of template, unclosed comment (expected '#}')";
            case "Missing start tag" -> "encountered an end tag with no matching start tag";
            default -> message;
        };
        int origin = m.indexOf("\nOriginating Exception");
        if (origin > 0) {
            m = m.substring(0, origin);
        }
        return m.replace("Error parsing '", "syntax error in '").replaceAll("syntax error at position \\d+, ", "")
                .replace("Syntax error in", "syntax error in").trim();
    }
}
