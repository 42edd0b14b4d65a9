package io.mm2dr.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's extraction of runner.jar's libraries, on small jars made here (RunnerJarIT runs the real one). */
class LauncherTest {
    @TempDir
    Path dir;

    /** A jar like runner.jar: libraries stored whole under META-INF/runner/lib/ and their index. */
    private Path jar(String file, Map<String, String> libs) throws IOException {
        Path jar = dir.resolve(file);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            StringBuilder index = new StringBuilder();
            for (Map.Entry<String, String> lib : libs.entrySet()) {
                byte[] bytes = lib.getValue().getBytes(StandardCharsets.UTF_8);
                ZipEntry e = new ZipEntry(Launcher.LIB + lib.getKey());
                e.setMethod(ZipEntry.STORED);
                e.setSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                e.setCrc(crc.getValue());
                out.putNextEntry(e);
                out.write(bytes);
                index.append(index.length() == 0 ? "" : ":").append("@/").append(lib.getKey());
            }
            out.putNextEntry(new ZipEntry(Launcher.INDEX));
            out.write(index.toString().getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    @Test
    void extractsEachLibraryOnceUnderANameFromItsContent() throws IOException {
        Path jar = jar("one.jar", new java.util.LinkedHashMap<>(Map.of("b.jar", "bee")));
        List<String> names = Launcher.index(jar);
        assertEquals(List.of("b.jar"), names);
        Path cache = dir.resolve("cache");
        List<Path> libs = Launcher.extracted(jar, names, cache);
        assertEquals(1, libs.size());
        assertEquals("bee", Files.readString(libs.get(0)));
        assertTrue(libs.get(0).getFileName().toString().endsWith("-3-b.jar"), libs.toString());
        // the set's jar: what the class path takes, its manifest's Class-Path naming the library
        Path set = Launcher.setFile(cache, libs);
        try (java.util.jar.JarFile setJar = new java.util.jar.JarFile(set.toFile())) {
            String classPath = setJar.getManifest().getMainAttributes().getValue("Class-Path");
            java.net.URL resolved = new java.net.URL(set.toUri().toURL(), classPath);
            assertEquals(libs.get(0).toRealPath(), Path.of(java.net.URI.create(resolved.toString())).toRealPath());
        }
        assertEquals(List.of(libs.get(0).getFileName().toString()), Launcher.listed(set));
        FileTime written = Files.getLastModifiedTime(libs.get(0));
        Files.setLastModifiedTime(libs.get(0), FileTime.fromMillis(written.toMillis() - 60_000));
        FileTime before = Files.getLastModifiedTime(libs.get(0));
        assertEquals(libs, Launcher.extracted(jar, names, cache));
        assertEquals(before, Files.getLastModifiedTime(libs.get(0)), "not written again");
    }

    @Test
    void aJarSeenBeforeIsFoundByItsMarkerUntilItChangesOrItsSetIsGone() throws IOException {
        Path cache = dir.resolve("cache");
        Path jar = jar("runner.jar", Map.of("a.jar", "one"));
        Launcher.Libraries first = Launcher.libraries(jar, cache);
        assertEquals("one", Files.readString(first.jars().get(0)));
        Path marker = Launcher.jarMarker(jar, cache);
        assertTrue(Files.isRegularFile(marker), "the jar's marker is written");
        assertEquals(first, Launcher.libraries(jar, cache));

        // the marker is what the run reads: one naming another library is believed (the jar's index is not read)
        Files.writeString(marker, first.set().getFileName() + "\nelsewhere.jar");
        assertEquals(List.of(cache.resolve("jars").resolve("elsewhere.jar")), Launcher.libraries(jar, cache).jars());
        // its set gone (pruned): the index is read and the libraries extracted again
        Files.delete(first.set());
        Launcher.Libraries again = Launcher.libraries(jar, cache);
        assertEquals(first, again);
        assertTrue(Files.isRegularFile(again.set()));

        // the jar rebuilt in place, the same size, another time: another marker, its own libraries
        Files.delete(jar);
        jar = jar("runner.jar", Map.of("a.jar", "two"));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
        assertFalse(marker.equals(Launcher.jarMarker(jar, cache)));
        assertEquals("two", Files.readString(Launcher.libraries(jar, cache).jars().get(0)));
        assertEquals("one", Files.readString(first.jars().get(0)), "the first set's library stays until its set is unused for two weeks");
    }

    @Test
    void aJarWithoutAnIndexHasNoLibraries() throws IOException {
        Path plain = dir.resolve("plain.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plain))) {
            out.putNextEntry(new ZipEntry("x.txt"));
        }
        assertEquals(null, Launcher.libraries(plain, dir.resolve("cache")));
    }

    @Test
    void aRebuildExtractsOnlyWhatChangedAndOldSetsGoAfterTwoWeeks() throws IOException {
        Path cache = dir.resolve("cache");
        Map<String, String> v1 = new java.util.LinkedHashMap<>();
        v1.put("same.jar", "unchanged");
        v1.put("engine.jar", "version 1");
        Path jar1 = jar("v1.jar", v1);
        List<Path> first = Launcher.extracted(jar1, Launcher.index(jar1), cache);
        Map<String, String> v2 = new java.util.LinkedHashMap<>(v1);
        v2.put("engine.jar", "version 2");
        Path jar2 = jar("v2.jar", v2);
        List<Path> second = Launcher.extracted(jar2, Launcher.index(jar2), cache);
        assertEquals(first.get(0), second.get(0), "the unchanged library is shared");
        assertFalse(first.get(1).equals(second.get(1)));
        assertEquals("version 1", Files.readString(first.get(1)), "the first set is still in use");
        assertEquals("version 2", Files.readString(second.get(1)));

        // the first set unused for 15 days: the next extraction removes it and its own library
        try (var sets = Files.list(cache.resolve("sets"))) {
            for (Path set : sets.toList()) {
                if (!Launcher.listed(set).contains(second.get(1).getFileName().toString())) {
                    Files.setLastModifiedTime(set, FileTime.fromMillis(System.currentTimeMillis() - 15L * 24 * 3600 * 1000));
                }
            }
        }
        Files.writeString(cache.resolve("jars").resolve(".extracting-123.jar"), "left by a run that was killed");
        Map<String, String> v3 = new java.util.LinkedHashMap<>(v2);
        v3.put("new.jar", "new");
        Path jar3 = jar("v3.jar", v3);
        List<Path> third = Launcher.extracted(jar3, Launcher.index(jar3), cache);
        assertFalse(Files.exists(first.get(1)), "the old engine went with its set");
        assertTrue(Files.exists(second.get(1)), "the second set is recent");
        for (Path lib : third) {
            assertTrue(Files.exists(lib), lib.toString());
        }
        try (var jars = Files.list(cache.resolve("jars"))) {
            assertEquals(3, jars.count(), "same, engine 2, new, and no leftover");
        }
    }

    @Test
    void aDamagedJarIsRefusedByName() throws IOException {
        Path jar = jar("bad.jar", Map.of("a.jar", "a"));
        IOException e = assertThrows(IOException.class, () -> Launcher.extracted(jar, List.of("a.jar", "missing.jar"), dir.resolve("cache")));
        assertEquals("the jar has no META-INF/runner/lib/missing.jar (a damaged build)", e.getMessage());
    }

    @Test
    void aJarWithoutIndexRunsAsItIs() throws IOException {
        Path jar = dir.resolve("plain.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new ZipEntry("a.txt"));
        }
        assertNull(Launcher.index(jar));
    }

    @Test
    void theCacheFolderComesFromTheEnvironment() {
        assertEquals(Path.of("/x/c"), Launcher.cacheRoot(Map.of(Launcher.CACHE_ENV, "/x/c", "XDG_CACHE_HOME", "/y")));
        assertEquals(Path.of("/y/runner"), Launcher.cacheRoot(Map.of("XDG_CACHE_HOME", "/y")));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "runner"), Launcher.cacheRoot(Map.of()));
    }
}
