package io.mm2dr.engine.template.conformance;

import io.mm2dr.engine.yaml.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One conformance case: a template (and the templates it includes, imports or extends, by name), its
 * variables and the template module's options, with what the
 * real ansible-playbook rendered ({@code expected}) or that it failed ({@code error}). Recorded by
 * engine/src/test/conformance/record_jinja2.py; read with the runner's own YAML loader, so the variables
 * have the types a playbook's vars would have.
 */
record Jinja2Case(String id, String file, String template, Map<String, Object> templates, Map<String, Object> vars,
        Map<String, Object> options,
        String expected, boolean error, String errorMessage) {

    /** True when the real template module rendered the case (the figure issue 12 counts). */
    boolean ansibleRenders() {
        return !error;
    }

    boolean recorded() {
        return expected != null || error;
    }

    static List<Jinja2Case> loadAll(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("known-differences.yaml"))
                    .sorted().toList();
        }
        List<Jinja2Case> all = new ArrayList<>();
        YamlLoader loader = new YamlLoader();
        for (Path f : files) {
            Object doc = loader.load(f);
            if (doc == null) {
                continue;
            }
            for (Object o : (List<?>) doc) {
                all.add(of(f.getFileName().toString(), (Map<?, ?>) o));
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Jinja2Case of(String file, Map<?, ?> m) {
        Object vars = m.get("vars");
        Object options = m.get("options");
        Object templates = m.get("templates");
        return new Jinja2Case(String.valueOf(m.get("id")), file, String.valueOf(m.get("template")),
                templates == null ? new LinkedHashMap<>() : (Map<String, Object>) templates,
                vars == null ? new LinkedHashMap<>() : (Map<String, Object>) vars,
                options == null ? new LinkedHashMap<>() : (Map<String, Object>) options,
                m.get("expected") == null ? null : String.valueOf(m.get("expected")),
                Boolean.TRUE.equals(m.get("error")),
                m.get("error_message") == null ? null : String.valueOf(m.get("error_message")));
    }
}
