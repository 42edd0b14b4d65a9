package io.mm2dr.engine.exec;

import io.mm2dr.engine.model.Task;
import io.mm2dr.engine.model.TaskNode;
import io.mm2dr.engine.template.TemplateContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where a task runs, as its play sees it: the variables of a node on a host, its search paths, its handlers. */
interface TaskScope {
    /** The variables a node sees on a host (without loop or include variables). */
    Map<String, Object> vars(HostState host, TaskNode node);

    /** Where lookups of a node search for files. */
    TemplateContext templateContext(TaskNode node);

    /** Where modules and lookups of a node search for files of a kind ({@code templates}, {@code files}, or null). */
    List<Path> searchPaths(TaskNode node, String kind);

    Path playbookDir();

    /** Records a notification of a handler by name or topic, failing clearly when none answers. */
    void notify(HostState host, String handler, Task from);
}
