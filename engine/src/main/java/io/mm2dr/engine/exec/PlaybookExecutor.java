package io.mm2dr.engine.exec;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.event.RunListener;
import io.mm2dr.engine.event.Stats;
import io.mm2dr.engine.event.Status;
import io.mm2dr.engine.event.TaskInfo;
import io.mm2dr.engine.inventory.Inventory;
import io.mm2dr.engine.model.Block;
import io.mm2dr.engine.model.Play;
import io.mm2dr.engine.model.Playbook;
import io.mm2dr.engine.model.PlaybookError;
import io.mm2dr.engine.model.PlaybookLoader;
import io.mm2dr.engine.model.Role;
import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.model.TaskNode;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleRegistry;
import io.mm2dr.engine.template.TemplateContext;
import io.mm2dr.engine.template.TemplateError;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.vars.LayeredVars;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.PositionedError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Runs playbooks: plays in order, each play's sections (pre_tasks, roles, tasks, post_tasks) with
 * handler flushes between them, task by task across the play's hosts (Ansible's linear
 * strategy), blocks with rescue/always, dynamic includes. Task-level work is in {@link TaskRunner}.
 */
public final class PlaybookExecutor {
    /** Exit codes, as ansible-playbook's where they exist. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_FAILED = 2;
    public static final int EXIT_UNREACHABLE = 3;
    public static final int EXIT_PARSE = 4;
    public static final int EXIT_USAGE = 5;
    public static final int EXIT_INTERRUPTED = 99;

    final ModuleRegistry modules;
    final RunOptions options;
    final List<RunListener> listeners;
    final Templar templar = new Templar();
    final Redactor redactor = new Redactor();
    final Stats stats = new Stats();
    final PlaybookLoader loader;
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicInteger taskIds = new AtomicInteger();
    final TaskRunner taskRunner;
    private final Map<String, HostState> hosts = new LinkedHashMap<>();
    /** Clients and connections modules share during the run; closed, newest first, when it ends. */
    final Map<String, AutoCloseable> sharedResources = new java.util.concurrent.ConcurrentHashMap<>();
    private Inventory inventory = Inventory.empty();
    private boolean startAtFound;
    private java.util.function.Consumer<RunPlan> beforeRun = plan -> { };

    public PlaybookExecutor(ModuleRegistry modules, RunOptions options, List<RunListener> listeners) {
        this.modules = modules;
        this.options = options;
        this.listeners = List.copyOf(listeners);
        this.loader = new PlaybookLoader(modules, templar, this::warn, options.rolePaths());
        this.taskRunner = new TaskRunner(this);
        this.startAtFound = options.startAtTask() == null;
        // extra vars hold what the user typed on the command line: secrets among them are masked
        // only if declared; but values given as -e password=... reach modules as secret args.
    }

    public Stats stats() {
        return stats;
    }

    public Redactor redactor() {
        return redactor;
    }

    /**
     * Work to do once the playbooks are loaded and before the first task runs (take a lock the
     * whole run needs, say); it may refuse the run with a {@link RunRefusedException}.
     */
    public void beforeRun(java.util.function.Consumer<RunPlan> preparation) {
        this.beforeRun = preparation;
    }

    /** Asks the run to stop (Ctrl-C): waits wake up, no new task starts. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    void warn(String message) {
        for (RunListener l : listeners) {
            l.warning(redactor.redact(message));
        }
    }

    /** Loads every playbook without running anything (for --syntax-check and --list-tasks). */
    public List<Playbook> load(List<Path> files) {
        loadInventory();
        List<Playbook> books = new ArrayList<>();
        for (Path f : files) {
            books.add(loader.loadPlaybook(f));
        }
        return books;
    }

    private void loadInventory() {
        inventory = options.inventories().isEmpty() ? Inventory.empty() : Inventory.load(options.inventories(), loader.yaml());
    }

    /**
     * Runs the playbooks and returns the exit code. Parse errors of the playbooks themselves are
     * thrown as {@link PlaybookError} before anything runs; errors found while running (a bad
     * included file) end the run with {@link #EXIT_PARSE}.
     */
    public int run(List<Path> files) {
        long start = System.nanoTime();
        List<Playbook> books = load(files);
        int exit = EXIT_OK;
        try {
            beforeRun.accept(plan(books));
            outer:
            for (Playbook book : books) {
                for (RunListener l : listeners) {
                    l.playbookStart(book.file());
                }
                for (Play play : book.plays()) {
                    if (cancelled.get()) {
                        break outer;
                    }
                    if (!runPlay(play)) {
                        break outer;
                    }
                }
            }
            if (cancelled.get()) {
                exit = EXIT_INTERRUPTED;
            } else if (stats.anyUnreachable()) {
                exit = EXIT_UNREACHABLE;
            } else if (stats.anyFailed()) {
                exit = EXIT_FAILED;
            } else if (!startAtFound) {
                warn("no task matched --start-at-task '" + options.startAtTask() + "'");
                exit = EXIT_ERROR;
            }
        } catch (PositionedError e) {
            for (RunListener l : listeners) {
                l.error(redactor.redact(e.pos() + ": " + e.getMessage()));
            }
            exit = EXIT_PARSE;
        } catch (RunRefusedException e) {
            for (RunListener l : listeners) {
                l.error(redactor.redact(e.getMessage()));
            }
            exit = e.exitCode();
        }
        closeSharedResources();
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        for (RunListener l : listeners) {
            l.runEnd(stats, elapsed, exit);
        }
        return exit;
    }

    private void closeSharedResources() {
        for (Map.Entry<String, AutoCloseable> e : sharedResources.entrySet()) {
            try {
                e.getValue().close();
            } catch (Exception ex) {
                warn("could not close " + e.getKey() + ": " + ex.getMessage());
            }
        }
        sharedResources.clear();
    }

    // ------------------------------------------------------------------ plays

    /** Runs one play; false when the run must stop (no hosts left). */
    private boolean runPlay(Play play) {
        Map<String, Object> base = playBaseVars(play);
        String pattern = hostPattern(play, base);
        List<String> names = inventory.match(pattern);
        String playName = playName(play, base, pattern);
        for (RunListener l : listeners) {
            l.playStart(playName, names);
        }
        if (names.isEmpty()) {
            for (RunListener l : listeners) {
                l.noHostsMatched(pattern);
            }
            return true;
        }
        PlayRun run = new PlayRun(play, playName, new ArrayList<>(play.handlers));
        List<HostState> playHosts = new ArrayList<>();
        for (String n : names) {
            HostState h = hosts.computeIfAbsent(n, HostState::new);
            h.ended = false;
            h.inventoryVars = inventory.varsOf(n);
            h.magic = magic(h, run, names);
            playHosts.add(h);
        }
        run.varsFiles = loadVarsFiles(play, playHosts.get(0), loader);
        runNodes(run, List.of(play.preTasks), playHosts);
        flushHandlers(run, playHosts);
        for (Block role : play.roles) {
            runNodes(run, List.of(role), playHosts);
        }
        runNodes(run, List.of(play.tasks), playHosts);
        flushHandlers(run, playHosts);
        runNodes(run, List.of(play.postTasks), playHosts);
        flushHandlers(run, playHosts);
        return playHosts.stream().anyMatch(HostState::alive) || playHosts.stream().allMatch(h -> h.ended && !h.failed && !h.unreachable);
    }

    /** What a play's hosts pattern and name are templated with: inventory (all), play vars, extra vars. */
    private Map<String, Object> playBaseVars(Play play) {
        Map<String, Object> base = new LinkedHashMap<>(inventory.varsOf("all"));
        base.putAll(play.vars);
        base.putAll(options.extraVars());
        return base;
    }

    private String hostPattern(Play play, Map<String, Object> base) {
        Object hostsSpec = templar.template(play.hosts, base, TemplateContext.NONE);
        return hostsSpec instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(hostsSpec);
    }

    private String playName(Play play, Map<String, Object> base, String pattern) {
        return play.name != null ? String.valueOf(templar.template(play.name, base, TemplateContext.NONE)) : pattern;
    }

    // ------------------------------------------------------------------ before the first task

    /** The run as it will start, for {@link #beforeRun}: computed only from what is loaded, nothing runs. */
    private RunPlan plan(List<Playbook> books) {
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
                return options.check();
            }

            @Override
            public List<PlannedPlay> plays() {
                return all;
            }

            @Override
            public <T extends AutoCloseable> T shared(String key, Class<T> type, java.util.function.Supplier<T> factory) {
                return type.cast(sharedResources.computeIfAbsent(key, k -> factory.get()));
            }
        };
    }

    private PlaybookLoader quietLoader;

    /** A loader for looking ahead: what it loads is loaded again, with its warnings, when the run gets there. */
    private PlaybookLoader quietLoader() {
        if (quietLoader == null) {
            quietLoader = new PlaybookLoader(modules, templar, w -> { }, options.rolePaths());
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
            Map<String, Object> base = playBaseVars(play);
            List<String> matched;
            String shown;
            try {
                String pattern = hostPattern(play, base);
                matched = List.copyOf(inventory.match(pattern));
                shown = playName(play, base, pattern);
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
            Set<String> seen = new HashSet<>();
            return nodes.stream().anyMatch(n -> mayCall(n, test, seen));
        }

        private boolean mayCall(TaskNode node, Predicate<Module> test, Set<String> seen) {
            if (node instanceof Block b) {
                return b.body.stream().anyMatch(n -> mayCall(n, test, seen)) || b.rescue.stream().anyMatch(n -> mayCall(n, test, seen))
                        || b.always.stream().anyMatch(n -> mayCall(n, test, seen));
            }
            Task t = (Task) node;
            if (PlaybookLoader.INCLUDE_TASKS.contains(t.action) || PlaybookLoader.INCLUDE_ROLE.contains(t.action)) {
                try {
                    return includedMayCall(t, test, seen);
                } catch (RuntimeException e) {
                    return true;   // it fails when it runs; until then, it may call anything
                }
            }
            Module m = modules.find(t.action);
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
                    if (r.tasks != null && mayCall(r.tasks, test, seen) || r.handlers.stream().anyMatch(h -> mayCall(h, test, seen))) {
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
            h.inventoryVars = inventory.varsOf(host);
            h.magic = magic(h, new PlayRun(play, name, List.of()), names);
            if (varsFiles == null) {
                try {
                    varsFiles = loadVarsFiles(play, h, quietLoader());
                } catch (RuntimeException e) {
                    varsFiles = Map.of();   // the play reports it when it starts
                }
            }
            Map<String, Object> vars = new LayeredVars(List.of(options.extraVars(), varsFiles, play.vars, h.inventoryVars, h.magic));
            if (!vars.containsKey(variable)) {
                return null;
            }
            return templar.template(vars.get(variable), vars, TemplateContext.NONE);
        }
    }

    private Map<String, Object> loadVarsFiles(Play play, HostState host, PlaybookLoader loader) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object entry : play.varsFiles) {
            Map<String, Object> vars = new LayeredVars(List.of(options.extraVars(), out, play.vars, host.inventoryVars, host.magic));
            Object name = templar.template(entry, vars, TemplateContext.NONE);
            List<Object> candidates = name instanceof List<?> l ? new ArrayList<>(l) : List.of(name);
            boolean loaded = false;
            for (Object c : candidates) {
                Path p = play.playbookDir.resolve(String.valueOf(c));
                if (Files.isRegularFile(p)) {
                    out.putAll(loader.loadVarsFile(p));
                    loaded = true;
                    break;
                }
            }
            if (!loaded) {
                throw new PlaybookError("vars_files: none of " + candidates + " was found (relative to "
                        + SourcePos.displayPath(play.playbookDir) + ")", play.pos);
            }
        }
        return out;
    }

    private Map<String, Object> magic(HostState h, PlayRun run, List<String> playHosts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("playbook_dir", run.play.playbookDir.toString());
        m.put("inventory_hostname", h.name);
        m.put("inventory_hostname_short", h.name.contains(".") ? h.name.substring(0, h.name.indexOf('.')) : h.name);
        m.put("inventory_dir", inventory.source() == null ? null : inventory.source().toAbsolutePath().getParent().toString());
        m.put("ansible_play_name", run.name);
        m.put("ansible_play_hosts", playHosts);
        m.put("ansible_play_hosts_all", playHosts);
        m.put("ansible_play_batch", playHosts);
        m.put("play_hosts", playHosts);
        m.put("groups", inventory.groupsVariable());
        m.put("group_names", inventory.groupsOf(h.name));
        m.put("ansible_check_mode", options.check());
        m.put("ansible_diff_mode", options.diff());
        m.put("ansible_verbosity", (long) options.verbosity());
        m.put("ansible_run_tags", new ArrayList<>(options.tags().isEmpty() ? Set.of("all") : options.tags()));
        m.put("ansible_skip_tags", new ArrayList<>(options.skipTags()));
        m.put("ansible_connection", "local");
        m.put("ansible_version", Map.of("full", "2.14.0", "major", 2L, "minor", 14L, "revision", 0L, "string", "2.14.0 (runner)"));
        m.put("hostvars", new HostVars());
        return m;
    }

    /** {@code hostvars}: each host's variables, without task-level layers. */
    private final class HostVars extends AbstractMap<String, Object> {
        @Override
        public Object get(Object key) {
            HostState h = hosts.get(String.valueOf(key));
            return h == null ? null : new LayeredVars(List.of(options.extraVars(), h.facts, h.inventoryVars, h.magic));
        }

        @Override
        public boolean containsKey(Object key) {
            return hosts.containsKey(String.valueOf(key));
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String n : hosts.keySet()) {
                m.put(n, get(n));
            }
            return m.entrySet();
        }
    }

    /** Per-play state: the play, its handlers (include_role adds some), its vars_files values. */
    static final class PlayRun {
        final Play play;
        final String name;
        final List<Task> handlers;
        Map<String, Object> varsFiles = Map.of();

        /** vars and defaults of the roles in {@code roles:}, the last role first: visible to the whole play, as in Ansible. */
        final List<Map<String, Object>> playRoleVars = new ArrayList<>();
        final List<Map<String, Object>> playRoleDefaults = new ArrayList<>();

        PlayRun(Play play, String name, List<Task> handlers) {
            this.play = play;
            this.name = name;
            this.handlers = handlers;
            for (Block b : play.roles) {
                if (b.role == null) {
                    continue;
                }
                if (!b.role.vars.isEmpty()) {
                    playRoleVars.add(0, b.role.vars);
                }
                if (!b.role.defaults.isEmpty()) {
                    playRoleDefaults.add(0, b.role.defaults);
                }
            }
        }
    }

    // ------------------------------------------------------------------ variables

    /**
     * The variables a node sees on a host, highest precedence first: extra vars, loop and include
     * variables, facts and registered results, task vars, block vars (inner first) with role
     * params and role vars at each role, vars_files, play vars, inventory, role defaults, magic.
     */
    Map<String, Object> varsFor(PlayRun run, HostState h, TaskNode node, Map<String, Object> itemVars) {
        List<Map<String, Object>> layers = new ArrayList<>(16);
        layers.add(options.extraVars());
        if (itemVars != null) {
            layers.add(itemVars);
        }
        int includeParams = layers.size();
        layers.add(h.facts);
        List<Map<String, Object>> defaults = new ArrayList<>(2);
        Role innermostRole = null;
        for (TaskNode n = node; n != null; n = n.parent()) {
            if (!n.vars.isEmpty()) {
                if (n instanceof Block b && b.includeParams) {
                    layers.add(includeParams++, n.vars); // above facts and task vars; the innermost include first
                } else {
                    layers.add(n.vars);
                }
            }
            if (n instanceof Block b && b.role != null) {
                if (innermostRole == null) {
                    innermostRole = b.role;
                }
                if (!b.role.params.isEmpty()) {
                    layers.add(b.role.params);
                }
                if (!b.role.vars.isEmpty()) {
                    layers.add(b.role.vars);
                }
                if (!b.role.defaults.isEmpty()) {
                    defaults.add(b.role.defaults);
                }
            }
        }
        layers.addAll(run.playRoleVars);
        layers.add(run.varsFiles);
        layers.add(run.play.vars);
        layers.add(h.inventoryVars);
        layers.addAll(defaults);
        layers.addAll(run.playRoleDefaults);
        if (innermostRole != null) {
            layers.add(Map.of("role_name", innermostRole.name, "role_path", innermostRole.path.toString()));
        }
        layers.add(h.magic);
        return new LayeredVars(layers);
    }

    /** Where lookups and modules search for files of a node: role folders, the task file's folder, the playbook folder. */
    List<Path> searchPaths(PlayRun run, TaskNode node, String kind) {
        List<Path> paths = new ArrayList<>();
        Role role = node.role();
        if (role != null) {
            if (kind != null) {
                paths.add(role.path.resolve(kind));
            }
            paths.add(role.path);
        }
        if (node.pos.file() != null) {
            Path dir = node.pos.file().toAbsolutePath().getParent();
            if (kind != null) {
                paths.add(dir.resolve(kind));
            }
            paths.add(dir);
        }
        if (kind != null) {
            paths.add(run.play.playbookDir.resolve(kind));
        }
        paths.add(run.play.playbookDir);
        return paths;
    }

    /** Lookups search the role, the task file's folder and the playbook folder (each with its templates/ and files/). */
    TemplateContext templateContext(PlayRun run, TaskNode node) {
        return new TemplateContext(searchPaths(run, node, null));
    }

    // ------------------------------------------------------------------ blocks and tasks

    void runNodes(PlayRun run, List<TaskNode> nodes, List<HostState> hostList) {
        for (TaskNode node : nodes) {
            if (cancelled.get()) {
                return;
            }
            List<HostState> alive = hostList.stream().filter(HostState::alive).toList();
            if (alive.isEmpty()) {
                return;
            }
            if (node instanceof Block b) {
                runBlock(run, b, alive);
            } else {
                runTask(run, (Task) node, alive);
            }
        }
    }

    private void runBlock(PlayRun run, Block b, List<HostState> hostList) {
        runNodes(run, b.body, hostList);
        List<HostState> failedInBody = hostList.stream().filter(h -> h.failed && !h.unreachable).toList();
        if (!b.rescue.isEmpty() && !failedInBody.isEmpty()) {
            for (HostState h : failedInBody) {
                h.failed = false;
                stats.rescued(h.name);
                h.facts.put("ansible_failed_result", h.lastFailure);
                h.facts.put("ansible_failed_task", Map.of("name", h.lastFailedTask == null ? "" : h.lastFailedTask));
            }
            runNodes(run, b.rescue, failedInBody);
        }
        if (!b.always.isEmpty()) {
            List<HostState> failedBefore = hostList.stream().filter(h -> h.failed).toList();
            List<HostState> entered = hostList.stream().filter(h -> !h.unreachable && !h.ended).toList();
            for (HostState h : failedBefore) {
                h.failed = false;
            }
            runNodes(run, b.always, entered);
            for (HostState h : failedBefore) {
                h.failed = true;
            }
        }
    }

    /**
     * The task's name as shown, templated as Ansible does with the first host's variables; a name
     * that needs what only exists while the task runs (a loop's item) stays as written.
     */
    private String shownName(PlayRun run, Task t, List<HostState> hostList) {
        String name = t.displayName();
        if (t.name == null || !Templar.isTemplate(name) || hostList.isEmpty()) {
            return name;
        }
        try {
            Map<String, Object> vars = varsFor(run, hostList.get(0), t, null);
            return redactor.redact(Templar.render(templar.template(name, vars, templateContext(run, t))));
        } catch (RuntimeException e) {
            return name;
        }
    }

    private void runTask(PlayRun run, Task t, List<HostState> hostList) {
        if (!options.selects(t.effectiveTags())) {
            return;
        }
        if (!startAtFound) {
            String wanted = options.startAtTask();
            if (matchesName(wanted, t.displayName()) || (t.name != null && matchesName(wanted, t.name))) {
                startAtFound = true;
            } else {
                return;
            }
        }
        TaskInfo info = new TaskInfo(taskIds.incrementAndGet(), shownName(run, t, hostList), t.action, t.pos, run.name, false);
        for (RunListener l : listeners) {
            l.taskStart(info);
        }
        if (PlaybookLoader.META.contains(t.action)) {
            runMeta(run, t, info, hostList);
            return;
        }
        if (PlaybookLoader.INCLUDE_TASKS.contains(t.action) || PlaybookLoader.INCLUDE_ROLE.contains(t.action)) {
            runInclude(run, t, info, hostList);
            return;
        }
        for (HostState h : hostList) {
            if (cancelled.get()) {
                return;
            }
            HostResult r = taskRunner.run(run, t, info, h);
            finish(info, h, r);
        }
    }

    void finish(TaskInfo info, HostState h, HostResult r) {
        stats.count(r);
        for (RunListener l : listeners) {
            l.taskResult(info, r);
        }
        if (r.status() == Status.UNREACHABLE) {
            h.unreachable = true;
        } else if (r.failed() && !r.ignored()) {
            h.failed = true;
            h.lastFailure = r.result();
            h.lastFailedTask = info.name();
        }
    }

    private static boolean matchesName(String pattern, String name) {
        if (pattern.equals(name)) {
            return true;
        }
        if (pattern.contains("*") || pattern.contains("?")) {
            String regex = java.util.regex.Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            return name.matches(regex);
        }
        return false;
    }

    private void runMeta(PlayRun run, Task t, TaskInfo info, List<HostState> hostList) {
        String what = String.valueOf(t.args.get("_raw_params"));
        switch (what) {
            case "flush_handlers" -> flushHandlers(run, hostList);
            case "end_play" -> {
                for (HostState h : hostList) {
                    if (whenHolds(run, t, h)) {
                        h.ended = true;
                    }
                }
            }
            case "end_host" -> {
                for (HostState h : hostList) {
                    if (whenHolds(run, t, h)) {
                        h.ended = true;
                    }
                }
            }
            case "clear_host_errors" -> hosts.values().forEach(h -> h.failed = false);
            default -> { }
        }
    }

    private boolean whenHolds(PlayRun run, Task t, HostState h) {
        Map<String, Object> vars = varsFor(run, h, t, null);
        TemplateContext tc = templateContext(run, t);
        for (TaskNode n = t; n != null; n = n.parent()) {
            for (Object c : n.when) {
                if (!templar.evaluateCondition(c, vars, tc)) {
                    return false;
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ includes

    private void runInclude(PlayRun run, Task t, TaskInfo info, List<HostState> hostList) {
        for (HostState h : hostList) {
            if (cancelled.get()) {
                return;
            }
            List<TaskRunner.Inclusion> inclusions = new ArrayList<>();
            HostResult r = taskRunner.planInclude(run, t, info, h, inclusions);
            boolean role = PlaybookLoader.INCLUDE_ROLE.contains(t.action);
            if (r.failed() || r.status() == Status.SKIPPED) {
                finish(info, h, r);
                continue;
            }
            // as ansible-playbook: include_role shows and counts nothing itself, each file include_tasks
            // brings in is one "included:" line (with its item) and one ok
            List<Block> blocks = new ArrayList<>();
            for (TaskRunner.Inclusion inc : inclusions) {
                blocks.add(role ? includeRole(run, t, inc) : includeTasks(run, t, inc));
                if (!role) {
                    stats.count(new HostResult(h.name, Status.OK, false, inc.itemLabel(), Map.of("changed", false), List.of(), 0, false, null));
                    for (RunListener l : listeners) {
                        l.included(inc.file(), h.name, inc.itemLabel());
                    }
                }
            }
            for (Block block : blocks) {
                runNodes(run, List.of(block), List.of(h));
            }
        }
    }

    private Block includeTasks(PlayRun run, Task t, TaskRunner.Inclusion inc) {
        Block file = loader.loadTaskFile(inc.file(), t.role());
        TaskNode.Keywords kw = new TaskNode.Keywords();
        kw.pos = t.pos;
        kw.vars = inc.vars();
        Block holder = Block.container(kw, List.of(file), null);
        holder.includeParams = true;
        holder.attachTo(t.parent());
        return holder;
    }

    private Block includeRole(PlayRun run, Task t, TaskRunner.Inclusion inc) {
        // include_role runs every time it is reached (allow_duplicates defaults to true), unlike roles:
        boolean dedup = "false".equalsIgnoreCase(String.valueOf(t.args.get("allow_duplicates")))
                || Boolean.FALSE.equals(t.args.get("allow_duplicates"));
        List<Role> roles = loader.loadRoleWithDependencies(inc.roleName(), inc.vars(), inc.tasksFrom(), run.play.playbookDir,
                t.role(), t.pos, run.play.roleKeys, !dedup);
        List<TaskNode> blocks = new ArrayList<>();
        for (Role r : roles) {
            blocks.add(Block.container(List.of(r.tasks), r));
            for (Task handler : r.handlers) {
                if (!run.handlers.contains(handler)) {
                    run.handlers.add(handler);
                }
            }
        }
        TaskNode.Keywords kw = new TaskNode.Keywords();
        kw.pos = t.pos;
        Block holder = Block.container(kw, blocks, null);
        holder.attachTo(t.parent());
        return holder;
    }

    // ------------------------------------------------------------------ handlers

    void flushHandlers(PlayRun run, List<HostState> hostList) {
        boolean again = true;
        while (again && !cancelled.get()) {
            again = false;
            for (Task handler : run.handlers) {
                List<HostState> targets = new ArrayList<>();
                for (HostState h : hostList) {
                    boolean runnable = h.alive() || ((run.play.forceHandlers || options.forceHandlers()) && h.failed && !h.unreachable);
                    if (runnable && isNotified(h, handler)) {
                        targets.add(h);
                    }
                }
                if (targets.isEmpty()) {
                    continue;
                }
                for (HostState h : targets) {
                    h.notifiedHandlers.remove(handler);
                }
                again = true;
                TaskInfo info = new TaskInfo(taskIds.incrementAndGet(), handler.displayName(), handler.action, handler.pos, run.name, true);
                for (RunListener l : listeners) {
                    l.taskStart(info);
                }
                for (HostState h : targets) {
                    HostResult r = taskRunner.run(run, handler, info, h);
                    finish(info, h, r);
                }
            }
        }
        for (HostState h : hostList) {
            h.notifiedHandlers.clear();
        }
    }

    private static boolean isNotified(HostState h, Task handler) {
        return h.notifiedHandlers.contains(handler);
    }

    static List<String> handlerNames(Task handler) {
        List<String> names = new ArrayList<>(handler.listen);
        if (handler.name != null) {
            names.add(handler.name);
            Role r = handler.role();
            if (r != null) {
                names.add(r.name + " : " + handler.name);
            }
        }
        return names;
    }

    /** Records a notification, failing clearly when no handler answers to the name. */
    void notifyHandler(PlayRun run, HostState h, String name, Task from) {
        boolean found = false;
        for (Task handler : run.handlers) {
            if (handlerNames(handler).contains(name)) {
                // every handler with that name or listening to that topic runs
                h.notifiedHandlers.add(handler);
                found = true;
            }
        }
        if (found) {
            return;
        }
        throw new PlaybookError("the handler '" + name + "' notified by this task was not found in the play", from.pos);
    }
}
