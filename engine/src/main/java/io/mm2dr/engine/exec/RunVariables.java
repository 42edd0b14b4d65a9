package io.mm2dr.engine.exec;

import io.mm2dr.engine.inventory.Inventory;
import io.mm2dr.engine.model.Block;
import io.mm2dr.engine.model.Play;
import io.mm2dr.engine.model.PlaybookError;
import io.mm2dr.engine.model.PlaybookLoader;
import io.mm2dr.engine.model.Role;
import io.mm2dr.engine.model.TaskNode;
import io.mm2dr.engine.template.TemplateContext;
import io.mm2dr.engine.template.Templar;
import io.mm2dr.engine.vars.LayeredVars;
import io.mm2dr.engine.yaml.SourcePos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables of the run: what a node sees on a host (Ansible's precedence, in layers), the
 * magic variables, {@code hostvars}, a play's {@code vars_files}, its hosts pattern and name, and
 * where a node's files are searched for.
 */
final class RunVariables {
    private final RunOptions options;
    private final Templar templar;
    private final Map<String, HostState> hosts;
    private Inventory inventory = Inventory.empty();

    RunVariables(RunOptions options, Templar templar, Map<String, HostState> hosts) {
        this.options = options;
        this.templar = templar;
        this.hosts = hosts;
    }

    void inventory(Inventory inventory) {
        this.inventory = inventory;
    }

    Inventory inventory() {
        return inventory;
    }

    /** What a play's hosts pattern and name are templated with: inventory (all), play vars, extra vars. */
    Map<String, Object> playBaseVars(Play play) {
        Map<String, Object> base = new LinkedHashMap<>(inventory.varsOf("all"));
        base.putAll(play.vars);
        base.putAll(options.extraVars());
        return base;
    }

    String hostPattern(Play play, Map<String, Object> base) {
        Object hostsSpec = templar.template(play.hosts, base, TemplateContext.NONE);
        return hostsSpec instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(hostsSpec);
    }

    String playName(Play play, Map<String, Object> base, String pattern) {
        return play.name != null ? String.valueOf(templar.template(play.name, base, TemplateContext.NONE)) : pattern;
    }

    Map<String, Object> loadVarsFiles(Play play, HostState host, PlaybookLoader loader) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object entry : play.varsFiles) {
            Map<String, Object> vars = new LayeredVars(List.of(options.extraVars(), out, play.vars, host.inventoryVars, host.magic));
            Object name = templar.template(entry, vars, TemplateContext.NONE);
            List<Object> candidates = name instanceof List<?> l ? new ArrayList<>(l) : List.of(name);
            boolean loaded = false;
            for (Object c : candidates) {
                Path p = play.playbookDir.resolve(String.valueOf(c));
                if (Files.isRegularFile(p)) {
                    out.putAll(loader.loadVarsFile(p));
                    loaded = true;
                    break;
                }
            }
            if (!loaded) {
                throw new PlaybookError("vars_files: none of " + candidates + " was found (relative to "
                        + SourcePos.displayPath(play.playbookDir) + ")", play.pos);
            }
        }
        return out;
    }

    Map<String, Object> magic(HostState h, Play play, String playName, List<String> playHosts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("playbook_dir", play.playbookDir.toString());
        m.put("inventory_hostname", h.name);
        m.put("inventory_hostname_short", h.name.contains(".") ? h.name.substring(0, h.name.indexOf('.')) : h.name);
        m.put("inventory_dir", inventory.source() == null ? null : inventory.source().toAbsolutePath().getParent().toString());
        m.put("ansible_play_name", playName);
        m.put("ansible_play_hosts", playHosts);
        m.put("ansible_play_hosts_all", playHosts);
        m.put("ansible_play_batch", playHosts);
        m.put("play_hosts", playHosts);
        m.put("groups", inventory.groupsVariable());
        m.put("group_names", inventory.groupsOf(h.name));
        m.put("ansible_check_mode", options.check());
        m.put("ansible_diff_mode", options.diff());
        m.put("ansible_verbosity", (long) options.verbosity());
        m.put("ansible_run_tags", new ArrayList<>(options.tags().isEmpty() ? Set.of("all") : options.tags()));
        m.put("ansible_skip_tags", new ArrayList<>(options.skipTags()));
        m.put("ansible_connection", "local");
        m.put("ansible_version", Map.of("full", "2.14.0", "major", 2L, "minor", 14L, "revision", 0L, "string", "2.14.0 (runner)"));
        m.put("hostvars", new HostVars());
        return m;
    }

    /** {@code hostvars}: each host's variables, without task-level layers. */
    private final class HostVars extends AbstractMap<String, Object> {
        @Override
        public Object get(Object key) {
            HostState h = hosts.get(String.valueOf(key));
            return h == null ? null : new LayeredVars(List.of(options.extraVars(), h.facts, h.inventoryVars, h.magic));
        }

        @Override
        public boolean containsKey(Object key) {
            return hosts.containsKey(String.valueOf(key));
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String n : hosts.keySet()) {
                m.put(n, get(n));
            }
            return m.entrySet();
        }
    }

    // ------------------------------------------------------------------ variables

    /**
     * The variables a node sees on a host, highest precedence first: extra vars, loop and include
     * variables, facts and registered results, task vars, block vars (inner first) with role
     * params and role vars at each role, vars_files, play vars, inventory, role defaults, magic.
     */
    Map<String, Object> varsFor(PlayRun run, HostState h, TaskNode node, Map<String, Object> itemVars) {
        List<Map<String, Object>> layers = new ArrayList<>(16);
        layers.add(options.extraVars());
        if (itemVars != null) {
            layers.add(itemVars);
        }
        int includeParams = layers.size();
        layers.add(h.facts);
        List<Map<String, Object>> defaults = new ArrayList<>(2);
        Role innermostRole = null;
        for (TaskNode n = node; n != null; n = n.parent()) {
            if (!n.vars.isEmpty()) {
                if (n instanceof Block b && b.includeParams) {
                    layers.add(includeParams++, n.vars); // above facts and task vars; the innermost include first
                } else {
                    layers.add(n.vars);
                }
            }
            if (n instanceof Block b && b.role != null) {
                if (innermostRole == null) {
                    innermostRole = b.role;
                }
                if (!b.role.params.isEmpty()) {
                    layers.add(b.role.params);
                }
                if (!b.role.vars.isEmpty()) {
                    layers.add(b.role.vars);
                }
                if (!b.role.defaults.isEmpty()) {
                    defaults.add(b.role.defaults);
                }
            }
        }
        layers.addAll(run.playRoleVars);
        layers.add(run.varsFiles);
        layers.add(run.play.vars);
        layers.add(h.inventoryVars);
        layers.addAll(defaults);
        layers.addAll(run.playRoleDefaults);
        if (innermostRole != null) {
            layers.add(Map.of("role_name", innermostRole.name, "role_path", innermostRole.path.toString()));
        }
        layers.add(h.magic);
        return new LayeredVars(layers);
    }

    /** Where lookups and modules search for files of a node: role folders, the task file's folder, the playbook folder. */
    List<Path> searchPaths(PlayRun run, TaskNode node, String kind) {
        List<Path> paths = new ArrayList<>();
        Role role = node.role();
        if (role != null) {
            if (kind != null) {
                paths.add(role.path.resolve(kind));
            }
            paths.add(role.path);
        }
        if (node.pos.file() != null) {
            Path dir = node.pos.file().toAbsolutePath().getParent();
            if (kind != null) {
                paths.add(dir.resolve(kind));
            }
            paths.add(dir);
        }
        if (kind != null) {
            paths.add(run.play.playbookDir.resolve(kind));
        }
        paths.add(run.play.playbookDir);
        return paths;
    }

    /** Lookups search the role, the task file's folder and the playbook folder (each with its templates/ and files/). */
    TemplateContext templateContext(PlayRun run, TaskNode node) {
        return new TemplateContext(searchPaths(run, node, null));
    }

}
