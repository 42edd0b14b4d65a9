package io.mm2dr.engine.yaml;

import java.nio.file.Path;

/** A place in a playbook file, for error messages: {@code file:line:column} (1-based). */
public record SourcePos(Path file, int line, int column) {
    public static final SourcePos UNKNOWN = new SourcePos(null, 0, 0);

    @Override
    public String toString() {
        if (file == null) {
            return "<unknown>";
        }
        String name = displayPath(file);
        return line > 0 ? name + ":" + line + ":" + column : name;
    }

    /** A path relative to the working directory when it is below it, otherwise absolute. */
    public static String displayPath(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
