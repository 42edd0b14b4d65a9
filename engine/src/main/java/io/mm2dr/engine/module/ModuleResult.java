package io.mm2dr.engine.module;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one module call returns: changed, failed, skipped, a message, an optional before/after
 * diff, facts to set on the host, and any other data (registered with the result).
 */
public final class ModuleResult {
    private final boolean changed;
    private final boolean failed;
    private final boolean skipped;
    private final String msg;
    private final Diff diff;
    private final Map<String, Object> facts;
    private final Map<String, Object> data;
    private final List<String> warnings;

    private ModuleResult(Builder b) {
        this.changed = b.changed;
        this.failed = b.failed;
        this.skipped = b.skipped;
        this.msg = b.msg;
        this.diff = b.diff;
        this.facts = Collections.unmodifiableMap(new LinkedHashMap<>(b.facts));
        this.data = Collections.unmodifiableMap(new LinkedHashMap<>(b.data));
        this.warnings = List.copyOf(b.warnings);
    }

    public static Builder ok() {
        return new Builder();
    }

    public static Builder changed(boolean changed) {
        return new Builder().changed(changed);
    }

    public static Builder failed(String msg) {
        return new Builder().failed(true).msg(msg);
    }

    public static Builder skipped(String msg) {
        return new Builder().skipped(true).msg(msg);
    }

    public boolean changed() {
        return changed;
    }

    public boolean failed() {
        return failed;
    }

    public boolean skipped() {
        return skipped;
    }

    public String msg() {
        return msg;
    }

    public Diff diff() {
        return diff;
    }

    public Map<String, Object> facts() {
        return facts;
    }

    public Map<String, Object> data() {
        return data;
    }

    public List<String> warnings() {
        return warnings;
    }

    /** This result with more warnings after its own (itself when there are none). */
    public ModuleResult withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        ModuleResult copy = new ModuleResult(this, more);
        return copy;
    }

    private ModuleResult(ModuleResult r, List<String> more) {
        this.changed = r.changed;
        this.failed = r.failed;
        this.skipped = r.skipped;
        this.msg = r.msg;
        this.diff = r.diff;
        this.facts = r.facts;
        this.data = r.data;
        List<String> all = new java.util.ArrayList<>(r.warnings);
        all.addAll(more);
        this.warnings = List.copyOf(all);
    }

    /** Before and after, as text or structures; {@code beforeHeader}/{@code afterHeader} name them. */
    public record Diff(Object before, Object after, String beforeHeader, String afterHeader) {
        public Diff(Object before, Object after) {
            this(before, after, "before", "after");
        }
    }

    public static final class Builder {
        private boolean changed;
        private boolean failed;
        private boolean skipped;
        private String msg;
        private Diff diff;
        private final Map<String, Object> facts = new LinkedHashMap<>();
        private final Map<String, Object> data = new LinkedHashMap<>();
        private final List<String> warnings = new java.util.ArrayList<>();

        public Builder changed(boolean v) {
            this.changed = v;
            return this;
        }

        public Builder failed(boolean v) {
            this.failed = v;
            return this;
        }

        public Builder skipped(boolean v) {
            this.skipped = v;
            return this;
        }

        public Builder msg(String v) {
            this.msg = v;
            return this;
        }

        public Builder diff(Object before, Object after) {
            this.diff = new Diff(before, after);
            return this;
        }

        public Builder diff(Diff d) {
            this.diff = d;
            return this;
        }

        public Builder fact(String name, Object value) {
            facts.put(name, value);
            return this;
        }

        public Builder facts(Map<String, Object> values) {
            facts.putAll(values);
            return this;
        }

        public Builder put(String key, Object value) {
            data.put(key, value);
            return this;
        }

        public Builder putAll(Map<String, Object> values) {
            data.putAll(values);
            return this;
        }

        public Builder warn(String w) {
            warnings.add(w);
            return this;
        }

        public ModuleResult build() {
            return new ModuleResult(this);
        }
    }
}
