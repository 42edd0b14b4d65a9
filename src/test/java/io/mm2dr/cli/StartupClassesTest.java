package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a short run loads: a fresh JVM runs the command line with {@code -Xlog:class+load}, and
 * nothing the command does not use may be loaded (the start-up time is mostly class loading; the
 * benchmark measures it, this test keeps it from creeping back).
 */
class StartupClassesTest {
    @TempDir
    Path dir;

    /** The classes a fresh JVM loads for {@code runner ARGS}, after checking its exit code and output. */
    private List<String> loaded(String expectOut, String... args) throws Exception {
        Path log = dir.resolve("classes-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains(expectOut), out);
        List<String> classes = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf("[class,load] ");
            if (at >= 0) {
                String rest = line.substring(at + "[class,load] ".length());
                classes.add(rest.substring(0, rest.indexOf(' ')));
            }
        }
        assertTrue(classes.contains(Main.class.getName()), "no class loading logged");
        return classes;
    }

    private static void assertNone(List<String> classes, String what, String... prefixes) {
        List<String> found = classes.stream().filter(c -> List.of(prefixes).stream().anyMatch(c::startsWith)).toList();
        assertEquals(List.of(), found.stream().limit(10).toList(), what + " loaded (" + found.size() + " classes)");
    }

    @Test
    void aPlaybookWithoutTemplatesLoadsNothingItDoesNotUse() throws Exception {
        Files.writeString(dir.resolve("one.yaml"), "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: msg=hello\n");
        List<String> classes = loaded("\"msg\": \"hello\"", "--color", "never", "one.yaml");
        assertNone(classes, "picocli", "picocli.");
        // (PlainData tells jinjava's value types by their class's name: no class of jinjava's or Guava's)
        assertNone(classes, "jinjava", "com.hubspot.", "jinjava.");
        assertNone(classes, "Guava", "com.google.common.");
        assertNone(classes, "SnakeYAML's constructor (made only for merge keys, duplicate keys and unusual numbers)",
                "org.yaml.snakeyaml.constructor.", "org.yaml.snakeyaml.TypeDescription");
        assertNone(classes, "file channels (and their native library)", "sun.nio.ch.FileChannelImpl");
        // (plain documents are read from the parser's events: SnakeYAML's resolver compiles a dozen
        // regular expressions, its Tag class loads java.sql)
        assertNone(classes, "SnakeYAML's composer, resolver and nodes", "org.yaml.snakeyaml.composer.", "org.yaml.snakeyaml.resolver.",
                "org.yaml.snakeyaml.nodes.", "java.sql.");
        // every task goes through these: a lambda's first use costs a short run a fraction of a millisecond
        List<String> lambdas = classes.stream().filter(c -> c.contains("$$Lambda")).toList();
        assertNone(lambdas, "lambdas on every task's path", "io.mm2dr.engine.module.", "io.mm2dr.engine.exec.TaskExecution",
                "io.mm2dr.engine.exec.TaskRunner", "io.mm2dr.engine.exec.Redactor", "io.mm2dr.engine.exec.RunLookAhead",
                "io.mm2dr.engine.event.", "io.mm2dr.engine.output.", "io.mm2dr.engine.yaml.", "io.mm2dr.engine.model.",
                "io.mm2dr.engine.inventory.", "io.mm2dr.cli.Subcommands");
        assertNone(classes, "Jackson", "com.fasterxml.jackson.databind.");
        assertNone(classes, "JMESPath", "io.burt.jmespath.");
        assertNone(classes, "Kafka", "org.apache.kafka.", "io.mm2dr.kafka.MirrorCompare", "io.mm2dr.modules.kafka.MirrorCompareModule");
        assertNone(classes, "Kubernetes", "io.fabric8.", "io.mm2dr.modules.kubernetes.K8s", "io.mm2dr.platform.kubernetes.");
        assertNone(classes, "modules the playbook does not use", "io.mm2dr.modules.domain.KafkaClusterModule",
                "io.mm2dr.engine.builtin.TemplateModule");
        assertNone(classes, "java.util.logging", "java.util.logging.");
        assertNone(classes, "SecureRandom's providers", "sun.security.provider.NativePRNG");
    }

    @Test
    void aTemplateSetsUpJinjavaButNotJmesPath() throws Exception {
        Files.writeString(dir.resolve("two.yaml"), "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - set_fact: {n: \"{{ 20 + 22 }}\"}\n"
                + "    - debug: {var: n}\n");
        List<String> classes = loaded("\"n\": 42", "--color", "never", "two.yaml");
        assertTrue(classes.stream().anyMatch(c -> c.startsWith("com.hubspot.jinjava.interpret.")), "jinjava evaluates the template");
        // (the json_query filter's code names JmesPathException: one class, not the runtime)
        assertNone(classes, "JMESPath's runtime", "io.burt.jmespath.jackson.", "io.burt.jmespath.parser.", "io.burt.jmespath.function.");
        assertNone(classes, "picocli", "picocli.");
    }

    @Test
    void versionLoadsNoKafkaClass() throws Exception {
        List<String> classes = loaded("Operator APIs: ", "--version");
        assertNone(classes, "Kafka", "org.apache.kafka.");
        assertNone(classes, "picocli", "picocli.");
    }

    /**
     * The runner's own classes are compiled with {@code -XDstringConcat=inline}: each invokedynamic
     * string concatenation costs a method handle spun at its first use, some 50 ms of a one-task run
     * on the reference machine. A class compiled without the flag names the bootstrap method.
     */
    @Test
    void stringConcatenationIsCompiledInline() throws Exception {
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        for (Class<?> anchor : List.of(Main.class, io.mm2dr.engine.exec.PlaybookExecutor.class)) {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(root)) {
                try (var files = Files.walk(root)) {
                    for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".class"))::iterator) {
                        scanned++;
                        if (indyConcat(Files.readAllBytes(f))) {
                            offenders.add(root.relativize(f).toString());
                        }
                    }
                }
            } else {
                try (var jar = new java.util.jar.JarFile(root.toFile())) {
                    for (var e : java.util.Collections.list(jar.entries())) {
                        if (e.getName().endsWith(".class")) {
                            scanned++;
                            if (indyConcat(jar.getInputStream(e).readAllBytes())) {
                                offenders.add(e.getName());
                            }
                        }
                    }
                }
            }
        }
        assertTrue(scanned > 100, "too few classes found: " + scanned);
        assertEquals(List.of(), offenders.stream().limit(10).toList(), offenders.size() + " classes use invokedynamic concatenation");
    }

    private static boolean indyConcat(byte[] classFile) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains("makeConcatWithConstants");
    }
}
