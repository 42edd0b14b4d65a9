package io.mm2dr.engine.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modes as chmod(1) and Ansible's file modules read them. */
class FileModesTest {
    @TempDir
    Path dir;

    @Test
    void octalNumbersAndLetters() {
        assertEquals(0644, FileModes.resolve("0644", -1, false));
        assertEquals(0644, FileModes.resolve("644", -1, false));
        assertEquals(0644, FileModes.resolve(420L, -1, false), "YAML's 0644 is the number 420");
        assertEquals(02755, FileModes.resolve("2755", -1, false));
        assertEquals(01777, FileModes.resolve("01777", -1, true));
        assertEquals(0750, FileModes.resolve("rwxr-x---", -1, false));
        assertEquals(04755, FileModes.resolve("rwsr-xr-x", -1, false));
    }

    @Test
    void symbolicClausesAsChmod() {
        assertEquals(0644, FileModes.resolve("u=rw,g=r,o=r", 0, false));
        assertEquals(0744, FileModes.resolve("u+x", 0644, false));
        assertEquals(0444, FileModes.resolve("a-w", 0644, false));
        int umask = FileModes.umask();
        assertEquals(0755 & ~(0222 & ~umask), FileModes.resolve("-w", 0755, false), "no user given: all, less the umask's bits");
        assertEquals(0666 & ~umask, FileModes.resolve("=rw", 0, false), "as chmod =rw: the umask applies");
        assertEquals((0666 & ~umask) | 0100, FileModes.resolve("u+x", FileModes.newFileMode(), false), "a new file starts from 0666 less the umask");
        assertEquals(0640, FileModes.resolve("g+X", 0640, false), "X: no execute bit anywhere on a file");
        assertEquals(0750, FileModes.resolve("g+X", 0740, false), "X: an execute bit on the file already");
        assertEquals(0710, FileModes.resolve("g+X", 0700, true), "X: a folder");
        assertEquals(0750, FileModes.resolve("u=rwX,g=rX,o=", 0600, true));
        assertEquals(0640, FileModes.resolve("u=rwX,g=rX,o=", 0600, false));
        assertEquals(01777, FileModes.resolve("o+t", 0777, true));
        assertEquals(02750, FileModes.resolve("g+s", 0750, true));
        assertEquals(0600, FileModes.resolve("u=rw,go=", 04755, false), "= clears the user's setuid bit too");
        assertEquals(0755, FileModes.resolve("u=rwx,g=rx,o=rx", 0, true));
        assertEquals(0700, FileModes.resolve("u+rwx-w+w,go-rwx", 0644, false), "several operators in one clause");
    }

    @Test
    void badModesAreRefusedWithTheValue() {
        for (Object bad : new Object[] {"0999", "u*x", "rw-rw-rw", "u+q", 070000L}) {
            FileModes.BadMode e = assertThrows(FileModes.BadMode.class, () -> FileModes.resolve(bad, 0644, false), String.valueOf(bad));
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
    }

    @Test
    void theUmaskIsWhatAFolderMadeHereGets() throws Exception {
        Path made = java.nio.file.Files.createDirectory(dir.resolve("plain"));
        assertEquals(0777 & ~FileModes.umask(), FileModes.of(made, true));
    }

    @Test
    void formattedAsAnsibleShowsThem() {
        assertEquals("0644", FileModes.format(0644));
        assertEquals("0000", FileModes.format(0));
        assertEquals("01777", FileModes.format(01777));
    }

    @Test
    void specialBitsAreSetAndReadBack() throws Exception {
        Path d = Files.createDirectory(dir.resolve("shared"));
        assertEquals(true, FileModes.set(d, 03770));
        assertEquals(03770, FileModes.of(d, true));
        assertEquals(false, FileModes.set(d, 03770), "already so: no change");
    }
}
