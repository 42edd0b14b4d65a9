package io.mm2dr.cli;

import io.mm2dr.engine.model.PlaybookError;
import io.mm2dr.engine.module.KeyValueArgs;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.YamlLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code -e}: {@code key=value} pairs, inline JSON or YAML, or {@code @file}; later ones win. */
final class ExtraVars {
    private ExtraVars() {
    }

    static Map<String, Object> parse(List<String> specs, YamlLoader yaml) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String spec : specs) {
            String s = spec.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (s.startsWith("@")) {
                Path file = Path.of(s.substring(1));
                if (!Files.isRegularFile(file)) {
                    throw new BadOptionException("extra vars file not found: " + file);
                }
                out.putAll(mapping(yaml.load(file), file));
            } else if (s.startsWith("{") || s.startsWith("---")) {
                List<Object> docs = yaml.loadAll(s, Path.of("<extra-vars>"));
                if (docs.size() != 1) {
                    throw new BadOptionException("-e: expected one JSON or YAML mapping: " + s);
                }
                out.putAll(mapping(docs.get(0), Path.of("<extra-vars>")));
            } else {
                Map<String, Object> kv = KeyValueArgs.parse(s, false, Set.of());
                if (kv.containsKey("_raw_params")) {
                    throw new BadOptionException("-e: expected key=value, JSON or @file, got: " + kv.get("_raw_params"));
                }
                out.putAll(kv);
            }
        }
        return out;
    }

    private static Map<String, Object> mapping(Object doc, Path file) {
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw new PlaybookError("extra vars must be a mapping of names to values", new SourcePos(file, 1, 1));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** A command-line mistake: exit code 5. */
    static final class BadOptionException extends RuntimeException {
        BadOptionException(String message) {
            super(message);
        }
    }
}
