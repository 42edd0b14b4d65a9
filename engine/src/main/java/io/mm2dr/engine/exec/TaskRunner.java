package io.mm2dr.engine.exec;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.event.RunListener;
import io.mm2dr.engine.event.TaskInfo;
import io.mm2dr.engine.model.PlaybookError;
import io.mm2dr.engine.model.PlaybookLoader;
import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.model.TaskNode;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.PlatformUnreachableException;
import io.mm2dr.engine.template.TemplateContext;
import io.mm2dr.engine.template.TemplateError;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.vars.LayeredVars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a task on a host: its conditions ({@code when} of the task and every enclosing block),
 * its loop (items, {@code loop_control}, each item's result shown as it ends), each run handed
 * to {@link TaskExecution}; then {@code register}, facts and {@code notify}. For dynamic
 * includes it evaluates conditions and loop and says what to include. It sees the run only
 * through {@link RunServices} and {@link TaskScope}.
 */
final class TaskRunner {
    private final RunServices services;
    private final PlaybookLoader loader;
    private final ResultNormaliser normaliser;
    private final TaskExecution execution;

    TaskRunner(RunServices services, PlaybookLoader loader) {
        this.services = services;
        this.loader = loader;
        this.normaliser = new ResultNormaliser(services);
        this.execution = new TaskExecution(services, normaliser);
    }

    /** A file or role to include, with the variables of its loop item. */
    record Inclusion(Path file, String roleName, String tasksFrom, Map<String, Object> vars, String itemLabel) {
    }

    // ------------------------------------------------------------------ entry points

    HostResult run(TaskScope scope, Task t, TaskInfo info, HostState h) {
        long start = System.nanoTime();
        Map<String, Object> vars = scope.vars(h, t);
        TemplateContext tc = scope.templateContext(t);
        boolean noLog = t.effectiveNoLog();
        Map<String, Object> result;
        List<HostResult> items = new ArrayList<>();
        try {
            if (t.loop == null) {
                String falseCondition = firstFalseCondition(t, vars, tc);
                result = falseCondition != null ? ResultNormaliser.skipped(falseCondition) : execution.run(scope, t, info, h, vars, tc);
            } else {
                result = runLoop(scope, t, info, h, vars, tc, items, noLog);
            }
        } catch (PlaybookError e) {
            throw e;
        } catch (TemplateError e) {
            result = ResultNormaliser.failure(ResultNormaliser.templateMessage(e, t));
        } catch (ArgumentError e) {
            result = ResultNormaliser.failure(t.action + ": " + e.getMessage() + " (" + t.pos + ")");
        } catch (PlatformUnreachableException e) {
            result = ResultNormaliser.failure(e.getMessage());
            result.put("unreachable", true);
        }
        return finishTask(scope, t, h, result, start, noLog);
    }

    /** Evaluates an include's conditions and loop; the executor loads and runs what it returns. */
    HostResult planInclude(TaskScope scope, Task t, TaskInfo info, HostState h, List<Inclusion> out) {
        long start = System.nanoTime();
        Map<String, Object> vars = scope.vars(h, t);
        TemplateContext tc = scope.templateContext(t);
        Map<String, Object> result;
        try {
            if (t.loop == null) {
                String falseCondition = firstFalseCondition(t, vars, tc);
                if (falseCondition != null) {
                    result = ResultNormaliser.skipped(falseCondition);
                } else {
                    out.add(inclusion(scope, t, vars, tc, Map.of(), null));
                    result = ResultNormaliser.ok();
                }
            } else {
                List<Object> loopItems = loopItems(scope, t, vars, tc);
                for (int i = 0; i < loopItems.size(); i++) {
                    Map<String, Object> itemVars = itemVars(t, loopItems, i);
                    Map<String, Object> withItem = layered(itemVars, vars);
                    if (firstFalseCondition(t, withItem, tc) == null) {
                        String label = itemLabel(t, withItem, loopItems.get(i), tc, t.effectiveNoLog());
                        out.add(inclusion(scope, t, withItem, tc, itemVars, label));
                    }
                }
                result = out.isEmpty() ? ResultNormaliser.skipped("no item matched the condition") : ResultNormaliser.ok();
            }
        } catch (TemplateError e) {
            out.clear();
            result = ResultNormaliser.failure(ResultNormaliser.templateMessage(e, t));
        } catch (PlaybookError e) {
            // as in Ansible, an include that cannot be found fails the host (a rescue can handle it)
            out.clear();
            result = ResultNormaliser.failure(e.getMessage() + " (" + e.pos() + ")");
        }
        return finishTask(scope, t, h, result, start, t.effectiveNoLog());
    }

    private Inclusion inclusion(TaskScope scope, Task t, Map<String, Object> vars, TemplateContext tc, Map<String, Object> itemVars,
                                String label) {
        Map<String, Object> args = TaskExecution.plainArgs(services.templar().template(t.args, vars, tc));
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
            return new Inclusion(loader.findRole(String.valueOf(name), scope.playbookDir(), t.role(), t.pos),
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
        Path dir = t.pos.file() == null ? scope.playbookDir() : t.pos.file().toAbsolutePath().getParent();
        incVars.putAll(t.vars);
        Path path = loader.findTaskFile(String.valueOf(file), new PlaybookLoader.Context(t.pos.file(), dir, t.role()), t.pos);
        return new Inclusion(path, null, null, incVars, label);
    }

    // ------------------------------------------------------------------ loops

    private Map<String, Object> runLoop(TaskScope scope, Task t, TaskInfo info, HostState h, Map<String, Object> vars,
                                        TemplateContext tc, List<HostResult> items, boolean noLog) {
        List<Object> loopItems = loopItems(scope, t, vars, tc);
        List<Object> results = new ArrayList<>();
        boolean changed = false;
        boolean failed = false;
        boolean allSkipped = true;
        for (int i = 0; i < loopItems.size(); i++) {
            if (services.cancelled()) {
                break;
            }
            long start = System.nanoTime();
            Map<String, Object> itemVars = itemVars(t, loopItems, i);
            Map<String, Object> withItem = layered(itemVars, vars);
            Map<String, Object> r;
            try {
                String falseCondition = firstFalseCondition(t, withItem, tc);
                r = falseCondition != null ? ResultNormaliser.skipped(falseCondition) : execution.run(scope, t, info, h, withItem, tc);
            } catch (TemplateError e) {
                r = ResultNormaliser.failure(ResultNormaliser.templateMessage(e, t));
            } catch (ArgumentError e) {
                r = ResultNormaliser.failure(t.action + ": " + e.getMessage() + " (" + t.pos + ")");
            }
            Object item = loopItems.get(i);
            r.put(t.loopControl.loopVar(), item);
            r.put("ansible_loop_var", t.loopControl.loopVar());
            if (t.loopControl.indexVar() != null) {
                r.put("ansible_index_var", t.loopControl.indexVar());
                r.put(t.loopControl.indexVar(), (long) i);
            }
            ResultNormaliser.applyFacts(h, r);
            results.add(r);
            boolean itemFailed = Boolean.TRUE.equals(r.get("failed"));
            boolean itemSkipped = Boolean.TRUE.equals(r.get("skipped"));
            changed |= Boolean.TRUE.equals(r.get("changed"));
            failed |= itemFailed;
            allSkipped &= itemSkipped;
            String label = itemLabel(t, withItem, item, tc, noLog);
            HostResult hr = normaliser.hostResult(h.name, r, label, start, noLog, t.effectiveIgnoreErrors());
            items.add(hr);
            for (RunListener l : services.listeners()) {
                l.itemResult(info, hr);
            }
            if (t.loopControl.pause() != null) {
                Object p = services.templar().template(t.loopControl.pause(), withItem, tc);
                double seconds = Double.parseDouble(String.valueOf(p));
                services.sleep((long) (seconds * 1000));
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
    private List<Object> loopItems(TaskScope scope, Task t, Map<String, Object> vars, TemplateContext tc) {
        Object spec = t.loop;
        Object value;
        if (spec instanceof Map<?, ?> m && m.containsKey("__with__")) {
            return withLookupItems(scope, t, String.valueOf(m.get("__with__")), m.get("__terms__"), vars, tc);
        }
        if (spec instanceof Map<?, ?> m && m.containsKey("__with_items__")) {
            value = services.templar().template(m.get("__with_items__"), vars, tc);
            List<Object> flat = new ArrayList<>();
            // the items lookup: its terms listified (a string is one item, as in Ansible), then flattened one level
            for (Object o : value == null ? List.of() : WithLoops.terms(value)) {
                if (o instanceof List<?> inner) {
                    flat.addAll(inner);
                } else {
                    flat.add(o);
                }
            }
            return flat;
        }
        if (spec instanceof Map<?, ?> m && m.containsKey("__with_dict__")) {
            value = services.templar().template(m.get("__with_dict__"), vars, tc);
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
        value = services.templar().template(spec, vars, tc);
        return asList(value, t);
    }

    /**
     * {@code with_<name>}: the lookup {@code name} called with the templated terms, as Ansible does;
     * when the template engine has no such lookup, the loops {@link WithLoops} knows.
     */
    private List<Object> withLookupItems(TaskScope scope, Task t, String lookup, Object rawTerms, Map<String, Object> vars,
                                         TemplateContext tc) {
        List<Object> terms = WithLoops.terms(services.templar().template(rawTerms, vars, tc));
        Map<String, Object> args = new LinkedHashMap<>();
        StringBuilder call = new StringBuilder("query('").append(lookup).append("'");
        for (int i = 0; i < terms.size(); i++) {
            args.put("__with_term_" + i, terms.get(i));
            call.append(", __with_term_").append(i);
        }
        call.append(')');
        try {
            return asList(services.templar().evaluate(call.toString(), layered(args, vars), tc), t);
        } catch (TemplateError e) {
            boolean missing = String.valueOf(e.getMessage()).contains("lookup plugin '" + lookup + "' not found");
            if (!missing || !WithLoops.handles(lookup)) {
                throw e;
            }
        }
        return WithLoops.items(lookup, terms, scope.searchPaths(t, "files"));
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
        Object label = t.loopControl.label() != null ? services.templar().template(t.loopControl.label(), vars, tc) : item;
        return services.redactor().redact(Templar.render(label));
    }

    static Map<String, Object> layered(Map<String, Object> top, Map<String, Object> rest) {
        return new LayeredVars(List.of(top, rest));
    }

    // ------------------------------------------------------------------ after the call

    private HostResult finishTask(TaskScope scope, Task t, HostState h, Map<String, Object> result, long start, boolean noLog) {
        normaliser.keep(t, h, result, Boolean.TRUE.equals(result.remove("__loop__")));
        boolean changed = Boolean.TRUE.equals(result.get("changed"));
        boolean failed = Boolean.TRUE.equals(result.get("failed"));
        if (changed && !failed && !t.notify.isEmpty()) {
            Map<String, Object> vars = scope.vars(h, t);
            for (String n : t.notify) {
                Object name = Templar.isTemplate(n) ? services.templar().template(n, vars, scope.templateContext(t)) : n;
                scope.notify(h, String.valueOf(name), t);
            }
        }
        return normaliser.hostResult(h.name, result, null, start, noLog, t.effectiveIgnoreErrors());
    }

    private String firstFalseCondition(Task t, Map<String, Object> vars, TemplateContext tc) {
        List<TaskNode> chain = new ArrayList<>();
        for (TaskNode n = t; n != null; n = n.parent()) {
            chain.add(0, n);
        }
        for (TaskNode n : chain) {
            for (Object c : n.when) {
                if (!services.templar().evaluateCondition(c, vars, tc)) {
                    return String.valueOf(c);
                }
            }
        }
        return null;
    }
}
