package io.mm2dr.engine.exec;

import io.mm2dr.engine.model.Block;
import io.mm2dr.engine.model.Play;
import io.mm2dr.engine.model.Playbook;
import io.mm2dr.engine.model.PlaybookLoader;
import io.mm2dr.engine.model.Role;
import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.model.TaskNode;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.template.TemplateContext;
import io.mm2dr.engine.vars.LayeredVars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The run as it will start, for the preparation before its first task ({@link RunPlan}):
 * computed only from what is loaded, nothing runs. Dynamic includes with names that are not
 * templated are loaded (quietly) and looked into.
 */
final class RunLookAhead {
    private final RunServices services;
    private final RunVariables variables;

    RunLookAhead(RunServices services, RunVariables variables) {
        this.services = services;
        this.variables = variables;
    }

    /** The run as it will start, for {@link #beforeRun}: computed only from what is loaded, nothing runs. */
    RunPlan plan(List<Playbook> books) {
        List<RunPlan.PlannedPlay> plays = new ArrayList<>();
        for (Playbook book : books) {
            for (Play play : book.plays()) {
                plays.add(new PlannedPlay(play));
            }
        }
        List<RunPlan.PlannedPlay> all = List.copyOf(plays);
        return new RunPlan() {
            @Override
            public boolean checkMode() {
                return services.options().check();
            }

            @Override
            public List<PlannedPlay> plays() {
                return all;
            }

            @Override
            public <T extends AutoCloseable> T shared(String key, Class<T> type, java.util.function.Supplier<T> factory) {
                return services.shared(key, type, factory);
            }
        };
    }

    private PlaybookLoader quietLoader;

    /** A loader for looking ahead: what it loads is loaded again, with its warnings, when the run gets there. */
    private PlaybookLoader quietLoader() {
        if (quietLoader == null) {
            quietLoader = new PlaybookLoader(services.modules(), services.templar(), w -> { }, services.options().rolePaths());
        }
        return quietLoader;
    }

    private final class PlannedPlay implements RunPlan.PlannedPlay {
        private final Play play;
        private final String name;
        private final List<String> names;
        private Map<String, Object> varsFiles;

        PlannedPlay(Play play) {
            this.play = play;
            Map<String, Object> base = variables.playBaseVars(play);
            List<String> matched;
            String shown;
            try {
                String pattern = variables.hostPattern(play, base);
                matched = List.copyOf(variables.inventory().match(pattern));
                shown = variables.playName(play, base, pattern);
            } catch (RuntimeException e) {
                matched = List.of();   // the play reports it when it starts
                shown = String.valueOf(play.name == null ? play.hosts : play.name);
            }
            this.names = matched;
            this.name = shown;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> hosts() {
            return names;
        }

        @Override
        public boolean mayCall(Predicate<Module> test) {
            List<TaskNode> nodes = new ArrayList<>();
            nodes.add(play.preTasks);
            nodes.addAll(play.roles);
            nodes.add(play.tasks);
            nodes.add(play.postTasks);
            nodes.addAll(play.handlers);
            return anyMayCall(nodes, test, new HashSet<>());
        }

        // (loops rather than streams and lambdas here and on every run's path: each lambda's first
        // use costs a short run a fraction of a millisecond, interpreted)
        private boolean anyMayCall(List<? extends TaskNode> nodes, Predicate<Module> test, Set<String> seen) {
            for (TaskNode n : nodes) {
                if (mayCall(n, test, seen)) {
                    return true;
                }
            }
            return false;
        }

        private boolean mayCall(TaskNode node, Predicate<Module> test, Set<String> seen) {
            if (node instanceof Block b) {
                return anyMayCall(b.body, test, seen) || anyMayCall(b.rescue, test, seen) || anyMayCall(b.always, test, seen);
            }
            Task t = (Task) node;
            if (PlaybookLoader.INCLUDE_TASKS.contains(t.action) || PlaybookLoader.INCLUDE_ROLE.contains(t.action)) {
                try {
                    return includedMayCall(t, test, seen);
                } catch (RuntimeException e) {
                    return true;   // it fails when it runs; until then, it may call anything
                }
            }
            Module m = services.modules().find(t.action);
            return m != null && test.test(m);
        }

        /**
         * What a dynamic include with a name that is not templated brings in is loaded (by a loader
         * that warns nothing: the run warns when it includes it) and looked into; a templated name
         * may bring in anything.
         */
        private boolean includedMayCall(Task t, Predicate<Module> test, Set<String> seen) {
            if (PlaybookLoader.INCLUDE_ROLE.contains(t.action)) {
                Object name = t.args.get("name");
                Object from = t.args.get("tasks_from");
                if (!plain(name) || from != null && !plain(from)) {
                    return true;
                }
                if (!seen.add("role " + name + " " + from)) {
                    return false;   // looked into already, or being looked into
                }
                for (Role r : quietLoader().loadRoleWithDependencies(String.valueOf(name), Map.of(), from == null ? null : String.valueOf(from),
                        play.playbookDir, t.role(), t.pos, new HashSet<>(), true)) {
                    if (r.tasks != null && mayCall(r.tasks, test, seen) || anyMayCall(r.handlers, test, seen)) {
                        return true;
                    }
                }
                return false;
            }
            Object file = t.args.containsKey("file") ? t.args.get("file") : t.args.get("_raw_params");
            if (!plain(file)) {
                return true;
            }
            Path dir = t.pos.file() == null ? play.playbookDir : t.pos.file().toAbsolutePath().getParent();
            Path path = quietLoader().findTaskFile(String.valueOf(file), new PlaybookLoader.Context(t.pos.file(), dir, t.role()), t.pos);
            return seen.add("tasks " + path.toAbsolutePath().normalize()) && mayCall(quietLoader().loadTaskFile(path, t.role()), test, seen);
        }

        private static boolean plain(Object name) {
            return name instanceof String s && !s.contains("{{") && !s.contains("{%");
        }

        @Override
        public Object variable(String host, String variable) {
            HostState h = new HostState(host);
            h.inventoryVars = variables.inventory().varsOf(host);
            h.magic = variables.magic(h, play, name, names);
            if (varsFiles == null) {
                try {
                    varsFiles = variables.loadVarsFiles(play, h, quietLoader());
                } catch (RuntimeException e) {
                    varsFiles = Map.of();   // the play reports it when it starts
                }
            }
            Map<String, Object> vars = new LayeredVars(List.of(services.options().extraVars(), varsFiles, play.vars, h.inventoryVars, h.magic));
            if (!vars.containsKey(variable)) {
                return null;
            }
            return services.templar().template(vars.get(variable), vars, TemplateContext.NONE);
        }
    }
}
