package io.mm2dr.engine.template;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a template is evaluated: the folders that {@code lookup('file'|'template', name)} search,
 * in order (for a task in a role: the role's templates/ or files/, the role, the task file's
 * folder, the playbook folder).
 */
public record TemplateContext(List<Path> searchPaths) {
    public static final TemplateContext NONE = new TemplateContext(List.of());

    public TemplateContext {
        searchPaths = List.copyOf(searchPaths);
    }
}
