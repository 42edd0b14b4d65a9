package io.mm2dr.engine.template;

import java.util.Map;

/**
 * The Jinja environment options that the {@code template} module, {@code lookup('template')} and a
 * template's {@code #jinja2:} first line can change: trim_blocks, lstrip_blocks, newline_sequence and
 * the six delimiters. {@link #DEFAULT} is Ansible's templar: trim_blocks on, lstrip_blocks off, "\n",
 * the standard delimiters.
 */
public record JinjaOptions(boolean trimBlocks, boolean lstripBlocks, String newlineSequence,
        String blockStart, String blockEnd, String variableStart, String variableEnd,
        String commentStart, String commentEnd) {

    public static final JinjaOptions DEFAULT = new JinjaOptions(true, false, "\n", "{%", "%}", "{{", "}}", "{#", "#}");

    /** The header Ansible reads from a template's first line. */
    static final String HEADER = "#jinja2:";

    public JinjaOptions {
        if (!"\n".equals(newlineSequence) && !"\r".equals(newlineSequence) && !"\r\n".equals(newlineSequence)) {
            throw new TemplateError("newline_sequence needs to be one of: \\n, \\r or \\r\\n");
        }
        for (String delimiter : new String[] {blockStart, blockEnd, variableStart, variableEnd, commentStart, commentEnd}) {
            if (delimiter == null || delimiter.isEmpty()) {
                throw new TemplateError("a Jinja delimiter cannot be empty");
            }
        }
    }

    /** True when the delimiters are Jinja's standard ones. */
    boolean standardDelimiters() {
        return blockStart.equals("{%") && blockEnd.equals("%}") && variableStart.equals("{{") && variableEnd.equals("}}")
                && commentStart.equals("{#") && commentEnd.equals("#}");
    }

    /** The delimiters alone: what the jinjava instance depends on (the rest is done on the source text). */
    Delimiters delimiters() {
        return new Delimiters(blockStart, blockEnd, variableStart, variableEnd, commentStart, commentEnd);
    }

    record Delimiters(String blockStart, String blockEnd, String variableStart, String variableEnd,
            String commentStart, String commentEnd) {
        /** Whether a text has one of these start strings: whether it is a template with them. */
        boolean startIn(String text) {
            return text.contains(variableStart) || text.contains(blockStart) || text.contains(commentStart);
        }
    }

    /**
     * These options with one Jinja environment attribute changed, as the template module's argument
     * or a {@code #jinja2:} header names it. Unknown names are refused.
     */
    public JinjaOptions with(String name, Object value) {
        return switch (name) {
            case "trim_blocks" -> new JinjaOptions(bool(name, value), lstripBlocks, newlineSequence, blockStart, blockEnd,
                    variableStart, variableEnd, commentStart, commentEnd);
            case "lstrip_blocks" -> new JinjaOptions(trimBlocks, bool(name, value), newlineSequence, blockStart, blockEnd,
                    variableStart, variableEnd, commentStart, commentEnd);
            case "newline_sequence" -> new JinjaOptions(trimBlocks, lstripBlocks, newline(str(name, value)), blockStart,
                    blockEnd, variableStart, variableEnd, commentStart, commentEnd);
            case "block_start_string" -> new JinjaOptions(trimBlocks, lstripBlocks, newlineSequence, str(name, value),
                    blockEnd, variableStart, variableEnd, commentStart, commentEnd);
            case "block_end_string" -> new JinjaOptions(trimBlocks, lstripBlocks, newlineSequence, blockStart,
                    str(name, value), variableStart, variableEnd, commentStart, commentEnd);
            case "variable_start_string" -> new JinjaOptions(trimBlocks, lstripBlocks, newlineSequence, blockStart,
                    blockEnd, str(name, value), variableEnd, commentStart, commentEnd);
            case "variable_end_string" -> new JinjaOptions(trimBlocks, lstripBlocks, newlineSequence, blockStart,
                    blockEnd, variableStart, str(name, value), commentStart, commentEnd);
            case "comment_start_string" -> new JinjaOptions(trimBlocks, lstripBlocks, newlineSequence, blockStart,
                    blockEnd, variableStart, variableEnd, str(name, value), commentEnd);
            case "comment_end_string" -> new JinjaOptions(trimBlocks, lstripBlocks, newlineSequence, blockStart,
                    blockEnd, variableStart, variableEnd, commentStart, str(name, value));
            // Jinja2 attributes that change nothing here (Ansible's templar always keeps trailing newlines itself)
            case "keep_trailing_newline", "autoescape", "optimized" -> this;
            default -> throw new TemplateError("unsupported Jinja option '" + name + "'");
        };
    }

    /** Options given by name (the template module's arguments); null values keep the current setting. */
    public JinjaOptions with(Map<String, ?> options) {
        JinjaOptions result = this;
        for (Map.Entry<String, ?> e : options.entrySet()) {
            if (e.getValue() != null) {
                result = result.with(e.getKey(), e.getValue());
            }
        }
        return result;
    }

    /** The template module accepts the escaped forms "\\n", "\\r", "\\r\\n" as Ansible does. */
    private static String newline(String value) {
        return switch (value) {
            case "\\n" -> "\n";
            case "\\r" -> "\r";
            case "\\r\\n" -> "\r\n";
            default -> value;
        };
    }

    private static boolean bool(String name, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(value).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "yes", "on", "1", "true", "y", "t" -> true;
            case "no", "off", "0", "false", "n", "f" -> false;
            default -> throw new TemplateError(name + ": '" + value + "' is not a valid boolean");
        };
    }

    private static String str(String name, Object value) {
        if (!(value instanceof CharSequence)) {
            throw new TemplateError(name + " is expected to be a string, but got " + PythonRepr.typeName(value) + " instead");
        }
        return value.toString();
    }
}
