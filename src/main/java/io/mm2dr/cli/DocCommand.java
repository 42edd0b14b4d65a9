package io.mm2dr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mm2dr.engine.module.Module;
import io.mm2dr.engine.module.ModuleDoc;
import io.mm2dr.engine.module.ModuleRegistry;
import io.mm2dr.engine.module.Names;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runner doc MODULE... | --list | --json MODULE...}: the modules' documentation, as
 * {@code ansible-doc} shows it, for every module the registry knows (by its short, fully
 * qualified or alias name). The documentation is read only here (see {@link ModuleDoc}), never
 * by a playbook run. An unknown module is one error with the nearest name, exit code 5 (a usage
 * error, as for bad options).
 */
public final class DocCommand {
    static final int EXIT_USAGE = 5;
    static final int EXIT_ERROR = 1;
    static final String USAGE = "Usage: runner doc [--json] MODULE... | runner doc --list [--json]";

    private DocCommand() {
    }

    /** Runs {@code doc} with the arguments after it; returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        boolean list = false;
        boolean json = false;
        List<String> names = new ArrayList<>();
        for (String a : args) {
            switch (a) {
                case "-l", "--list" -> list = true;
                case "-j", "--json" -> json = true;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    out.println("  MODULE      a module's documentation: options, check mode, examples, return values");
                    out.println("  -l, --list  every module with its one-line description");
                    out.println("  -j, --json  as JSON, for tools");
                    return 0;
                }
                default -> {
                    if (a.startsWith("-")) {
                        return usage(err, "Unknown option: '" + a + "'");
                    }
                    names.add(a);
                }
            }
        }
        if (list && !names.isEmpty()) {
            return usage(err, "--list takes no module name");
        }
        if (!list && names.isEmpty()) {
            return usage(err, "name a module, or use --list");
        }
        ModuleRegistry registry = io.mm2dr.modules.RunnerModules.registry();
        try {
            return list ? list(out, registry, json) : show(out, err, registry, names, json);
        } catch (JsonProcessingException e) {
            err.println("ERROR! cannot write JSON: " + e.getMessage());
            return EXIT_ERROR;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("ERROR! " + problem);
        err.println(USAGE);
        return EXIT_USAGE;
    }

    /** Every module, by full name, with its one-line description. */
    private static int list(PrintStream out, ModuleRegistry registry, boolean json) throws JsonProcessingException {
        List<Module> modules = sorted(registry);
        Map<String, String> lines = new LinkedHashMap<>();
        for (Module m : modules) {
            lines.put(m.fullName(), docOf(m).shortDescription());
        }
        if (json) {
            out.println(mapper().writeValueAsString(lines));
            return 0;
        }
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
        lines.forEach((name, description) -> out.println(String.format("%-" + width + "s  %s", name, description)));
        return 0;
    }

    private static int show(PrintStream out, PrintStream err, ModuleRegistry registry, List<String> names, boolean json)
            throws JsonProcessingException {
        List<Module> found = new ArrayList<>();
        for (String name : names) {
            Module m = registry.find(name);
            if (m == null) {
                String near = Names.nearest(name, registry.names());
                err.println("ERROR! module '" + name + "' not found" + (near != null ? " (did you mean '" + near + "'?)" : "")
                        + "; 'runner doc --list' lists every module");
                return EXIT_USAGE;
            }
            found.add(m);
        }
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            for (Module m : found) {
                all.put(m.fullName(), ModuleDocText.json(m, docOf(m)));
            }
            out.println(mapper().writeValueAsString(all));
            return 0;
        }
        for (int i = 0; i < found.size(); i++) {
            if (i > 0) {
                out.println();
            }
            out.print(ModuleDocText.text(found.get(i), docOf(found.get(i))));
        }
        return 0;
    }

    /**
     * A module's documentation; for a module plugged in without any (a provider of another
     * project), what its spec and check-mode flag tell, saying so.
     */
    static ModuleDoc docOf(Module m) {
        try {
            return m.doc();
        } catch (IllegalStateException e) {
            return new ModuleDoc("(undocumented) " + e.getMessage(), "", m.supportsCheckMode() ? ModuleDoc.CheckMode.FULL
                    : ModuleDoc.CheckMode.NONE, "as the module declares; it has no documentation", "# none", List.of());
        }
    }

    static List<Module> sorted(ModuleRegistry registry) {
        List<Module> modules = new ArrayList<>(registry.modules());
        modules.sort(Comparator.comparing(Module::fullName));
        return modules;
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
