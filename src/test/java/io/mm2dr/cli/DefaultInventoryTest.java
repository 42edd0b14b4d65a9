package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory of a run without -i is found as ansible-playbook finds it. */
class DefaultInventoryTest {
    @TempDir
    Path dir;

    private Path cfg(Path folder, String text) throws IOException {
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve("ansible.cfg"), text);
    }

    @Test
    void theWorkingDirectorysAnsibleCfgNamesItRelativeToItself() throws IOException {
        cfg(dir.resolve("project"), "# a comment\n[ssh_connection]\ninventory = wrong.yaml\n[defaults]\nforks = 5\ninventory = inventories/local.yaml ; the sandbox\n");
        Path elsewhere = dir.resolve("elsewhere");
        Files.createDirectories(elsewhere);
        assertEquals(List.of(dir.resolve("project/inventories/local.yaml").toString()),
                DefaultInventory.find(Map.of(), dir.resolve("project"), dir.resolve("home")));
        // ANSIBLE_CONFIG names the file from anywhere; the path stays relative to the file's folder
        assertEquals(List.of(dir.resolve("project/inventories/local.yaml").toString()),
                DefaultInventory.find(Map.of("ANSIBLE_CONFIG", dir.resolve("project/ansible.cfg").toString()), elsewhere, dir.resolve("home")));
        // or the folder holding it
        assertEquals(List.of(dir.resolve("project/inventories/local.yaml").toString()),
                DefaultInventory.find(Map.of("ANSIBLE_CONFIG", dir.resolve("project").toString()), elsewhere, dir.resolve("home")));
    }

    @Test
    void ansibleInventoryWinsAndListsSeveral() throws IOException {
        cfg(dir, "[defaults]\ninventory = inventories/local.yaml\n");
        assertEquals(List.of(dir.resolve("a.yaml").toString(), "/abs/b.yaml"),
                DefaultInventory.find(Map.of("ANSIBLE_INVENTORY", "a.yaml, /abs/b.yaml"), dir, dir.resolve("home")));
    }

    @Test
    void theHomeFileCountsWhenTheWorkingDirectoryHasNone() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve(".ansible.cfg"), "[defaults]\ninventory = ~/hosts.yaml\n");
        assertEquals(List.of(home.resolve("hosts.yaml").toString()), DefaultInventory.find(Map.of(), dir, home));
    }

    @Test
    void nothingNamedNoInventory() throws IOException {
        Path home = dir.resolve("home");
        assertEquals(List.of(), DefaultInventory.find(Map.of(), dir, home, dir.resolve("etc/ansible.cfg")), "no file: only the implicit localhost");
        cfg(dir, "[defaults]\nforks = 5\n");
        assertEquals(List.of(), DefaultInventory.find(Map.of(), dir, home, dir.resolve("etc/ansible.cfg")), "a configuration without an inventory");
        assertNull(DefaultInventory.defaultsInventory(dir.resolve("ansible.cfg")));
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/ansible.cfg"), "[defaults]\ninventory = /srv/hosts.yaml\n");
        assertEquals(List.of(), DefaultInventory.find(Map.of(), dir, home, dir.resolve("etc/ansible.cfg")),
                "the working directory's file is read first, even without an inventory, as Ansible reads one file");
    }

    @Test
    void aPlaybookRunFromElsewhereIsToldWhereItsProjectsInventoryIs() throws IOException {
        Path project = dir.resolve("project");
        cfg(project, "[defaults]\ninventory = inventories/local.yaml\n");
        Files.createDirectories(project.resolve("playbooks"));
        Path elsewhere = dir.resolve("elsewhere");
        Files.createDirectories(elsewhere);
        String hint = DefaultInventory.missedInventoryHint(List.of(project.resolve("playbooks/setup.yaml")), elsewhere, dir);
        assertEquals("No inventory was parsed: " + project.resolve("ansible.cfg") + " names the inventory "
                + project.resolve("inventories/local.yaml") + ", but ansible.cfg is read from the current folder only. Run from "
                + project + ", or give -i " + project.resolve("inventories/local.yaml") + " (or set ANSIBLE_CONFIG="
                + project.resolve("ansible.cfg") + ")", hint);
        // a relative playbook path counts from the working directory
        assertEquals(hint, DefaultInventory.missedInventoryHint(List.of(Path.of("../project/playbooks/setup.yaml")), elsewhere, dir));
        // no ansible.cfg near the playbook, or one without an inventory: nothing to say
        assertNull(DefaultInventory.missedInventoryHint(List.of(elsewhere.resolve("p.yaml")), elsewhere, dir));
        cfg(elsewhere, "[defaults]\nforks = 5\n");
        assertNull(DefaultInventory.missedInventoryHint(List.of(elsewhere.resolve("p.yaml")), elsewhere, dir));
    }
}
