package io.mm2dr.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The inventory a run without {@code -i} uses, found as ansible-playbook finds it: the
 * {@code ANSIBLE_INVENTORY} environment variable, else {@code inventory} in the {@code [defaults]}
 * section of the first configuration file among {@code $ANSIBLE_CONFIG}, {@code ./ansible.cfg},
 * {@code ~/.ansible.cfg} and {@code /etc/ansible/ansible.cfg}. A relative path in a configuration
 * file is relative to that file's folder, as in Ansible. The project's {@code ansible.cfg} names
 * {@code inventories/local.yaml}, so the drill run from the project's folder without {@code -i}
 * runs on the local sandbox with that inventory's values. With none of these (Ansible would fall
 * back to /etc/ansible/hosts, which the runner does not read), there is no inventory: only the
 * implicit localhost.
 */
final class DefaultInventory {
    private DefaultInventory() {
    }

    private static final Path SYSTEM_CONFIG = Path.of("/etc/ansible/ansible.cfg");

    /** The inventory sources, in order; empty when nothing names one. */
    static List<String> find(Map<String, String> env, Path workingDir, Path home) {
        return find(env, workingDir, home, SYSTEM_CONFIG);
    }

    /** As above, with the system-wide configuration file at {@code systemConfig}. */
    static List<String> find(Map<String, String> env, Path workingDir, Path home, Path systemConfig) {
        String fromEnv = env.get("ANSIBLE_INVENTORY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return split(fromEnv, workingDir, home);
        }
        Path config = configFile(env, workingDir, home, systemConfig);
        if (config == null) {
            return List.of();
        }
        String value = defaultsInventory(config);
        return value == null ? List.of() : split(value, config.toAbsolutePath().getParent(), home);
    }

    /**
     * When a run found no inventory but a playbook's folder (or the folder above it) holds an
     * {@code ansible.cfg} that names one, a warning saying how to use it (ansible.cfg is read
     * from the working directory only, so a project's playbooks run from elsewhere lose their
     * inventory and fail later on undefined variables); null otherwise.
     */
    static String missedInventoryHint(List<Path> playbooks, Path workingDir, Path home) {
        for (Path book : playbooks) {
            Path folder = workingDir.resolve(book).toAbsolutePath().normalize().getParent();
            for (int up = 0; up < 2 && folder != null; up++, folder = folder.getParent()) {
                Path cfg = folder.resolve("ansible.cfg");
                String value = Files.isRegularFile(cfg) ? defaultsInventory(cfg) : null;
                if (value != null) {
                    String inventory = String.join(",", split(value, folder, home));
                    return "No inventory was parsed: " + cfg + " names the inventory " + inventory
                            + ", but ansible.cfg is read from the current folder only. Run from " + folder
                            + ", or give -i " + inventory + " (or set ANSIBLE_CONFIG=" + cfg + ")";
                }
            }
        }
        return null;
    }

    /** The configuration file ansible-playbook would read, or null. */
    static Path configFile(Map<String, String> env, Path workingDir, Path home, Path systemConfig) {
        List<Path> candidates = new ArrayList<>();
        String named = env.get("ANSIBLE_CONFIG");
        if (named != null && !named.isBlank()) {
            Path p = workingDir.resolve(expandHome(named, home));
            candidates.add(Files.isDirectory(p) ? p.resolve("ansible.cfg") : p);
        }
        candidates.add(workingDir.resolve("ansible.cfg"));
        if (home != null) {
            candidates.add(home.resolve(".ansible.cfg"));
        }
        candidates.add(systemConfig);
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        return null;
    }

    /** The value of {@code inventory} in the {@code [defaults]} section (INI), or null. */
    static String defaultsInventory(Path config) {
        List<String> lines;
        try {
            lines = Files.readAllLines(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config + ": " + e.getMessage(), e);
        }
        String section = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            if ("defaults".equals(section) && eq > 0 && line.substring(0, eq).strip().equals("inventory")) {
                String value = line.substring(eq + 1).strip();
                // an inline comment, as Ansible's INI parser allows it after whitespace
                int comment = value.indexOf(" ;");
                if (comment >= 0) {
                    value = value.substring(0, comment).strip();
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** A comma-separated list of paths, each resolved against {@code base} (after ~ expansion). */
    private static List<String> split(String value, Path base, Path home) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.strip();
            if (!p.isEmpty()) {
                out.add(base.resolve(expandHome(p, home)).normalize().toString());
            }
        }
        return out;
    }

    private static String expandHome(String path, Path home) {
        if (home != null && (path.equals("~") || path.startsWith("~/"))) {
            return home + path.substring(1);
        }
        return path;
    }
}
