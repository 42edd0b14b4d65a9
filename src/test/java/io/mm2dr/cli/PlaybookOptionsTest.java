package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The light reader of the playbook command line ({@link PlaybookOptions}) says what picocli says:
 * the same options with the same names and values, the same fields for the same command lines;
 * and it leaves to picocli what it is not sure of.
 */
class PlaybookOptionsTest {
    private static final PrintStream SINK = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void theTableHasEveryOptionOfThePicocliModelAndNoOther() {
        CommandLine cl = PlaybookCommand.commandLine(new PlaybookCommand(SINK, SINK, false));
        Set<String> seen = new HashSet<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            PlaybookOptions.Option mine = PlaybookOptions.find(o.longestName());
            assertNotNull(mine, "the light reader does not know " + o.longestName());
            assertEquals(Set.of(o.names()), Set.copyOf(mine.names()), o.longestName());
            assertEquals(o.arity().max() > 0, mine.takesValue(), "takes a value: " + o.longestName());
            boolean repeatable = o.isMultiValue() && o.arity().max() > 0 || o.type() == boolean[].class;
            assertEquals(repeatable, mine.kind() != PlaybookOptions.Kind.FLAG && mine.kind() != PlaybookOptions.Kind.VALUE,
                    "repeatable: " + o.longestName());
            assertEquals(o.splitRegex().isEmpty() ? null : o.splitRegex(), mine.split(), "split: " + o.longestName());
            if (mine.label() != null) {
                assertEquals(o.paramLabel(), mine.label(), "label: " + o.longestName());
            }
            seen.add(o.longestName());
        }
        for (PlaybookOptions.Option mine : PlaybookOptions.OPTIONS) {
            assertTrue(seen.contains(PlaybookOptions.longest(mine)), "not an option of the command: " + mine.names());
        }
    }

    @Test
    void commonCommandLinesAreReadAsPicocliReadsThem() throws Exception {
        String[][] lines = {
            {"site.yaml"},
            {"a.yaml", "b.yml"},
            {"-i", "inv.yaml", "-e", "x=1", "-e", "@vars.yaml", "site.yaml"},
            {"--inventory=inv.yaml", "--extra-vars={\"a\": 1}", "site.yaml", "--check"},
            {"-CD", "-vvv", "site.yaml"},
            {"-Ci", "inv.yaml", "site.yaml", "-v", "-v"},
            {"-iinv.yaml", "-ex=2", "site.yaml"},
            {"-t", "a,b", "--tags", "c", "--skip-tags=d,e", "site.yaml"},
            {"--start-at-task", "Restore *", "--list-tasks", "--list-tags", "--syntax-check", "--force-handlers", "site.yaml"},
            {"--roles-path", "roles:more/roles", "--roles-path=other", "site.yaml"},
            {"--report-json", "r.json", "--report-junit=r.xml", "--color", "never", "--sandbox", "/tmp/sb", "site.yaml"},
            {"--color=always", "site.yaml", "-vv"},
        };
        for (String[] args : lines) {
            PlaybookCommand light = new PlaybookCommand(SINK, SINK, false);
            assertTrue(PlaybookOptions.read(args, light), "left to picocli: " + String.join(" ", args));
            PlaybookCommand picocli = new PlaybookCommand(SINK, SINK, false);
            PlaybookCommand.commandLine(picocli).parseArgs(args);
            for (Field f : PlaybookCommand.class.getDeclaredFields()) {
                if (f.isAnnotationPresent(CommandLine.Option.class) || f.isAnnotationPresent(CommandLine.Parameters.class)) {
                    f.setAccessible(true);
                    Object a = f.get(light);
                    Object b = f.get(picocli);
                    if (a instanceof boolean[] x && b instanceof boolean[] y) {
                        assertTrue(Arrays.equals(x, y), f.getName() + " for " + String.join(" ", args));
                    } else {
                        assertEquals(b, a, f.getName() + " for " + String.join(" ", args));
                    }
                }
            }
        }
    }

    @Test
    void whatItIsNotSureOfIsLeftToPicocli() {
        for (String[] args : List.of(
                new String[] {"--help"}, new String[] {"-h", "site.yaml"}, new String[] {"--version"}, new String[] {"-V"},
                new String[] {}, new String[] {"--check"}, new String[] {"--no-such-option", "site.yaml"}, new String[] {"-X", "site.yaml"},
                new String[] {"--", "site.yaml"}, new String[] {"-"}, new String[] {"--color", "never", "--color", "always", "site.yaml"},
                new String[] {"-C", "-C", "site.yaml"}, new String[] {"--check=true", "site.yaml"}, new String[] {"-e", "-v", "site.yaml"},
                new String[] {"-i"}, new String[] {"site.yaml", "-e"}, new String[] {"-i=inv.yaml", "site.yaml"},
                new String[] {"-t", "\"a,b\"", "site.yaml"}, new String[] {"-t", "a,,b", "site.yaml"}, new String[] {"--inventory=", "site.yaml"},
                new String[] {"bad\u0000name.yaml"})) {
            assertFalse(PlaybookOptions.read(args, new PlaybookCommand(SINK, SINK, false)), "read without picocli: " + String.join(" ", args));
        }
    }

    @Test
    void theFirstPositionalIsFoundPastOptionsAndTheirValues() {
        List<String> options = new java.util.ArrayList<>();
        List<String> unknown = new java.util.ArrayList<>();
        assertEquals(4, PlaybookOptions.firstPositional(new String[] {"-Ci", "inv", "--color=never", "-vv", "sandbox"}, options, unknown));
        assertEquals(List.of("--check", "--inventory", "--color", "-v", "-v"), options);
        assertEquals(List.of(), unknown);
        assertEquals(-1, PlaybookOptions.firstPositional(new String[] {"--", "sandbox"}, options, unknown));
        assertEquals(2, PlaybookOptions.firstPositional(new String[] {"-e", "sandbox", "status"}, options, unknown));
        assertEquals(1, PlaybookOptions.firstPositional(new String[] {"--bogus", "sandbox"}, options, unknown));
        assertEquals(List.of("--bogus"), unknown);
    }
}
