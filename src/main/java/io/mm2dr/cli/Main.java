package io.mm2dr.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar runner.jar [options] PLAYBOOK...}, or {@code java -jar runner.jar [options]
 * COMMAND ...} for a command of {@link Subcommands} ({@code sandbox status|logs|down},
 * {@code completion bash|zsh}): the first argument that is not an option (or an option's value)
 * chooses. A common playbook run is read by {@link PlaybookOptions} without picocli; help,
 * version and anything unusual go through picocli.
 */
public final class Main {
    /** Options of the playbook command that also mean something to {@code sandbox}, given before it. */
    static final Set<String> SANDBOX_OPTIONS = Set.of("--sandbox", "--color", "-v", "-h", "--help");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return run(System.out, System.err, true, args);
    }

    static int run(PrintStream out, PrintStream err, boolean handleInterrupt, String... args) {
        List<String> before = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        int at = PlaybookOptions.firstPositional(args, before, unknown);
        // a name with a '.' or a '/' is a playbook's (no command has one): the command table, whose
        // entries are lambdas, is then not even loaded
        Subcommands.Entry command = at < 0 || args[at].indexOf('.') >= 0 || args[at].indexOf('/') >= 0
                ? null : Subcommands.find(args[at]);
        if (command == null) {
            if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
                VersionInfo.lines().forEach(out::println);
                return 0;
            }
            PlaybookCommand playbooks = new PlaybookCommand(out, err, handleInterrupt);
            if (PlaybookOptions.read(args, playbooks)) {
                return playbooks.callHandled();
            }
            return PlaybookCommand.commandLine(new PlaybookCommand(out, err, handleInterrupt)).execute(args);
        }
        String problem = !unknown.isEmpty() ? "Unknown option: '" + unknown.get(0) + "'"
                : before.stream().filter(o -> !command.optionsBefore().contains(o)).findFirst()
                        .map(o -> "option '" + o + "' is an option of playbook runs: it does not apply to '" + command.name() + "'")
                        .orElse(null);
        if (problem != null) {
            err.println("ERROR! " + problem);
            err.println(command.name().equals("sandbox") ? SandboxCommand.USAGE
                    : "Usage: runner " + command.usage() + "   (--help for all options)");
            return SandboxCommand.EXIT_USAGE;
        }
        // the options given before the command's name go before its arguments, where it reads them too
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(0, at));
        rest.addAll(Arrays.asList(args).subList(at + 1, args.length));
        return command.runner().run(out, err, rest.toArray(String[]::new));
    }
}
