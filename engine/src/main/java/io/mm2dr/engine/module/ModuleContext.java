package io.mm2dr.engine.module;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the engine gives a running module: the mode (check, diff), the task's variables and a
 * way to template with them, where to find files, and a channel for progress while it waits.
 */
public interface ModuleContext {
    boolean checkMode();

    boolean diffMode();

    /** The task's variables, raw (values may still contain templates); read through {@link #template}. */
    Map<String, Object> vars();

    /** Templates a value with the task's variables (for modules such as {@code template} and {@code debug var=}). */
    Object template(Object value);

    /**
     * Renders a template file's text with the task's variables and Jinja options, as the
     * {@code template} module does; includes and imports are searched in {@code searchPaths}.
     */
    default String renderTemplate(String text, io.mm2dr.engine.template.JinjaOptions options, List<Path> searchPaths) {
        Object rendered = template(text);
        return rendered instanceof String s ? s : io.mm2dr.engine.template.Templar.render(rendered);
    }

    /** As {@link #renderTemplate(String, io.mm2dr.engine.template.JinjaOptions, List)} with {@code extraVars} on top. */
    default String renderTemplate(String text, io.mm2dr.engine.template.JinjaOptions options, List<Path> searchPaths,
            Map<String, Object> extraVars) {
        return renderTemplate(text, options, searchPaths);
    }

    /** Evaluates a bare Jinja expression with the task's variables. */
    Object evaluate(String expression);

    /** Jinja truthiness of a condition with the task's variables. */
    boolean condition(Object expression);

    /** Folders to search for a relative file of the given kind ("templates" or "files"), in order. */
    List<Path> searchPaths(String kind);

    /** Resolves a relative path against {@link #searchPaths}; an absolute path is returned as is. */
    Path findFile(String kind, String name);

    Path playbookDir();

    /** Reports progress of a long wait ("waiting for X: 3/6 ready"); shown with an elapsed time. */
    void progress(String message);

    /** True when the user asked to stop (Ctrl-C); long waits should check it. */
    boolean cancelled();

    /** Sleeps, waking early when cancelled. Returns false if cancelled. */
    boolean sleep(long millis);

    /** Registers a value that must be redacted from every output (a generated password, a token). */
    void secret(String value);

    int verbosity();

    /** Environment variables set with the {@code environment} keyword (templated), for processes the module starts. */
    Map<String, String> environment();

    /**
     * A resource shared by every task of the run (an API client, a connection pool), created on
     * first use under {@code key} and closed when the run ends.
     */
    <T extends AutoCloseable> T shared(String key, Class<T> type, java.util.function.Supplier<T> factory);
}
