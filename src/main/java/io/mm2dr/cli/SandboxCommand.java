package io.mm2dr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm2dr.platform.local.SandboxStatus;
import io.mm2dr.sandbox.Sandbox;
import io.mm2dr.sandbox.SandboxLocation;
import io.mm2dr.sandbox.SandboxException;
import io.mm2dr.sandbox.SandboxProcess;
import io.mm2dr.sandbox.UnusableSandboxException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runner [--sandbox DIR] sandbox status|logs|down}: look at the local sandbox, follow its
 * logs, tear it down. Its options may come before {@code sandbox} (see {@link Main}), or after it
 * or its subcommand.
 */
@Command(name = "runner sandbox", mixinStandardHelpOptions = true, versionProvider = PlaybookCommand.Version.class,
        description = "The local sandbox: its regions, processes and logs.",
        subcommands = {SandboxCommand.Status.class, SandboxCommand.Logs.class, SandboxCommand.Down.class})
public final class SandboxCommand implements Callable<Integer> {
    static final int EXIT_ERROR = 1;
    /** Bad options, or a state folder that cannot be used where it is. */
    static final int EXIT_USAGE = 5;
    static final String USAGE = "Usage: runner [--sandbox DIR] sandbox status [--json] | logs NAME [-f] [-n N] | down   (--help for all options)";

    /** {@code --color}: accepted as for playbooks, so one set of options (an alias) serves both; the sandbox commands print no colour. */
    enum ColorMode { auto, always, never }

    @Option(names = "--sandbox", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "The sandbox state folder (default: $" + Sandbox.ENV + ", else ./" + Sandbox.DEFAULT_DIR + ").")
    String dir;

    @Option(names = "--color", paramLabel = "WHEN", scope = CommandLine.ScopeType.INHERIT,
            description = "auto, always or never; accepted as for playbooks (these commands print no colour).")
    ColorMode color;

    @Option(names = "-v", scope = CommandLine.ScopeType.INHERIT, description = "-vvv shows the stack trace of an unexpected error.")
    boolean[] verbose = new boolean[0];

    final PrintStream out;
    final PrintStream err;

    SandboxCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The state folder, which must be usable where it is (not a file, not under a file, readable). */
    Path root() {
        Path root = SandboxLocation.resolve(dir, Map.of());
        Sandbox.checkUsable(root, false);
        return root;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 0;
    }

    /**
     * The words shell completion offers after {@code sandbox} (key {@code ""}) and after each of its
     * subcommands, from this command's own model; an option that takes a value ends with {@code =}.
     */
    static Map<String, List<String>> completionWords() {
        CommandLine cl = new CommandLine(new SandboxCommand(null, null));
        Map<String, List<String>> words = new java.util.LinkedHashMap<>();
        List<String> top = new ArrayList<>(cl.getSubcommands().keySet());
        top.addAll(optionWords(cl.getCommandSpec()));
        words.put("", top);
        cl.getSubcommands().forEach((name, sub) -> words.put(name, optionWords(sub.getCommandSpec())));
        return words;
    }

    private static List<String> optionWords(CommandLine.Model.CommandSpec spec) {
        List<String> words = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            for (String name : o.names()) {
                words.add(o.arity().max() > 0 ? name + "=" : name);
            }
        }
        return words;
    }

    static int run(PrintStream out, PrintStream err, String... args) {
        SandboxCommand top = new SandboxCommand(out, err);
        CommandLine cl = new CommandLine(top);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UnusableSandboxException) {
                err.println("ERROR! " + ex.getMessage());
                return EXIT_USAGE;
            }
            if (ex instanceof SandboxException) {
                err.println("ERROR! " + ex.getMessage());
                return EXIT_ERROR;
            }
            boolean trace = top.verbose.length >= 3;
            err.println("ERROR! unexpected error: " + ex + (trace ? "" : " (run with -vvv for the stack trace)"));
            if (trace) {
                ex.printStackTrace(err);
            }
            return EXIT_ERROR;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("ERROR! " + ex.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        });
        return cl.execute(args);
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Regions, processes, ports, health and lag.")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand
        SandboxCommand parent;

        @Option(names = "--json", description = "Print the status as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Path root = parent.root();
            List<Map<String, Object>> rows = Files.isDirectory(root) ? new SandboxStatus(Sandbox.readOnly(root)).rows() : List.of();
            if (json) {
                parent.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("sandbox", root.toString(), "objects", rows)));
                return 0;
            }
            if (!Files.isDirectory(root)) {
                parent.out.println("No sandbox at " + root + " (run a playbook to create one).");
                return 0;
            }
            parent.out.println("Sandbox " + root);
            String format = "%-15s %-13s %-24s %-8s %-14s %6s  %s%n";
            parent.out.printf(format, "REGION", "KIND", "NAME", "PID", "STATE", "RSS", "DETAIL");
            long total = 0;
            int processes = 0;
            for (Map<String, Object> r : rows) {
                Object rss = r.get("rss_bytes");
                if (rss instanceof Number n) {
                    total += n.longValue();
                    processes++;
                }
                parent.out.printf(format, r.get("region"), r.get("kind"), r.get("name"), r.get("pid") == null ? "-" : r.get("pid"),
                        r.get("state"), rss instanceof Number n ? megabytes(n.longValue()) : "-", r.get("detail"));
            }
            if (processes > 0) {
                parent.out.println(processes + " process" + (processes == 1 ? "" : "es") + ", " + megabytes(total) + " resident in all");
            }
            return 0;
        }
    }

    /** "412M": resident memory in mebibytes, as ps and top show it. */
    static String megabytes(long bytes) {
        return (bytes + (1 << 19)) / (1 << 20) + "M";
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print (or follow) the log of a cluster, MirrorMaker 2 or application.")
    static final class Logs implements Callable<Integer> {
        @CommandLine.ParentCommand
        SandboxCommand parent;

        @Parameters(paramLabel = "NAME", description = "The object's name, or REGION/NAME.")
        String name;

        @Option(names = {"-f", "--follow"}, description = "Keep printing what is written to the log.")
        boolean follow;

        @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "100", description = "How many of the last lines to print first (default 100; 0 for all).")
        int lines;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path log = find(parent.root(), name);
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            int from = lines <= 0 ? 0 : Math.max(0, all.size() - lines);
            all.subList(from, all.size()).forEach(parent.out::println);
            if (follow) {
                long pos = Files.size(log);
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(300);
                    if (!Files.exists(log)) {
                        parent.err.println("(" + log + " was removed)");
                        return 0;
                    }
                    long size = Files.size(log);
                    if (size < pos) {
                        pos = 0;
                    }
                    if (size > pos) {
                        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                            f.seek(pos);
                            byte[] b = new byte[(int) Math.min(size - pos, 1 << 20)];
                            f.readFully(b);
                            pos += b.length;
                            parent.out.print(new String(b, StandardCharsets.UTF_8));
                            parent.out.flush();
                        }
                    }
                }
            }
            return 0;
        }

        /** The log of an object: a cluster's broker log, a MirrorMaker 2's or an application's log. */
        static Path find(Path root, String name) throws IOException {
            if (!Files.isDirectory(root)) {
                throw new SandboxException("no sandbox at " + root);
            }
            String region = null;
            String object = name;
            if (name.contains("/")) {
                region = name.substring(0, name.indexOf('/'));
                object = name.substring(name.indexOf('/') + 1);
            }
            List<Path> found = new ArrayList<>();
            List<String> known = new ArrayList<>();
            try (Stream<Path> s = Files.walk(root, 4)) {
                for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                    Path rel = root.relativize(p);
                    if (rel.getNameCount() != 4) {
                        continue;
                    }
                    String ns = rel.getName(0).toString();
                    String obj = rel.getName(2).toString();
                    String file = rel.getFileName().toString();
                    String logName = file.substring(0, file.length() - 4);
                    String shown = "broker".equals(logName) ? obj : logName;
                    known.add(ns + "/" + shown);
                    if ((region == null || region.equals(ns)) && shown.equals(object)) {
                        found.add(p);
                    }
                }
            }
            if (found.isEmpty()) {
                throw new SandboxException("no log named " + name + " in the sandbox " + root
                        + (known.isEmpty() ? "" : "; there are: " + String.join(", ", known)));
            }
            if (found.size() > 1) {
                throw new SandboxException(name + " is in several regions: say which, as REGION/NAME ("
                        + String.join(", ", found.stream().map(p -> root.relativize(p).getName(0) + "/" + name).toList()) + ")");
            }
            return found.get(0);
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every process of the sandbox and remove its state folder.")
    static final class Down implements Callable<Integer> {
        @CommandLine.ParentCommand
        SandboxCommand parent;

        @Override
        public Integer call() throws IOException {
            Path root = parent.root();
            if (!Files.isDirectory(root)) {
                parent.out.println("No sandbox at " + root + ": nothing to do.");
                return 0;
            }
            int stopped;
            try (Sandbox sandbox = Sandbox.lock(root)) {
                stopped = SandboxProcess.stopAll(SandboxProcess.under(root), 0);
                // only what the sandbox owns: a folder given by mistake keeps everything else
                for (String ns : sandbox.namespaces()) {
                    Sandbox.deleteTree(sandbox.namespaceDir(ns));
                }
                for (String own : List.of("lib", "ports.json", "drill-record.json", "drill-record.html")) {
                    Sandbox.deleteTree(root.resolve(own));
                }
            }
            Files.deleteIfExists(root.resolve(".lock"));
            try (Stream<Path> left = Files.list(root)) {
                if (left.findAny().isPresent()) {
                    parent.out.println("Stopped " + stopped + " process" + (stopped == 1 ? "" : "es") + " and removed the sandbox from " + root
                            + " (the folder holds other files: kept).");
                    return 0;
                }
            }
            Files.delete(root);
            parent.out.println("Stopped " + stopped + " process" + (stopped == 1 ? "" : "es") + " and removed " + root + ".");
            return 0;
        }
    }
}
