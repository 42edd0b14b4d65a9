package io.mm2dr.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.loader.ResourceLocator;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the files of {@code {% include %}}, {@code {% import %}} and {@code {% from %}} as Ansible's
 * template module and template lookup do: in the render's search paths (the template's own folder
 * first, then each search path's templates/ sub-folder and the path itself). The text is prepared
 * with the Jinja options of the render that includes it ({@link JinjaSource}).
 */
final class TemplateResourceLocator implements ResourceLocator {
    private static final ThreadLocal<JinjaOptions> OPTIONS = ThreadLocal.withInitial(() -> JinjaOptions.DEFAULT);

    /** Sets the options of the render under way on this thread; returns the previous ones. */
    static JinjaOptions use(JinjaOptions options) {
        JinjaOptions previous = OPTIONS.get();
        OPTIONS.set(options);
        return previous;
    }

    /**
     * The options of the render under way on this thread (the defaults outside a template file's
     * render): a variable's value rendered inside it is rendered with them, its delimiters included,
     * as Ansible renders it in the environment of the template that refers to it.
     */
    static JinjaOptions current() {
        return OPTIONS.get();
    }

    @Override
    public String getString(String fullName, Charset encoding, JinjavaInterpreter interpreter) throws IOException {
        VariableContext current = VariableContext.current();
        TemplateContext ctx = current == null ? TemplateContext.NONE : current.templateContext();
        Path path;
        try {
            path = Lookups.locate(fullName, ctx, "templates", "template");
        } catch (TemplateError e) {
            throw new TemplateError("TemplateNotFound: " + fullName);
        }
        JinjaOptions options = OPTIONS.get();
        String source = JinjaSource.prepare(Files.readString(path, encoding), options);
        return options.standardDelimiters() ? NestedBraceRewriter.rewrite(source) : source;
    }
}
