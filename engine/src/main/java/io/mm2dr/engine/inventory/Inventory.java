package io.mm2dr.engine.inventory;

import io.mm2dr.engine.model.PlaybookError;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.YamlLoader;
import io.mm2dr.engine.yaml.YamlMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hosts, groups and their variables, from a YAML inventory ({@code all: {hosts, vars, children}})
 * or a comma-separated host list ({@code -i localhost,}); {@code group_vars/} and
 * {@code host_vars/} beside the inventory file are read too. {@code localhost} always exists
 * (implicitly, as in Ansible), so a play with {@code hosts: localhost} needs no inventory.
 */
public final class Inventory {
    private final Map<String, Map<String, Object>> hostVars = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    /** The first inventory file, for {@code inventory_dir}. */
    private Path source;

    private record Group(String name, Set<String> hosts, Set<String> children, Map<String, Object> vars) {
    }

    private Inventory(Path source) {
        this.source = source;
        groups.put("all", new Group("all", new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashMap<>()));
        groups.put("ungrouped", new Group("ungrouped", new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashMap<>()));
    }

    public static Inventory empty() {
        return new Inventory(null);
    }

    public Path source() {
        return source;
    }

    /** Loads {@code -i} arguments: YAML files or comma-separated host lists. */
    public static Inventory load(List<String> specs, YamlLoader yaml) {
        Inventory inv = new Inventory(null);
        for (String spec : specs) {
            Path p = Path.of(spec);
            if (!Files.exists(p) && spec.contains(",")) {
                for (String h : spec.split(",")) {
                    if (!h.isBlank()) {
                        inv.addHost(h.trim(), "ungrouped", Map.of());
                    }
                }
                continue;
            }
            if (!Files.isRegularFile(p)) {
                throw new PlaybookError("inventory not found: " + spec, new SourcePos(p, 0, 0));
            }
            if (inv.source == null) {
                inv.source = p;
            }
            Object doc = yaml.load(p);
            if (doc != null) {
                if (!(doc instanceof YamlMap root)) {
                    throw new PlaybookError("an inventory must be a YAML mapping of groups (all: {hosts:, vars:, children:})",
                            new SourcePos(p, 1, 1));
                }
                for (Map.Entry<String, Object> e : root.entrySet()) {
                    inv.readGroup(e.getKey(), e.getValue(), root.posOf(e.getKey()), null);
                }
            }
            inv.readVarsDirs(p.toAbsolutePath().getParent(), yaml);
        }
        return inv;
    }

    private void readGroup(String name, Object spec, SourcePos pos, String parent) {
        Group g = group(name);
        if (parent != null) {
            groups.get(parent).children.add(name);
        } else if (!name.equals("all")) {
            groups.get("all").children.add(name);
        }
        if (spec == null) {
            return;
        }
        if (!(spec instanceof YamlMap m)) {
            throw new PlaybookError("inventory group '" + name + "' must be a mapping with hosts, vars or children", pos);
        }
        for (Map.Entry<String, Object> e : m.entrySet()) {
            switch (e.getKey()) {
                case "hosts" -> {
                    if (e.getValue() instanceof Map<?, ?> hosts) {
                        for (Map.Entry<?, ?> h : hosts.entrySet()) {
                            addHost(String.valueOf(h.getKey()), name, h.getValue() instanceof Map<?, ?> vm ? asMap(vm) : Map.of());
                        }
                    } else if (e.getValue() != null) {
                        throw new PlaybookError("'hosts' of group '" + name + "' must be a mapping of host names", m.posOf("hosts"));
                    }
                }
                case "vars" -> {
                    if (e.getValue() instanceof Map<?, ?> vm) {
                        g.vars.putAll(asMap(vm));
                    } else if (e.getValue() != null) {
                        throw new PlaybookError("'vars' of group '" + name + "' must be a mapping", m.posOf("vars"));
                    }
                }
                case "children" -> {
                    if (e.getValue() instanceof YamlMap children) {
                        for (Map.Entry<String, Object> c : children.entrySet()) {
                            readGroup(c.getKey(), c.getValue(), children.posOf(c.getKey()), name);
                        }
                    } else if (e.getValue() != null) {
                        throw new PlaybookError("'children' of group '" + name + "' must be a mapping of groups", m.posOf("children"));
                    }
                }
                default -> throw new PlaybookError("unknown key '" + e.getKey() + "' in inventory group '" + name
                        + "' (expected hosts, vars, children)", m.posOf(e.getKey()));
            }
        }
    }

    private void readVarsDirs(Path dir, YamlLoader yaml) {
        for (String g : new ArrayList<>(groups.keySet())) {
            Map<String, Object> vars = varsFile(dir.resolve("group_vars"), g, yaml);
            groups.get(g).vars.putAll(vars);
        }
        for (String h : new ArrayList<>(hostVars.keySet())) {
            hostVars.get(h).putAll(varsFile(dir.resolve("host_vars"), h, yaml));
        }
    }

    private static Map<String, Object> varsFile(Path dir, String name, YamlLoader yaml) {
        for (String ext : List.of(".yml", ".yaml", "")) {
            Path f = dir.resolve(name + ext);
            if (Files.isRegularFile(f)) {
                Object doc = yaml.load(f);
                if (doc instanceof Map<?, ?> m) {
                    return asMap(m);
                }
                if (doc != null) {
                    throw new PlaybookError("a vars file must be a mapping", new SourcePos(f, 1, 1));
                }
            }
        }
        return Map.of();
    }

    private void addHost(String host, String group, Map<String, Object> vars) {
        Map<String, Object> known = hostVars.get(host);
        if (known == null) {
            known = new LinkedHashMap<>();
            hostVars.put(host, known);
        }
        known.putAll(vars);
        group(group).hosts.add(host);
    }

    /** The group of that name, made empty if there is none yet (loops, not lambdas: every run reads an inventory at start-up). */
    private Group group(String name) {
        Group g = groups.get(name);
        if (g == null) {
            g = new Group(name, new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashMap<>());
            groups.put(name, g);
        }
        return g;
    }

    private static Map<String, Object> asMap(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    /** Every host in the inventory (not the implicit localhost). */
    public Set<String> hosts() {
        return hostVars.keySet();
    }

    /** Hosts of a group and its children. */
    public Set<String> hostsOf(String group) {
        Set<String> out = new LinkedHashSet<>();
        Group g = groups.get(group);
        if (g == null) {
            return out;
        }
        if (group.equals("all")) {
            out.addAll(hostVars.keySet());
            return out;
        }
        out.addAll(g.hosts);
        for (String c : g.children) {
            out.addAll(hostsOf(c));
        }
        return out;
    }

    /** Group names a host belongs to (excluding all), parents after children. */
    public List<String> groupsOf(String host) {
        List<String> out = new ArrayList<>();
        for (String g : groups.keySet()) {
            if (!g.equals("all") && hostsOf(g).contains(host)) {
                out.add(g);
            }
        }
        return out;
    }

    /** Map of group name to its hosts, as the {@code groups} magic variable. */
    public Map<String, Object> groupsVariable() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String g : groups.keySet()) {
            out.put(g, new ArrayList<>(hostsOf(g)));
        }
        return out;
    }

    /**
     * Variables of a host: the vars of all, then of each of its groups (parents before children),
     * then its own; later ones win.
     */
    public Map<String, Object> varsOf(String host) {
        Map<String, Object> out = new LinkedHashMap<>(groups.get("all").vars);
        List<String> gs = groupsOf(host);
        List<String> ordered = new ArrayList<>();
        for (String g : gs) {
            // parents first: a group that contains another comes before it
            int depth = depth(g);
            int i = 0;
            while (i < ordered.size() && depth(ordered.get(i)) <= depth) {
                i++;
            }
            ordered.add(i, g);
        }
        for (String g : ordered) {
            out.putAll(groups.get(g).vars);
        }
        Map<String, Object> own = hostVars.get(host);
        if (own != null) {
            out.putAll(own);
        }
        return out;
    }

    private int depth(String group) {
        for (Group g : groups.values()) {
            if (g.children.contains(group)) {
                return 1 + depth(g.name);
            }
        }
        return 0;
    }

    /**
     * Hosts matching a pattern: names, groups, globs ({@code web*}), lists ({@code a,b} or
     * {@code a:b}), exclusions ({@code !b}) and intersections ({@code &b}).
     */
    public List<String> match(String pattern) {
        Set<String> result = new LinkedHashSet<>();
        List<String> excluded = new ArrayList<>();
        List<String> intersect = new ArrayList<>();
        for (String raw : pattern.split("[,:]")) {
            String term = raw.trim();
            if (term.isEmpty()) {
                continue;
            }
            if (term.startsWith("!")) {
                excluded.add(term.substring(1));
            } else if (term.startsWith("&")) {
                intersect.add(term.substring(1));
            } else {
                result.addAll(matchTerm(term));
            }
        }
        for (String i : intersect) {
            result.retainAll(matchTerm(i));
        }
        for (String e : excluded) {
            result.removeAll(matchTerm(e));
        }
        return new ArrayList<>(result);
    }

    private Set<String> matchTerm(String term) {
        Set<String> out = new LinkedHashSet<>();
        if (term.equals("all") || term.equals("*")) {
            // as in Ansible, the implicit localhost is not part of 'all'
            out.addAll(hostVars.keySet());
            return out;
        }
        if (groups.containsKey(term)) {
            out.addAll(hostsOf(term));
            return out;
        }
        if (hostVars.containsKey(term)) {
            out.add(term);
            return out;
        }
        if (term.equals("localhost") || term.equals("127.0.0.1")) {
            out.add(term);
            return out;
        }
        if (term.contains("*") || term.contains("?")) {
            String regex = term.replace(".", "\\.").replace("*", ".*").replace("?", ".");
            for (String h : hostVars.keySet()) {
                if (h.matches(regex)) {
                    out.add(h);
                }
            }
            for (String g : groups.keySet()) {
                if (g.matches(regex)) {
                    out.addAll(hostsOf(g));
                }
            }
        }
        return out;
    }
}
