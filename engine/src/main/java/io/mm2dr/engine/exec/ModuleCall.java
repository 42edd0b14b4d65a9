package io.mm2dr.engine.exec;

import io.mm2dr.engine.event.RunListener;
import io.mm2dr.engine.event.TaskInfo;
import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.template.TemplateContext;
import io.mm2dr.engine.template.Templar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A module's view of the task it runs for: its variables, check and diff mode, templating, files, progress, secrets. */
final class ModuleCall implements ModuleContext {
    private final RunServices services;
    private final TaskScope scope;
    private final Task task;
    private final TaskInfo info;
    private final HostState host;
    private final Map<String, Object> vars;
    private final TemplateContext tc;
    private final boolean check;
    private final boolean diff;
    private final Map<String, String> env;
    private final long started = System.nanoTime();

    ModuleCall(RunServices services, TaskScope scope, Task task, TaskInfo info, HostState host, Map<String, Object> vars, TemplateContext tc,
            boolean check, boolean diff, Map<String, String> env) {
        this.services = services;
        this.scope = scope;
        this.task = task;
        this.info = info;
        this.host = host;
        this.vars = vars;
        this.tc = tc;
        this.check = check;
        this.diff = diff;
        this.env = env;
    }

    @Override
    public boolean checkMode() {
        return check;
    }

    @Override
    public boolean diffMode() {
        return diff;
    }

    @Override
    public Map<String, Object> vars() {
        return vars;
    }

    @Override
    public Object template(Object value) {
        return Templar.plain(services.templar().template(value, vars, tc));
    }

    @Override
    public String renderTemplate(String text, io.mm2dr.engine.template.JinjaOptions options, List<Path> searchPaths) {
        return services.templar().renderTemplate(text, vars, new io.mm2dr.engine.template.TemplateContext(searchPaths), options);
    }

    @Override
    public String renderTemplate(String text, io.mm2dr.engine.template.JinjaOptions options, List<Path> searchPaths,
            Map<String, Object> extraVars) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>(vars);
        merged.putAll(extraVars);
        return services.templar().renderTemplate(text, merged, new io.mm2dr.engine.template.TemplateContext(searchPaths), options);
    }

    @Override
    public Object evaluate(String expression) {
        return Templar.plain(services.templar().evaluate(expression, vars, tc));
    }

    @Override
    public boolean condition(Object expression) {
        return services.templar().evaluateCondition(expression, vars, tc);
    }

    @Override
    public List<Path> searchPaths(String kind) {
        return scope.searchPaths(task, kind);
    }

    @Override
    public Path findFile(String kind, String name) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return p;
        }
        List<Path> tried = searchPaths(kind);
        for (Path dir : tried) {
            Path candidate = dir.resolve(name);
            if (Files.exists(candidate)) {
                return candidate.normalize();
            }
        }
        throw new ArgumentError("could not find '" + name + "'; looked in: "
                + String.join(", ", tried.stream().map(io.mm2dr.engine.yaml.SourcePos::displayPath).toList()));
    }

    @Override
    public Path playbookDir() {
        return scope.playbookDir();
    }

    @Override
    public void progress(String message) {
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        String shown = task.effectiveNoLog() ? "(progress hidden: no_log)" : services.redactor().redact(message);
        for (RunListener l : services.listeners()) {
            l.progress(info, host.name, shown, elapsed);
        }
    }

    @Override
    public boolean cancelled() {
        return services.cancelled();
    }

    @Override
    public boolean sleep(long millis) {
        return services.sleep(millis);
    }

    @Override
    public void secret(String value) {
        services.redactor().add(value);
    }

    @Override
    public int verbosity() {
        return services.options().verbosity();
    }

    @Override
    public Map<String, String> environment() {
        return env;
    }

    @Override
    public <T extends AutoCloseable> T shared(String key, Class<T> type, java.util.function.Supplier<T> factory) {
        return services.shared(key, type, factory);
    }
}
