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

/**
 * {@code -e}: {@code key=value} pairs, inline JSON or YAML, or {@code @file}; later ones win. A
 * value that is none of these is refused by its place on the command line ("the 2nd -e"), never
 * echoed: extra vars often carry passwords, and the message goes to the console and the reports.
 */
final class ExtraVars {
    private ExtraVars() {
    }

    static Map<String, Object> parse(List<String> specs, YamlLoader yaml) {
        Map<String, Object> out = new LinkedHashMap<>();
        int n = 0;
        for (String spec : specs) {
            n++;
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
                    throw new BadOptionException("the " + ordinal(n) + " -e holds " + docs.size()
                            + " YAML documents: it must be one JSON or YAML mapping (its text is not shown: it may hold secrets)");
                }
                out.putAll(mapping(docs.get(0), Path.of("<extra-vars>")));
            } else {
                Map<String, Object> kv = KeyValueArgs.parse(s, false, Set.of());
                if (kv.containsKey("_raw_params")) {
                    throw new BadOptionException("the " + ordinal(n) + " -e is not key=value pairs, a JSON or YAML mapping or @file:"
                            + " a word without '=' (its text is not shown: it may hold secrets)");
                }
                out.putAll(kv);
            }
        }
        return out;
    }

    private static String ordinal(int n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
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
