package io.mm2dr.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The playbook command's options as a plain table, read without picocli: the start of every run
 * ({@link Main} finds where a subcommand or the playbooks begin) and the common playbook run itself
 * (options and playbook files, nothing unusual), which then never loads picocli's model, reflection
 * and help machinery (about a third of the start-up time).
 *
 * <p>Anything this reader is not sure of (help, version, an unknown or repeated option, {@code --},
 * {@code name=value} on a flag, a value that starts with {@code -}, quotes in a split value, a bad
 * path) goes to picocli, which gives the usual answer or error. The table must say what
 * {@link PlaybookCommand}'s annotations say: {@code PlaybookOptionsTest} compares the two, option by
 * option, and the values both readers give for the same command lines.
 */
final class PlaybookOptions {
    /** How an option takes its value. */
    enum Kind {
        /** No value: a boolean. */
        FLAG,
        /** No value, repeatable: counted ({@code -vvv}). */
        COUNT,
        /** One value, once. */
        VALUE,
        /** One value each time, repeatable: a list. */
        LIST,
        /** As LIST, each value split at {@link Option#split}. */
        SPLIT_LIST
    }

    /** One option: its names (short first, if any), how it takes a value, the separator of a split list. */
    record Option(String field, List<String> names, Kind kind, String split, String label) {
        boolean takesValue() {
            return kind == Kind.VALUE || kind == Kind.LIST || kind == Kind.SPLIT_LIST;
        }
    }

    /** Every option of {@link PlaybookCommand}, in its help's order ({@code -h}/{@code -V} are picocli's standard ones). */
    static final List<Option> OPTIONS = List.of(
            new Option("inventories", List.of("-i", "--inventory"), Kind.LIST, null, "INVENTORY"),
            new Option("extraVars", List.of("-e", "--extra-vars"), Kind.LIST, null, "VARS"),
            new Option("check", List.of("-C", "--check"), Kind.FLAG, null, null),
            new Option("diff", List.of("-D", "--diff"), Kind.FLAG, null, null),
            new Option("tags", List.of("-t", "--tags"), Kind.SPLIT_LIST, ",", "TAGS"),
            new Option("skipTags", List.of("--skip-tags"), Kind.SPLIT_LIST, ",", "TAGS"),
            new Option("startAtTask", List.of("--start-at-task"), Kind.VALUE, null, "NAME"),
            new Option("listTasks", List.of("--list-tasks"), Kind.FLAG, null, null),
            new Option("listTags", List.of("--list-tags"), Kind.FLAG, null, null),
            new Option("syntaxCheck", List.of("--syntax-check"), Kind.FLAG, null, null),
            new Option("forceHandlers", List.of("--force-handlers"), Kind.FLAG, null, null),
            new Option("rolesPath", List.of("--roles-path"), Kind.SPLIT_LIST, ":", "DIR"),
            new Option("reportJson", List.of("--report-json"), Kind.VALUE, null, "FILE"),
            new Option("reportJunit", List.of("--report-junit"), Kind.VALUE, null, "FILE"),
            new Option("colorMode", List.of("--color"), Kind.VALUE, null, "WHEN"),
            new Option("sandboxDir", List.of("--sandbox"), Kind.VALUE, null, "DIR"),
            new Option("verbose", List.of("-v"), Kind.COUNT, null, null),
            new Option("help", List.of("-h", "--help"), Kind.FLAG, null, null),
            new Option("version", List.of("-V", "--version"), Kind.FLAG, null, null));

    private PlaybookOptions() {
    }

    /** The option with this name ({@code -i}, {@code --inventory}), or null. */
    static Option find(String name) {
        for (Option o : OPTIONS) {
            if (o.names().contains(name)) {
                return o;
            }
        }
        return null;
    }

    /**
     * The index of the first argument that is neither an option nor an option's value, read as
     * picocli reads them ({@code --opt value}, {@code --opt=value}, {@code -xVALUE}, clustered short
     * options such as {@code -vvv} or {@code -Ci FILE}); -1 when there is none or {@code --} comes
     * first. The names of the options met on the way go to {@code options} (their longest name),
     * the names it does not know to {@code unknown}.
     */
    static int firstPositional(String[] args, List<String> options, List<String> unknown) {
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
                Option o = find(name);
                if (o == null) {
                    unknown.add(name);
                } else {
                    options.add(longest(o));
                    if (eq < 0 && o.takesValue()) {
                        i++;
                    }
                }
                continue;
            }
            Option whole = find(a);
            if (whole != null) {
                options.add(longest(whole));
                if (whole.takesValue()) {
                    i++;
                }
                continue;
            }
            for (int j = 1; j < a.length(); j++) {
                Option o = find("-" + a.charAt(j));
                if (o == null) {
                    unknown.add("-" + a.charAt(j));
                    break;
                }
                options.add(longest(o));
                if (o.takesValue()) {
                    if (j == a.length() - 1) {
                        i++;   // -Ci FILE
                    }
                    break;     // else -iFILE: the rest is the value
                }
            }
        }
        return -1;
    }

    static String longest(Option o) {
        return o.names().get(o.names().size() - 1);
    }

    /**
     * Reads a common playbook command line into {@code command}'s fields, as picocli would; false
     * (and {@code command} unusable) when the line has anything this reader leaves to picocli.
     */
    static boolean read(String[] args, PlaybookCommand command) {
        Set<Option> seen = new HashSet<>();
        List<Path> playbooks = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("-")) {
                    playbooks.add(Path.of(a));
                    continue;
                }
                if (a.equals("-") || a.equals("--")) {
                    return false;
                }
                if (a.startsWith("--")) {
                    int eq = a.indexOf('=');
                    Option o = find(eq < 0 ? a : a.substring(0, eq));
                    if (o == null || !o.takesValue() && eq >= 0) {
                        return false;
                    }
                    String value = null;
                    if (o.takesValue()) {
                        if (eq >= 0) {
                            value = a.substring(eq + 1);
                        } else if (++i < args.length) {
                            value = args[i];
                        } else {
                            return false;
                        }
                    }
                    if (!set(command, o, value, seen)) {
                        return false;
                    }
                    continue;
                }
                // short options, alone or clustered: -C, -vvv, -Ci FILE, -iFILE
                for (int j = 1; j < a.length(); j++) {
                    Option o = find("-" + a.charAt(j));
                    if (o == null) {
                        return false;
                    }
                    if (!o.takesValue()) {
                        if (!set(command, o, null, seen)) {
                            return false;
                        }
                        continue;
                    }
                    String value;
                    if (j < a.length() - 1) {
                        value = a.substring(j + 1);
                        if (value.startsWith("=")) {
                            return false;
                        }
                    } else if (++i < args.length) {
                        value = args[i];
                    } else {
                        return false;
                    }
                    if (!set(command, o, value, seen)) {
                        return false;
                    }
                    break;
                }
            }
        } catch (InvalidPathException e) {
            return false;
        }
        if (playbooks.isEmpty()) {
            return false;
        }
        command.playbooks = playbooks;
        return true;
    }

    /** Sets one option's field; false for what picocli should judge (a repeated single option, an odd value). */
    private static boolean set(PlaybookCommand c, Option o, String value, Set<Option> seen) {
        if (o.kind() != Kind.COUNT && o.kind() != Kind.LIST && o.kind() != Kind.SPLIT_LIST && !seen.add(o)) {
            return false;   // picocli: "should be specified only once"
        }
        if (value != null && (value.isEmpty() || value.startsWith("-"))) {
            return false;
        }
        List<String> parts = List.of();
        if (o.kind() == Kind.SPLIT_LIST) {
            if (value.contains("\"") || value.contains("'") || value.startsWith(o.split()) || value.endsWith(o.split())
                    || value.contains(o.split() + o.split())) {
                return false;
            }
            parts = List.of(value.split(java.util.regex.Pattern.quote(o.split())));
        }
        switch (o.field()) {
            case "inventories" -> c.inventories.add(value);
            case "extraVars" -> c.extraVars.add(value);
            case "check" -> c.check = true;
            case "diff" -> c.diff = true;
            case "tags" -> c.tags.addAll(parts);
            case "skipTags" -> c.skipTags.addAll(parts);
            case "startAtTask" -> c.startAtTask = value;
            case "listTasks" -> c.listTasks = true;
            case "listTags" -> c.listTags = true;
            case "syntaxCheck" -> c.syntaxCheck = true;
            case "forceHandlers" -> c.forceHandlers = true;
            case "rolesPath" -> parts.forEach(p -> c.rolesPath.add(Path.of(p)));
            case "reportJson" -> c.reportJson = Path.of(value);
            case "reportJunit" -> c.reportJunit = Path.of(value);
            case "colorMode" -> c.colorMode = value;
            case "sandboxDir" -> c.sandboxDir = value;
            case "verbose" -> {
                boolean[] more = java.util.Arrays.copyOf(c.verbose, c.verbose.length + 1);
                more[more.length - 1] = true;
                c.verbose = more;
            }
            default -> {
                return false;   // help, version: picocli's
            }
        }
        return true;
    }
}
