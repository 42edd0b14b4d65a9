package io.mm2dr.engine.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesTheContentWithTheAskedPermissionsAndLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("sub").resolve("secret.json");
        AtomicFiles.write(f, "one".getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);
        AtomicFiles.write(f, "two".getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);
        assertEquals("two", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        AtomicFiles.write(f, "three".getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of("secret.json"), names());
    }

    @Test
    void copiesWhole() throws Exception {
        Path source = Files.writeString(dir.resolve("a.jar"), "x".repeat(100_000));
        Path copy = dir.resolve("sub").resolve("b.jar");
        AtomicFiles.copy(source, copy);
        assertEquals(Files.readString(source), Files.readString(copy));
        assertEquals(List.of("b.jar"), names());
    }
}
