package io.mm2dr.modules.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.Module;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's list of the Kubernetes modules' arguments is generated from their specifications:
 * this test renders it and fails when the README's block differs (run it with
 * {@code -Dreadme.update=true} to write the block).
 */
class ReadmeKubernetesArgumentsTest {
    static final Path README = Path.of("README.md");
    static final String BEGIN = "<!-- kubernetes-arguments: generated from the modules' specs by ReadmeKubernetesArgumentsTest -->";
    static final String END = "<!-- kubernetes-arguments: end -->";

    static String render() {
        StringBuilder b = new StringBuilder();
        for (Module m : List.<Module>of(new K8sModule(), new K8sInfoModule(), new K8sScaleModule())) {
            ArgSpec spec = m.spec();
            b.append("- `").append(m.name()).append("` supports: ");
            b.append(spec.args().stream().map(a -> "`" + a.name() + "`" + (a.aliases().isEmpty() ? ""
                    : " (" + a.aliases().stream().map(x -> "`" + x + "`").collect(Collectors.joining(", ")) + ")"))
                    .collect(Collectors.joining(", ")));
            b.append(".\n");
            if (!spec.notSupported().isEmpty()) {
                b.append("  Refused by name, not supported yet: ");
                b.append(spec.notSupported().entrySet().stream().map(e -> "`" + e.getKey() + "` (" + e.getValue().toLowerCase(Locale.ROOT) + ")")
                        .collect(Collectors.joining("; ")));
                b.append(".\n");
            }
        }
        return b.toString();
    }

    @Test
    void theReadmeListsTheArgumentsTheSpecsDeclare() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "the README has no generated block (" + BEGIN + " ... " + END + ")");
        String block = readme.substring(begin + BEGIN.length() + 1, end);
        String expected = render();
        if (!expected.equals(block) && Boolean.getBoolean("readme.update")) {
            Files.writeString(README, readme.substring(0, begin + BEGIN.length() + 1) + expected + readme.substring(end), StandardCharsets.UTF_8);
            block = expected;
        }
        assertEquals(expected, block, "the README's argument list is not the specs' (-Dreadme.update=true rewrites it)");
    }
}
