package io.mm2dr.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a platform did to realise a desired state (or, in check mode, would do): whether anything
 * changed, a word for each object touched, the facts a playbook needs next (a bootstrap address,
 * a secret's name), before/after pairs for {@code --diff}, and warnings.
 */
public final class Change {
    private boolean changed;
    private final List<String> actions = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<Map<String, Object>> diffs = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** Records one object's outcome: "KafkaTopic north-america/lh.orders created". */
    public Change action(String object, String method, boolean changedIt) {
        actions.add(object + " " + method);
        changed |= changedIt;
        return this;
    }

    public Change fact(String name, Object value) {
        facts.put(name, value);
        return this;
    }

    public Change diff(Map<String, Object> beforeAfter) {
        diffs.add(beforeAfter);
        return this;
    }

    public Change warn(String message) {
        warnings.add(message);
        return this;
    }

    public Change merge(Change other) {
        changed |= other.changed;
        actions.addAll(other.actions);
        facts.putAll(other.facts);
        diffs.addAll(other.diffs);
        warnings.addAll(other.warnings);
        return this;
    }

    public boolean changed() {
        return changed;
    }

    public List<String> actions() {
        return actions;
    }

    public Map<String, Object> facts() {
        return facts;
    }

    public List<Map<String, Object>> diffs() {
        return diffs;
    }

    public List<String> warnings() {
        return warnings;
    }
}
