package io.mm2dr.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The commands other than a playbook run, chosen by the first argument that is not an option (see
 * {@link Main}): one table, which {@code --help}, the dispatch and shell completion all read. A new
 * command is one entry here, a class with {@code static int run(PrintStream out, PrintStream err,
 * String... args)}. The entries call their class only when chosen, so a playbook run loads none of them.
 */
final class Subcommands {
    /** Runs a subcommand with the arguments after its name; returns the exit code. */
    interface Runner {
        int run(PrintStream out, PrintStream err, String... args);
    }

    /**
     * One subcommand: its name, its usage after {@code runner}, one line of help, the playbook
     * options it also takes before its name, how it runs, and the words shell completion offers
     * after it (key {@code ""}: right after the name; key {@code "status"}: after {@code name status}).
     */
    record Entry(String name, String usage, String summary, Set<String> optionsBefore, Runner runner,
            Supplier<Map<String, List<String>>> completion) {
        /** A subcommand that completion knows only by name. */
        Entry(String name, String usage, String summary, Runner runner) {
            this(name, usage, summary, HELP, runner, Map::of);
        }
    }

    /** Options of the playbook command that also mean something to every subcommand, given before its name. */
    static final Set<String> HELP = Set.of("-h", "--help");

    static final List<Entry> ALL = List.of(
            new Entry("sandbox", "sandbox status|logs|down", "The local sandbox: its regions, processes and logs; tear it down.",
                    Main.SANDBOX_OPTIONS, (out, err, args) -> SandboxCommand.run(out, err, args), () -> SandboxCommand.completionWords()),
            new Entry("completion", "completion bash|zsh", "Print a shell completion script (source it from ~/.bashrc or ~/.zshrc).",
                    HELP, (out, err, args) -> CompletionCommand.run(out, err, args), () -> Map.of("", List.of("bash", "zsh", "--help"))),
            new Entry("doc", "doc MODULE... | doc --list [--json]", "Module documentation, as ansible-doc: arguments, check mode, examples, return values.",
                    (out, err, args) -> DocCommand.run(out, err, args)),
            new Entry("schema", "schema [--output FILE]", "A JSON Schema of playbooks, task files and role argument specs, for editors.",
                    (out, err, args) -> SchemaCommand.run(out, err, args))
    );

    private Subcommands() {
    }

    /** The subcommand of this name, or null (then the argument is a playbook). */
    static Entry find(String name) {
        for (Entry e : ALL) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
