package io.mm2dr.engine.template.conformance;

import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.template.TemplateContext;
import io.mm2dr.engine.builtin.BuiltinModules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The seam between the conformance corpus and the engine: renders a case exactly as the runner's
 * {@code template} module renders a file. The module itself runs (found by name among the builtin
 * modules, arguments validated by its own spec, as TaskRunner does), with {@code src}, {@code dest}
 * and the case's options (trim_blocks, lstrip_blocks, newline_sequence, the delimiters) as its
 * arguments; the file it writes is the answer. An option the module does not accept yet fails the
 * case with the module's own "unsupported argument" message.
 *
 * <p>When the template module learns its Jinja options it needs nothing here, unless it reaches the
 * Templar through a new {@link ModuleContext} method: then implement that method in {@link Context}
 * the way TaskRunner's context does.
 */
final class TemplateModuleRenderer {
    /** What the runner did with a case: the text written, or the error (first line). */
    record Outcome(String text, String error) {
        boolean failed() {
            return error != null;
        }
    }

    /** A guard against a case that never finishes (an endless loop in the engine), not a timing check. */
    static final long HANG_GUARD_SECONDS = Long.getLong("conformance.hangGuardSeconds", 60);

    /** The name of a case's template file (record_jinja2.py uses the same). */
    static final String MAIN = "__conformance_main__.j2";

    private final Module module;
    private final Path work;

    TemplateModuleRenderer(Path work) {
        this.work = work;
        this.module = new BuiltinModules().modules().stream().filter(m -> m.name().equals("template")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no template module"));
    }

    /**
     * Renders one case with a Templar of its own (so no case depends on the ones before it), in a
     * daemon thread abandoned if it does not finish within {@link #HANG_GUARD_SECONDS}.
     */
    Outcome render(Jinja2Case c, int n) {
        java.util.concurrent.FutureTask<Outcome> task = new java.util.concurrent.FutureTask<>(() -> renderNow(c, n));
        Thread t = new Thread(task, "conformance-" + n);
        t.setDaemon(true);
        t.start();
        try {
            return task.get(HANG_GUARD_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            t.interrupt();
            return new Outcome(null, "did not finish within " + HANG_GUARD_SECONDS + " s (hang guard)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            return new Outcome(null, e.getCause().getClass().getSimpleName() + ": " + firstLine(e.getCause().getMessage()));
        }
    }

    private Outcome renderNow(Jinja2Case c, int n) {
        Templar templar = new Templar();
        try {
            // each case in a folder of its own, its other templates beside it, as the recorder lays them out
            Path dir = Files.createDirectories(work.resolve("case" + n));
            Path src = dir.resolve(MAIN);
            Path dest = work.resolve("case" + n + ".out");
            for (Map.Entry<String, Object> t : c.templates().entrySet()) {
                Path p = dir.resolve(t.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, String.valueOf(t.getValue()), StandardCharsets.UTF_8);
            }
            Files.writeString(src, c.template(), StandardCharsets.UTF_8);
            Files.deleteIfExists(dest);
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("src", src.toString());
            args.put("dest", dest.toString());
            args.putAll(c.options());
            Map<String, Object> validated = module.spec().validate(args);
            ModuleResult r = module.run(validated, new Context(templar, c.vars(), dir));
            if (r.failed()) {
                return new Outcome(null, firstLine(r.msg()));
            }
            return new Outcome(Files.readString(dest, StandardCharsets.UTF_8), null);
        } catch (ArgumentError e) {
            return new Outcome(null, "template module: " + firstLine(e.getMessage()));
        } catch (Exception | StackOverflowError | NoClassDefFoundError | ExceptionInInitializerError e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** A task's module context reduced to what templating needs: the same calls TaskRunner makes. */
    static final class Context implements ModuleContext {
        private final Templar templar;
        private final Map<String, Object> vars;
        private final Path dir;

        Context(Templar templar, Map<String, Object> vars, Path dir) {
            this.templar = templar;
            this.vars = vars;
            this.dir = dir;
        }

        @Override
        public boolean checkMode() {
            return false;
        }

        @Override
        public boolean diffMode() {
            return false;
        }

        @Override
        public Map<String, Object> vars() {
            return vars;
        }

        @Override
        public Object template(Object value) {
            return Templar.plain(templar.template(value, vars, new TemplateContext(List.of(dir))));
        }

        @Override
        public Object evaluate(String expression) {
            return Templar.plain(templar.evaluate(expression, vars, new TemplateContext(List.of(dir))));
        }

        @Override
        public String renderTemplate(String text, io.mm2dr.engine.template.JinjaOptions options, List<Path> searchPaths) {
            return templar.renderTemplate(text, vars, new TemplateContext(searchPaths), options);
        }

        @Override
        public boolean condition(Object expression) {
            return templar.evaluateCondition(expression, vars, new TemplateContext(List.of(dir)));
        }

        @Override
        public List<Path> searchPaths(String kind) {
            return List.of(dir);
        }

        @Override
        public Path findFile(String kind, String name) {
            Path p = Path.of(name);
            return p.isAbsolute() ? p : dir.resolve(p);
        }

        @Override
        public Path playbookDir() {
            return dir;
        }

        @Override
        public void progress(String message) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public boolean sleep(long millis) {
            return true;
        }

        @Override
        public void secret(String value) {
        }

        @Override
        public int verbosity() {
            return 0;
        }

        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public <T extends AutoCloseable> T shared(String key, Class<T> type, Supplier<T> factory) {
            throw new UnsupportedOperationException("no shared resources in conformance tests");
        }
    }
}
