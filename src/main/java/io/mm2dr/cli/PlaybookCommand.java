package io.mm2dr.cli;

import io.mm2dr.engine.event.RunListener;
import io.mm2dr.engine.exec.PlaybookExecutor;
import io.mm2dr.engine.exec.RunOptions;
import io.mm2dr.engine.model.Block;
import io.mm2dr.engine.model.Play;
import io.mm2dr.engine.model.Playbook;
import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.model.TaskNode;
import io.mm2dr.engine.output.ConsoleOutput;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.PositionedError;
import io.mm2dr.engine.yaml.YamlLoader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The playbook command: ansible-playbook's options where they apply, and reports for CI. */
@Command(name = "runner", mixinStandardHelpOptions = true, versionProvider = PlaybookCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs Ansible-style playbooks for Kafka MirrorMaker 2 disaster-recovery drills.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:other error (playbook file not found, internal error)",
            "2:a task failed",
            "3:the platform (API server, broker) is unreachable",
            "4:a playbook cannot be parsed (YAML, unknown module, keyword or argument)",
            "5:bad command-line options, or a sandbox folder that cannot be used",
            "99:interrupted by the user"})
public final class PlaybookCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PLAYBOOK", description = "Playbook files to run, in order.")
    List<Path> playbooks = new ArrayList<>();

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Inventory file (YAML) or comma-separated host list; repeatable. Default: the one ansible.cfg (or ANSIBLE_INVENTORY) names.")
    List<String> inventories = new ArrayList<>();

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VARS",
            description = "Extra variables: key=value, JSON/YAML, or @file; repeatable, highest precedence.")
    List<String> extraVars = new ArrayList<>();

    @Option(names = {"-C", "--check"}, description = "Change nothing; report what would change.")
    boolean check;

    @Option(names = {"-D", "--diff"}, description = "Show what changes (before/after), secrets redacted.")
    boolean diff;

    @Option(names = {"-t", "--tags"}, split = ",", paramLabel = "TAGS", description = "Run only tasks with these tags.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--skip-tags", split = ",", paramLabel = "TAGS", description = "Skip tasks with these tags.")
    List<String> skipTags = new ArrayList<>();

    @Option(names = "--start-at-task", paramLabel = "NAME", description = "Start at the first task with this name (wildcards allowed).")
    String startAtTask;

    @Option(names = "--list-tasks", description = "List the tasks that would run, then exit.")
    boolean listTasks;

    @Option(names = "--list-tags", description = "List the tags of the playbooks, then exit.")
    boolean listTags;

    @Option(names = "--syntax-check", description = "Check the playbooks (YAML, keywords, modules, arguments, templates), then exit.")
    boolean syntaxCheck;

    @Option(names = "--force-handlers", description = "Run notified handlers even on hosts that failed.")
    boolean forceHandlers;

    @Option(names = "--roles-path", paramLabel = "DIR", split = ":", description = "More folders to search for roles.")
    List<Path> rolesPath = new ArrayList<>();

    @Option(names = "--report-json", paramLabel = "FILE", description = "Write every task result, timings and the recap as JSON.")
    Path reportJson;

    @Option(names = "--report-junit", paramLabel = "FILE", description = "Write a JUnit XML report: one test case per task and host.")
    Path reportJunit;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour output: auto (on a terminal), always, never. NO_COLOR and ANSIBLE_NOCOLOR are honoured.")
    String colorMode = "auto";

    @Option(names = "--sandbox", paramLabel = "DIR",
            description = "The local sandbox's state folder (default: $MM2DR_SANDBOX, else ./.sandbox); sets the variable sandbox_dir.")
    String sandboxDir;

    @Option(names = "-v", description = "More output; -vvv shows stack traces of internal errors.")
    boolean[] verbose = new boolean[0];

    private final PrintStream out;
    private final PrintStream err;
    private final boolean handleInterrupt;
    private ReportFiles reports;

    public PlaybookCommand(PrintStream out, PrintStream err, boolean handleInterrupt) {
        this.out = out;
        this.err = err;
        this.handleInterrupt = handleInterrupt;
    }

    /** A picocli command line with our exit codes for bad options (5) and unexpected errors (1). */
    public static CommandLine commandLine(PlaybookCommand command) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(command.out, true));
        cl.setErr(new PrintWriter(command.err, true));
        cl.setExpandAtFiles(false);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("ERROR! " + ex.getMessage());
            c.getErr().println("Usage: " + c.getCommandName() + " [options] PLAYBOOK...   (--help for all options)");
            return command.endReports(args, PlaybookExecutor.EXIT_USAGE, ex.getMessage());
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> command.failed(ex));
        // the other commands (Main dispatches them) in the help, one line each, from the one table
        CommandLine.IHelpSectionRenderer synopsis = cl.getHelpSectionMap().get(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS);
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> {
            StringBuilder b = new StringBuilder(synopsis.render(help));
            for (Subcommands.Entry e : Subcommands.ALL) {
                b.append("       ").append(help.commandSpec().name()).append(' ').append(e.usage()).append(System.lineSeparator());
            }
            return b.toString();
        });
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> System.lineSeparator() + "Commands:" + System.lineSeparator());
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> {
            StringBuilder b = new StringBuilder();
            int width = Subcommands.ALL.stream().mapToInt(e -> e.usage().length()).max().orElse(0);
            for (Subcommands.Entry e : Subcommands.ALL) {
                b.append(String.format("  %-" + width + "s   %s%n", e.usage(), e.summary()));
            }
            return b.toString();
        });
        return cl;
    }

    /** Runs the command read without picocli (see {@link PlaybookOptions}), with picocli's handling of what it throws. */
    int callHandled() {
        try {
            return call();
        } catch (RuntimeException e) {
            return failed(e);
        }
    }

    /** A bad option found while running (exit 5), or an unexpected error (exit 1, the stack trace with -vvv). */
    private int failed(Exception ex) {
        if (ex instanceof ExtraVars.BadOptionException) {
            err.println("ERROR! " + ex.getMessage());
            return endReports(null, PlaybookExecutor.EXIT_USAGE, ex.getMessage());
        }
        err.println("ERROR! unexpected error: " + ex + (verbosity() >= 3 ? "" : " (run with -vvv for the stack trace)"));
        if (verbosity() >= 3) {
            ex.printStackTrace(err);
        }
        err.flush();
        return endReports(null, PlaybookExecutor.EXIT_ERROR, "unexpected error: " + ex);
    }

    int verbosity() {
        return verbose.length;
    }

    /**
     * The report files of this command line, from its options, or when picocli could not read them
     * (a parameter error: {@code args} not null), from the arguments themselves.
     */
    private ReportFiles reports(String[] args) {
        if (reports == null) {
            reports = new ReportFiles(reportJson != null || args == null ? reportJson : ReportFiles.option(args, "--report-json"),
                    reportJunit != null || args == null ? reportJunit : ReportFiles.option(args, "--report-junit"));
        }
        return reports;
    }

    /** Writes the reports the run has not written (it stopped early, or never ran) and returns the exit code. */
    private int endReports(String[] args, int exitCode, String message) {
        reports(args).finish(exitCode, message, err);
        return exitCode;
    }

    @Override
    public Integer call() {
        return endReports(null, runCommand(), null);
    }

    private int runCommand() {
        if (!List.of("auto", "always", "never").contains(colorMode)) {
            return earlyError(PlaybookExecutor.EXIT_USAGE, "--color must be auto, always or never, got: " + colorMode);
        }
        for (Path p : playbooks) {
            if (!Files.isRegularFile(p)) {
                return earlyError(PlaybookExecutor.EXIT_ERROR, "the playbook: " + p + " could not be found");
            }
        }
        boolean terminal = System.console() != null && out == System.out;
        boolean color = switch (colorMode) {
            case "always" -> true;
            case "never" -> false;
            default -> terminal && System.getenv("NO_COLOR") == null && !truthyEnv("ANSIBLE_NOCOLOR") || truthyEnv("ANSIBLE_FORCE_COLOR");
        };
        ConsoleOutput console = new ConsoleOutput(out, err, color, terminal, verbosity());
        List<RunListener> listeners = new ArrayList<>();
        listeners.add(console);
        listeners.addAll(reports(null).listeners());
        List<Path> rolePaths = new ArrayList<>(rolesPath);
        for (String env : List.of("RUNNER_ROLES_PATH", "ANSIBLE_ROLES_PATH")) {
            String v = System.getenv(env);
            if (v != null) {
                for (String part : v.split(":")) {
                    if (!part.isBlank()) {
                        rolePaths.add(Path.of(part));
                    }
                }
            }
        }
        PlaybookExecutor executor;
        try {
            Map<String, Object> vars = new java.util.LinkedHashMap<>();
            vars.put(io.mm2dr.sandbox.Sandbox.VARIABLE, io.mm2dr.sandbox.SandboxLocation.resolve(sandboxDir, Map.of()).toString());
            vars.putAll(ExtraVars.parse(extraVars, new YamlLoader()));
            // no -i: the inventory ansible.cfg or ANSIBLE_INVENTORY names, as ansible-playbook reads them
            List<String> inventorySources = !inventories.isEmpty() ? inventories
                    : DefaultInventory.find(System.getenv(), Path.of("").toAbsolutePath(), Path.of(io.mm2dr.engine.files.UserPaths.home()));
            String hint = inventorySources.isEmpty()
                    ? DefaultInventory.missedInventoryHint(playbooks, Path.of("").toAbsolutePath(), Path.of(io.mm2dr.engine.files.UserPaths.home()))
                    : null;
            if (hint != null) {
                err.println("[WARNING]: " + hint);
            }
            RunOptions options = new RunOptions(inventorySources, vars, check, diff, new LinkedHashSet<>(tags),
                    new LinkedHashSet<>(skipTags), startAtTask, verbosity(), rolePaths, forceHandlers);
            executor = new PlaybookExecutor(io.mm2dr.modules.RunnerModules.registry(), options, listeners);
            // a run that may change the local sandbox locks it before its first task (or is refused)
            executor.beforeRun(io.mm2dr.modules.Platforms::prepareRun);
            if (syntaxCheck || listTasks || listTags) {
                List<Playbook> books = executor.load(playbooks);
                for (Playbook b : books) {
                    out.println();
                    out.println("playbook: " + b.file());
                    if (listTasks || listTags) {
                        list(b, options);
                    }
                }
                return PlaybookExecutor.EXIT_OK;
            }
        } catch (PositionedError e) {
            reportParseError(e.getMessage(), e.pos(), e);
            return PlaybookExecutor.EXIT_PARSE;
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = null;
        if (handleInterrupt) {
            PlaybookExecutor ex = executor;
            hook = new Thread(() -> {
                if (done.getCount() == 0) {
                    return;
                }
                ex.cancel();
                err.println("\n[ERROR]: User interrupted execution");
                try {
                    done.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                endReports(null, PlaybookExecutor.EXIT_INTERRUPTED, "User interrupted execution");
                err.flush();
                out.flush();
                Runtime.getRuntime().halt(PlaybookExecutor.EXIT_INTERRUPTED);
            }, "interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            return executor.run(playbooks);
        } catch (PositionedError e) {
            reportParseError(e.getMessage(), e.pos(), e);
            return PlaybookExecutor.EXIT_PARSE;
        } finally {
            done.countDown();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // shutting down already: the hook finishes the job
                }
            }
        }
    }

    private static boolean truthyEnv(String name) {
        String v = System.getenv(name);
        return v != null && List.of("1", "true", "yes", "on").contains(v.toLowerCase());
    }

    /** An error before the run: on the console and in the reports. */
    private int earlyError(int exitCode, String message) {
        err.println("ERROR! " + message);
        reports(null).error(message);
        return exitCode;
    }

    /**
     * One message with the file and line, the offending line and a caret, as ansible-playbook shows
     * it; the reports get the message and position (not the line: it may hold a secret).
     */
    private void reportParseError(String message, SourcePos pos, Exception e) {
        reports(null).error(pos != null && pos.file() != null ? pos + ": " + message : message);
        err.println("ERROR! " + message);
        if (pos != null && pos.file() != null) {
            err.println();
            err.println("The error appears to be in '" + pos.file().toAbsolutePath().normalize() + "': line " + pos.line()
                    + ", column " + pos.column() + ".");
            try {
                List<String> lines = Files.readAllLines(pos.file());
                if (pos.line() >= 1 && pos.line() <= lines.size()) {
                    err.println();
                    err.println("The offending line appears to be:");
                    err.println();
                    err.println(lines.get(pos.line() - 1));
                    err.println(" ".repeat(Math.max(0, pos.column() - 1)) + "^ here");
                }
            } catch (Exception ignored) {
                // the position is enough
            }
        }
        if (verbosity() >= 3) {
            e.printStackTrace(err);
        }
    }

    private void list(Playbook book, RunOptions options) {
        int n = 0;
        Set<String> allTags = new TreeSet<>();
        for (Play play : book.plays()) {
            n++;
            out.println();
            out.println("  play #" + n + " (" + play.hosts + "): " + (play.name == null ? play.hosts : play.name) + "\tTAGS: []");
            if (listTasks) {
                out.println("    tasks:");
            }
            List<TaskNode> sections = new ArrayList<>();
            sections.add(play.preTasks);
            sections.addAll(play.roles);
            sections.add(play.tasks);
            sections.add(play.postTasks);
            for (TaskNode section : sections) {
                listNode(section, options, allTags);
            }
        }
        if (listTags) {
            out.println("      TASK TAGS: [" + String.join(", ", allTags) + "]");
        }
    }

    private void listNode(TaskNode node, RunOptions options, Set<String> allTags) {
        if (node instanceof Block b) {
            for (TaskNode n : b.body) {
                listNode(n, options, allTags);
            }
            for (TaskNode n : b.rescue) {
                listNode(n, options, allTags);
            }
            for (TaskNode n : b.always) {
                listNode(n, options, allTags);
            }
            return;
        }
        Task t = (Task) node;
        Set<String> tagsOf = new TreeSet<>(t.effectiveTags());
        allTags.addAll(tagsOf);
        if (listTasks && options.selects(t.effectiveTags())) {
            out.println("      " + t.displayName() + "\tTAGS: [" + String.join(", ", tagsOf) + "]");
        }
    }

    /** --version */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return VersionInfo.lines().toArray(String[]::new);
        }
    }
}
