package io.mm2dr.engine.exec;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.event.RunListener;
import io.mm2dr.engine.event.Status;
import io.mm2dr.engine.event.TaskInfo;
import io.mm2dr.engine.exec.PlaybookExecutor.PlayRun;
import io.mm2dr.engine.model.PlaybookError;
import io.mm2dr.engine.model.PlaybookLoader;
import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.model.TaskNode;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.engine.module.PlatformUnreachableException;
import io.mm2dr.engine.template.TemplateContext;
import io.mm2dr.engine.template.TemplateError;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.template.UndefinedVariableError;
import io.mm2dr.engine.template.UnsafeText;
import io.mm2dr.engine.vars.LayeredVars;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes one task on one host, in the order ansible-core's task executor does: conditions,
 * loop, argument templating and validation, check mode, the module call with until/retries,
 * changed_when/failed_when, register, notify, facts. Results are normalised here, once, and
 * redacted before any listener sees them.
 */
final class TaskRunner {
    private final PlaybookExecutor ex;

    TaskRunner(PlaybookExecutor ex) {
        this.ex = ex;
    }

    /** A file or role to include, with the variables of its loop item. */
    record Inclusion(Path file, String roleName, String tasksFrom, Map<String, Object> vars, String itemLabel) {
    }

    // ------------------------------------------------------------------ entry points

    HostResult run(PlayRun run, Task t, TaskInfo info, HostState h) {
        long start = System.nanoTime();
        Map<String, Object> vars = ex.varsFor(run, h, t, null);
        TemplateContext tc = ex.templateContext(run, t);
        boolean noLog = t.effectiveNoLog();
        Map<String, Object> result;
        List<HostResult> items = new ArrayList<>();
        try {
            if (t.loop == null) {
                String falseCondition = firstFalseCondition(t, vars, tc);
                result = falseCondition != null ? skippedResult(falseCondition) : runOnce(run, t, info, h, vars, tc);
            } else {
                result = runLoop(run, t, info, h, vars, tc, items, noLog);
            }
        } catch (PlaybookError e) {
            throw e;
        } catch (TemplateError e) {
            result = failure(templateMessage(e, t));
        } catch (ArgumentError e) {
            result = failure(t.action + ": " + e.getMessage() + " (" + t.pos + ")");
        } catch (PlatformUnreachableException e) {
            result = failure(e.getMessage());
            result.put("unreachable", true);
        }
        return finishTask(run, t, h, result, start, noLog);
    }

    /** Evaluates an include's conditions and loop; the executor loads and runs what it returns. */
    HostResult planInclude(PlayRun run, Task t, TaskInfo info, HostState h, List<Inclusion> out) {
        long start = System.nanoTime();
        Map<String, Object> vars = ex.varsFor(run, h, t, null);
        TemplateContext tc = ex.templateContext(run, t);
        Map<String, Object> result;
        try {
            if (t.loop == null) {
                String falseCondition = firstFalseCondition(t, vars, tc);
                if (falseCondition != null) {
                    result = skippedResult(falseCondition);
                } else {
                    out.add(inclusion(run, t, vars, tc, Map.of(), null));
                    result = okResult();
                }
            } else {
                List<Object> loopItems = loopItems(run, t, vars, tc);
                for (int i = 0; i < loopItems.size(); i++) {
                    Map<String, Object> itemVars = itemVars(t, loopItems, i);
                    Map<String, Object> withItem = layered(itemVars, vars);
                    if (firstFalseCondition(t, withItem, tc) == null) {
                        String label = itemLabel(t, withItem, loopItems.get(i), tc, t.effectiveNoLog());
                        out.add(inclusion(run, t, withItem, tc, itemVars, label));
                    }
                }
                result = out.isEmpty() ? skippedResult("no item matched the condition") : okResult();
            }
        } catch (TemplateError e) {
            out.clear();
            result = failure(templateMessage(e, t));
        } catch (PlaybookError e) {
            // as in Ansible, an include that cannot be found fails the host (a rescue can handle it)
            out.clear();
            result = failure(e.getMessage() + " (" + e.pos() + ")");
        }
        return finishTask(run, t, h, result, start, t.effectiveNoLog());
    }

    private Inclusion inclusion(PlayRun run, Task t, Map<String, Object> vars, TemplateContext tc, Map<String, Object> itemVars,
                                String label) {
        Map<String, Object> args = plainArgs(ex.templar.template(t.args, vars, tc));
        Map<String, Object> incVars = new LinkedHashMap<>(itemVars);
        if (PlaybookLoader.INCLUDE_ROLE.contains(t.action)) {
            Object name = args.get("name");
            if (name == null) {
                throw new PlaybookError("include_role needs 'name'", t.pos);
            }
            for (String k : args.keySet()) {
                if (!List.of("name", "tasks_from", "apply", "public", "allow_duplicates", "vars_from", "defaults_from",
                        "handlers_from", "rolespec_validate").contains(k)) {
                    throw new PlaybookError("include_role: unsupported argument '" + k + "'", t.pos);
                }
            }
            incVars.putAll(t.vars);
            Object tasksFrom = args.get("tasks_from");
            return new Inclusion(ex.loader.findRole(String.valueOf(name), run.play.playbookDir, t.role(), t.pos),
                    String.valueOf(name), tasksFrom == null ? null : String.valueOf(tasksFrom), incVars, label);
        }
        Object file = args.containsKey("file") ? args.get("file") : args.get("_raw_params");
        if (file == null) {
            throw new PlaybookError("include_tasks needs a file name", t.pos);
        }
        for (String k : args.keySet()) {
            if (!List.of("file", "_raw_params", "apply").contains(k)) {
                throw new PlaybookError("include_tasks: unsupported argument '" + k + "'", t.pos);
            }
        }
        Path dir = t.pos.file() == null ? run.play.playbookDir : t.pos.file().toAbsolutePath().getParent();
        incVars.putAll(t.vars);
        Path path = ex.loader.findTaskFile(String.valueOf(file), new PlaybookLoader.Context(t.pos.file(), dir, t.role()), t.pos);
        return new Inclusion(path, null, null, incVars, label);
    }

    // ------------------------------------------------------------------ loops

    private Map<String, Object> runLoop(PlayRun run, Task t, TaskInfo info, HostState h, Map<String, Object> vars,
                                        TemplateContext tc, List<HostResult> items, boolean noLog) {
        List<Object> loopItems = loopItems(run, t, vars, tc);
        List<Object> results = new ArrayList<>();
        boolean changed = false;
        boolean failed = false;
        boolean allSkipped = true;
        for (int i = 0; i < loopItems.size(); i++) {
            if (ex.cancelled.get()) {
                break;
            }
            long start = System.nanoTime();
            Map<String, Object> itemVars = itemVars(t, loopItems, i);
            Map<String, Object> withItem = layered(itemVars, vars);
            Map<String, Object> r;
            try {
                String falseCondition = firstFalseCondition(t, withItem, tc);
                r = falseCondition != null ? skippedResult(falseCondition) : runOnce(run, t, info, h, withItem, tc);
            } catch (TemplateError e) {
                r = failure(templateMessage(e, t));
            } catch (ArgumentError e) {
                r = failure(t.action + ": " + e.getMessage() + " (" + t.pos + ")");
            }
            Object item = loopItems.get(i);
            r.put(t.loopControl.loopVar(), item);
            r.put("ansible_loop_var", t.loopControl.loopVar());
            if (t.loopControl.indexVar() != null) {
                r.put("ansible_index_var", t.loopControl.indexVar());
                r.put(t.loopControl.indexVar(), (long) i);
            }
            applyResultFacts(h, r);
            results.add(r);
            boolean itemFailed = Boolean.TRUE.equals(r.get("failed"));
            boolean itemSkipped = Boolean.TRUE.equals(r.get("skipped"));
            changed |= Boolean.TRUE.equals(r.get("changed"));
            failed |= itemFailed;
            allSkipped &= itemSkipped;
            String label = itemLabel(t, withItem, item, tc, noLog);
            HostResult hr = hostResult(h.name, r, label, start, noLog, t.effectiveIgnoreErrors());
            items.add(hr);
            for (RunListener l : ex.listeners) {
                l.itemResult(info, hr);
            }
            if (t.loopControl.pause() != null) {
                Object p = ex.templar.template(t.loopControl.pause(), withItem, tc);
                double seconds = Double.parseDouble(String.valueOf(p));
                sleep((long) (seconds * 1000));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("results", results);
        result.put("changed", changed);
        result.put("failed", failed);
        result.put("msg", failed ? "One or more items failed" : "All items completed");
        if (allSkipped) {
            result.put("skipped", true);
            result.put("skipped_reason", loopItems.isEmpty() ? "No items in the list" : "All items skipped");
        }
        result.put("__loop__", true);
        return result;
    }

    @SuppressWarnings("unchecked")
    private List<Object> loopItems(PlayRun run, Task t, Map<String, Object> vars, TemplateContext tc) {
        Object spec = t.loop;
        Object value;
        if (spec instanceof Map<?, ?> m && m.containsKey("__with__")) {
            return withLookupItems(run, t, String.valueOf(m.get("__with__")), m.get("__terms__"), vars, tc);
        }
        if (spec instanceof Map<?, ?> m && m.containsKey("__with_items__")) {
            value = ex.templar.template(m.get("__with_items__"), vars, tc);
            List<Object> flat = new ArrayList<>();
            for (Object o : asList(value, t)) {
                if (o instanceof List<?> inner) {
                    flat.addAll(inner);
                } else {
                    flat.add(o);
                }
            }
            return flat;
        }
        if (spec instanceof Map<?, ?> m && m.containsKey("__with_dict__")) {
            value = ex.templar.template(m.get("__with_dict__"), vars, tc);
            if (!(value instanceof Map<?, ?> dict)) {
                throw new TemplateError("with_dict expects a dict, got " + Templar.render(value), String.valueOf(m.get("__with_dict__")), null);
            }
            List<Object> out = new ArrayList<>();
            dict.forEach((k, v) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("key", k);
                e.put("value", v);
                out.add(e);
            });
            return out;
        }
        value = ex.templar.template(spec, vars, tc);
        return asList(value, t);
    }

    /**
     * {@code with_<name>}: the lookup {@code name} called with the templated terms, as Ansible does;
     * when the template engine has no such lookup, the loops {@link WithLoops} knows.
     */
    private List<Object> withLookupItems(PlayRun run, Task t, String lookup, Object rawTerms, Map<String, Object> vars,
                                         TemplateContext tc) {
        List<Object> terms = WithLoops.terms(ex.templar.template(rawTerms, vars, tc));
        Map<String, Object> args = new LinkedHashMap<>();
        StringBuilder call = new StringBuilder("query('").append(lookup).append("'");
        for (int i = 0; i < terms.size(); i++) {
            args.put("__with_term_" + i, terms.get(i));
            call.append(", __with_term_").append(i);
        }
        call.append(')');
        try {
            return asList(ex.templar.evaluate(call.toString(), layered(args, vars), tc), t);
        } catch (TemplateError e) {
            boolean missing = String.valueOf(e.getMessage()).contains("lookup plugin '" + lookup + "' not found");
            if (!missing || !WithLoops.handles(lookup)) {
                throw e;
            }
        }
        return WithLoops.items(lookup, terms, ex.searchPaths(run, t, "files"));
    }

    private static List<Object> asList(Object value, Task t) {
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (value == null) {
            return List.of();
        }
        throw new TemplateError("Invalid data passed to 'loop', it requires a list, got this instead: " + Templar.render(value)
                + ". Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.",
                String.valueOf(t.loop), null);
    }

    private static Map<String, Object> itemVars(Task t, List<Object> items, int i) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(t.loopControl.loopVar(), items.get(i));
        if (t.loopControl.indexVar() != null) {
            v.put(t.loopControl.indexVar(), (long) i);
        }
        Map<String, Object> loop = new LinkedHashMap<>();
        int n = items.size();
        loop.put("index", (long) i + 1);
        loop.put("index0", (long) i);
        loop.put("revindex", (long) (n - i));
        loop.put("revindex0", (long) (n - i - 1));
        loop.put("first", i == 0);
        loop.put("last", i == n - 1);
        loop.put("length", (long) n);
        loop.put("allitems", items);
        if (i > 0) {
            loop.put("previtem", items.get(i - 1));
        }
        if (i < n - 1) {
            loop.put("nextitem", items.get(i + 1));
        }
        v.put("ansible_loop", loop);
        return v;
    }

    private String itemLabel(Task t, Map<String, Object> vars, Object item, TemplateContext tc, boolean noLog) {
        if (noLog) {
            return "None";
        }
        Object label = t.loopControl.label() != null ? ex.templar.template(t.loopControl.label(), vars, tc) : item;
        return ex.redactor.redact(Templar.render(label));
    }

    private static Map<String, Object> layered(Map<String, Object> top, Map<String, Object> rest) {
        return new LayeredVars(List.of(top, rest));
    }

    // ------------------------------------------------------------------ one module call

    private Map<String, Object> runOnce(PlayRun run, Task t, TaskInfo info, HostState h, Map<String, Object> vars, TemplateContext tc) {
        Module module = ex.modules.find(t.action);
        if (module == null) {
            throw new PlaybookError("couldn't resolve module/action '" + t.action + "'", t.pos);
        }
        Map<String, Object> args = plainArgs(ex.templar.template(withDefaults(t, module), vars, tc));
        ex.redactor.addAll(module.spec().secretValues(args)); // secret arguments, nested options too
        if (t.effectiveNoLog()) {
            // a no_log task's argument values are masked wherever they might reappear (error messages)
            args.values().forEach(v -> {
                if (v instanceof String s && s.length() >= 6) {
                    ex.redactor.add(s);
                }
            });
        }
        Map<String, Object> validated = module.spec().validate(args);
        boolean check = t.effectiveCheckMode() != null ? t.effectiveCheckMode() : ex.options.check();
        boolean diff = t.effectiveDiff() != null ? t.effectiveDiff() : ex.options.diff();
        if (check && !module.supportsCheckMode()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("changed", false);
            r.put("skipped", true);
            r.put("msg", "the module " + module.name() + " does not support check mode: it would run");
            return r;
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (TaskNode n = t; n != null; n = n.parent()) {
            Map<String, Object> e = n.environment;
            if (!e.isEmpty()) {
                Object templated = ex.templar.template(e, vars, tc);
                if (templated instanceof Map<?, ?> tm) {
                    tm.forEach((k, v) -> env.putIfAbsent(String.valueOf(k), v == null ? "" : Templar.render(v)));
                }
            }
        }
        Context ctx = new Context(run, t, info, h, vars, tc, check, diff, env);
        int retries = 0;
        long delayMs = 0;
        if (t.until != null) {
            retries = t.retries == null ? 3 : toInt(ex.templar.template(t.retries, vars, tc), "retries");
            delayMs = (long) (1000 * (t.delay == null ? 5.0 : toDouble(ex.templar.template(t.delay, vars, tc), "delay")));
        }
        Map<String, Object> result = null;
        for (int attempt = 1; ; attempt++) {
            result = callModule(module, validated, ctx, t);
            if (t.until == null) {
                break;
            }
            result.put("attempts", (long) attempt);
            Map<String, Object> withResult = t.register != null ? layered(Map.of(t.register, result), vars) : vars;
            applyChangedFailedWhen(t, result, withResult, tc);
            boolean done = !Boolean.TRUE.equals(result.get("unreachable")) && ex.templar.evaluateCondition(t.until, withResult, tc);
            if (done) {
                if (!diff) {
                    result.remove("diff");
                }
                return result;
            }
            if (attempt > retries || ex.cancelled.get()) {
                // Ansible 2.14 runs retries + 1 times and then reports attempts: retries
                result.put("attempts", (long) Math.max(1, Math.min(attempt, retries)));
                if (!diff) {
                    result.remove("diff");
                }
                result.put("failed", true);
                if (result.get("msg") == null || !Boolean.TRUE.equals(result.get("failed"))) {
                    result.put("msg", "the condition 'until: " + t.until + "' was still false after " + attempt + " attempts");
                }
                return result;
            }
            for (RunListener l : ex.listeners) {
                l.retry(info, h.name, retries - attempt + 1, t.effectiveNoLog() ? Map.of() : ex.redactor.redactMap(result));
            }
            sleep(delayMs);
        }
        Map<String, Object> withResult = t.register != null ? layered(Map.of(t.register, result), vars) : vars;
        applyChangedFailedWhen(t, result, withResult, tc);
        if (!diff) {
            // a diff is shown (and reported) only with --diff, and never for a task with diff: false
            result.remove("diff");
        }
        return result;
    }

    /**
     * The task's arguments on top of the module_defaults that apply to its module (by name, full
     * name, alias or group), outer defaults first; a group's defaults only give the arguments the
     * module takes, as one group's settings serve modules with different arguments.
     */
    private static Map<String, Object> withDefaults(Task t, Module module) {
        List<Map<String, Map<String, Object>>> chain = t.moduleDefaultsChain();
        if (chain.isEmpty()) {
            return t.args;
        }
        java.util.Set<String> names = new java.util.HashSet<>(module.aliases());
        names.add(module.name());
        names.add(module.fullName());
        java.util.Set<String> groups = new java.util.HashSet<>();
        module.groups().forEach(g -> groups.add("group/" + g));
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Map<String, Map<String, Object>> defaults : chain) {
            defaults.forEach((key, values) -> {
                if (names.contains(key)) {
                    merged.putAll(values);
                } else if (groups.contains(key)) {
                    values.forEach((k, v) -> {
                        if (module.spec().openEnded() || module.spec().allowedNames().contains(k)) {
                            merged.put(k, v);
                        }
                    });
                }
            });
        }
        if (merged.isEmpty()) {
            return t.args;
        }
        merged.putAll(t.args);
        return merged;
    }

    private Map<String, Object> callModule(Module module, Map<String, Object> args, Context ctx, Task t) {
        ModuleResult mr;
        try {
            mr = module.run(args, ctx);
        } catch (PlatformUnreachableException e) {
            Map<String, Object> r = failure(e.getMessage());
            r.put("unreachable", true);
            return r;
        } catch (TemplateError | ArgumentError | PlaybookError e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure("interrupted");
        } catch (Exception e) {
            Map<String, Object> r = failure(module.name() + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            if (ex.options.verbosity() >= 3) {
                StringWriter sw = new StringWriter();
                e.printStackTrace(new PrintWriter(sw));
                r.put("exception", sw.toString());
            }
            return r;
        }
        for (String w : mr.warnings()) {
            ex.warn(w);
        }
        Map<String, Object> r = new LinkedHashMap<>(mr.data());
        r.put("changed", mr.changed());
        r.put("failed", mr.failed());
        if (mr.skipped()) {
            r.put("skipped", true);
        }
        if (mr.msg() != null) {
            r.put("msg", mr.msg());
        }
        if (mr.diff() != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("before", mr.diff().before());
            d.put("after", mr.diff().after());
            d.put("before_header", mr.diff().beforeHeader());
            d.put("after_header", mr.diff().afterHeader());
            r.put("diff", d);
        }
        if (!mr.facts().isEmpty()) {
            r.put("ansible_facts", new LinkedHashMap<>(mr.facts()));
        }
        return r;
    }

    private void applyChangedFailedWhen(Task t, Map<String, Object> result, Map<String, Object> vars, TemplateContext tc) {
        if (Boolean.TRUE.equals(result.get("skipped")) || Boolean.TRUE.equals(result.get("unreachable"))) {
            return;
        }
        if (!t.changedWhen.isEmpty()) {
            boolean changed = true;
            for (Object c : t.changedWhen) {
                changed &= ex.templar.evaluateCondition(c, vars, tc);
            }
            result.put("changed", changed);
        }
        if (!t.failedWhen.isEmpty()) {
            boolean failed = false;
            for (Object c : t.failedWhen) {
                failed |= ex.templar.evaluateCondition(c, vars, tc);
            }
            result.put("failed_when_result", failed);
            result.put("failed", failed);
            if (failed && result.get("msg") == null) {
                result.put("msg", "failed_when was true");
            }
        }
    }

    // ------------------------------------------------------------------ after the call

    private HostResult finishTask(PlayRun run, Task t, HostState h, Map<String, Object> result, long start, boolean noLog) {
        if (!Boolean.TRUE.equals(result.remove("__loop__"))) {
            applyResultFacts(h, result);
        }
        if (t.register != null) {
            Map<String, Object> registered = new LinkedHashMap<>(result);
            registered.remove("ansible_facts");
            h.facts.put(t.register, Unsafe.protectMap(registered));
        }
        boolean changed = Boolean.TRUE.equals(result.get("changed"));
        boolean failed = Boolean.TRUE.equals(result.get("failed"));
        if (changed && !failed && !t.notify.isEmpty()) {
            Map<String, Object> vars = ex.varsFor(run, h, t, null);
            for (String n : t.notify) {
                Object name = Templar.isTemplate(n) ? ex.templar.template(n, vars, ex.templateContext(run, t)) : n;
                ex.notifyHandler(run, h, String.valueOf(name), t);
            }
        }
        return hostResult(h.name, result, null, start, noLog, t.effectiveIgnoreErrors());
    }

    @SuppressWarnings("unchecked")
    private static void applyResultFacts(HostState h, Map<String, Object> result) {
        if (Boolean.TRUE.equals(result.get("failed"))) {
            return;
        }
        Object facts = result.get("ansible_facts");
        if (facts instanceof Map<?, ?> f) {
            h.facts.putAll(Unsafe.protectMap((Map<String, Object>) f));
        }
    }

    private HostResult hostResult(String host, Map<String, Object> result, String label, long start, boolean noLog, boolean ignoreErrors) {
        Status status;
        if (Boolean.TRUE.equals(result.get("unreachable"))) {
            status = Status.UNREACHABLE;
        } else if (Boolean.TRUE.equals(result.get("failed"))) {
            status = Status.FAILED;
        } else if (Boolean.TRUE.equals(result.get("skipped"))) {
            status = Status.SKIPPED;
        } else if (Boolean.TRUE.equals(result.get("changed"))) {
            status = Status.CHANGED;
        } else {
            status = Status.OK;
        }
        Map<String, Object> shown;
        List<Map<String, Object>> diffs = new ArrayList<>();
        if (noLog) {
            shown = new LinkedHashMap<>();
            shown.put("censored", Redactor.CENSORED);
            shown.put("changed", result.getOrDefault("changed", false));
            if (status == Status.FAILED) {
                shown.put("failed", true);
            }
        } else {
            shown = ex.redactor.redactMap(plainMap(result));
            collectDiffs(shown, diffs);
        }
        // no_log hides the result: nothing is shown beyond the status line (and the censored note of a failure)
        boolean verboseAlways = !noLog && Boolean.TRUE.equals(result.get("_ansible_verbose_always"));
        shown.remove("_ansible_verbose_always");
        Object msg = shown.get("msg");
        return new HostResult(host, status, status == Status.FAILED && ignoreErrors, label, shown, diffs,
                (System.nanoTime() - start) / 1_000_000, verboseAlways, msg == null ? null : Templar.render(msg));
    }

    @SuppressWarnings("unchecked")
    private static void collectDiffs(Map<String, Object> shown, List<Map<String, Object>> diffs) {
        Object d = shown.get("diff");
        if (d instanceof Map<?, ?> m) {
            diffs.add((Map<String, Object>) m);
        } else if (d instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    diffs.add((Map<String, Object>) m);
                }
            }
        }
    }

    // ------------------------------------------------------------------ small pieces

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plainMap(Map<String, Object> m) {
        Object p = Templar.plain(m);
        return p instanceof Map<?, ?> ? new LinkedHashMap<>((Map<String, Object>) p) : new LinkedHashMap<>();
    }

    private String firstFalseCondition(Task t, Map<String, Object> vars, TemplateContext tc) {
        List<TaskNode> chain = new ArrayList<>();
        for (TaskNode n = t; n != null; n = n.parent()) {
            chain.add(0, n);
        }
        for (TaskNode n : chain) {
            for (Object c : n.when) {
                if (!ex.templar.evaluateCondition(c, vars, tc)) {
                    return String.valueOf(c);
                }
            }
        }
        return null;
    }

    private static Map<String, Object> skippedResult(String falseCondition) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("skipped", true);
        r.put("skip_reason", "Conditional result was False");
        r.put("false_condition", falseCondition);
        return r;
    }

    private static Map<String, Object> okResult() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("failed", false);
        return r;
    }

    static Map<String, Object> failure(String msg) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("failed", true);
        r.put("msg", msg);
        return r;
    }

    private static String templateMessage(TemplateError e, Task t) {
        String what = e instanceof UndefinedVariableError ? "The task includes an undefined variable: " : "Template error: ";
        return what + e.getMessage() + ". The error appears to be in '" + t.pos + "' (task '" + t.displayName() + "')";
    }

    /** Arguments as plain data, with {@code omit} placeholders removed. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> plainArgs(Object templated) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (templated instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (!Templar.OMIT.equals(v instanceof UnsafeText u ? u.text() : v)) {
                    out.put(String.valueOf(k), v instanceof UnsafeText ? v : stripOmit(Templar.plain(v)));
                }
            });
        }
        return out;
    }

    private static Object stripOmit(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> {
                if (!Templar.OMIT.equals(val)) {
                    out.put(String.valueOf(k), stripOmit(val));
                }
            });
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                if (!Templar.OMIT.equals(o)) {
                    out.add(stripOmit(o));
                }
            }
            return out;
        }
        return v;
    }

    private static int toInt(Object v, String what) {
        try {
            return v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new TemplateError("'" + what + "' must be a number, got " + v, String.valueOf(v), null);
        }
    }

    private static double toDouble(Object v, String what) {
        try {
            return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new TemplateError("'" + what + "' must be a number, got " + v, String.valueOf(v), null);
        }
    }

    private boolean sleep(long millis) {
        long end = System.currentTimeMillis() + millis;
        while (!ex.cancelled.get()) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(left, 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ the module's view

    private final class Context implements ModuleContext {
        private final PlayRun run;
        private final Task task;
        private final TaskInfo info;
        private final HostState host;
        private final Map<String, Object> vars;
        private final TemplateContext tc;
        private final boolean check;
        private final boolean diff;
        private final Map<String, String> env;
        private final long started = System.nanoTime();

        Context(PlayRun run, Task task, TaskInfo info, HostState host, Map<String, Object> vars, TemplateContext tc,
                boolean check, boolean diff, Map<String, String> env) {
            this.run = run;
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
            return Templar.plain(ex.templar.template(value, vars, tc));
        }

        @Override
        public String renderTemplate(String text, io.mm2dr.engine.template.JinjaOptions options, List<Path> searchPaths) {
            return ex.templar.renderTemplate(text, vars, new io.mm2dr.engine.template.TemplateContext(searchPaths), options);
        }

        @Override
        public String renderTemplate(String text, io.mm2dr.engine.template.JinjaOptions options, List<Path> searchPaths,
                Map<String, Object> extraVars) {
            Map<String, Object> merged = new java.util.LinkedHashMap<>(vars);
            merged.putAll(extraVars);
            return ex.templar.renderTemplate(text, merged, new io.mm2dr.engine.template.TemplateContext(searchPaths), options);
        }

        @Override
        public Object evaluate(String expression) {
            return Templar.plain(ex.templar.evaluate(expression, vars, tc));
        }

        @Override
        public boolean condition(Object expression) {
            return ex.templar.evaluateCondition(expression, vars, tc);
        }

        @Override
        public List<Path> searchPaths(String kind) {
            return ex.searchPaths(run, task, kind);
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
            return run.play.playbookDir;
        }

        @Override
        public void progress(String message) {
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            String shown = task.effectiveNoLog() ? "(progress hidden: no_log)" : ex.redactor.redact(message);
            for (RunListener l : ex.listeners) {
                l.progress(info, host.name, shown, elapsed);
            }
        }

        @Override
        public boolean cancelled() {
            return ex.cancelled.get();
        }

        @Override
        public boolean sleep(long millis) {
            return TaskRunner.this.sleep(millis);
        }

        @Override
        public void secret(String value) {
            ex.redactor.add(value);
        }

        @Override
        public int verbosity() {
            return ex.options.verbosity();
        }

        @Override
        public Map<String, String> environment() {
            return env;
        }

        @Override
        public <T extends AutoCloseable> T shared(String key, Class<T> type, java.util.function.Supplier<T> factory) {
            return type.cast(ex.sharedResources.computeIfAbsent(key, k -> factory.get()));
        }
    }
}
