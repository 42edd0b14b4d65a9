package io.mm2dr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mm2dr.engine.model.PlaybookSchema;
import io.mm2dr.engine.module.ModuleRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code runner schema [--output FILE]}: writes the JSON Schema (draft-07) of playbooks, task
 * files and role argument specs, with every module's arguments ({@link PlaybookSchema}), to
 * standard output or a file, for editors (the YAML language server of VS Code, IntelliJ). Bad
 * options are a usage error (exit code 5); a file that cannot be written, exit code 1.
 */
public final class SchemaCommand {
    static final int EXIT_USAGE = 5;
    static final int EXIT_ERROR = 1;
    static final String USAGE = "Usage: runner schema [--output FILE]";

    private SchemaCommand() {
    }

    /** Runs {@code schema} with the arguments after it; returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        String output = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                out.println("  -o, --output FILE  write the schema to FILE (default: standard output)");
                return 0;
            }
            String problem = null;
            String value = null;
            if (a.equals("-o") || a.equals("--output")) {
                if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    problem = "option '" + a + "' needs a FILE";
                }
            } else if (a.startsWith("--output=")) {
                value = a.substring("--output=".length());
            } else {
                problem = "Unknown argument: '" + a + "'";
            }
            if (problem == null && output != null) {
                problem = "--output is given twice";
            }
            if (problem != null) {
                err.println("ERROR! " + problem);
                err.println(USAGE);
                return EXIT_USAGE;
            }
            output = value;
        }
        String json;
        try {
            json = json(io.mm2dr.modules.RunnerModules.registry());
        } catch (JsonProcessingException e) {
            err.println("ERROR! cannot write the schema: " + e.getMessage());
            return EXIT_ERROR;
        }
        if (output == null) {
            out.println(json);
            return 0;
        }
        Path file = Path.of(output);
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("ERROR! cannot write " + output + ": " + e.getMessage());
            return EXIT_ERROR;
        }
        err.println("wrote the schema to " + output);
        return 0;
    }

    /** The schema of the modules of {@code registry}, as indented JSON. */
    static String json(ModuleRegistry registry) throws JsonProcessingException {
        Map<String, Object> schema = PlaybookSchema.of(registry);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(schema);
    }
}
