package io.mm2dr.engine.exec;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What the run knows about one host: its facts and registered results, failures, notified handlers. */
final class HostState {
    final String name;
    /** set_fact values and registered results: they outlive the play, as in Ansible. */
    final Map<String, Object> facts = new LinkedHashMap<>();
    /** Handlers notified on this host and not run yet. */
    final Set<io.mm2dr.engine.model.Task> notifiedHandlers = new LinkedHashSet<>();
    boolean failed;
    boolean unreachable;
    /** meta: end_host / end_play. */
    boolean ended;
    /** The last failed result, for {@code ansible_failed_result} in a rescue section. */
    Map<String, Object> lastFailure = Map.of();
    String lastFailedTask;
    Map<String, Object> inventoryVars = Map.of();
    Map<String, Object> magic = Map.of();

    HostState(String name) {
        this.name = name;
    }

    boolean alive() {
        return !failed && !unreachable && !ended;
    }
}
