package io.mm2dr.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What reconciling a desired state did (or, in check mode, would do): for each object touched,
 * whether it was created, updated, left unchanged or deleted; the facts a playbook needs next (a
 * bootstrap address, a secret's name); before/after pairs for {@code --diff}; and warnings.
 * Immutable: each {@code with...} returns a new outcome, and outcomes of the several objects one
 * desired state needs compose with {@link #plus}. A domain module turns it into its task's result
 * in one place.
 */
public record Outcome(List<Action> actions, Map<String, Object> facts, List<Map<String, Object>> diffs, List<String> warnings) {
    /** Nothing touched yet. */
    public static final Outcome NONE = new Outcome(List.of(), Map.of(), List.of(), List.of());

    /** What happened to one object. */
    public enum Kind {
        CREATED, UPDATED, UNCHANGED, DELETED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One object's outcome: "KafkaTopic north-america/lh.orders created". The detail says what
     * kind of update or what state the object was left in ("restarted", "paused", "absent"), never
     * whether it changed: that is the kind's.
     */
    public record Action(String object, Kind kind, String detail) {
        public boolean changed() {
            return kind != Kind.UNCHANGED;
        }

        @Override
        public String toString() {
            return object + " " + kind.word() + (detail == null ? "" : " (" + detail + ")");
        }
    }

    public Outcome {
        actions = List.copyOf(actions);
        // facts may hold nulls (a replica count never recorded): an unmodifiable copy, in order
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        diffs = List.copyOf(diffs);
        warnings = List.copyOf(warnings);
    }

    /** One object's outcome. */
    public static Outcome of(String object, Kind kind) {
        return of(object, kind, null);
    }

    public static Outcome of(String object, Kind kind, String detail) {
        return NONE.with(new Action(object, kind, detail));
    }

    public Outcome with(Action action) {
        List<Action> a = new ArrayList<>(actions);
        a.add(action);
        return new Outcome(a, facts, diffs, warnings);
    }

    /** This outcome with one more object's. */
    public Outcome with(String object, Kind kind) {
        return with(new Action(object, kind, null));
    }

    public Outcome with(String object, Kind kind, String detail) {
        return with(new Action(object, kind, detail));
    }

    public Outcome fact(String name, Object value) {
        Map<String, Object> f = new LinkedHashMap<>(facts);
        f.put(name, value);
        return new Outcome(actions, f, diffs, warnings);
    }

    public Outcome diff(Map<String, Object> beforeAfter) {
        List<Map<String, Object>> d = new ArrayList<>(diffs);
        d.add(Collections.unmodifiableMap(new LinkedHashMap<>(beforeAfter)));
        return new Outcome(actions, facts, d, warnings);
    }

    public Outcome warn(String message) {
        if (message == null) {
            return this;
        }
        List<String> w = new ArrayList<>(warnings);
        w.add(message);
        return new Outcome(actions, facts, diffs, w);
    }

    /** Both outcomes: this one's objects, then the other's; the other's facts win. */
    public Outcome plus(Outcome other) {
        List<Action> a = new ArrayList<>(actions);
        a.addAll(other.actions);
        Map<String, Object> f = new LinkedHashMap<>(facts);
        f.putAll(other.facts);
        List<Map<String, Object>> d = new ArrayList<>(diffs);
        d.addAll(other.diffs);
        List<String> w = new ArrayList<>(warnings);
        w.addAll(other.warnings);
        return new Outcome(a, f, d, w);
    }

    /** Whether any object was (or, in check mode, would be) created, updated or deleted. */
    public boolean changed() {
        return actions.stream().anyMatch(Action::changed);
    }

    /** The objects' outcomes as lines: "Kafka north-america/na-eventstreams created". */
    public List<String> lines() {
        return actions.stream().map(Action::toString).toList();
    }
}
