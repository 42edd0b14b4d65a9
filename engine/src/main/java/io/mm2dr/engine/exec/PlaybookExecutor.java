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
import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.model.TaskNode;
import io.mm2dr.engine.module.ModuleRegistry;
import io.mm2dr.engine.template.TemplateContext;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.yaml.PositionedError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs playbooks: plays in order, each play's sections (pre_tasks, roles, tasks, post_tasks) with
 * handler flushes between them, task by task across the play's hosts (Ansible's linear
 * strategy), blocks with rescue/always, dynamic includes, meta actions, recap and exit code.
 * The layers below it: {@link TaskRunner} runs a task on a host (conditions, loop, register,
 * notify), {@link TaskExecution} runs it once (arguments, check mode, module, until), and
 * {@link ResultNormaliser} turns every result into what listeners see; they reach the run only
 * through {@link RunServices} and the play through {@link TaskScope} ({@link PlayRun}).
 * {@link RunVariables} layers variables, {@link RunLookAhead} tells the preparation before the
 * first task what the run will do.
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

    private final ModuleRegistry modules;
    private final RunOptions options;
    private final List<RunListener> listeners;
    private final Templar templar = new Templar();
    private final Redactor redactor = new Redactor();
    private final Stats stats = new Stats();
    private final PlaybookLoader loader;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicInteger taskIds = new AtomicInteger();
    private final Map<String, HostState> hosts = new LinkedHashMap<>();
    /** Clients and connections modules share during the run; closed, newest first, when it ends. */
    private final Map<String, AutoCloseable> sharedResources = new java.util.concurrent.ConcurrentHashMap<>();
    /** What tasks see of the run. */
    private final RunServices services = new Services();
    private final RunVariables variables;
    private final TaskRunner taskRunner;
    private boolean startAtFound;
    private java.util.function.Consumer<RunPlan> beforeRun;

    public PlaybookExecutor(ModuleRegistry modules, RunOptions options, List<RunListener> listeners) {
        this.modules = modules;
        this.options = options;
        this.listeners = List.copyOf(listeners);
        this.loader = new PlaybookLoader(modules, templar, this::warn, options.rolePaths());
        this.variables = new RunVariables(options, templar, hosts);
        this.taskRunner = new TaskRunner(services, loader);
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

    private void warn(String message) {
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
        variables.inventory(options.inventories().isEmpty() ? Inventory.empty() : Inventory.load(options.inventories(), loader.yaml()));
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
            if (beforeRun != null) {
                beforeRun.accept(new RunLookAhead(services, variables).plan(books));
            }
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
        Map<String, Object> base = variables.playBaseVars(play);
        String pattern = variables.hostPattern(play, base);
        List<String> names = variables.inventory().match(pattern);
        String playName = variables.playName(play, base, pattern);
        for (RunListener l : listeners) {
            l.playStart(playName, names);
        }
        if (names.isEmpty()) {
            for (RunListener l : listeners) {
                l.noHostsMatched(pattern);
            }
            return true;
        }
        PlayRun run = new PlayRun(variables, play, playName, new ArrayList<>(play.handlers));
        List<HostState> playHosts = new ArrayList<>();
        for (String n : names) {
            HostState h = hosts.get(n);
            if (h == null) {
                h = new HostState(n);
                hosts.put(n, h);
            }
            h.ended = false;
            h.inventoryVars = variables.inventory().varsOf(n);
            h.magic = variables.magic(h, play, playName, names);
            playHosts.add(h);
        }
        run.varsFiles = variables.loadVarsFiles(play, playHosts.get(0), loader);
        runNodes(run, List.of(play.preTasks), playHosts);
        flushHandlers(run, playHosts);
        for (Block role : play.roles) {
            runNodes(run, List.of(role), playHosts);
        }
        runNodes(run, List.of(play.tasks), playHosts);
        flushHandlers(run, playHosts);
        runNodes(run, List.of(play.postTasks), playHosts);
        flushHandlers(run, playHosts);
        boolean allEndedWell = true;
        for (HostState h : playHosts) {
            if (h.alive()) {
                return true;
            }
            allEndedWell &= h.ended && !h.failed && !h.unreachable;
        }
        return allEndedWell;
    }

    // (loops rather than streams and lambdas on the path of every task: each lambda's first use
    // costs a short run a fraction of a millisecond, interpreted)
    private static List<HostState> alive(List<HostState> hostList) {
        List<HostState> alive = new ArrayList<>(hostList.size());
        for (HostState h : hostList) {
            if (h.alive()) {
                alive.add(h);
            }
        }
        return alive;
    }

    // ------------------------------------------------------------------ blocks and tasks

    void runNodes(PlayRun run, List<TaskNode> nodes, List<HostState> hostList) {
        for (TaskNode node : nodes) {
            if (cancelled.get()) {
                return;
            }
            List<HostState> alive = alive(hostList);
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
        List<HostState> failedInBody = new ArrayList<>();
        for (HostState h : hostList) {
            if (h.failed && !h.unreachable) {
                failedInBody.add(h);
            }
        }
        if (!b.rescue.isEmpty() && !failedInBody.isEmpty()) {
            for (HostState h : failedInBody) {
                h.failed = false;
                stats.rescued(h.name);
                for (RunListener l : listeners) {
                    l.rescued(h.name);
                }
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
            Map<String, Object> vars = run.vars(hostList.get(0), t);
            return redactor.redact(Templar.render(templar.template(name, vars, run.templateContext(t))));
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
        Map<String, Object> vars = run.vars(h, t);
        TemplateContext tc = run.templateContext(t);
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
                blocks.add(role ? run.includedRole(loader, t, inc) : run.includedTasks(loader, t, inc));
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


    /** The run as tasks see it. */
    private final class Services implements RunServices {
        @Override
        public Templar templar() {
            return templar;
        }

        @Override
        public Redactor redactor() {
            return redactor;
        }

        @Override
        public ModuleRegistry modules() {
            return modules;
        }

        @Override
        public RunOptions options() {
            return options;
        }

        @Override
        public List<RunListener> listeners() {
            return listeners;
        }

        @Override
        public boolean cancelled() {
            return cancelled.get();
        }

        @Override
        public void warn(String message) {
            PlaybookExecutor.this.warn(message);
        }

        @Override
        public <T extends AutoCloseable> T shared(String key, Class<T> type, java.util.function.Supplier<T> factory) {
            return type.cast(sharedResources.computeIfAbsent(key, k -> factory.get()));
        }
    }
}
