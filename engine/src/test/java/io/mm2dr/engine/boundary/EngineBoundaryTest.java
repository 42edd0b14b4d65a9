package io.mm2dr.engine.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The engine's boundary, shown rather than promised: code in engine/ is compiled against the
 * engine's own classpath, where Kafka, fabric8, picocli and the runner's other packages are absent,
 * so importing them is a compile error. Each case compiles a one-class source with the JDK's compiler
 * against exactly the classpath this module's tests run with (a superset of its compile classpath),
 * and the control case proves the same compilation succeeds for an engine import.
 */
class EngineBoundaryTest {

    /** What the engine's sources may import: the JDK, its libraries (java-diff-utils for --diff among them), and itself. */
    private static final List<String> ALLOWED = List.of("java.", "javax.", "org.yaml.snakeyaml.", "com.hubspot.jinjava.",
            "jinjava.", "com.fasterxml.jackson.", "io.burt.jmespath.", "org.slf4j.", "com.google.common.", "com.github.difflib.",
            "io.mm2dr.engine.");

    @ParameterizedTest
    @ValueSource(strings = {"org.apache.kafka.clients.admin.Admin", "io.fabric8.kubernetes.client.KubernetesClient",
            "picocli.CommandLine", "io.mm2dr.platform.Platform", "io.mm2dr.domain.Topology", "io.mm2dr.kafka.KafkaConnection",
            "io.mm2dr.sandbox.Sandbox", "io.mm2dr.cli.Main"})
    void aForbiddenImportDoesNotCompile(String type) {
        List<String> errors = compile(type);
        assertFalse(errors.isEmpty(), "importing " + type + " compiled in engine/");
        String pkg = type.substring(0, type.lastIndexOf('.'));
        assertTrue(errors.stream().anyMatch(e -> e.contains("package " + pkg + " does not exist")), errors.toString());
    }

    @Test
    void anEngineImportCompiles() {
        assertEquals(List.of(), compile("io.mm2dr.engine.module.Module"));
    }

    @Test
    void theEngineSourcesImportOnlyTheEngineAndItsLibraries() throws IOException {
        Pattern importLine = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
        List<String> offenders = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
            for (Path p : (Iterable<Path>) sources.filter(f -> f.toString().endsWith(".java"))::iterator) {
                files++;
                Matcher m = importLine.matcher(Files.readString(p));
                while (m.find()) {
                    String imported = m.group(1);
                    if (ALLOWED.stream().noneMatch(imported::startsWith)) {
                        offenders.add(p + ": " + imported);
                    }
                }
                String pkg = Files.readAllLines(p).stream().filter(l -> l.startsWith("package ")).findFirst().orElse("");
                if (!pkg.startsWith("package io.mm2dr.engine")) {
                    offenders.add(p + ": " + pkg + " (the engine's code lives in io.mm2dr.engine)");
                }
            }
        }
        assertTrue(files > 50, "found only " + files + " engine sources: is the working directory engine/?");
        assertEquals(List.of(), offenders);
    }

    private static List<String> compile(String importedType) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String source = "package io.mm2dr.engine.probe;\nimport " + importedType + ";\nclass Probe { Object o = "
                + importedType.substring(importedType.lastIndexOf('.') + 1) + ".class; }\n";
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///io/mm2dr/engine/probe/Probe.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out;
        try {
            out = Files.createTempDirectory("engine-probe");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        boolean ok = javac.getTask(new StringWriter(), null, diagnostics,
                List.of("-proc:none", "-classpath", classpath, "-d", out.toString()), null, List.of(file)).call();
        List<String> errors = new ArrayList<>();
        diagnostics.getDiagnostics().forEach(d -> {
            if (d.getKind() == javax.tools.Diagnostic.Kind.ERROR) {
                errors.add(d.getMessage(Locale.ROOT));
            }
        });
        assertEquals(ok, errors.isEmpty(), errors.toString());
        return errors;
    }
}
