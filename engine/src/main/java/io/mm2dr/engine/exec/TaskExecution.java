package io.mm2dr.engine.exec;

import io.mm2dr.engine.event.RunListener;
import io.mm2dr.engine.event.TaskInfo;
import io.mm2dr.engine.model.PlaybookError;
import io.mm2dr.engine.model.RoleArgumentSpec;
import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.model.TaskNode;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleResult;
import io.mm2dr.engine.module.PlatformUnreachableException;
import io.mm2dr.engine.template.TemplateContext;
import io.mm2dr.engine.template.TemplateError;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.template.UnsafeText;
import io.mm2dr.engine.vars.LayeredVars;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a task once on a host, as ansible-core's task executor does: the arguments templated over
 * the module_defaults that apply, secrets registered with the redactor, the check-mode gate, the
 * environment, the module called (again while {@code until} does not hold, {@code retries}
 * times, {@code delay} apart), and the result normalised by {@link ResultNormaliser}. A role's
 * argument check ({@code meta/argument_specs.yml}) runs here in place of a module. Conditions
 * and loops are the caller's ({@link TaskRunner}); this class sees the run only through
 * {@link RunServices} and {@link TaskScope}.
 */
final class TaskExecution {
    private final RunServices services;
    private final ResultNormaliser normaliser;

    TaskExecution(RunServices services, ResultNormaliser normaliser) {
        this.services = services;
        this.normaliser = normaliser;
    }

    /** Runs the task once on a host with these variables (its conditions already hold): the result, normalised. */
    Map<String, Object> run(TaskScope scope, Task t, TaskInfo info, HostState h, Map<String, Object> vars, TemplateContext tc) {
        if (t.argumentCheck != null) {
            return roleArguments(t.argumentCheck, vars, tc);
        }
        Module module = services.modules().find(t.action);
        if (module == null) {
            throw new PlaybookError("couldn't resolve module/action '" + t.action + "'", t.pos);
        }
        Map<String, Object> args = plainArgs(services.templar().template(withDefaults(t, module), vars, tc));
        services.redactor().addAll(module.spec().secretValues(args)); // secret arguments, nested options too
        if (t.effectiveNoLog()) {
            // a no_log task's argument values are masked wherever they might reappear (error messages)
            args.values().forEach(v -> {
                if (v instanceof String s && s.length() >= 6) {
                    services.redactor().add(s);
                }
            });
        }
        Map<String, Object> validated = module.spec().validate(args);
        boolean check = t.effectiveCheckMode() != null ? t.effectiveCheckMode() : services.options().check();
        boolean diff = t.effectiveDiff() != null ? t.effectiveDiff() : services.options().diff();
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
                Object templated = services.templar().template(e, vars, tc);
                if (templated instanceof Map<?, ?> tm) {
                    tm.forEach((k, v) -> env.putIfAbsent(String.valueOf(k), v == null ? "" : Templar.render(v)));
                }
            }
        }
        ModuleCall ctx = new ModuleCall(services, scope, t, info, h, vars, tc, check, diff, env);
        int retries = 0;
        long delayMs = 0;
        if (t.retriesUntil()) {
            retries = t.retries == null ? 3 : (int) t.retries.resolve(v -> services.templar().template(v, vars, tc), "retries");
            delayMs = (long) (1000 * (t.delay == null ? 5.0 : t.delay.resolve(v -> services.templar().template(v, vars, tc), "delay")));
        }
        Map<String, Object> result = null;
        for (int attempt = 1; ; attempt++) {
            result = callModule(module, validated, ctx, t);
            if (!t.retriesUntil()) {
                break;
            }
            result.put("attempts", (long) attempt);
            Map<String, Object> withResult = t.register != null ? layered(Map.of(t.register, result), vars) : vars;
            normaliser.applyConditions(t, result, withResult, tc);
            boolean done = !Boolean.TRUE.equals(result.get("unreachable")) && t.until.stream().allMatch(c -> services.templar().evaluateCondition(c, withResult, tc));
            if (done) {
                if (!diff) {
                    result.remove("diff");
                }
                return result;
            }
            if (attempt > retries || services.cancelled()) {
                // Ansible 2.14 runs retries + 1 times and then reports attempts: retries
                result.put("attempts", (long) Math.max(1, Math.min(attempt, retries)));
                if (!diff) {
                    result.remove("diff");
                }
                result.put("failed", true);
                if (result.get("msg") == null || !Boolean.TRUE.equals(result.get("failed"))) {
                    result.put("msg", "the condition 'until: " + (t.until.size() == 1 ? t.until.get(0) : t.until) + "' was still false after " + attempt + " attempts");
                }
                return result;
            }
            for (RunListener l : services.listeners()) {
                l.retry(info, h.name, retries - attempt + 1, t.effectiveNoLog() ? Map.of() : services.redactor().redactMap(result));
            }
            services.sleep(delayMs);
        }
        Map<String, Object> withResult = t.register != null ? layered(Map.of(t.register, result), vars) : vars;
        normaliser.applyConditions(t, result, withResult, tc);
        if (!diff) {
            // a diff is shown (and reported) only with --diff, and never for a task with diff: false
            result.remove("diff");
        }
        return result;
    }

    /**
     * Ansible's validate_argument_spec for a role: the declared options found among the task's
     * variables, templated, with the role parameters over them, checked against the entry point.
     * Nothing is set or converted; a failure names each option's declaration and the role's use.
     */
    private Map<String, Object> roleArguments(RoleArgumentSpec.Check check, Map<String, Object> vars, TemplateContext tc) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RoleArgumentSpec.Option o : check.entryPoint().options()) {
            if (vars.containsKey(o.name())) {
                values.put(o.name(), Templar.plain(services.templar().template(vars.get(o.name()), vars, tc)));
            }
        }
        check.params().forEach((k, v) -> values.put(k, Templar.plain(services.templar().template(v, vars, tc))));
        List<RoleArgumentSpec.Problem> problems = check.problems(values);
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("argument_spec_name", check.entryPoint().name());
        context.put("name", check.roleName());
        context.put("path", check.rolePath().toString());
        context.put("type", "role");
        r.put("changed", false);
        if (problems.isEmpty()) {
            r.put("msg", "The arg spec validation passed");
            r.put("validate_args_context", context);
            return r;
        }
        StringBuilder msg = new StringBuilder("Validation of arguments failed:");
        for (RoleArgumentSpec.Problem p : problems) {
            msg.append('\n').append(p.message()).append(" (").append(p.pos()).append(')');
        }
        msg.append("\nrole '").append(check.roleName()).append("', arguments of '").append(check.entryPoint().name())
                .append("' declared at ").append(check.entryPoint().pos()).append(", used at ").append(check.usedAt());
        r.put("argument_errors", problems.stream().map(RoleArgumentSpec.Problem::message).toList());
        r.put("argument_spec_data", check.entryPoint().data());
        r.put("failed", true);
        r.put("msg", msg.toString());
        r.put("validate_args_context", context);
        return r;
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

    private Map<String, Object> callModule(Module module, Map<String, Object> args, ModuleCall ctx, Task t) {
        ModuleResult mr;
        try {
            mr = module.run(args, ctx);
        } catch (PlatformUnreachableException e) {
            Map<String, Object> r = ResultNormaliser.failure(e.getMessage());
            r.put("unreachable", true);
            return r;
        } catch (TemplateError | ArgumentError | PlaybookError e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ResultNormaliser.failure("interrupted");
        } catch (Exception | LinkageError e) {
            // a module's bug or a class missing from a broken install fails its task, not the run
            Map<String, Object> r = ResultNormaliser.failure(module.name() + " failed: " + describe(e));
            if (services.options().verbosity() >= 3) {
                StringWriter sw = new StringWriter();
                e.printStackTrace(new PrintWriter(sw));
                r.put("exception", sw.toString());
            }
            return r;
        }
        for (String w : mr.warnings()) {
            services.warn(w);
        }
        return ResultNormaliser.fromModule(mr);
    }

    /**
     * An unexpected exception in one line that always says something: its message, or its
     * type when the message is missing or blank, with its causes' messages when they differ
     * (a library's exception wrapped without text would otherwise read "failed: ").
     */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().strip();
            if (t == e) {
                out.append(m.isEmpty() ? t.getClass().getSimpleName() : m);
            } else if (!m.isEmpty() && out.indexOf(m) < 0) {
                out.append(": ").append(m);
            }
        }
        return out.toString();
    }

    /** Arguments as plain data, with {@code omit} placeholders removed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> plainArgs(Object templated) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (templated instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object v = e.getValue();
                if (!Templar.OMIT.equals(v instanceof UnsafeText u ? u.text() : v)) {
                    out.put(String.valueOf(e.getKey()), v instanceof UnsafeText ? v : stripOmit(Templar.plain(v)));
                }
            }
        }
        return out;
    }

    private static Object stripOmit(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!Templar.OMIT.equals(e.getValue())) {
                    out.put(String.valueOf(e.getKey()), stripOmit(e.getValue()));
                }
            }
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

    private static Map<String, Object> layered(Map<String, Object> top, Map<String, Object> rest) {
        return new LayeredVars(List.of(top, rest));
    }
}
