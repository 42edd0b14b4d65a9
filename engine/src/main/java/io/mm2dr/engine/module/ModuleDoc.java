package io.mm2dr.engine.module;

import io.mm2dr.engine.yaml.YamlLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code runner doc} says about a module beyond its {@link ArgSpec}: a one-line and a longer
 * description, how far it supports check mode, what it returns and example tasks. It is read from
 * a YAML resource beside the module's class ({@code NAME.doc.yml} in the class's package), only
 * when asked for, so a playbook run never loads it. The arguments' facts (type, default, choices,
 * required, aliases, nested options) and descriptions are the {@link ArgSpec}'s, never repeated
 * here.
 *
 * <pre>
 * short_description: one line
 * description: |
 *   paragraphs
 * check_mode: full | partial | none
 * check_mode_note: what check mode does (partial: what it does not do)
 * examples: |
 *   - name: a task
 *     debug: {msg: hi}
 * returns:
 *   - {key: msg, type: str, returned: always, description: the message}
 * </pre>
 */
public record ModuleDoc(String shortDescription, String description, CheckMode checkMode, String checkModeNote, String examples,
                        List<ReturnValue> returns) {

    /** How far check mode ({@code --check}) works: it tells all it would change, part of it, or the task is skipped. */
    public enum CheckMode {
        FULL, PARTIAL, NONE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One key of the module's result: its name (dotted for a nested key), type, when it is there and what it holds. */
    public record ReturnValue(String key, String type, String returned, String description) {
    }

    /** The resource a module's documentation is read from, relative to its class. */
    public static String resourceName(Module m) {
        return m.name() + ".doc.yml";
    }

    /**
     * The documentation of a module, read from its resource.
     *
     * @throws IllegalStateException when the module has none, or it is malformed (a mistake of the module's author)
     */
    public static ModuleDoc load(Module m) {
        String name = resourceName(m);
        try (InputStream in = m.getClass().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(m.fullName() + " has no documentation (" + m.getClass().getPackageName().replace('.', '/')
                        + "/" + name + ")");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return parse(text, m.fullName());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the documentation of " + m.fullName() + ": " + e.getMessage(), e);
        }
    }

    /** Reads a documentation resource's text ({@code what} names it in errors). */
    public static ModuleDoc parse(String text, String what) {
        List<Object> docs = new YamlLoader().loadAll(text, Path.of(what + ".doc.yml"));
        if (docs.size() != 1 || !(docs.get(0) instanceof Map<?, ?> m)) {
            throw new IllegalStateException("the documentation of " + what + " must be a mapping");
        }
        for (Object k : m.keySet()) {
            if (!List.of("short_description", "description", "check_mode", "check_mode_note", "examples", "returns").contains(String.valueOf(k))) {
                throw new IllegalStateException("the documentation of " + what + " has an unknown key '" + k + "'");
            }
        }
        String mode = text(m, "check_mode", what);
        CheckMode checkMode;
        try {
            checkMode = CheckMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the documentation of " + what + ": check_mode must be full, partial or none, got " + mode);
        }
        List<ReturnValue> returns = new ArrayList<>();
        Object r = m.get("returns");
        if (r != null) {
            if (!(r instanceof List<?> l)) {
                throw new IllegalStateException("the documentation of " + what + ": returns must be a list");
            }
            for (Object o : l) {
                if (!(o instanceof Map<?, ?> rv)) {
                    throw new IllegalStateException("the documentation of " + what + ": each return value must be a mapping");
                }
                returns.add(new ReturnValue(text(rv, "key", what), text(rv, "type", what), text(rv, "returned", what),
                        text(rv, "description", what)));
            }
        }
        Object description = m.get("description");
        Object note = m.get("check_mode_note");
        return new ModuleDoc(text(m, "short_description", what), description == null ? "" : String.valueOf(description).strip(), checkMode,
                note == null ? "" : String.valueOf(note).strip(), text(m, "examples", what), List.copyOf(returns));
    }

    private static String text(Map<?, ?> m, String key, String what) {
        Object v = m.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            throw new IllegalStateException("the documentation of " + what + " needs '" + key + "'");
        }
        return String.valueOf(v).strip();
    }
}
