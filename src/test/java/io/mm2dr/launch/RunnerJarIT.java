package io.mm2dr.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runner.jar as users run it ({@code java -jar target/runner.jar}), after the build: its libraries
 * are extracted once into the cache folder and used from there, by concurrent first runs too, and a
 * playbook that needs them (templates, JSON queries, the sandbox's state) runs; the unit tests run
 * from the class path and never see the jar.
 */
class RunnerJarIT {
    static final Path JAR = Path.of("target/runner.jar").toAbsolutePath();

    @TempDir
    static Path dir;

    record Run(int exit, String out) {
    }

    @BeforeAll
    static void playbooks() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "build the jar first: " + JAR);
        Files.writeString(dir.resolve("one.yaml"), "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: msg=hello\n");
        // jinjava (with Guava), JMESPath and Jackson: libraries the one-task run does not open
        Files.writeString(dir.resolve("libs.yaml"), """
                - hosts: localhost
                  gather_facts: false
                  vars:
                    clusters: [{name: a, size: 3}, {name: b, size: 1}]
                  tasks:
                    - set_fact:
                        big: "{{ clusters | json_query('[?size > `2`].name') }}"
                        total: "{{ clusters | map(attribute='size') | sum }}"
                    - debug: {msg: "{{ big | to_json }} {{ total }} {{ '%05d' | format(42) }}"}
                """);
    }

    /** Starts {@code java ARGS} in the test folder with this cache folder. */
    static Process start(Path cache, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put(Launcher.CACHE_ENV, cache.toString());
        return pb.start();
    }

    static Run run(Path cache, String... args) throws Exception {
        Process p = start(cache, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run did not finish: " + out);
        return new Run(p.exitValue(), out);
    }

    /** Every file under the cache and its modification time. */
    static Map<String, FileTime> files(Path cache) throws IOException {
        Map<String, FileTime> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(cache)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                all.put(cache.relativize(p).toString(), Files.getLastModifiedTime(p));
            }
        }
        return all;
    }

    @Test
    void theFirstRunExtractsTheLibrariesAndTheNextUsesThem() throws Exception {
        Path cache = dir.resolve("cache-first");
        Run first = run(cache, "-jar", JAR.toString(), "--color", "never", "one.yaml");
        assertEquals(0, first.exit(), first.out());
        assertTrue(first.out().contains("\"msg\": \"hello\""), first.out());
        List<String> index;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            index = Launcher.index(JAR);
            assertTrue(index.size() > 100, "the jar's libraries: " + index);
            for (String name : index) {
                assertTrue(jar.getEntry(Launcher.LIB + name) != null, name);
            }
        }
        Map<String, FileTime> after = files(cache);
        long jars = after.keySet().stream().filter(f -> f.startsWith("jars/")).count();
        assertEquals(index.size(), jars, "one file per library: " + after.keySet());
        assertEquals(List.of("sets/" + Launcher.jarMarker(JAR, cache).getFileName()),
                after.keySet().stream().filter(f -> f.startsWith("sets/jar-")).toList(), "the jar's marker: " + after.keySet());
        assertEquals(1, after.keySet().stream().filter(f -> f.startsWith("sets/") && f.endsWith(".jar")).count(), after.keySet().toString());

        Run again = run(cache, "-jar", JAR.toString(), "--color", "never", "one.yaml");
        assertEquals(0, again.exit(), again.out());
        assertEquals(after, files(cache), "the second run extracts nothing");
    }

    @Test
    void concurrentFirstRunsShareOneExtraction() throws Exception {
        Path cache = dir.resolve("cache-concurrent");
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(start(cache, "-jar", JAR.toString(), "--color", "never", "libs.yaml"));
        }
        for (Process p : runs) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("\"msg\": \"[\\\"a\\\"] 4 00042\""), out);
        }
        Map<String, FileTime> files = files(cache);
        assertFalse(files.keySet().stream().anyMatch(f -> f.contains(".extracting-") || f.contains(".writing-")), "a temporary file left: " + files.keySet());
        assertEquals(1, files.keySet().stream().filter(f -> f.startsWith("sets/") && f.endsWith(".jar")).count(), files.keySet().toString());
        assertEquals(1, files.keySet().stream().filter(f -> f.startsWith("sets/jar-")).count(), files.keySet().toString());
    }

    @Test
    void theLibrariesLoadThroughTheClassPathAndThroughTheFallbackLoader() throws Exception {
        Path cache = dir.resolve("cache-loaders");
        // java -jar: the launcher appends them to the class path
        Run jar = run(cache, "-jar", JAR.toString(), "--color", "never", "libs.yaml");
        assertEquals(0, jar.exit(), jar.out());
        assertTrue(jar.out().contains("\"msg\": \"[\\\"a\\\"] 4 00042\""), jar.out());
        // -cp: the manifest's Add-Opens does not apply, the launcher runs the runner in a class loader of its own
        Run cp = run(cache, "-cp", JAR.toString(), Launcher.class.getName(), "--color", "never", "libs.yaml");
        assertEquals(0, cp.exit(), cp.out());
        assertTrue(cp.out().contains("\"msg\": \"[\\\"a\\\"] 4 00042\""), cp.out());
        Run version = run(cache, "-jar", JAR.toString(), "--version");
        assertEquals(0, version.exit(), version.out());
        assertTrue(version.out().startsWith("runner "), version.out());
        // the sandbox's state (Jackson) and its command
        Run status = run(cache, "-jar", JAR.toString(), "--sandbox", dir.resolve("no-sandbox").toString(), "sandbox", "status");
        assertEquals(0, status.exit(), status.out());
        assertTrue(status.out().startsWith("No sandbox at "), status.out());
    }

    @Test
    void librariesThatLogThroughSlf4jPrintNothingOfIt() throws Exception {
        // fabric8 (and Kafka's clients) log through SLF4J; two providers are among the libraries (the
        // sandbox's processes use log4j2's): a run says nothing about either
        Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: abc}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);
        Files.writeString(dir.resolve("k8s.yaml"), "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
                + "    - k8s_info: {kind: Namespace, kubeconfig: kubeconfig}\n");
        Run run = run(dir.resolve("cache-slf4j"), "-jar", JAR.toString(), "--color", "never", "k8s.yaml");
        assertEquals(3, run.exit(), run.out());
        assertTrue(run.out().contains("cannot connect to the Kubernetes API server at https://127.0.0.1:1/"), run.out());
        assertFalse(run.out().contains("SLF4J"), run.out());
    }

    @Test
    void aCacheFolderThatCannotBeMadeIsOneClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Run run = run(file.resolve("cache"), "-jar", JAR.toString(), "one.yaml");
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().startsWith("ERROR! runner cannot extract its libraries from " + JAR), run.out());
        assertTrue(run.out().contains(Launcher.CACHE_ENV), run.out());
        assertEquals(1, run.out().strip().lines().count(), run.out());
    }
}
