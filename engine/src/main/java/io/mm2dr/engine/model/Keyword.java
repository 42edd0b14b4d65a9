package io.mm2dr.engine.model;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.yaml.YamlMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One playbook keyword, declared once: its name, its type, where it may be written (play, block,
 * task) and what the runner does with it there. {@link KeywordTable} lists them all; the loader
 * checks and reads keywords through it and the README's keyword list is generated from it.
 * Values are converted by the modules' argument reader ({@link ArgSpec}), so a keyword and a
 * module argument of the same type accept the same values.
 */
public record Keyword(String name, Type type, Map<Level, Support> levels, String description) {

    /** Where a keyword is written. */
    public enum Level { PLAY, BLOCK, TASK }

    /** What the runner does with a keyword at a level. */
    public enum Support {
        /** Read and honoured. */
        SUPPORTED,
        /** Known to Ansible, accepted with no effect, because everything runs on this machine. */
        NO_EFFECT,
        /** Known to Ansible, refused by name when the playbook is loaded. */
        REFUSED
    }

    /** The type of a keyword's value, as the loader reads it. */
    public enum Type {
        /** A string. */
        TEXT(ArgType.STR),
        /** A boolean (yes/no, true/false, on/off...). */
        FLAG(ArgType.BOOL),
        /** A mapping (vars, environment, args...). */
        MAPPING(ArgType.DICT),
        /** A bare Jinja expression or a list of them, all of which must hold. */
        CONDITIONS(ArgType.RAW),
        /** A list of tags or one comma-separated string of them. */
        TAGS(ArgType.LIST),
        /** A name or a list of names (a string is one name, commas and all). */
        NAMES(ArgType.RAW),
        /** A whole number, or a template giving one when the task runs. */
        COUNT(ArgType.INT),
        /** A number of seconds, or a template giving one when the task runs. */
        SECONDS(ArgType.FLOAT),
        /** A list of tasks, or of plays' sections. */
        TASKS(ArgType.LIST),
        /** Anything: read by the code that handles the keyword. */
        ANY(ArgType.RAW);

        final ArgType argType;

        Type(ArgType argType) {
            this.argType = argType;
        }
    }

    public Keyword {
        levels = Collections.unmodifiableMap(new EnumMap<>(levels));
    }

    /** Whether the keyword may be written at this level (supported, with no effect or refused by name). */
    public boolean knownAt(Level level) {
        return levels.containsKey(level);
    }

    public Support supportAt(Level level) {
        return levels.get(level);
    }

    /** The keyword's value in a mapping, converted to its type, or null when it is absent. */
    public Object read(YamlMap m) {
        return convert(m.get(name), m);
    }

    private Object convert(Object value, YamlMap m) {
        if (value == null) {
            return null;
        }
        if ((type == Type.COUNT || type == Type.SECONDS) && value instanceof String s && (s.contains("{{") || s.contains("{%"))) {
            return s;   // templated when the task runs
        }
        if (type == Type.CONDITIONS) {
            if (value instanceof List<?> l) {
                return new ArrayList<Object>(l);
            }
            List<Object> one = new ArrayList<>();
            one.add(value);
            return one;
        }
        if (type == Type.NAMES) {
            if (value instanceof List<?> l) {
                return l.stream().map(String::valueOf).toList();
            }
            if (value instanceof String s) {
                return List.of(s);
            }
            throw new PlaybookError("'" + name + "' must be " + typeWords(), m.posOf(name));
        }
        Map<String, Object> given = new HashMap<>();
        given.put(name, value);
        try {
            Object converted = spec().validate(given).get(name);
            return type == Type.TAGS ? ((List<?>) converted).stream().map(String::valueOf).toList() : converted;
        } catch (ArgumentError e) {
            throw new PlaybookError("'" + name + "' must be " + typeWords() + ": " + e.getMessage(), m.posOf(name));
        }
    }

    private ArgSpec spec() {
        return ArgSpec.builder().arg(name, type.argType).add().build();
    }

    /** The type in the README's and error messages' words. */
    public String typeWords() {
        return switch (type) {
            case TEXT -> "a string";
            case FLAG -> "a boolean";
            case MAPPING -> "a mapping";
            case CONDITIONS -> "a condition or a list of conditions";
            case TAGS -> "a tag, a list of tags or a comma-separated string of them";
            case NAMES -> "a name or a list of names";
            case COUNT -> "a whole number or a template";
            case SECONDS -> "a number of seconds or a template";
            case TASKS -> "a list of tasks";
            case ANY -> "any value";
        };
    }
}
