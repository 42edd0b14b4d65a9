package io.mm2dr.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code runner completion bash|zsh}: prints a shell completion script for the command
 * {@code runner} (an alias or script for {@code java -jar runner.jar}). It is written from the
 * command's own tables, {@link PlaybookOptions} and {@link Subcommands}, so it offers what the
 * command reads: the options (and, after one that takes a value, its values: colours, files,
 * folders), the commands and their subcommands and options, and playbook files ({@code *.yml},
 * {@code *.yaml}) and folders. The zsh script is the bash one through zsh's {@code bashcompinit}.
 */
final class CompletionCommand {
    static final String USAGE = "Usage: runner completion bash|zsh   (prints a completion script for the command 'runner')";
    /** The shell function that completes; {@code complete -F} names it. */
    static final String FUNCTION = "_runner_complete";

    private CompletionCommand() {
    }

    static int run(PrintStream out, PrintStream err, String... args) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.println(USAGE);
            out.println();
            out.println("  bash: java -jar runner.jar completion bash > ~/.runner-completion.bash");
            out.println("        and in ~/.bashrc: alias runner='java -jar /path/to/runner.jar'; source ~/.runner-completion.bash");
            out.println("  zsh:  java -jar runner.jar completion zsh > ~/.runner-completion.zsh");
            out.println("        and in ~/.zshrc:  alias runner='java -jar /path/to/runner.jar'; source ~/.runner-completion.zsh");
            return 0;
        }
        if (args.length != 1 || !(args[0].equals("bash") || args[0].equals("zsh"))) {
            err.println("ERROR! " + (args.length == 0 ? "say which shell: bash or zsh" : "unknown shell or extra arguments: " + String.join(" ", args)
                    + " (bash or zsh)"));
            err.println(USAGE);
            return SandboxCommand.EXIT_USAGE;
        }
        out.print(args[0].equals("zsh") ? zsh() : bash());
        out.flush();
        return 0;
    }

    /** zsh: its bash completion emulation, then the bash script. */
    static String zsh() {
        return "#compdef runner\n"
                + "# zsh completion for runner (java -jar runner.jar), through zsh's bash completion emulation\n"
                + "autoload -U +X compinit && compinit\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash();
    }

    static String bash() {
        List<String> options = new ArrayList<>();
        List<String> valued = new ArrayList<>();
        for (PlaybookOptions.Option o : PlaybookOptions.OPTIONS) {
            options.addAll(o.names());
            if (o.takesValue()) {
                valued.addAll(o.names());
            }
        }
        Set<String> commands = new LinkedHashSet<>();
        StringBuilder cases = new StringBuilder();
        for (Subcommands.Entry e : Subcommands.ALL) {
            commands.add(e.name());
            for (Map.Entry<String, List<String>> words : e.completion().get().entrySet()) {
                List<String> plain = new ArrayList<>();
                for (String w : words.getValue()) {
                    if (w.endsWith("=")) {
                        w = w.substring(0, w.length() - 1);
                        if (!valued.contains(w)) {
                            valued.add(w);
                        }
                    }
                    plain.add(w);
                }
                cases.append("        \"").append(e.name()).append(' ').append(words.getKey()).append("\") words=\"")
                        .append(String.join(" ", plain)).append("\" ;;\n");
            }
        }
        return """
                # bash completion for runner (java -jar runner.jar): options, commands, playbook files.
                # Written by 'runner completion bash' from the command's own option table.
                %1$s() {
                    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" sub="" words="" i w
                    (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
                    # the command and its subcommand: the first words that are neither options nor their values
                    for (( i = 1; i < COMP_CWORD; i++ )); do
                        w="${COMP_WORDS[i]}"
                        case "$w" in
                            %2$s) (( i++ )); continue ;;
                            -*) continue ;;
                        esac
                        if [[ -z "$cmd" ]]; then cmd="$w"; elif [[ -z "$sub" ]]; then sub="$w"; fi
                    done
                    COMPREPLY=()
                    case "$prev" in
                        --color) COMPREPLY=( $(compgen -W "auto always never" -- "$cur") ); return 0 ;;
                        --sandbox|--roles-path) COMPREPLY=( $(compgen -d -- "$cur") ); return 0 ;;
                        -i|--inventory|--report-json|--report-junit)
                            type compopt >/dev/null 2>&1 && compopt -o filenames
                            COMPREPLY=( $(compgen -f -- "$cur") ); return 0 ;;
                        -e|--extra-vars)
                            # @file: a file of variables
                            if [[ "$cur" == @* ]]; then
                                for w in $(compgen -f -- "${cur#@}"); do COMPREPLY+=( "@$w" ); done
                            fi
                            return 0 ;;
                        %2$s) return 0 ;;
                    esac
                    case " %3$s " in
                        *" $cmd "*)
                            case "$cmd $sub" in
                %4$s            esac
                            COMPREPLY=( $(compgen -W "$words" -- "$cur") )
                            return 0 ;;
                    esac
                    if [[ "$cur" == -* ]]; then
                        COMPREPLY=( $(compgen -W "%5$s" -- "$cur") )
                        return 0
                    fi
                    [[ -z "$cmd" ]] && COMPREPLY=( $(compgen -W "%3$s" -- "$cur") )
                    # playbooks: *.yml and *.yaml files, and folders to look into
                    type compopt >/dev/null 2>&1 && compopt -o filenames
                    local IFS=$'\\n' f
                    for f in $(compgen -f -- "$cur"); do
                        if [[ -d "$f" || "$f" == *.yml || "$f" == *.yaml ]]; then COMPREPLY+=( "$f" ); fi
                    done
                    return 0
                }
                complete -F %1$s runner runner.jar
                """.formatted(FUNCTION, String.join("|", valued), String.join(" ", commands), cases, String.join(" ", options));
    }
}
