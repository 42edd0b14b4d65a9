package io.mm2dr.engine.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the user asked for on the command line, as the executor needs it. */
public record RunOptions(List<String> inventories, Map<String, Object> extraVars, boolean check, boolean diff,
                         Set<String> tags, Set<String> skipTags, String startAtTask, int verbosity,
                         List<Path> rolePaths, boolean forceHandlers) {

    public static RunOptions defaults() {
        return new RunOptions(List.of(), Map.of(), false, false, Set.of(), Set.of(), null, 0, List.of(), false);
    }

    public RunOptions withCheck(boolean c) {
        return new RunOptions(inventories, extraVars, c, diff, tags, skipTags, startAtTask, verbosity, rolePaths, forceHandlers);
    }

    public RunOptions withExtraVars(Map<String, Object> vars) {
        return new RunOptions(inventories, vars, check, diff, tags, skipTags, startAtTask, verbosity, rolePaths, forceHandlers);
    }

    /** Whether a task with these (inherited) tags runs, following ansible-playbook's rules. */
    public boolean selects(Set<String> taskTags) {
        if (!skipTags.isEmpty()) {
            for (String t : taskTags) {
                if (skipTags.contains(t)) {
                    return false;
                }
            }
            if (skipTags.contains("tagged") && !taskTags.isEmpty()) {
                return false;
            }
            if (skipTags.contains("untagged") && taskTags.isEmpty()) {
                return false;
            }
        }
        boolean all = tags.isEmpty() || tags.contains("all");
        if (taskTags.contains("never")) {
            // 'never' tasks run only when one of their tags is asked for by name
            for (String t : taskTags) {
                if (!t.equals("never") && tags.contains(t)) {
                    return true;
                }
            }
            return tags.contains("never");
        }
        if (all || taskTags.contains("always")) {
            return true;
        }
        if (tags.contains("tagged") && !taskTags.isEmpty()) {
            return true;
        }
        if (tags.contains("untagged") && taskTags.isEmpty()) {
            return true;
        }
        for (String t : taskTags) {
            if (tags.contains(t)) {
                return true;
            }
        }
        return false;
    }
}
