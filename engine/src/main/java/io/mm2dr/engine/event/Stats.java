package io.mm2dr.engine.event;

import java.util.LinkedHashMap;
import java.util.Map;

/** The recap counters per host: ok, changed, unreachable, failed, skipped, rescued, ignored. */
public final class Stats {
    public static final class Counters {
        public int ok;
        public int changed;
        public int unreachable;
        public int failed;
        public int skipped;
        public int rescued;
        public int ignored;

        public Map<String, Integer> asMap() {
            Map<String, Integer> m = new LinkedHashMap<>();
            m.put("ok", ok);
            m.put("changed", changed);
            m.put("unreachable", unreachable);
            m.put("failed", failed);
            m.put("skipped", skipped);
            m.put("rescued", rescued);
            m.put("ignored", ignored);
            return m;
        }
    }

    private final Map<String, Counters> hosts = new LinkedHashMap<>();

    public synchronized Counters host(String host) {
        Counters c = hosts.get(host);
        if (c == null) {
            c = new Counters();
            hosts.put(host, c);
        }
        return c;
    }

    public synchronized Map<String, Counters> hosts() {
        return new LinkedHashMap<>(hosts);
    }

    /** Counts a final task result as ansible-playbook does (changed counts as ok too). */
    public synchronized void count(HostResult r) {
        Counters c = host(r.host());
        switch (r.status()) {
            case OK -> c.ok++;
            case CHANGED -> {
                c.ok++;
                c.changed++;
            }
            case SKIPPED -> c.skipped++;
            case UNREACHABLE -> c.unreachable++;
            case FAILED -> {
                if (r.ignored()) {
                    c.ok++;
                    c.ignored++;
                    // an ignored failure that changed something is counted as changed too, as in Ansible
                    if (Boolean.TRUE.equals(r.result().get("changed"))) {
                        c.changed++;
                    }
                } else {
                    c.failed++;
                }
            }
            default -> { }
        }
    }

    /** A failure that a rescue section handled. */
    public synchronized void rescued(String host) {
        Counters c = host(host);
        c.failed = Math.max(0, c.failed - 1);
        c.rescued++;
    }

    public synchronized boolean anyFailed() {
        for (Counters c : hosts.values()) {
            if (c.failed > 0) {
                return true;
            }
        }
        return false;
    }

    public synchronized boolean anyUnreachable() {
        for (Counters c : hosts.values()) {
            if (c.unreachable > 0) {
                return true;
            }
        }
        return false;
    }

    public synchronized int totalChanged() {
        return hosts.values().stream().mapToInt(c -> c.changed).sum();
    }
}
