package io.mm2dr.engine.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
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

    /**
     * As ansible-playbook 2.14's copy and template do (checked as root on a file of uid 1234, gid
     * 2345, mode 0640: it stays 1234:2345), each way of replacing a file keeps its owner and group;
     * the mode asked is set after, special bits included. Needs root to make a file of another user.
     */
    @Test
    void aReplacedFileKeepsItsOwnerAndGroup() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give a file another owner");
        Path f = Files.writeString(Files.createDirectories(dir.resolve("sub")).resolve("server.properties"), "old\n");
        Path source = Files.writeString(dir.resolve("source.txt"), "copied\n");
        for (String way : List.of("keep mode", "mode", "permissions", "copy")) {
            Files.setAttribute(f, "unix:uid", 1234);
            Files.setAttribute(f, "unix:gid", 2345);
            Files.setAttribute(f, "unix:mode", 0640);
            byte[] content = (way + "\n").getBytes(StandardCharsets.UTF_8);
            switch (way) {
                case "keep mode" -> AtomicFiles.write(f, content, null);
                case "mode" -> AtomicFiles.write(f, content, 06750);
                case "permissions" -> AtomicFiles.write(f, content, PosixFilePermissions.fromString("rw-r-----"));
                default -> AtomicFiles.copy(source, f);
            }
            Map<String, Object> after = Files.readAttributes(f, "unix:uid,gid,mode");
            assertEquals(List.of(1234, 2345), List.of(after.get("uid"), after.get("gid")), way);
            if (!way.equals("copy")) {
                assertEquals(way.equals("mode") ? 06750 : 0640, (Integer) after.get("mode") & 07777, way);
            }
        }
        assertEquals(List.of("server.properties"), names());
    }
}
