package io.mm2dr.engine.exec;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.event.Status;
import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.engine.template.TemplateContext;
import io.mm2dr.engine.template.TemplateError;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.template.UndefinedVariableError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every task result goes through here, once (ansible-core's normalisation in its task
 * executor): a module's result becomes a result mapping, {@code changed_when} and
 * {@code failed_when} are applied, facts and {@code register} are kept, and the result becomes
 * the redacted {@link HostResult} listeners see, with its status. The results the engine makes
 * itself (skipped, ok, failed) are built here too.
 */
final class ResultNormaliser {
    private final RunServices services;

    ResultNormaliser(RunServices services) {
        this.services = services;
    }

    /** A module's result as a task result: its data with changed, failed, skipped, msg, diff and ansible_facts. */
    static Map<String, Object> fromModule(ModuleResult mr) {
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


    /** Keeps a result's facts and, with {@code register}, the result itself, as the host's facts. */
    void keep(Task t, HostState h, Map<String, Object> result, boolean loop) {
        if (!loop) {
            applyFacts(h, result);
        }
        if (t.register != null) {
            Map<String, Object> registered = new LinkedHashMap<>(result);
            registered.remove("ansible_facts");
            registered.remove(HostResult.SUMMARY_KEY);
            h.facts.put(t.register, Unsafe.protectMap(registered));
        }
    }

    void applyConditions(Task t, Map<String, Object> result, Map<String, Object> vars, TemplateContext tc) {
        if (Boolean.TRUE.equals(result.get("skipped")) || Boolean.TRUE.equals(result.get("unreachable"))) {
            return;
        }
        if (!t.changedWhen.isEmpty()) {
            boolean changed = true;
            for (Object c : t.changedWhen) {
                changed &= services.templar().evaluateCondition(c, vars, tc);
            }
            result.put("changed", changed);
        }
        if (!t.failedWhen.isEmpty()) {
            boolean failed = false;
            for (Object c : t.failedWhen) {
                failed |= services.templar().evaluateCondition(c, vars, tc);
            }
            result.put("failed_when_result", failed);
            result.put("failed", failed);
            if (failed && result.get("msg") == null) {
                result.put("msg", "failed_when was true");
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void applyFacts(HostState h, Map<String, Object> result) {
        if (Boolean.TRUE.equals(result.get("failed"))) {
            return;
        }
        Object facts = result.get("ansible_facts");
        if (facts instanceof Map<?, ?> f) {
            h.facts.putAll(Unsafe.protectMap((Map<String, Object>) f));
        }
    }

    HostResult hostResult(String host, Map<String, Object> result, String label, long start, boolean noLog, boolean ignoreErrors) {
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
            shown = services.redactor().redactMap(plainMap(result));
            collectDiffs(shown, diffs);
        }
        // no_log hides the result: nothing is shown beyond the status line (and the censored note of a failure)
        boolean verboseAlways = !noLog && Boolean.TRUE.equals(result.get("_ansible_verbose_always"));
        shown.remove("_ansible_verbose_always");
        boolean summary = !noLog && Boolean.TRUE.equals(result.get(HostResult.SUMMARY_KEY));
        shown.remove(HostResult.SUMMARY_KEY);
        Object msg = shown.get("msg");
        return new HostResult(host, status, status == Status.FAILED && ignoreErrors, label, shown, diffs,
                (System.nanoTime() - start) / 1_000_000, verboseAlways, msg == null ? null : Templar.render(msg), summary);
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

    static Map<String, Object> skipped(String falseCondition) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("changed", false);
        r.put("skipped", true);
        r.put("skip_reason", "Conditional result was False");
        r.put("false_condition", falseCondition);
        return r;
    }

    static Map<String, Object> ok() {
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

    static String templateMessage(TemplateError e, Task t) {
        String what = e instanceof UndefinedVariableError ? "The task includes an undefined variable: " : "Template error: ";
        return what + e.getMessage() + ". The error appears to be in '" + t.pos + "' (task '" + t.displayName() + "')";
    }
}
