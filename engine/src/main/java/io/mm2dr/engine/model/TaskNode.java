package io.mm2dr.engine.model;

import io.mm2dr.engine.yaml.SourcePos;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task or a block. Each node holds the keywords written on it; what it inherits comes from its
 * parent chain (block, role, imported file, play), read through the methods below.
 */
public abstract sealed class TaskNode permits Task, Block {
    public final String name;
    public final SourcePos pos;
    public final List<Object> when;
    public final Set<String> tags;
    public final Map<String, Object> vars;
    public final Boolean ignoreErrors;
    public final Boolean noLog;
    public final Boolean checkMode;
    public final Boolean diff;
    public final Map<String, Object> environment;
    /** module_defaults written on this node: module name or group/name -> arguments. */
    public final Map<String, Map<String, Object>> moduleDefaults;
    Block parent;

    protected TaskNode(Keywords k) {
        this.name = k.name;
        this.pos = k.pos;
        this.when = List.copyOf(k.when);
        this.tags = Set.copyOf(k.tags);
        this.vars = k.vars;
        this.ignoreErrors = k.ignoreErrors;
        this.noLog = k.noLog;
        this.checkMode = k.checkMode;
        this.diff = k.diff;
        this.environment = k.environment;
        this.moduleDefaults = k.moduleDefaults;
    }

    public Block parent() {
        return parent;
    }

    /** The role this node belongs to, or null for play-level tasks. */
    public Role role() {
        for (TaskNode n = this; n != null; n = n.parent) {
            if (n instanceof Block b && b.role != null) {
                return b.role;
            }
        }
        return null;
    }

    /** Tags of this node and every enclosing block, role and play. */
    public Set<String> effectiveTags() {
        Set<String> all = new java.util.HashSet<>();
        for (TaskNode n = this; n != null; n = n.parent) {
            all.addAll(n.tags);
        }
        return all;
    }

    public boolean effectiveIgnoreErrors() {
        for (TaskNode n = this; n != null; n = n.parent) {
            if (n.ignoreErrors != null) {
                return n.ignoreErrors;
            }
        }
        return false;
    }

    /** The module_defaults in force here, outermost first (the play's, then each enclosing block's, then this node's). */
    public List<Map<String, Map<String, Object>>> moduleDefaultsChain() {
        java.util.ArrayDeque<Map<String, Map<String, Object>>> chain = new java.util.ArrayDeque<>();
        for (TaskNode n = this; n != null; n = n.parent) {
            if (!n.moduleDefaults.isEmpty()) {
                chain.addFirst(n.moduleDefaults);
            }
        }
        return List.copyOf(chain);
    }

    public boolean effectiveNoLog() {
        for (TaskNode n = this; n != null; n = n.parent) {
            if (n.noLog != null) {
                return n.noLog;
            }
        }
        return false;
    }

    /** Explicit check_mode of this node or its nearest ancestor, or null when none says. */
    public Boolean effectiveCheckMode() {
        for (TaskNode n = this; n != null; n = n.parent) {
            if (n.checkMode != null) {
                return n.checkMode;
            }
        }
        return null;
    }

    public Boolean effectiveDiff() {
        for (TaskNode n = this; n != null; n = n.parent) {
            if (n.diff != null) {
                return n.diff;
            }
        }
        return null;
    }

    /** Block chain from the outermost block to this node's parent (for vars layering). */
    public List<Block> ancestors() {
        java.util.ArrayList<Block> chain = new java.util.ArrayList<>();
        for (Block b = parent; b != null; b = b.parent) {
            chain.add(0, b);
        }
        return chain;
    }

    /** The keywords shared by tasks and blocks, as read from YAML. */
    public static final class Keywords {
        public String name;
        public SourcePos pos = SourcePos.UNKNOWN;
        public List<Object> when = List.of();
        public Set<String> tags = Set.of();
        public Map<String, Object> vars = Map.of();
        public Boolean ignoreErrors;
        public Boolean noLog;
        public Boolean checkMode;
        public Boolean diff;
        public Map<String, Object> environment = Map.of();
        public Map<String, Map<String, Object>> moduleDefaults = Map.of();
    }
}
