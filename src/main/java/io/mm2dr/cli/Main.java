package io.mm2dr.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code java -jar runner.jar [options] PLAYBOOK...}, or {@code java -jar runner.jar [options]
 * sandbox status|logs|down}: the first argument that is not an option (or an option's value)
 * chooses. {@code doc} and {@code schema}, as the first argument, are {@link DocCommand} and
 * {@link SchemaCommand}.
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
        if (args.length > 0 && (args[0].equals("doc") || args[0].equals("schema"))) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            return args[0].equals("doc") ? DocCommand.run(out, err, rest) : SchemaCommand.run(out, err, rest);
        }
        PlaybookCommand playbooks = new PlaybookCommand(out, err, handleInterrupt);
        CommandLine cl = PlaybookCommand.commandLine(playbooks);
        List<OptionSpec> before = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        int at = firstPositional(cl.getCommandSpec(), args, before, unknown);
        if (at < 0 || !args[at].equals("sandbox")) {
            return cl.execute(args);
        }
        String problem = !unknown.isEmpty() ? "Unknown option: '" + unknown.get(0) + "'"
                : before.stream().filter(o -> !SANDBOX_OPTIONS.contains(o.longestName())).findFirst()
                        .map(o -> "option '" + o.longestName() + "' is an option of playbook runs: it does not apply to 'sandbox'")
                        .orElse(null);
        if (problem != null) {
            err.println("ERROR! " + problem);
            err.println(SandboxCommand.USAGE);
            return SandboxCommand.EXIT_USAGE;
        }
        // the options given before 'sandbox' go before its subcommand, where 'sandbox' reads them too
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(0, at));
        rest.addAll(Arrays.asList(args).subList(at + 1, args.length));
        return SandboxCommand.run(out, err, rest.toArray(String[]::new));
    }

    /**
     * The index of the first argument that is neither an option of the command nor an option's
     * value, read as picocli reads them ({@code --opt value}, {@code --opt=value}, {@code -xVALUE},
     * clustered short options such as {@code -vvv} or {@code -Ci FILE}); -1 when there is none or
     * {@code --} comes first. The options met on the way go to {@code options}, the names it does
     * not know to {@code unknown}.
     */
    static int firstPositional(CommandSpec spec, String[] args, List<OptionSpec> options, List<String> unknown) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return -1;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                return i;
            }
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                OptionSpec o = spec.findOption(name);
                if (o == null) {
                    unknown.add(name);
                } else {
                    options.add(o);
                    if (eq < 0 && takesValue(o)) {
                        i++;
                    }
                }
                continue;
            }
            OptionSpec whole = spec.findOption(a);
            if (whole != null) {
                options.add(whole);
                if (takesValue(whole)) {
                    i++;
                }
                continue;
            }
            for (int j = 1; j < a.length(); j++) {
                OptionSpec o = spec.findOption(a.charAt(j));
                if (o == null) {
                    unknown.add("-" + a.charAt(j));
                    break;
                }
                options.add(o);
                if (takesValue(o)) {
                    if (j == a.length() - 1) {
                        i++;   // -Ci FILE
                    }
                    break;     // else -iFILE: the rest is the value
                }
            }
        }
        return -1;
    }

    private static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0;
    }
}
